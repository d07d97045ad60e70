"""The aggregate queries of the KPI families: one narrow, grouped query per family and period.

Flow families: ``SUM(CASE WHEN condition THEN 1 ELSE 0 END)`` per measure, grouped by the breakdown (and
by the day difference for the families behind a median); a family whose records are those with any of
several dates in the period (settlements) is read part by part, one covering index each, and the parts
added up. Interval families: one query for any number of
reference dates, grouped by the breakdown and by bucket numbers (see ``store.queries.buckets``), expanded
to one tally per reference date here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from sqlalchemy import ColumnElement, Connection, Date, Integer, Row, Select, bindparam, case, func, literal, select

from store.models import DATASET_TABLES
from store.queries.buckets import count_before, count_on_or_before
from store.queries.families import (
    ALWAYS,
    FLOW_FAMILIES,
    INTERVAL_FAMILIES,
    Family,
    FlowFamily,
    FlowPart,
    IntervalFamily,
    Measure,
    QueryParams,
    Window,
)
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


# A measure read as a column of a flow query: its name and the column's position in the row.
MeasureColumns = tuple[tuple[str, int], ...]
ROWS_COLUMN = 1  # count(*), after the group key


@lru_cache(maxsize=256)
def _flow_queries(
    family: Family, dim: Dim | None, scope: Scope, params: QueryParams, by_parts: bool = True
) -> tuple[tuple[Select, MeasureColumns], ...]:
    """The grouped queries of a flow family with the measures each one gives: one query, or one per part of a
    family read by parts. Built once and executed with each period's dates."""
    fam = FLOW_FAMILIES[family]
    window = _BoundWindow(EPOCH, EPOCH, EPOCH, params)
    parts = fam.parts if by_parts and fam.parts else (FlowPart(fam.where, fam.measures),)
    return tuple(_flow_query(fam, part, dim, scope, window) for part in parts)


def _counts_every_record(measure: Measure) -> bool:
    """A measure that counts every record the query reads: its value is the query's ``count(*)``, so it needs
    no column of its own (a ``SUM(CASE WHEN 1 ...)`` costs about a fifth of a registrations query)."""
    return measure.condition is ALWAYS and measure.value is None


def _flow_query(
    fam: FlowFamily, part: FlowPart, dim: Dim | None, scope: Scope, window: Window
) -> tuple[Select, MeasureColumns]:
    key = fam.dims[dim].label("k") if dim is not None else literal(None).label("k")
    columns = [key, func.count().label("rows")]
    group_by = [fam.dims[dim]] if dim is not None else []
    if fam.histogram is not None:
        days = fam.histogram(window)
        columns.append(days.label("days"))
        group_by.append(days)
    positions = []
    for m in part.measures:
        if _counts_every_record(m):
            positions.append((m.name, ROWS_COLUMN))
            continue
        amount = m.value(window) if m.value is not None else literal(1, Integer())
        positions.append((m.name, len(columns)))
        columns.append(func.sum(case((m.condition(window), amount), else_=literal(0, Integer()))).label(m.name))
    query = select(*columns).select_from(fam.source).where(
        part.where(window), scope_clause(scope, fam.team, fam.municipality)
    )
    return (query.group_by(*group_by) if group_by else query), tuple(positions)


def flow_tallies(
    conn: Connection, family: Family, window: Window, dim: Dim | None, scope: Scope, *, by_parts: bool = True
) -> Tallies:
    """The tallies of a flow family for period P, per group of ``dim`` (one group ``None`` without).

    A family with parts is read part by part and the parts' tallies added up (``by_parts=False``: in one
    query, as a drill-down selects its records; the figures are the same)."""
    fam = FLOW_FAMILIES[family]
    if dim is not None and dim not in fam.dims:
        raise BreakdownUnavailable(f"{family.value} by {dim.value}")
    dates = {"window_first": window.first, "window_last": window.last, "window_as_of": window.as_of}
    queries = _flow_queries(family, dim, scope, window.params, by_parts)
    if len(queries) == 1:
        query, measures = queries[0]
        return _tallies(conn.execute(query, dates), measures, fam.histogram is not None)
    out: Tallies = {}
    for query, measures in queries:
        for key, tally in _tallies(conn.execute(query, dates), measures, False).items():
            # every measure of the family, zero where no part had its records
            out.setdefault(key, Tally({m.name: 0 for m in fam.measures})).merge(tally)
    return out


def _tallies(result: Iterable[Row], measures: MeasureColumns, histogram: bool) -> Tallies:
    """Tallies from the rows of a flow query: columns by position (key, rows, [days,] measures...). A
    series reads tens of thousands of rows, so they are summed per group column by column (a breakdown
    with a histogram has a row per group and day)."""
    groups: dict[GroupKey, list[Row]] = {}
    for row in result:
        if row[1]:
            groups.setdefault(row[0], []).append(row)
    out: Tallies = {}
    for key, rows in groups.items():
        columns = list(zip(*rows, strict=True))
        tally = out[key] = Tally({name: _column_sum(columns[i]) for name, i in measures})
        if histogram:
            counts = tally.histogram
            for days_value, n in zip(columns[2], columns[1], strict=True):
                if days_value is not None:
                    counts[int(days_value)] = counts.get(int(days_value), 0) + int(n)
    return out


def _column_sum(values: Sequence[object]) -> float:
    """The sum of one measure's column, as adding :func:`_number` of each value in order would give."""
    if all(type(v) is int for v in values):
        return sum(values)  # type: ignore[arg-type]  # exact: every value is an int
    total: float = 0
    for value in values:
        total = total + _number(value)
    return total


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
    result = conn.execute(_interval_query(fam, dates, dim, scope))
    at = {name: i for i, name in enumerate(result.keys())}
    columns = [
        ([at[f"b_{e}"] for e in m.entries], at[f"b_{m.exit}"], at[f"d_{m.days_since}"] if m.days_since else None)
        for m in fam.measures
    ]
    # A row counts on the dates start..stop-1: kept as +rows at start and -rows at stop per measure and
    # group (and likewise the sum of its day numbers), then added up date by date.
    steps: dict[tuple[int, GroupKey], tuple[list[int], list[int]]] = {}
    rows_at, key_at = at["rows"], at["k"]
    for row in result:
        rows = int(row[rows_at])
        for m, (entries, exit_at, days_at) in enumerate(columns):
            start = max(int(row[e]) for e in entries)
            stop = min(int(row[exit_at]), n)
            if start >= stop:
                continue
            counts, days = steps.setdefault((m, row[key_at]), ([0] * (n + 1), [0] * (n + 1)))
            counts[start] += rows
            counts[stop] -= rows
            if days_at is not None:
                day_sum = int(row[days_at])
                days[start] += day_sum
                days[stop] -= day_sum
    for (m, key), (counts, days) in steps.items():
        measure = fam.measures[m]
        records = day_sum = 0
        for i, on in enumerate(dates):
            records += counts[i]
            day_sum += days[i]
            if records:  # a date the group's records were in the state on
                tally = out[on].setdefault(key, Tally())
                reference = (on - EPOCH).days
                tally.add_value(measure.name, records if measure.days_since is None else records * reference - day_sum)
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
