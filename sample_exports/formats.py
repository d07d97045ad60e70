"""Byte-exact, deterministic writing of xlsx, CSV and JSON, and the Dutch spellings of values."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.xml.functions import tostring

EXCEL_EPOCH = dt.date(1899, 12, 30)
BOLD = Font(bold=True)


def save_xlsx(wb: Workbook, path: Path, when: dt.datetime, creator: str) -> None:
    """Save ``wb`` with fixed document properties and fixed zip timestamps: same input, same bytes."""
    wb.properties.creator = creator
    wb.properties.lastModifiedBy = creator
    wb.properties.created = when
    wb.properties.modified = when
    buffer = io.BytesIO()
    wb.save(buffer)  # stamps properties.modified with the current time: core.xml is rewritten below
    buffer.seek(0)
    wb.properties.modified = when
    core = tostring(wb.properties.to_tree())
    path.parent.mkdir(parents=True, exist_ok=True)
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second - when.second % 2)
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            item = zipfile.ZipInfo(info.filename, date_time=stamp)
            item.compress_type = zipfile.ZIP_DEFLATED
            item.external_attr = 0o644 << 16
            item.create_system = 0
            out.writestr(item, core if info.filename == "docProps/core.xml" else src.read(info.filename))


def write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def csv_text(rows: list[list[str]], delimiter: str, lineterminator: str) -> str:
    """CSV with minimal quoting: fields with the separator, quotes or line breaks get quotes."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=lineterminator, quoting=csv.QUOTE_MINIMAL)
    writer.writerows(rows)
    return buffer.getvalue()


def json_bytes(obj: object, indent: int | None) -> bytes:
    separators = (",", ": ") if indent is not None else (",", ":")
    return (json.dumps(obj, ensure_ascii=False, indent=indent, separators=separators) + "\n").encode("utf-8")


def add_sheet_rows(
    ws: object, rows: list[list[object]], date_format: str = "dd-mm-yyyy", number_formats: dict[int, str] | None = None
) -> None:
    """Append rows; date cells get ``date_format``, numbers the format of their column (position)."""
    number_formats = number_formats or {}
    for row in rows:
        ws.append(row)
    for excel_row in ws.iter_rows(min_row=1, max_row=ws.max_row):
        for cell in excel_row:
            value = cell.value
            if isinstance(value, dt.datetime):
                cell.number_format = date_format + (" hh:mm" if value.hour or value.minute else "")
            elif isinstance(value, dt.date):
                cell.number_format = date_format
            elif isinstance(value, int | float) and not isinstance(value, bool):
                fmt = number_formats.get(cell.column - 1)
                if fmt:
                    cell.number_format = fmt


def excel_serial(d: dt.date) -> int:
    return (d - EXCEL_EPOCH).days


def nl_number(x: float, decimals: int = 2) -> str:
    """1234.5 -> '1.234,50'."""
    text = f"{x:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def nl_date(d: dt.date, style: str) -> str:
    if style == "d-m-yyyy":
        return f"{d.day}-{d.month}-{d.year}"
    if style == "dd/mm/yyyy":
        return d.strftime("%d/%m/%Y")
    if style == "iso":
        return d.isoformat()
    return d.strftime("%d-%m-%Y")


def iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d is not None else None
