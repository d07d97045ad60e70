"""Vroegsignalering: signals by partner and per 1,000 inhabitants, meldingen single and multiple, picked up,
reach and acceptance per month and per municipality, beside the national figures of the Divosa monitor.

Each section is a tab that computes only when it is open (the tab is in the URL, so a view can be shared).
"""

from __future__ import annotations

import streamlit as st

from metrics.results import months_through
from ui import early_warning_view, page
from ui.cells import Trend

TITLE = "Vroegsignalering"
ICON = ":material/notifications_active:"
SECTION = "Sturing"
MONTHS = 13  # the chosen month and the twelve before it
SECTIONS = {
    "Signalen": early_warning_view.signals,
    "Meldingen en opvolging": early_warning_view.signal_cases,
    "Per gemeente": early_warning_view.per_municipality,
}

ctx = page.start(
    TITLE,
    intro="Betalingsachterstanden die partners melden, en wat de gemeente ermee doet; naast de landelijke cijfers.",
)
if ctx is None:
    st.stop()

trend = Trend.of(ctx, months_through(ctx.filters.period, MONTHS))
st.caption(
    f"{ctx.filters.description()} · grafieken per maand, {trend.periods[0].label} t/m {trend.periods[-1].label}; "
    f"partners en gemeenten over {ctx.filters.period.label}. Vroegsignalering kent geen team: bij een teamkeuze "
    "tellen de gemeenten van dat team."
)
page.sections(SECTIONS, trend)
if trend.council:
    page.council_footnote(ctx.thresholds)
