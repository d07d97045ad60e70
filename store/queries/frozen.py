"""Frozen reports: the figures of a report as they were when frozen (JSON), with who froze them and when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Connection, insert, select

from store.models import frozen_reports


@dataclass(frozen=True)
class FrozenRow:
    id: int
    kind: str
    period: str
    scope: str  # JSON
    reference_date: date
    data_through: date | None
    figures: str  # JSON
    frozen_at: datetime
    frozen_by: str
    note: str | None


def insert_frozen(
    conn: Connection, kind: str, period: str, scope: str, reference_date: date, data_through: date | None,
    figures: str, user: str, note: str | None = None, frozen_at: datetime | None = None,
) -> int:  # fmt: skip
    result = conn.execute(
        insert(frozen_reports).values(
            kind=kind,
            period=period,
            scope=scope,
            reference_date=reference_date,
            data_through=data_through,
            figures=figures,
            frozen_at=frozen_at or datetime.now(),
            frozen_by=user,
            note=note,
        )
    )
    return int(result.inserted_primary_key[0])


def frozen_rows(conn: Connection, kind: str, period: str | None = None, scope: str | None = None) -> list[FrozenRow]:
    """Frozen reports of ``kind`` (of one period and scope when given), newest first."""
    f = frozen_reports.c
    query = select(frozen_reports).where(f.kind == kind)
    if period is not None:
        query = query.where(f.period == period)
    if scope is not None:
        query = query.where(f.scope == scope)
    return [FrozenRow(**dict(r._mapping)) for r in conn.execute(query.order_by(f.id.desc()))]
