"""Annotations of registration changes and the export log: what people write down beside the figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Connection, and_, insert, or_, select, update

from store.models import annotations, export_log
from store.queries.filters import Scope


@dataclass(frozen=True)
class AnnotationRow:
    id: int
    on_date: date
    kpis: tuple[str, ...]  # empty: every KPI
    team: str | None
    municipality: str | None
    text: str
    created_at: datetime
    created_by: str


def add_annotation(
    conn: Connection,
    on_date: date,
    text: str,
    user: str,
    kpis: tuple[str, ...] = (),
    team: str | None = None,
    municipality: str | None = None,
) -> int:
    result = conn.execute(
        insert(annotations).values(
            on_date=on_date,
            kpis=",".join(kpis),
            team=team,
            municipality=municipality,
            text=text,
            created_at=datetime.now(),
            created_by=user,
        )
    )
    return int(result.inserted_primary_key[0])


def remove_annotation(conn: Connection, annotation_id: int, user: str) -> bool:
    a = annotations.c
    result = conn.execute(
        update(annotations)
        .where(a.id == annotation_id, a.removed_at.is_(None))
        .values(removed_at=datetime.now(), removed_by=user)
    )
    return result.rowcount > 0


def list_annotations(
    conn: Connection, scope: Scope, first: date | None = None, last: date | None = None
) -> list[AnnotationRow]:
    """Annotations not removed, between ``first`` and ``last``, that concern what ``scope`` may see.

    An annotation without a team (or municipality) concerns everyone; one for a team shows only to a scope
    that may see that team.
    """
    a = annotations.c
    conditions = [a.removed_at.is_(None)]
    if first is not None:
        conditions.append(a.on_date >= first)
    if last is not None:
        conditions.append(a.on_date <= last)
    if scope.teams is not None:
        conditions.append(or_(a.team.is_(None), a.team.in_(sorted(scope.teams))))
    if scope.municipalities is not None:
        conditions.append(or_(a.municipality.is_(None), a.municipality.in_(sorted(scope.municipalities))))
    rows = conn.execute(select(annotations).where(and_(*conditions)).order_by(a.on_date, a.id))
    return [
        AnnotationRow(
            r.id, r.on_date, tuple(k for k in r.kpis.split(",") if k), r.team, r.municipality, r.text,
            r.created_at, r.created_by,
        )
        for r in rows
    ]


def log_export(conn: Connection, user: str, role: str, what: str, detail: str | None, rows: int | None) -> None:
    conn.execute(
        insert(export_log).values(
            created_at=datetime.now(), created_by=user, role=role, what=what, detail=detail, rows=rows
        )
    )


def list_exports(conn: Connection, limit: int = 200) -> list[dict]:
    e = export_log.c
    return [dict(r._mapping) for r in conn.execute(select(export_log).order_by(e.id.desc()).limit(limit))]
