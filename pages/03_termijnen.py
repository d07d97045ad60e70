"""Termijnen en doorlooptijden: first conversation and decision within the legal term per period (the legal
norm drawn), turnaround per phase (median and 90th percentile), and the distribution of waiting days."""

from __future__ import annotations

import streamlit as st

from metrics.periods import Granularity, Period
from ui import annotations, data, meeting_data, meeting_views, page
from ui.charts import Line

TITLE = "Termijnen en doorlooptijden"
ICON = ":material/timer:"
SECTION = "Sturing"
TERM_KPIS = ("eerste_gesprek_tijdig_pct", "beschikking_tijdig_pct")
TREND = {Granularity.MONTH: 13, Granularity.QUARTER: 8, Granularity.YEAR: 5}
LEGAL_NORM = Line(100, "Wettelijke norm: elk dossier binnen de termijn (100%)")
COUNCIL_HIDDEN = "Niet beschikbaar voor de raad: deze cijfers zijn niet afgeschermd voor kleine aantallen."

ctx = page.start(
    TITLE,
    intro="Halen we de wettelijke termijnen, en hoe lang duurt elke fase van een traject?",
)
if ctx is None:
    st.stop()
period = ctx.filters.period
council = ctx.viewer.role.suppressed
periods = [Period.parse(p) for p in data.series_periods(period, TREND[period.granularity])]
results = data.results(ctx.version, tuple(str(p) for p in periods), None, ctx.scope_key, TERM_KPIS)
st.caption(ctx.filters.description())

st.subheader("Binnen de wettelijke termijn")
fig, frame = meeting_views.kpi_trend(
    results, TERM_KPIS, periods, council=council, title="Eerste gesprek en beschikking binnen de termijn",
    y_title="Binnen de termijn", lines=(LEGAL_NORM,),
    marks=annotations.marks_for(TERM_KPIS, periods, ctx.filters.scope), thresholds=ctx.thresholds,
)  # fmt: skip
meeting_views.show(fig, frame, "termijnen")
st.caption(
    "De wet kent geen percentage: elk dossier moet binnen de termijn blijven, dus de norm is 100%. Eerste "
    "gesprek binnen 4 weken na de aanmelding (bij crisis 3 werkdagen), beschikking binnen 8 weken na het eerste "
    "gesprek; een termijn die in het weekend of op een feestdag eindigt, loopt door tot de volgende werkdag. "
    "Per periode: dossiers aangemeld (eerste gesprek) of met een eerste gesprek (beschikking) in die periode "
    "waarvan de termijn op de peildatum verstreken was. Een streefwaarde (SMART-doel) staat hier nog niet."
)
if council:
    page.council_footnote(ctx.thresholds)

st.subheader(f"Doorlooptijd per fase · {period.label}")
if council:
    st.caption(COUNCIL_HIDDEN)
else:
    spans = meeting_data.turnarounds(ctx.version, str(period), ctx.scope_key)
    meeting_views.show(meeting_views.span_chart(spans, period), meeting_views.span_table(spans), "fasen")
    st.caption(
        "Per fase de dossiers die de fase in deze periode afrondden (de einddatum in de periode): mediaan en "
        "90e percentiel van het aantal kalenderdagen. Een dossier telt alleen mee als beide datums bekend zijn."
    )

st.subheader(f"Wachttijd tot het eerste gesprek · {period.label}")
if council:
    st.caption(COUNCIL_HIDDEN)
else:
    waiting = meeting_data.waiting_days(ctx.version, str(period), ctx.scope_key)
    if waiting.total == 0:
        st.write("Geen eerste gesprekken in deze periode.")
    else:
        fig, frame = meeting_views.waiting_days_view(waiting)
        meeting_views.show(fig, frame, "wachttijd")
        st.caption(
            f"Eerste gesprekken in {period.label} naar het aantal dagen na de aanmelding. De streep is de termijn "
            f"van {waiting.term_days} dagen (zonder het doorschuiven naar een werkdag); voor crisisaanmeldingen "
            "geldt 3 werkdagen."
        )
