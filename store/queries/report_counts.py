"""Counts the annual report shows beside the catalogue's KPIs: decisions by kind, closures by reason.

Each is one grouped query over a covering index (``ix_cases_kpi_decision``, ``ix_cases_kpi_closed``) for a
range of days, with the caller's scope in the WHERE clause.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import Connection, func, literal, select

from store.models import DATASET_TABLES
from store.queries.filters import Dim, Scope, scope_clause

_cases = DATASET_TABLES["cases"]
_c = _cases.c
_DIMS = {Dim.TEAM: _c.team, Dim.MUNICIPALITY: _c.municipality, Dim.CONSULTANT: _c.consultant}

# (group, category) -> count; group None without a breakdown, category None where the column is empty
CategoryCounts = dict[tuple[str | None, str | None], int]


def _grouped(
    conn: Connection, day_column: object, category: object, first: date, last: date, dim: Dim | None, scope: Scope
) -> CategoryCounts:
    key = _DIMS[dim] if dim is not None else literal(None)
    query = (
        select(key.label("k"), category.label("category"), func.count().label("n"))  # type: ignore[attr-defined]
        .where(
            day_column.is_not(None),  # type: ignore[attr-defined]
            day_column >= first,  # type: ignore[operator]
            day_column <= last,  # type: ignore[operator]
            scope_clause(scope, _c.team, _c.municipality),
        )
        .group_by(*([_DIMS[dim]] if dim is not None else []), category)
    )
    return {(r.k, r.category): int(r.n) for r in conn.execute(query)}


def decisions_by_kind(conn: Connection, first: date, last: date, dim: Dim | None, scope: Scope) -> CategoryCounts:
    """Cases with ``decision_on`` between ``first`` and ``last``, by ``decision`` (toelating/afwijzing)."""
    return _grouped(conn, _c.decision_on, _c.decision, first, last, dim, scope)


def closures_by_reason(conn: Connection, first: date, last: date, dim: Dim | None, scope: Scope) -> CategoryCounts:
    """Cases with ``closed_on`` between ``first`` and ``last``, by ``close_reason``."""
    return _grouped(conn, _c.closed_on, _c.close_reason, first, last, dim, scope)


def earliest_data_through(conn: Connection, datasets: Sequence[str] | None = None) -> date | None:
    """The earliest "data t/m" of any active import (of ``datasets``): where the store's history starts."""
    from store.models import import_batches
    from store.queries.settings_io import ACTIVE_BATCH

    b = import_batches.c
    query = select(func.min(b.data_through)).where(b.status == ACTIVE_BATCH)
    if datasets is not None:
        query = query.where(b.dataset.in_(list(datasets)))
    return conn.execute(query).scalar()


def earliest_record_date(conn: Connection) -> date | None:
    """The earliest date the store's records begin on (registrations, signal cases, signals, responses): the
    annual report has no figures for the years before it. Each is the first entry of a KPI index."""
    firsts = [
        conn.execute(select(func.min(DATASET_TABLES[name].c[column]))).scalar()
        for name, column in (
            ("cases", "registered_on"), ("signal_cases", "matched_on"), ("signals", "received_on"),
            ("satisfaction", "responded_on"),
        )
    ]  # fmt: skip
    found = [d for d in firsts if d is not None]
    return min(found) if found else None

