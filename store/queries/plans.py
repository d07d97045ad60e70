"""SMART targets, their status history and the explanations of deviations: rows people write in the app.

Nothing here is ever overwritten: a new version of a target supersedes the old row, a status update and an
explanation are new rows. The metrics layer (``metrics.targets``, ``metrics.explanations``) validates what
is written; these functions only read and write.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Connection, and_, func, insert, select, update

from store.models import explanations, target_status, targets


@dataclass(frozen=True)
class TargetRow:
    id: int
    target_key: str
    version: int
    plan_year: int
    kpi: str
    team: str | None
    municipality: str | None
    comparison: str  # "ge" or "le"
    value: float
    baseline_value: float
    baseline_on: date
    deadline: date
    owner: str
    rationale: str
    copied_from: str | None
    created_at: datetime
    created_by: str
    superseded_at: datetime | None
    superseded_by: str | None
    withdrawn_at: datetime | None
    withdrawn_by: str | None


TARGET_FIELDS = (
    "plan_year", "kpi", "team", "municipality", "comparison", "value", "baseline_value", "baseline_on",
    "deadline", "owner", "rationale",
)  # fmt: skip


def _target(row: object) -> TargetRow:
    values = dict(row._mapping)  # type: ignore[attr-defined]
    values["value"] = float(values["value"])
    values["baseline_value"] = float(values["baseline_value"])
    return TargetRow(**values)


def insert_target(
    conn: Connection, target_key: str, version: int, fields: Mapping[str, object], user: str,
    copied_from: str | None = None,
) -> TargetRow:  # fmt: skip
    values = {name: fields[name] for name in TARGET_FIELDS}
    result = conn.execute(
        insert(targets).values(
            target_key=target_key,
            version=version,
            copied_from=copied_from,
            created_at=datetime.now(),
            created_by=user,
            **values,
        )
    )
    new_id = int(result.inserted_primary_key[0])
    return _target(conn.execute(select(targets).where(targets.c.id == new_id)).one())


def supersede_target(conn: Connection, target_id: int, user: str) -> bool:
    """Mark a version superseded (only the current one can be); False when it was not current any more."""
    t = targets.c
    result = conn.execute(
        update(targets)
        .where(t.id == target_id, t.superseded_at.is_(None), t.withdrawn_at.is_(None))
        .values(superseded_at=datetime.now(), superseded_by=user)
    )
    return result.rowcount > 0


def withdraw_target(conn: Connection, target_key: str, user: str) -> bool:
    t = targets.c
    result = conn.execute(
        update(targets)
        .where(t.target_key == target_key, t.superseded_at.is_(None), t.withdrawn_at.is_(None))
        .values(withdrawn_at=datetime.now(), withdrawn_by=user)
    )
    return result.rowcount > 0


def current_targets(conn: Connection, plan_year: int | None = None) -> list[TargetRow]:
    """The current version of every target that is not withdrawn (of one jaarplan when given)."""
    t = targets.c
    conditions = [t.superseded_at.is_(None), t.withdrawn_at.is_(None)]
    if plan_year is not None:
        conditions.append(t.plan_year == plan_year)
    query = select(targets).where(and_(*conditions)).order_by(t.plan_year, t.kpi, t.team, t.municipality, t.id)
    return [_target(r) for r in conn.execute(query)]


def target_versions(conn: Connection, target_key: str) -> list[TargetRow]:
    """Every version of one target, oldest first."""
    t = targets.c
    return [_target(r) for r in conn.execute(select(targets).where(t.target_key == target_key).order_by(t.version))]


def copied_keys(conn: Connection, plan_year: int) -> set[str]:
    """The keys of targets that a target of ``plan_year`` was copied from (withdrawn copies included)."""
    t = targets.c
    query = select(t.copied_from).where(t.plan_year == plan_year, t.copied_from.is_not(None)).distinct()
    return {r[0] for r in conn.execute(query)}


def plan_years(conn: Connection) -> list[int]:
    t = targets.c
    query = select(t.plan_year).where(t.superseded_at.is_(None), t.withdrawn_at.is_(None)).distinct()
    return sorted(r[0] for r in conn.execute(query))


@dataclass(frozen=True)
class StatusRow:
    id: int
    target_key: str
    target_version: int
    on_date: date
    status: str
    note: str
    author: str
    created_at: datetime


def insert_status(
    conn: Connection, target_key: str, target_version: int, on_date: date, status: str, note: str, author: str
) -> int:
    result = conn.execute(
        insert(target_status).values(
            target_key=target_key,
            target_version=target_version,
            on_date=on_date,
            status=status,
            note=note,
            author=author,
            created_at=datetime.now(),
        )
    )
    return int(result.inserted_primary_key[0])


def status_rows(conn: Connection, target_keys: list[str] | None = None) -> list[StatusRow]:
    """Status updates, oldest first (by date, then by when they were written), of the given targets."""
    s = target_status.c
    query = select(target_status).order_by(s.target_key, s.on_date, s.id)
    if target_keys is not None:
        query = query.where(s.target_key.in_(sorted(set(target_keys))))
    return [StatusRow(**dict(r._mapping)) for r in conn.execute(query)]


@dataclass(frozen=True)
class ExplanationRow:
    id: int
    period: str
    kpi: str
    team: str | None
    municipality: str | None
    text: str
    author: str
    created_at: datetime


def insert_explanation(
    conn: Connection, period: str, kpi: str, team: str | None, municipality: str | None, text: str, author: str
) -> int:
    result = conn.execute(
        insert(explanations).values(
            period=period,
            kpi=kpi,
            team=team,
            municipality=municipality,
            text=text,
            author=author,
            created_at=datetime.now(),
        )
    )
    return int(result.inserted_primary_key[0])


def explanation_rows(conn: Connection, period: str) -> list[ExplanationRow]:
    """Every explanation written for ``period``, oldest first."""
    e = explanations.c
    query = select(explanations).where(e.period == period).order_by(e.id)
    return [ExplanationRow(**dict(r._mapping)) for r in conn.execute(query)]


def explanation_count(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(explanations)).scalar() or 0)


def plans_version(conn: Connection) -> str:
    """Changes whenever a target, a status, an explanation or a frozen report is written: a cache key."""
    from store.models import frozen_reports

    t = targets.c
    newest_target, superseded, withdrawn = conn.execute(
        select(func.max(t.id), func.count(t.superseded_at), func.count(t.withdrawn_at))
    ).one()
    others = [
        conn.execute(select(func.max(table.c.id))).scalar() for table in (target_status, explanations, frozen_reports)
    ]
    return "|".join(str(v) for v in (newest_target, superseded, withdrawn, *others))
