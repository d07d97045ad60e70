"""Helpers for the AppTest checks of single pages: run a page with query parameters, read its tables and charts,
and mark a tiny hand-made database as imported (a page shows "nog geen gegevens" without an import batch)."""

from __future__ import annotations

import json
from datetime import date, datetime

import pandas as pd
from sqlalchemy import insert
from streamlit.testing.v1 import AppTest

from store import db
from store.models import import_batches
from tests.conftest import ROOT

TIMEOUT = 60


def run(stem: str, **query: str) -> AppTest:
    app = AppTest.from_file(str(ROOT / "pages" / f"{stem}.py"), default_timeout=TIMEOUT)
    for key, value in query.items():
        app.query_params[key] = value
    return app.run()


def tables(app: AppTest) -> list[pd.DataFrame]:
    return [t.value for t in app.table]


def table_with(app: AppTest, column: str) -> pd.DataFrame:
    found = [t for t in tables(app) if column in t.columns]
    assert len(found) == 1, f"{len(found)} tabellen met kolom {column}: {[list(t.columns) for t in tables(app)]}"
    return found[0]


def charts(app: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in app.get("plotly_chart")]


def chart(app: AppTest, title_start: str) -> dict:
    found = [c for c in charts(app) if str(c["layout"].get("title", {}).get("text", "")).startswith(title_start)]
    assert len(found) == 1, [c["layout"].get("title", {}).get("text") for c in charts(app)]
    return found[0]


def texts(app: AppTest) -> str:
    parts = [m.value for m in app.markdown] + [c.value for c in app.caption] + [i.value for i in app.info]
    parts += [w.value for w in app.warning] + [s.value for s in app.subheader]
    return "\n".join(str(p) for p in parts)


def mark_imported(url: str, data_through: date = date(2025, 12, 31)) -> None:
    """One import batch, so the pages treat the database as holding data up to ``data_through``."""
    with db.get_engine(url).begin() as conn:
        conn.execute(
            insert(import_batches).values(
                created_at=datetime(2026, 1, 2, 7, 0), created_by="tester", file_name="test.xlsx", file_hash="0" * 64,
                dataset="cases", source_format="test", rows_read=0, rows_loaded=0, rows_rejected=0, findings=0,
                data_through=data_through, status="geladen",
            )
        )  # fmt: skip


def small_counts_in(frame: pd.DataFrame) -> list[str]:
    """Cells that show a count from 1 to 4 as a bare number (what the council must never see)."""
    return [str(v) for v in frame.to_numpy().ravel() if str(v).strip() in {"1", "2", "3", "4"}]
