"""Jaarverslag: yearly totals and five-year trends per theme and per municipality; frozen at a reference
date so late corrections do not change a published report (who froze what when, what would change if
refrozen); downloads. Suppressed like every output that leaves the building."""

from __future__ import annotations

import streamlit as st

from metrics import annual_report, freeze
from ui import annual_view, data, page, report_data, report_view

TITLE = "Jaarverslag"
ICON = ":material/summarize:"
SECTION = "Verantwoording"

ctx = page.start(
    TITLE,
    granularities=("jaar",),
    intro="Jaartotalen en vijfjarentrends voor het jaarverslag. Kleine aantallen zijn afgeschermd.",
)
if ctx is None:
    st.stop()
report_view.flash(annual_view.FLASH)

chosen = ctx.filters
year = chosen.period.year
scope = chosen.scope
plans = report_data.plans_version()
live = report_data.annual(ctx.version, year, chosen.team, chosen.municipality, data.scope_key(ctx.viewer.scope))
kept = report_data.frozen(ctx.version, plans, year, data.scope_key(scope))
thresholds = report_data.thresholds(ctx.version, plans)

shown = annual_view.LIVE
if kept:
    shown = st.segmented_control(
        "Toon", [annual_view.FROZEN, annual_view.LIVE], default=annual_view.FROZEN, key="jaarverslag_toon",
        required=True,
    )  # fmt: skip
if kept and shown == annual_view.FROZEN:
    document = annual_report.document(kept[0].figures, thresholds, kept[0].status)
else:
    document = annual_report.document(live, thresholds)
report_view.show_front(document)
for section in document.sections:
    report_view.show_section(section, charts_shown=False)
report_view.show_footnotes(document)
report_view.chosen_charts(document, key="jaarverslag_grafieken")

st.header("Bevriezen")
st.caption(
    "Een bevroren jaarverslag houdt zijn cijfers, ook als er later correcties binnenkomen (een dossier van "
    "december dat pas in februari in de export staat). Hieronder staat wie wanneer bevroor, en welke cijfers "
    "zouden veranderen als u opnieuw bevriest."
)
annual_view.history(kept)
if kept:
    annual_view.changes(freeze.changes(kept[0].figures, live, thresholds))
if ctx.viewer.role.writes_plans:
    annual_view.freeze_form(live, scope, ctx.viewer, again=bool(kept))
else:
    st.caption(f"Bevriezen doet een teamleider, beheerder of manager (uw rol: {ctx.viewer.role.label}).")

st.header("Downloads")
report_view.downloads(document, ctx.viewer, "jaarverslag")
