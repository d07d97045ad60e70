"""Cached reads for the page Instroom en uitstroom (keyed by the data version, like ``ui.data``)."""

from __future__ import annotations

import streamlit as st

from metrics import flows
from metrics.flows import DecisionCounts, Funnel, Outflow
from metrics.periods import Period
from ui import data
from ui.data import ScopeKey


@st.cache_data(show_spinner="Cijfers berekenen…", max_entries=64)
def decisions(data_version: str, periods: tuple[str, ...], scope: ScopeKey) -> list[DecisionCounts]:  # noqa: ARG001
    return flows.decisions_by_kind(data.engine(), [Period.parse(p) for p in periods], data.scope_of(scope))


@st.cache_data(show_spinner="Cijfers berekenen…", max_entries=64)
def outflow(data_version: str, periods: tuple[str, ...], scope: ScopeKey) -> Outflow:  # noqa: ARG001
    return flows.outflow_by_reason(data.engine(), [Period.parse(p) for p in periods], data.scope_of(scope))


@st.cache_data(show_spinner="Cijfers berekenen…", max_entries=64)
def funnel(data_version: str, period: str, scope: ScopeKey) -> Funnel:  # noqa: ARG001
    return flows.funnel(data.engine(), period, data.scope_of(scope))
