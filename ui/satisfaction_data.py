"""Cached reads for the page Klanttevredenheid (keyed by the data version, like ``ui.data``)."""

from __future__ import annotations

import streamlit as st

from metrics import satisfaction
from metrics.satisfaction import SurveyFigures
from ui import data
from ui.data import ScopeKey


@st.cache_data(show_spinner="Cijfers berekenen…", max_entries=64)
def survey(data_version: str, periods: tuple[str, ...], by: str | None, scope: ScopeKey) -> list[SurveyFigures]:  # noqa: ARG001
    return satisfaction.survey_figures(data.engine(), periods, by, data.scope_of(scope))
