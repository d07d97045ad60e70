"""What the store holds: the span of the data and the consultants, for the filters of the pages."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection, func, select

from store.models import DATASET_TABLES, import_batches
from store.queries.filters import Scope, scope_clause
from store.queries.settings_io import ACTIVE_BATCH


def first_registration(conn: Connection) -> date | None:
    """The earliest ``registered_on`` of any case (the start of the period choice)."""
    cases = DATASET_TABLES["cases"]
    return conn.execute(select(func.min(cases.c.registered_on))).scalar()


def data_version(conn: Connection) -> str:
    """Changes whenever an import lands or is undone: a cache key for everything read from the store."""
    b = import_batches.c
    newest, undone, count = conn.execute(
        select(func.max(b.id), func.max(b.undone_at), func.count()).select_from(import_batches)
    ).one()
    return f"{newest}|{undone}|{count}"


def active_batches(conn: Connection) -> int:
    b = import_batches.c
    return int(conn.execute(select(func.count()).where(b.status == ACTIVE_BATCH)).scalar() or 0)


def consultants(conn: Connection, scope: Scope) -> list[str]:
    """The consultants named on cases that ``scope`` may see, sorted."""
    c = DATASET_TABLES["cases"].c
    query = (
        select(c.consultant)
        .where(c.consultant.is_not(None), scope_clause(scope, c.team, c.municipality))
        .distinct()
        .order_by(c.consultant)
    )
    return [r[0] for r in conn.execute(query)]
