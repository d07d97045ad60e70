"""Counts of records per period and category value: decisions by kind, closures by reason, signals by partner.

One grouped query for a whole series of consecutive periods: the period of each record is a bucket number
(``store.queries.buckets``), so twelve months cost one read of one index range. Each source reads a
covering index where the store has one (``ix_cases_kpi_decision``, ``ix_cases_kpi_closed``); signals are
read through ``ix_signals_kpi_received``. The scope is in the WHERE clause; signals have no team, so the
caller maps a team scope to municipalities first (``metrics.compute.teamless_scope``).
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise

from sqlalchemy import Connection, Date, and_, func, literal, select
from sqlalchemy.sql.expression import ColumnClause, FromClause

from store.models import DATASET_TABLES
from store.queries.buckets import count_before
from store.queries.filters import Scope, scope_clause

DayRange = tuple[date, date]  # first and last day of a period


@dataclass(frozen=True)
class CategorySource:
    source: FromClause
    day: ColumnClause  # the date that puts a record in a period
    category: ColumnClause
    team: ColumnClause | None
    municipality: ColumnClause | None


class Categories(enum.Enum):
    DECISION_KINDS = "decision_kinds"  # decision_on in P, by decision (toelating, afwijzing, none)
    CLOSE_REASONS = "close_reasons"  # closed_on in P, by close_reason
    SIGNAL_PARTNERS = "signal_partners"  # received_on in P, by partner_type


_cases = DATASET_TABLES["cases"].c
_signals = DATASET_TABLES["signals"].c
SOURCES: dict[Categories, CategorySource] = {
    Categories.DECISION_KINDS: CategorySource(
        DATASET_TABLES["cases"], _cases.decision_on, _cases.decision, _cases.team, _cases.municipality
    ),
    Categories.CLOSE_REASONS: CategorySource(
        DATASET_TABLES["cases"], _cases.closed_on, _cases.close_reason, _cases.team, _cases.municipality
    ),
    Categories.SIGNAL_PARTNERS: CategorySource(
        DATASET_TABLES["signals"], _signals.received_on, _signals.partner_type, None, _signals.municipality
    ),
}


class NotConsecutive(ValueError):
    """Windows that are not consecutive, non-overlapping and in order."""


def check_windows(windows: Sequence[DayRange]) -> None:
    for first, last in windows:
        if first > last:
            raise NotConsecutive(f"empty period {first}..{last}")
    for (_, last), (next_first, _) in pairwise(windows):
        if next_first != last + timedelta(days=1):
            raise NotConsecutive(f"periods must follow each other: ..{last}, then {next_first}..")


def category_counts(
    conn: Connection, categories: Categories, windows: Sequence[DayRange], scope: Scope
) -> list[dict[str | None, int]]:
    """For each window (consecutive periods, oldest first): records per category value (None: empty)."""
    check_windows(windows)
    out: list[dict[str | None, int]] = [{} for _ in windows]
    if not windows:
        return out
    src = SOURCES[categories]
    bucket = count_before(src.day, [last for _, last in windows[:-1]])
    inner = (
        select(bucket.label("b"), src.category.label("v"))
        .select_from(src.source)
        .where(
            and_(
                src.day.is_not(None),
                src.day >= literal(windows[0][0], Date()),
                src.day <= literal(windows[-1][1], Date()),
            ),
            scope_clause(scope, src.team, src.municipality),
        )
        .subquery()
    )
    query = select(inner.c.b, inner.c.v, func.count().label("n")).group_by(inner.c.b, inner.c.v)
    for row in conn.execute(query):
        out[int(row.b)][row.v] = out[int(row.b)].get(row.v, 0) + int(row.n)
    return out
