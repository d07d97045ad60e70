"""Keeping the derived columns of ``cases`` up to date (deadlines, waiting_until, open_until).

Working-day deadlines cannot be computed in SQL, so the metrics layer computes them in Python per calendar
day (``deadline_days``: for a term starting on day D, its three deadlines) and this module copies them
onto the cases in one UPDATE. A case is stale when ``derived_batch_id`` differs from ``batch_id``: the
importer sets ``batch_id`` on every write and an undo rewrites it, so every changed case is recomputed,
and a partial index finds the stale ones without reading the table. When the terms or the calendar
change (another ``version``), every case is recomputed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime

from sqlalchemy import Connection, Update, and_, case, delete, func, insert, literal, or_, select, update
from sqlalchemy import Date as SqlDate

from store.models import DATASET_TABLES, FAR_FUTURE, deadline_days, metric_state

VERSION_KEY = "case_deadlines_version"
CHUNK = 500

cases = DATASET_TABLES["cases"]
c = cases.c
STALE = or_(c.derived_batch_id.is_(None), c.derived_batch_id != c.batch_id)

# (first-conversation deadline, crisis deadline, decision deadline) of a term starting on a day
DeadlineFunction = Callable[[date], tuple[date, date, date]]


def _stored_version(conn: Connection) -> str | None:
    return conn.execute(select(metric_state.c.value).where(metric_state.c.name == VERSION_KEY)).scalar()


def _store_version(conn: Connection, version: str) -> None:
    conn.execute(delete(metric_state).where(metric_state.c.name == VERSION_KEY))
    conn.execute(insert(metric_state).values(name=VERSION_KEY, value=version, updated_at=datetime.now()))


def _days_needed(conn: Connection) -> set[date]:
    # Both halves must select by STALE alone, so that they read the partial index of stale cases: with a
    # further condition (first_contact_on IS NOT NULL) SQLite scans the first-contact index and looks up
    # every case instead (seconds on a million cases, on every computation). Missing days go in Python.
    query = select(c.registered_on).where(STALE).union(select(c.first_contact_on).where(STALE))
    return {row[0] for row in conn.execute(query) if row[0] is not None}


def _known_days(conn: Connection, days: Iterable[date]) -> set[date]:
    wanted = sorted(days)
    known: set[date] = set()
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        known.update(r[0] for r in conn.execute(select(deadline_days.c.day).where(deadline_days.c.day.in_(chunk))))
    return known


def _fill_days(conn: Connection, days: set[date], deadlines: DeadlineFunction) -> None:
    missing = sorted(days - _known_days(conn, days))
    rows = []
    for day in missing:
        first_contact, crisis, decision = deadlines(day)
        rows.append(
            {
                "day": day,
                "first_contact_deadline": first_contact,
                "crisis_deadline": crisis,
                "decision_deadline": decision,
            }
        )
    for start in range(0, len(rows), CHUNK):
        conn.execute(insert(deadline_days), rows[start : start + CHUNK])


def _update_statement() -> Update:
    dd = deadline_days.c
    first_contact_deadline = (
        select(case((c.crisis.is_(True), dd.crisis_deadline), else_=dd.first_contact_deadline))
        .where(dd.day == c.registered_on)
        .scalar_subquery()
    )
    decision_deadline = select(dd.decision_deadline).where(dd.day == c.first_contact_on).scalar_subquery()
    far = literal(FAR_FUTURE, SqlDate())
    fc, closed = c.first_contact_on, c.closed_on
    waiting_until = case(
        (and_(fc.is_(None), closed.is_(None)), far),
        (fc.is_(None), closed),
        (closed.is_(None), fc),
        (fc <= closed, fc),
        else_=closed,
    )
    return (
        update(cases)
        .where(STALE)
        .values(
            first_contact_deadline=first_contact_deadline,
            decision_deadline=decision_deadline,
            waiting_until=waiting_until,
            open_until=func.coalesce(closed, far),
            derived_batch_id=c.batch_id,
        )
    )


def refresh_derived(conn: Connection, version: str, deadlines: DeadlineFunction) -> int:
    """Recompute the derived columns of every stale case; returns how many cases were recomputed.

    ``version`` identifies the terms and calendar ``deadlines`` follows; when it differs from the stored
    one, the cached days are dropped and every case is recomputed.
    """
    stored = _stored_version(conn)
    if stored != version:
        conn.execute(delete(deadline_days))
        if stored is not None:  # before the first refresh no case has derived columns yet
            conn.execute(update(cases).where(c.derived_batch_id.is_not(None)).values(derived_batch_id=None))
        _store_version(conn, version)
    days = _days_needed(conn)
    if not days:
        return 0
    _fill_days(conn, days, deadlines)
    return conn.execute(_update_statement()).rowcount or 0


def stale_count(conn: Connection) -> int:
    """How many cases wait for their derived columns (0 right after ``refresh_derived``)."""
    return int(conn.execute(select(func.count()).select_from(cases).where(STALE)).scalar_one())
