"""Drill-down: the records behind a figure, with the same conditions as the aggregate queries."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, Connection, and_, literal, select, true

from store.queries.buckets import count_before, count_on_or_before
from store.queries.dialect import latest_of
from store.queries.families import FLOW_FAMILIES, INTERVAL_FAMILIES, Family, Window
from store.queries.filters import Dim, Scope, scope_clause

LIMIT = 100_000  # a drill-down is for people; no team looks at more


def _group_condition(dims: dict, group: tuple[Dim, str | None] | None) -> ColumnElement[bool]:
    if group is None:
        return true()
    dim, value = group
    column = dims[dim]
    return column.is_(None) if value is None else column == value


def _identity(dims: dict, id_column: ColumnElement) -> list[ColumnElement]:
    return [
        id_column.label("record_id"),
        *(
            (dims[d] if d in dims else literal(None)).label(d.value)
            for d in (Dim.TEAM, Dim.MUNICIPALITY, Dim.CONSULTANT)
        ),
    ]


def flow_records(
    conn: Connection,
    family: Family,
    measure: str | None,
    window: Window,
    scope: Scope,
    group: tuple[Dim, str | None] | None = None,
) -> list[dict]:
    """The records of ``family`` in P that meet ``measure`` (all records of the family in P without)."""
    fam = FLOW_FAMILIES[family]
    columns = [*_identity(fam.dims, fam.id_column), *fam.record_columns]
    if fam.histogram is not None:
        columns.append(fam.histogram(window).label("days"))
    condition = fam.measure(measure).condition(window) if measure else true()
    query = (
        select(*columns)
        .select_from(fam.source)
        .where(
            fam.where(window),
            condition,
            scope_clause(scope, fam.team, fam.municipality),
            _group_condition(fam.dims, group),
        )
        .order_by(fam.id_column)
        .limit(LIMIT)
    )
    return [dict(r) for r in conn.execute(query).mappings()]


def interval_records(
    conn: Connection,
    family: Family,
    measure: str,
    as_of: date,
    scope: Scope,
    group: tuple[Dim, str | None] | None = None,
) -> list[dict]:
    """The records of ``family`` counted by ``measure`` on ``as_of``."""
    fam = INTERVAL_FAMILIES[family]
    m = fam.measure(measure)
    dates = [as_of]
    bucket = {
        name: (count_on_or_before if bound.strict else count_before)(bound.column, dates)
        for name, bound in fam.bounds.items()
    }
    query = (
        select(*_identity(fam.dims, fam.id_column), *fam.record_columns)
        .select_from(fam.source)
        .where(
            fam.where,
            fam.access(as_of),
            and_(latest_of(*(bucket[e] for e in m.entries)) <= 0, bucket[m.exit] > 0),
            scope_clause(scope, fam.team, fam.municipality),
            _group_condition(fam.dims, group),
        )
        .order_by(fam.id_column)
        .limit(LIMIT)
    )
    return [dict(r) for r in conn.execute(query).mappings()]
