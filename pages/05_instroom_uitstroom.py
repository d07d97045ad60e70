"""Instroom en uitstroom: help requests and the crisis share, decisions, settlements and outflow by reason per
month, and a funnel of the chosen period's flows from signal to positive outflow.

Each section is a tab that computes only when it is open (the tab is in the URL, so a view can be shared).
"""

from __future__ import annotations

import streamlit as st

from metrics.results import months_through
from ui import flows_view, page
from ui.cells import Trend

TITLE = "Instroom en uitstroom"
ICON = ":material/swap_vert:"
SECTION = "Sturing"
MONTHS = 13  # the chosen month and the twelve before it: the same month a year earlier is on the chart
SECTIONS = {
    "Aanmeldingen": flows_view.registrations,
    "Beschikkingen": flows_view.decisions,
    "Schuldregelingen": flows_view.settlements,
    "Uitstroom": flows_view.outflow,
    "Trechter": flows_view.funnel,
}

ctx = page.start(TITLE, intro="Hoeveel inwoners komen binnen, worden toegelaten, krijgen een regeling en stromen uit.")
if ctx is None:
    st.stop()

trend = Trend.of(ctx, months_through(ctx.filters.period, MONTHS))
st.caption(
    f"{ctx.filters.description()} · grafieken per maand, {trend.periods[0].label} t/m {trend.periods[-1].label}; "
    f"de trechter over {ctx.filters.period.label}"
)
page.sections(SECTIONS, trend)
if trend.council:
    page.council_footnote(ctx.thresholds)
