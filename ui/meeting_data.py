"""Cached reads for the caseload-meeting pages (Caseloadbespreking, Termijnen en doorlooptijden, Wachtlijst).

As in ``ui.data``: every call is keyed by the data version (its first parameter, named without a leading
underscore so that Streamlit keys the cache on it), results are returned as copies and never mutated.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
import streamlit as st

from metrics import caseload_meeting, forecast, phases, reconcile, waitlist
from metrics.caseload_meeting import Figure, MeetingTable
from metrics.forecast import WaitlistForecast
from metrics.phases import SpanFigure, WaitingDays
from metrics.reconcile import Difference
from metrics.waitlist import AgeDistribution, SystemFigures
from ui import filters, meeting_tables, tables
from ui.data import ScopeKey, engine, scope_of

Group = tuple[str, str | None] | None


@st.cache_data(show_spinner="Caseload per consulent berekenen…", max_entries=64)
def meeting_table(data_version: str, period: str, scope: ScopeKey) -> MeetingTable:  # noqa: ARG001
    return caseload_meeting.meeting_table(engine(), period, scope_of(scope))


@st.cache_data(show_spinner=False, max_entries=64)
def system_caseload(data_version: str, first: date, last: date, scope: ScopeKey) -> list[Difference]:  # noqa: ARG001
    """The system's own caseload list (its latest date from ``first`` to ``last``) beside the cases', per
    consultant."""
    return reconcile.caseload_beside_cases(engine(), first, last, "consultant", scope_of(scope))


@dataclass(frozen=True)
class CaseTable:
    """The cases behind a figure as the page shows them: a typed Dutch table (cached as one frame, which
    copies fast, instead of many records)."""

    figure: Figure
    as_of: date
    frame: pd.DataFrame


@st.cache_data(show_spinner="Dossiers opzoeken…", max_entries=32)
def case_table(
    data_version: str,  # noqa: ARG001
    figure: str,
    period: str,
    scope: ScopeKey,
    group: Group,
    case_ids: bool,
) -> CaseTable:
    cases = caseload_meeting.cases_behind(engine(), figure, period, scope_of(scope), group)
    frame = meeting_tables.case_frame(cases, filters.municipality_names(), case_ids=case_ids)
    return CaseTable(cases.figure, cases.as_of, frame)


@st.cache_data(show_spinner="Excel maken…", max_entries=32)
def case_workbook(
    data_version: str, figure: str, period: str, scope: ScopeKey, group: Group, case_ids: bool, notes: tuple[str, ...]
) -> bytes:
    """The list of :func:`case_table` as an Excel workbook (typed values, text never a formula)."""
    table = case_table(data_version, figure, period, scope, group, case_ids)
    return tables.xlsx(table.frame, table.figure.label, notes)


@st.cache_data(show_spinner="Doorlooptijden berekenen…", max_entries=64)
def turnarounds(data_version: str, period: str, scope: ScopeKey) -> list[SpanFigure]:  # noqa: ARG001
    return phases.turnarounds(engine(), period, scope_of(scope))


@st.cache_data(show_spinner=False, max_entries=64)
def waiting_days(data_version: str, period: str, scope: ScopeKey) -> WaitingDays:  # noqa: ARG001
    return phases.waiting_days(engine(), period, scope_of(scope))


@st.cache_data(show_spinner=False, max_entries=64)
def age_distribution(data_version: str, period: str, scope: ScopeKey) -> AgeDistribution:  # noqa: ARG001
    return waitlist.age_distribution(engine(), period, scope_of(scope))


@st.cache_data(show_spinner="Prognose berekenen…", max_entries=64)
def waitlist_forecast(data_version: str, period: str, scope: ScopeKey) -> WaitlistForecast:  # noqa: ARG001
    return forecast.waitlist_forecast(engine(), period, scope_of(scope))


@st.cache_data(show_spinner=False, max_entries=64)
def system_figures(data_version: str, dates: tuple[date, ...], scope: ScopeKey) -> SystemFigures:  # noqa: ARG001
    return waitlist.system_figures(engine(), dates, scope_of(scope))
