"""What the store holds: the span of the data, the consultants, teams and municipalities, for the filters of
the pages."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection, func, select

from store.models import DATASET_TABLES, holiday_overrides, import_batches, metric_settings, stored_scopes
from store.queries.filters import Scope, scope_clause
from store.queries.settings_io import ACTIVE_BATCH


def first_registration(conn: Connection, scope: Scope | None = None) -> date | None:
    """The earliest ``registered_on`` of any case (the start of the period choice), within ``scope`` if given
    (where a team's or municipality's data begin)."""
    cases = DATASET_TABLES["cases"]
    query = select(func.min(cases.c.registered_on))
    if scope is not None:
        query = query.where(scope_clause(scope, cases.c.team, cases.c.municipality))
    return conn.execute(query).scalar()


def data_version(conn: Connection) -> str:
    """Changes whenever an import lands or is undone, or a setting or holiday of the calculation changes: a
    cache key for everything computed from the store."""
    b = import_batches.c
    newest, undone, count = conn.execute(
        select(func.max(b.id), func.max(b.undone_at), func.count()).select_from(import_batches)
    ).one()
    settings_changed = conn.execute(
        select(func.max(metric_settings.c.updated_at), func.count()).select_from(metric_settings)
    ).one()
    holidays_changed = conn.execute(
        select(func.max(holiday_overrides.c.created_at), func.count()).select_from(holiday_overrides)
    ).one()
    return f"{newest}|{undone}|{count}|{tuple(settings_changed)}|{tuple(holidays_changed)}"


def active_batches(conn: Connection) -> int:
    b = import_batches.c
    return int(conn.execute(select(func.count()).where(b.status == ACTIVE_BATCH)).scalar() or 0)


def consultants(conn: Connection, scope: Scope) -> list[str]:
    """The consultants named on cases that ``scope`` may see, sorted.

    Read as a skip scan: each next name is the smallest one after the previous, one seek in the consultant
    index per name, instead of a DISTINCT over the index entries of a million cases (50 ms on every page)."""
    c = DATASET_TABLES["cases"].c
    visible = scope_clause(scope, c.team, c.municipality)
    names = select(func.min(c.consultant).label("name")).where(c.consultant.is_not(None), visible)
    names = names.cte("names", recursive=True)
    following = select(func.min(c.consultant)).where(c.consultant > names.c.name, visible).scalar_subquery()
    names = names.union_all(select(following).where(names.c.name.is_not(None)))
    query = select(names.c.name).where(names.c.name.is_not(None)).order_by(names.c.name)
    return [r[0] for r in conn.execute(query)]


def stored_values(conn: Connection, column: str, scope: Scope) -> list[str]:
    """The distinct values of ``column`` (``team`` or ``municipality``) in the rows of every dataset that
    ``scope`` may see, sorted: what the data hold, configured in the settings or not. Read from
    ``stored_scopes`` (the pairs each import wrote), not from the records themselves."""
    s = stored_scopes.c
    query = (
        select(s[column])
        .where(s[column].is_not(None), scope_clause(scope, s.team, s.municipality))
        .distinct()
    )
    return sorted(r[0] for r in conn.execute(query))
