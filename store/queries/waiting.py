"""The waiting list: how long the waiting cases have waited, the monthly flows in and out, the system's own list.

A case waits on reference date ``a`` when ``registered_on <= a < waiting_until`` (``waiting_until`` is the
earliest of ``first_contact_on`` and ``closed_on``, see ``store.queries.derived``): the very condition of
the ``wachtlijst`` KPI. It leaves the list on ``waiting_until``: by a first conversation when that is
``first_contact_on`` (a first conversation on or before the closing date, or without one), else by being
closed without one. So for consecutive month ends the list changes by registrations − leavers exactly.
Every query reads one covering KPI index.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, Connection, Date, and_, func, literal, or_, select
from sqlalchemy.sql.expression import ColumnClause

from store.models import DATASET_TABLES
from store.queries.buckets import count_on_or_before
from store.queries.dialect import days_between
from store.queries.filters import Scope, scope_clause

cases = DATASET_TABLES["cases"]
c = cases.c


def waiting_ages(conn: Connection, as_of: date, scope: Scope) -> dict[tuple[int, bool], int]:
    """(days waited on ``as_of``, past the first-conversation deadline) → number of waiting cases."""
    a = literal(as_of, Date())
    days = days_between(a, c.registered_on).label("days")
    overdue = and_(c.first_contact_deadline.is_not(None), c.first_contact_deadline < a).label("overdue")
    query = (
        select(days, overdue, func.count().label("n"))
        .select_from(cases)
        .where(c.waiting_until > a, c.registered_on <= a, scope_clause(scope, c.team, c.municipality))
        .group_by(days, overdue)
    )
    out: dict[tuple[int, bool], int] = {}
    for row in conn.execute(query):
        key = (int(row.days), bool(row.overdue))
        out[key] = out.get(key, 0) + int(row.n)
    return out


@dataclass(frozen=True)
class MonthFlow:
    """One month: cases registered, cases that left the waiting list, and of those, by a first conversation."""

    first: date
    registered: int = 0
    left: int = 0
    first_contacts: int = 0

    @property
    def closed_waiting(self) -> int:
        """Left without a first conversation (closed while waiting: withdrawn, no-show, moved, …)."""
        return self.left - self.first_contacts


def _per_month(
    conn: Connection, column: ColumnClause, starts: list[date], last: date, scope: Scope,
    extra: ColumnElement[bool] | None = None,
) -> list[int]:  # fmt: skip
    """How many cases have ``column`` in each month (months start on ``starts``; the last ends on ``last``)."""
    bucket = count_on_or_before(column, starts).label("bucket")  # 1 for the first month, ...
    conditions = [
        column.is_not(None),
        column >= literal(starts[0], Date()),
        column <= literal(last, Date()),
        scope_clause(scope, c.team, c.municipality),
    ]
    if extra is not None:
        conditions.append(extra)
    query = select(bucket, func.count().label("n")).select_from(cases).where(*conditions).group_by(bucket)
    counts = [0] * len(starts)
    for row in conn.execute(query):
        counts[int(row.bucket) - 1] += int(row.n)
    return counts


def month_flows(conn: Connection, starts: Sequence[date], last: date, scope: Scope) -> list[MonthFlow]:
    """The flows of consecutive months starting on ``starts`` (first days, ascending), the last ending on
    ``last``: three grouped queries, on the registration, waiting and first-conversation indexes."""
    firsts = sorted(starts)
    if not firsts:
        return []
    registered = _per_month(conn, c.registered_on, firsts, last, scope)
    left = _per_month(conn, c.waiting_until, firsts, last, scope)
    # a first conversation takes a case off the list when it came on or before the closing date (or without one)
    by_conversation = or_(c.closed_on.is_(None), c.first_contact_on <= c.closed_on)
    conversations = _per_month(conn, c.first_contact_on, firsts, last, scope, by_conversation)
    rows = zip(firsts, registered, left, conversations, strict=True)
    return [MonthFlow(first, r, lft, f) for first, r, lft, f in rows]


def snapshot_counts_per_team(
    conn: Connection, dataset: str, dates: Sequence[date], scope: Scope
) -> dict[date, dict[str | None, int]]:
    """Per date of ``dates`` that has one: the number of cases in the system's own list (``waitlist``) per
    team that delivered it."""
    if dataset != "waitlist":
        raise ValueError(dataset)
    t = DATASET_TABLES[dataset].c
    wanted = sorted(set(dates))
    if not wanted:
        return {}
    query = (
        select(t.as_of, t.team, func.count(t.case_id).label("n"))
        .where(t.as_of.in_(wanted), scope_clause(scope, t.team, t.municipality))
        .group_by(t.as_of, t.team)
    )
    out: dict[date, dict[str | None, int]] = {}
    for row in conn.execute(query):
        out.setdefault(row.as_of, {})[row.team] = int(row.n)
    return out
