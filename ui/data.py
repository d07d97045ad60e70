"""Cached reads for the pages: every figure comes from ``metrics/``, computed once per data version.

The cache key includes the store's data version (it changes whenever an import lands or is undone), so a
page never shows figures from before an import; the upload page also clears the caches outright. Cached
values are returned as copies (``st.cache_data``) and never mutated. (The version parameter must not start
with an underscore: Streamlit leaves such parameters out of the cache key.)
"""

from __future__ import annotations

from datetime import date

import streamlit as st
from sqlalchemy import Engine

from config import settings
from config.access import Viewer, current_viewer
from metrics import compute, drilldown, notes, overview
from metrics.compute import Comparison, KpiResult
from metrics.derived import load_settings
from metrics.drilldown import Drilldown
from metrics.periods import Period, series
from metrics.suppression import Thresholds
from store import db
from store import metrics_queries as q
from store.metrics_queries import Scope

ScopeKey = tuple[tuple[str, ...] | None, tuple[str, ...] | None]


def scope_key(scope: Scope) -> ScopeKey:
    """A hashable, cache-friendly form of a scope."""
    return (
        None if scope.teams is None else tuple(sorted(scope.teams)),
        None if scope.municipalities is None else tuple(sorted(scope.municipalities)),
    )


def scope_of(key: ScopeKey) -> Scope:
    return Scope.of(key[0], key[1])


def engine() -> Engine:
    """The configured database, migrated (``store.db`` keeps one engine per URL and migrates it once)."""
    return db.ready_engine(settings.database_url())  # resolved here: get_engine(None) is cached once


def viewer() -> Viewer:
    return current_viewer()


def version() -> str:
    """The database and its data version: one cheap query per rerun."""
    current = engine()
    with current.connect() as conn:
        return f"{current.url.render_as_string(hide_password=True)}|{q.data_version(conn)}"


@st.cache_data(show_spinner=False, max_entries=16)
def thresholds(data_version: str) -> Thresholds:
    """The installation's small-number thresholds (metric settings); cleared with the other caches."""
    with engine().connect() as conn:
        return Thresholds.from_settings(load_settings(conn))


def clear() -> None:
    """Forget every cached figure (after an import or an undo in the app)."""
    st.cache_data.clear()


@st.cache_data(show_spinner=False, max_entries=64)
def has_data(data_version: str) -> bool:
    with engine().connect() as conn:
        return q.active_batches(conn) > 0


@st.cache_data(show_spinner=False, max_entries=64)
def first_registration(data_version: str) -> date | None:
    with engine().connect() as conn:
        return q.first_registration(conn)


@st.cache_data(show_spinner=False, max_entries=64)
def first_record(data_version: str) -> date | None:
    return overview.first_record(engine())


@st.cache_data(show_spinner=False, max_entries=64)
def consultants(data_version: str, scope: ScopeKey) -> list[str]:
    with engine().connect() as conn:
        return q.consultants(conn, scope_of(scope))


@st.cache_data(show_spinner=False, max_entries=64)
def stored_values(data_version: str, column: str, scope: ScopeKey) -> list[str]:
    """The teams or municipality codes (``column``) the data hold in ``scope``, sorted; the settings may not
    know them all (a DDAS delivery for another municipality)."""
    with engine().connect() as conn:
        return q.stored_values(conn, column, scope_of(scope))


@st.cache_data(show_spinner=False, max_entries=64)
def data_through(data_version: str) -> list[overview.DataThrough]:
    return overview.data_through(engine())


@st.cache_data(show_spinner="Cijfers berekenen…", max_entries=256)
def results(
    data_version: str,
    periods: tuple[str, ...],
    by: str | None,
    scope: ScopeKey,
    kpis: tuple[str, ...] | None = None,
    today: date | None = None,
) -> list[KpiResult]:
    """KPIs for periods (one call for a whole series), per group of ``by``, within ``scope``."""
    return compute.compute_periods(engine(), list(periods), by, scope_of(scope), kpis=kpis, today=today)


@st.cache_data(show_spinner="Cijfers berekenen…", max_entries=128)
def comparison(
    data_version: str, period: str, by: str | None, scope: ScopeKey, kpis: tuple[str, ...] | None = None
) -> Comparison:
    return compute.compute_comparison(engine(), period, by, scope_of(scope), kpis=kpis)


@st.cache_data(show_spinner="Dossiers opzoeken…", max_entries=128)
def drill(
    data_version: str, kpi_id: str, period: str, scope: ScopeKey, group: tuple[str, str | None] | None = None
) -> Drilldown:
    return drilldown.drilldown(engine(), kpi_id, period, scope_of(scope), group)


def annotations(scope: Scope, first: date, last: date) -> list[notes.Annotation]:
    """Not cached: a small query, and a new annotation must show at once."""
    return notes.annotations(engine(), scope, first, last)


def series_periods(last: Period, count: int) -> tuple[str, ...]:
    """``count`` consecutive periods ending with ``last``, as the text the cached calls take."""
    return tuple(str(p) for p in series(last, count))
