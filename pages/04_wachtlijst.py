"""Wachtlijst: the waiting list over time (with the system's own list where it delivered one), how long the
waiting cases have waited, and a forecast of the waiting list and the expected wait (an explained queue
model)."""

from __future__ import annotations

import streamlit as st

from metrics.periods import Period
from metrics.registry import kpi
from ui import annotations, data, meeting_data, meeting_views, page
from ui.format import day, kpi_value, long_day, number

TITLE = "Wachtlijst"
ICON = ":material/hourglass_top:"
SECTION = "Sturing"
WAIT_KPIS = ("wachtlijst", "wachtlijst_over_termijn")
NOW_KPIS = (*WAIT_KPIS, "wachtlijst_wachttijd_gem")
MONTHS = 13
COUNCIL_HIDDEN = "Niet beschikbaar voor de raad: deze cijfers zijn niet afgeschermd voor kleine aantallen."

ctx = page.start(TITLE, granularities=("maand",), intro="Hoeveel mensen wachten op een eerste gesprek, hoe lang al, "
                 "en waar gaat het heen?")  # fmt: skip
if ctx is None:
    st.stop()
period = ctx.filters.period
council = ctx.viewer.role.suppressed
periods = [Period.parse(p) for p in data.series_periods(period, MONTHS)]
results = data.results(ctx.version, tuple(str(p) for p in periods), None, ctx.scope_key, NOW_KPIS)
now = {r.kpi: r for r in results if r.period == period and r.group is None}
st.caption(f"{ctx.filters.description()} · peildatum {long_day(now['wachtlijst'].as_of)}")

if not council:
    for column, kpi_id in zip(st.columns(len(NOW_KPIS)), NOW_KPIS, strict=True):
        column.metric(kpi(kpi_id).label, kpi_value(kpi(kpi_id), now[kpi_id].value), border=True,
                      help=kpi(kpi_id).definition)  # fmt: skip

st.subheader("De wachtlijst door de tijd")
system = {} if council else meeting_data.system_figures(ctx.version, tuple(p.last_day for p in periods), ctx.scope_key)
extra = {"Eigen overzicht systeem": meeting_views.system_series(system, periods)} if system else None
fig, frame = meeting_views.kpi_trend(
    results, WAIT_KPIS, periods, council=council, title="Wachtenden op de peildatum", y_title="Wachtenden",
    marks=annotations.marks_for(WAIT_KPIS, periods, ctx.filters.scope), extra=extra,
    thresholds=ctx.thresholds,
)  # fmt: skip
meeting_views.show(fig, frame, "wachtlijst")
if council:
    page.council_footnote(ctx.thresholds)
if system:
    teams = sorted({t for s in system.values() for t in s.teams})
    st.caption(
        "Eigen overzicht systeem: de wachtlijst die het cliëntvolgsysteem zelf levert, op de maandeinden waarvoor "
        f"die er is ({', '.join(teams) or 'zonder team'}); de lijn telt alleen die teams. Een verschil is een "
        "punt voor de ruislijst: controleer de registratie van eerste gesprek en afsluiting."
    )
    if period.last_day in system:
        with st.expander(f"Eigen overzicht en dossiers op {day(period.last_day)}, per team"):
            st.dataframe(meeting_views.system_table({period.last_day: system[period.last_day]}), hide_index=True)

st.subheader("Hoe lang wachten de wachtenden")
if council:
    st.caption(COUNCIL_HIDDEN)
else:
    ages = meeting_data.age_distribution(ctx.version, str(period), ctx.scope_key)
    if ages.total == 0:
        st.write(f"Niemand wachtte op {day(ages.as_of)}.")
    else:
        meeting_views.show(*meeting_views.ages_view(ages), "leeftijd")
        st.caption("Over de termijn: de termijn voor het eerste gesprek (crisis: 3 werkdagen) ligt voor de peildatum.")

st.subheader("Prognose voor de komende drie maanden")
if council:
    st.caption(COUNCIL_HIDDEN)
else:
    result = meeting_data.waitlist_forecast(ctx.version, str(period), ctx.scope_key)
    if result.inputs is None:
        st.info("Nog geen volledige maand met gegevens: een prognose is nog niet te maken.")
    else:
        history = {r.period: r.value for r in results if r.kpi == "wachtlijst" and r.group is None}
        meeting_views.show(*meeting_views.forecast_view(result, history), "prognose")
        st.markdown("\n".join(f"- {line}" for line in meeting_views.assumptions(result)))
        if result.as_of < period.first_day:
            st.caption(f"De gegevens lopen tot {day(result.as_of)}: de prognose start bij de stand van die dag.")
        elif not result.complete:
            st.caption(f"{period.label} is nog niet voorbij: de prognose start bij de stand van {day(result.as_of)}.")
        if result.inputs.capacity == 0:
            st.warning(
                f"Geen eerste gesprekken in de afgelopen {number(len(result.window))} maanden: de wachttijd is niet "
                "te schatten en de wachtlijst groeit met de instroom."
            )
