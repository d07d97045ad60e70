"""Raadsrapportage: the fixed KPI set of a quarter with the quarter before, the same quarter last year, the
target and its status, per municipality; the team leader's explanations per deviation; downloads.
Everything here leaves the building: it is suppressed for every role, without consultants or case ids."""

from __future__ import annotations

import streamlit as st

from metrics import council_report
from ui import council_view, data, page, report_data, report_view

TITLE = "Raadsrapportage"
ICON = ":material/account_balance:"
SECTION = "Verantwoording"

ctx = page.start(
    TITLE,
    granularities=("kwartaal",),
    intro="Verantwoording aan de raad per kwartaal. Kleine aantallen zijn afgeschermd, zoals in het rapport zelf.",
)
if ctx is None:
    st.stop()
report_view.flash(council_view.FLASH)

chosen = ctx.filters
report = report_data.council(
    ctx.version, report_data.plans_version(), str(chosen.period), chosen.team, chosen.municipality,
    data.scope_key(ctx.viewer.scope),
)  # fmt: skip
document = council_report.document(report)
report_view.show_front(document)
for section in document.sections:
    report_view.show_section(section, charts_shown=False)
    if section.title == "Trend":
        council_view.trend_chart(section)
report_view.show_footnotes(document)

st.header("Toelichtingen")
st.caption(council_report.DEVIATION_RULE)
if ctx.viewer.role.writes_plans:
    council_view.editor(report, ctx.viewer)
else:
    st.caption(f"Toelichtingen schrijft een teamleider, beheerder of manager (uw rol: {ctx.viewer.role.label}).")
council_view.history(report)

st.header("Downloads")
report_view.downloads(document, ctx.viewer, "raadsrapportage")
