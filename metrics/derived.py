"""The settings of an installation, and each case's stored deadlines kept in step with them.

The deadlines are computed in Python with the working-day calendar (``metrics.terms``) per calendar
day, and copied onto the changed cases by the store (``store.queries.derived``). The importer does not
depend on any of this: a case it changed is simply recomputed before the next KPI computation.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection, Engine

from metrics.settings import MetricSettings, load
from store import metrics_queries as q


def load_settings(conn: Connection) -> MetricSettings:
    """The installation's metric settings: stored values over the catalogue's defaults."""
    overrides = q.read_holiday_overrides(conn)
    return load(
        q.read_settings(conn),
        added_holidays=[o.day for o in overrides if o.action is q.HolidayAction.ADD],
        removed_holidays=[o.day for o in overrides if o.action is q.HolidayAction.REMOVE],
    )


def ensure_derived(conn: Connection, settings: MetricSettings) -> int:
    """Recompute the deadlines and exit dates of every case changed since the last time; returns how many."""
    terms = settings.terms

    def deadlines(day: date) -> tuple[date, date, date]:
        return (
            terms.first_contact_deadline(day, crisis=False),
            terms.first_contact_deadline(day, crisis=True),
            terms.decision_deadline(day),
        )

    return q.refresh_derived(conn, terms.version, deadlines)


def refresh(engine: Engine) -> int:
    """``ensure_derived`` in its own transaction (for a command or a page after an import)."""
    with engine.begin() as conn:
        return ensure_derived(conn, load_settings(conn))
