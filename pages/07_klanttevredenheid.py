"""Klanttevredenheid: mean grade and NPS per quarter with the number of responses and a 95% confidence
interval, and the teams or municipalities of the chosen period side by side, so that nobody is judged on a
handful of surveys."""

from __future__ import annotations

import streamlit as st

from metrics.results import quarters_through
from ui import page, satisfaction_view
from ui.cells import Trend

TITLE = "Klanttevredenheid"
ICON = ":material/sentiment_satisfied:"
SECTION = "Sturing"
QUARTERS = 8  # two years of quarterly surveys

ctx = page.start(
    TITLE,
    granularities=("kwartaal", "jaar"),
    intro="Rapportcijfer en Net Promoter Score uit de klanttevredenheidsonderzoeken, met hun onzekerheid.",
)
if ctx is None:
    st.stop()

trend = Trend.of(ctx, quarters_through(ctx.filters.period, QUARTERS))
st.caption(
    f"{ctx.filters.description()} · per kwartaal, {trend.periods[0].label} t/m {trend.periods[-1].label}. "
    "De NPS telt alleen reacties met een aanbevelingscijfer, het gemiddelde alleen reacties met een rapportcijfer."
)
satisfaction_view.per_quarter(trend)
satisfaction_view.per_group(trend)
if trend.council:
    page.council_footnote(ctx.thresholds)
