"""Helpers for the metrics tests: tiny fixture rows straight into the store tables (SQLAlchemy Core)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import insert, update

from metrics.compute import KpiResult
from store import db
from store.models import DATASET_TABLES
from store.schema import DATASETS, DatasetKind


def d(text: str) -> date:
    """``d("2025-04-28")``."""
    return date.fromisoformat(text)


def _complete(dataset: str, row: dict) -> dict:
    table = DATASET_TABLES[dataset]
    full = {c.name: None for c in table.columns if c.name in DATASETS[dataset].field_names}
    full.update({k: (d(v) if isinstance(v, str) and _is_date(dataset, k) else v) for k, v in row.items()})
    full.setdefault("batch_id", 0)
    if DATASETS[dataset].kind is DatasetKind.RECORD:
        full.setdefault("created_batch_id", 0)
        full["batch_id"] = full["batch_id"] if full["batch_id"] is not None else 0
    return full


def _is_date(dataset: str, column: str) -> bool:
    from store.schema import Kind

    ds = DATASETS[dataset]
    return column in ds.field_names and ds.field(column).kind is Kind.DATE


def insert_rows(url: str, dataset: str, rows: Iterable[dict]) -> None:
    """Insert ``rows`` (ISO text accepted for dates) with batch_id 0 and created_batch_id 0."""
    prepared = [_complete(dataset, r) for r in rows]
    if not prepared:
        return
    with db.get_engine(url).begin() as conn:
        conn.execute(insert(DATASET_TABLES[dataset]), prepared)


def case(case_id: str, registered_on: str, **values: object) -> dict:
    """A case row with the sample installation's first team and municipality unless given."""
    row: dict = {
        "case_id": case_id,
        "registered_on": registered_on,
        "team": "Schuldhulp Noord",
        "municipality": "9901",
        "consultant": "Consulent A",
    }
    row.update(values)
    return row


def rewrite_case(url: str, case_id: str, batch_id: int, **values: object) -> None:
    """What a later import does to a case: overwrite columns and set a new batch_id."""
    cases = DATASET_TABLES["cases"]
    converted = {k: (d(v) if isinstance(v, str) and _is_date("cases", k) else v) for k, v in values.items()}
    with db.get_engine(url).begin() as conn:
        conn.execute(update(cases).where(cases.c.case_id == case_id).values(batch_id=batch_id, **converted))


def by_kpi(results: Iterable[KpiResult]) -> dict[str, KpiResult]:
    """Results of a computation without breakdown, by KPI id."""
    out: dict[str, KpiResult] = {}
    for r in results:
        assert r.kpi not in out, f"{r.kpi} twice"
        out[r.kpi] = r
    return out
