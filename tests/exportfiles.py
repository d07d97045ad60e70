"""Small builders for export files in tests: Excel workbooks and CSV text, as real exports look."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import openpyxl
from openpyxl.cell.cell import TYPE_STRING

from store import db, gateway


def xlsx(path: Path, sheets: dict[str, Sequence[Sequence[object]]]) -> Path:
    """A workbook with the given sheets; text cells stay text (a leading '=' is not made a formula)."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is None:
                    continue
                cell = ws.cell(row=r, column=c, value=value)
                if isinstance(value, str):
                    cell.data_type = TYPE_STRING
    wb.save(path)
    return path


def csv_file(path: Path, text: str, encoding: str = "utf-8", newline: str = "\r\n") -> Path:
    path.write_bytes(text.replace("\n", newline).encode(encoding))
    return path


def rows(url: str, dataset: str) -> list[dict]:
    return gateway.table_rows(db.ready_engine(url), dataset)


def by_key(url: str, dataset: str = "cases", key: str = "case_id") -> dict[str, dict]:
    return {r[key]: r for r in rows(url, dataset)}


def snapshot(url: str) -> dict[str, list[dict]]:
    """Every dataset table's rows without bookkeeping columns: to compare database states."""
    from store.schema import DATASETS

    out = {}
    for name in DATASETS:
        out[name] = [
            {k: v for k, v in r.items() if k not in ("batch_id", "created_batch_id", "id")} for r in rows(url, name)
        ]
    return out
