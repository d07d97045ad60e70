"""The aggregate queries of the KPI families: one narrow, grouped query per family and period.

Flow families: ``SUM(CASE WHEN condition THEN 1 ELSE 0 END)`` per measure, grouped by the breakdown (and
by the day difference for the families behind a median). Interval families: one query for any number of
reference dates, grouped by the breakdown and by bucket numbers (see ``store.queries.buckets``), expanded
to one tally per reference date here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from sqlalchemy import ColumnElement, Connection, Date, Integer, Select, bindparam, case, func, literal, select

from store.models import DATASET_TABLES
from store.queries.buckets import count_before, count_on_or_before
from store.queries.families import FLOW_FAMILIES, INTERVAL_FAMILIES, Family, IntervalFamily, QueryParams, Window
from store.queries.filters import Dim, Scope, scope_clause

EPOCH = date(1970, 1, 1)
GroupKey = str | None


@dataclass
class Tally:
    """What one group contributes: named counts and sums, and a histogram of day differences."""

    values: dict[str, float] = field(default_factory=dict)
    histogram: dict[int, int] = field(default_factory=dict)

    def add_value(self, name: str, amount: float) -> None:
        self.values[name] = self.values.get(name, 0) + amount

    def merge(self, other: Tally) -> None:
        for name, amount in other.values.items():
            self.add_value(name, amount)
        for days, count in other.histogram.items():
            self.histogram[days] = self.histogram.get(days, 0) + count


Tallies = dict[GroupKey, Tally]


class BreakdownUnavailable(Exception):
    """The family's records carry no such breakdown column."""


def _number(value: object) -> float:
    if value is None:
        return 0
    as_float = float(value)  # type: ignore[arg-type]  # Decimal on PostgreSQL sums
    return int(as_float) if as_float.is_integer() else as_float


class _BoundWindow(Window):
    """A window whose dates are named bound parameters, so that one statement serves every period."""

    @property
    def p0(self) -> ColumnElement[date]:
        return bindparam("window_first", type_=Date())

    @property
    def p1(self) -> ColumnElement[date]:
        return bindparam("window_last", type_=Date())

    @property
    def a(self) -> ColumnElement[date]:
        return bindparam("window_as_of", type_=Date())


@lru_cache(maxsize=256)
def _flow_query(family: Family, dim: Dim | None, scope: Scope, params: QueryParams) -> Select:
    """The grouped query of a flow family, built once and executed with each period's dates."""
    fam = FLOW_FAMILIES[family]
    window = _BoundWindow(EPOCH, EPOCH, EPOCH, params)
    key = fam.dims[dim].label("k") if dim is not None else literal(None).label("k")
    columns = [key, func.count().label("rows")]
    group_by = [fam.dims[dim]] if dim is not None else []
    if fam.histogram is not None:
        days = fam.histogram(window)
        columns.append(days.label("days"))
        group_by.append(days)
    for m in fam.measures:
        amount = m.value(window) if m.value is not None else literal(1, Integer())
        columns.append(func.sum(case((m.condition(window), amount), else_=literal(0, Integer()))).label(m.name))
    query = select(*columns).select_from(fam.source).where(
        fam.where(window), scope_clause(scope, fam.team, fam.municipality)
    )
    return query.group_by(*group_by) if group_by else query


def flow_tallies(conn: Connection, family: Family, window: Window, dim: Dim | None, scope: Scope) -> Tallies:
    """The tallies of a flow family for period P, per group of ``dim`` (one group ``None`` without)."""
    fam = FLOW_FAMILIES[family]
    if dim is not None and dim not in fam.dims:
        raise BreakdownUnavailable(f"{family.value} by {dim.value}")
    query = _flow_query(family, dim, scope, window.params)
    dates = {"window_first": window.first, "window_last": window.last, "window_as_of": window.as_of}
    # columns by position (key, rows, [days,] measures...): a series reads tens of thousands of rows
    first_measure = 3 if fam.histogram is not None else 2
    names = list(enumerate((m.name for m in fam.measures), first_measure))
    out: Tallies = {}
    for row in conn.execute(query, dates):
        if not row[1]:
            continue
        tally = out.setdefault(row[0], Tally())
        values = tally.values
        for i, name in names:
            values[name] = values.get(name, 0) + _number(row[i])
        if first_measure == 3 and row[2] is not None:
            days_value = int(row[2])
            tally.histogram[days_value] = tally.histogram.get(days_value, 0) + int(row[1])
    return out


def _bucket(fam: IntervalFamily, name: str, column: ColumnElement, dates: list[date]) -> ColumnElement[int]:
    bound = fam.bounds[name]
    return (count_on_or_before if bound.strict else count_before)(column, dates)


def _interval_query(fam: IntervalFamily, dates: list[date], dim: Dim | None, scope: Scope) -> Select:
    """Rows per group and bucket numbers, in two steps: first per exit date (the column the records are
    read by, so there are few distinct ones) and the other buckets, then the exit dates' buckets. That
    evaluates the exit's bucket expression once per distinct date instead of once per record."""
    exits = sorted({m.exit for m in fam.measures})
    early = [name for name in fam.bounds if name not in exits]
    key = fam.dims[dim].label("k") if dim is not None else literal(None).label("k")
    rows = (
        select(
            key,
            *(fam.bounds[name].column.label(f"x_{name}") for name in exits),
            *(_bucket(fam, name, fam.bounds[name].column, dates).label(f"b_{name}") for name in early),
            *(expr.label(f"d_{name}") for name, expr in fam.day_numbers.items()),
        )
        .select_from(fam.base if fam.base is not None and dim is None and scope.is_everything else fam.source)
        .where(fam.where, fam.access(dates[0]), scope_clause(scope, fam.team, fam.municipality))
        .subquery()
    )
    first_group = [rows.c.k, *(rows.c[f"x_{name}"] for name in exits), *(rows.c[f"b_{name}"] for name in early)]
    per_exit_date = (
        select(
            *first_group,
            func.count().label("rows"),
            *(func.sum(rows.c[f"d_{name}"]).label(f"d_{name}") for name in fam.day_numbers),
        )
        .group_by(*first_group)
        .subquery()
    )
    p = per_exit_date.c
    exit_buckets = [_bucket(fam, name, p[f"x_{name}"], dates) for name in exits]
    group = [p.k, *(p[f"b_{name}"] for name in early)]
    return select(
        *group,
        *(b.label(f"b_{name}") for b, name in zip(exit_buckets, exits, strict=True)),
        func.sum(p.rows).label("rows"),
        *(func.sum(p[f"d_{name}"]).label(f"d_{name}") for name in fam.day_numbers),
    ).group_by(*group, *exit_buckets)


def interval_tallies(
    conn: Connection, family: Family, as_of_dates: Sequence[date], dim: Dim | None, scope: Scope
) -> dict[date, Tallies]:
    """The tallies of an interval family on each reference date, in one query."""
    fam = INTERVAL_FAMILIES[family]
    if dim is not None and dim not in fam.dims:
        raise BreakdownUnavailable(f"{family.value} by {dim.value}")
    dates = sorted(set(as_of_dates))
    out: dict[date, Tallies] = {d: {} for d in dates}
    if not dates:
        return out
    n = len(dates)
    for row in conn.execute(_interval_query(fam, dates, dim, scope)).mappings():
        rows = int(row["rows"])
        for m in fam.measures:
            start = max(int(row[f"b_{name}"]) for name in m.entries)
            stop = min(int(row[f"b_{m.exit}"]), n)
            for i in range(start, stop):
                tally = out[dates[i]].setdefault(row["k"], Tally())
                if m.days_since is None:
                    tally.add_value(m.name, rows)
                else:
                    reference = (dates[i] - EPOCH).days
                    tally.add_value(m.name, rows * reference - int(row[f"d_{m.days_since}"]))
    return out


def staffing_fte(
    conn: Connection, months: Sequence[date], dim: Dim | None, scope: Scope
) -> dict[date, dict[GroupKey, float]]:
    """Total fte per group for each month (given by any day in it), from the staffing snapshot.

    Staffing rows carry a team and optionally a consultant, no municipality: a breakdown by municipality
    raises ``BreakdownUnavailable``. Only the scope's teams apply; see ``metrics.compute`` for callers
    restricted by municipality.
    """
    if dim is Dim.MUNICIPALITY:
        raise BreakdownUnavailable("staffing by municipality")
    staffing = DATASET_TABLES["staffing"]
    s = staffing.c
    firsts = sorted({m.replace(day=1) for m in months})
    out: dict[date, dict[GroupKey, float]] = {m: {} for m in firsts}
    if not firsts:
        return out
    key = {Dim.TEAM: s.team, Dim.CONSULTANT: s.consultant}[dim] if dim is not None else None
    key_column = key.label("k") if key is not None else literal(None).label("k")
    query = (
        select(key_column, s.month, func.sum(s.fte).label("fte"))
        .where(
            s.month >= firsts[0],
            s.month < _next_month(firsts[-1]),
            scope_clause(Scope(teams=scope.teams), s.team, None),
        )
        .group_by(*([key] if key is not None else []), s.month)
    )
    for row in conn.execute(query).mappings():
        first = row["month"].replace(day=1)
        if first in out:
            out[first][row["k"]] = out[first].get(row["k"], 0.0) + float(row["fte"] or 0)
    return out


def _next_month(first: date) -> date:
    return date(first.year + first.month // 12, first.month % 12 + 1, 1)
