"""Overzicht: KPI tiles for the chosen period with the change against the period before, the largest
movements ("wat is er veranderd") and the date each dataset runs through ("data t/m")."""

from __future__ import annotations

import streamlit as st

from metrics import overview
from metrics.compute import Comparison
from metrics.registry import Section
from store.schema import DATASETS
from ui import data, page, report_data, tiles
from ui.format import day, kpi_change, kpi_value, long_day

TITLE = "Overzicht"
ICON = ":material/dashboard:"
SECTION = "Sturing"
HISTORY = 7  # the period, the one before, and five earlier changes to judge movements against (MIN_HISTORY is 4)

ctx = page.start(TITLE, intro="Waar staat het team: de kerncijfers van de gekozen periode.")
if ctx is None:
    st.stop()

period = ctx.filters.period
periods = data.series_periods(period, HISTORY)
results = data.results(ctx.version, periods, None, ctx.scope_key)
# against a period before the first record a figure did not change, the data began: no comparison
compared = period.previous().in_data(data.first_record(ctx.version))
comparison = Comparison(
    current=[r for r in results if r.period == period],
    previous=[r for r in results if r.period == period.previous()] if compared else [],
    year_earlier=[],  # the tiles compare with the period before
)
council = ctx.viewer.role.suppressed
st.caption(f"{ctx.filters.description()} · peildatum {long_day(comparison.current[0].as_of)}")

marks = report_data.target_marks(
    ctx.version, report_data.plans_version(), str(period), ctx.filters.team, ctx.filters.municipality, ctx.scope_key
)
all_tiles = overview.tiles(comparison, marks)  # with the SMART target where one is set for this scope
for section in Section:
    row = [t for t in all_tiles if t.kpi.section is section]
    st.subheader(section.value)
    for start in range(0, len(row), 4):
        for column, tile in zip(st.columns(4), row[start : start + 4], strict=False):
            with column:
                tiles.render(tile, thresholds=ctx.thresholds if council else None)
if council:
    page.council_footnote(ctx.thresholds)

st.subheader("Wat is er veranderd")
if council:
    st.caption("Niet beschikbaar voor de raad: de verschuivingen zijn niet afgeschermd voor kleine aantallen.")
else:
    moves = overview.movements(results, period) if compared else []
    if not compared:
        st.write("Geen periode ervoor met gegevens om mee te vergelijken.")
    elif not moves:
        st.write("Geen veranderingen ten opzichte van de periode ervoor.")
    for move in moves:
        how = "ongewoon groot voor deze KPI" if move.judged_on_history and move.score >= 2 else ""
        st.markdown(
            f"- **{move.kpi.label}**: {kpi_value(move.kpi, move.previous)} → {kpi_value(move.kpi, move.value)} "
            f"({kpi_change(move.kpi, move.change)}, {tiles.VERDICT_WORDS[move.verdict]}){'; ' + how if how else ''}"
        )
    st.caption(
        "Gerangschikt op hoe ongewoon de verandering is: gedeeld door de gewone schommeling van de periodes "
        "ervoor (standaardafwijking van de vijf veranderingen ervoor), of door de vorige waarde als er "
        "te weinig geschiedenis is."
    )

st.subheader("Gegevens t/m")
through = data.data_through(ctx.version)
st.dataframe(
    [
        {
            "Gegevens": DATASETS[d.dataset].label if d.dataset in DATASETS else d.dataset,
            "Gegevens t/m": day(d.data_through),
            "Laatste import": day(d.imported_at),
        }
        for d in through
    ],
    hide_index=True,
)
