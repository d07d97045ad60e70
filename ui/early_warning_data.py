"""Cached reads for the page Vroegsignalering (keyed by the data version, like ``ui.data``)."""

from __future__ import annotations

import streamlit as st

from metrics import early_warning
from metrics.early_warning import PartnerShare
from ui import data
from ui.data import ScopeKey


@st.cache_data(show_spinner="Cijfers berekenen…", max_entries=64)
def partners(data_version: str, period: str, scope: ScopeKey) -> list[PartnerShare]:  # noqa: ARG001
    return early_warning.signals_by_partner(data.engine(), period, data.scope_of(scope))
