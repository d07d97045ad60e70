"""The tracking system's own caseload and waiting-list snapshots, counted per group (for reconciliation)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import Connection, case, delete, func, insert, literal, select, update

from store.models import DATASET_TABLES, findings
from store.queries.filters import Dim, Scope, scope_clause

SNAPSHOTS = ("caseload", "waitlist")


def snapshot_dates(conn: Connection, dataset: str) -> list[date]:
    """The reference dates for which ``dataset`` (``caseload`` or ``waitlist``) holds a snapshot."""
    table = DATASET_TABLES[dataset]
    return [r[0] for r in conn.execute(select(table.c.as_of).distinct().order_by(table.c.as_of))]


def snapshot_counts(
    conn: Connection, dataset: str, as_of: date, dim: Dim | None, scope: Scope
) -> dict[str | None, int]:
    """Cases per group in the snapshot of ``as_of``.

    A caseload row names one case, or (a pre-counted table) carries ``case_count`` without a case id.
    """
    if dataset not in SNAPSHOTS:
        raise ValueError(dataset)
    table = DATASET_TABLES[dataset]
    t = table.c
    if dim is not None and dim.value not in t:
        raise KeyError(f"{dataset} has no {dim.value}")
    key = t[dim.value].label("k") if dim is not None else literal(None).label("k")
    if dataset == "caseload":
        amount = func.sum(case((t.case_id.is_not(None), 1), else_=func.coalesce(t.case_count, 0)))
    else:
        amount = func.count(t.case_id)
    query = select(key, amount.label("n")).where(t.as_of == as_of, scope_clause(scope, t.team, t.municipality))
    if dim is not None:
        query = query.group_by(t[dim.value])
    return {r.k: int(r.n or 0) for r in conn.execute(query) if r.n is not None}


def replace_reconciliation_findings(
    conn: Connection, rows: list[dict], cleared: Sequence[tuple[str, str]] = ()
) -> int:
    """Store reconciliation differences in ``findings`` (the data-quality list), replacing open ones.

    Each row: ``dataset``, ``code``, ``record_key`` (date and group), ``value``, ``message``. An open
    finding with the same code and key is replaced, so running the reconciliation twice adds nothing.
    ``cleared`` names (code, key) pairs whose difference is gone: their open findings are resolved.
    """
    f = findings.c
    now = datetime.now().replace(microsecond=0)
    for row in rows:
        conn.execute(
            delete(findings).where(
                f.code == row["code"], f.record_key == row["record_key"], f.resolved_at.is_(None)
            )
        )
    for code, key in cleared:
        conn.execute(
            update(findings)
            .where(f.code == code, f.record_key == key, f.resolved_at.is_(None))
            .values(resolved_at=now)
        )
    if rows:
        conn.execute(
            insert(findings),
            [{"batch_id": None, "severity": "melding", "created_at": now, **row} for row in rows],
        )
    return len(rows)
