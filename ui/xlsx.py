"""Excel writing that is safe and Dutch: text stays text, numbers stay numbers with Dutch display formats.

Imported text can start with ``=``, ``+``, ``-`` or ``@`` (``=HYPERLINK(...)`` in a consultant field):
Excel would run it as a formula. :func:`put` writes every string as a string cell with Excel's quote
prefix, so no imported text can become a formula, whatever writes the workbook (tables here, the council
and annual reports elsewhere).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBER_FORMATS = {
    "int": "#,##0",
    "one": "#,##0.0",
    "two": "#,##0.00",
    "percent": '0.0"%"',
    "date": "DD-MM-YYYY",
}
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
HEADER_FONT = Font(bold=True, color="FFFFFF")


def put(cell: Cell, value: object, number_format: str | None = None) -> Cell:
    """Write ``value``; strings never become formulas, dates get a Dutch date format."""
    if isinstance(value, str):
        cell.value = value
        cell.data_type = "s"  # openpyxl would otherwise store "=..." as a formula
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
        return cell
    cell.value = value
    if isinstance(value, datetime | date):
        cell.number_format = "DD-MM-YYYY HH:MM" if isinstance(value, datetime) else NUMBER_FORMATS["date"]
    elif number_format is not None:
        cell.number_format = number_format
    return cell


def write_table(
    sheet: Worksheet,
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    start_row: int = 1,
    formats: dict[int, str] | None = None,
) -> int:
    """A header row and the rows below it; returns the next free row."""
    for col, header in enumerate(headers, start=1):
        cell = put(sheet.cell(row=start_row, column=col), header)
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    row_number = start_row
    widths = [len(h) for h in headers]
    for row_number, row in enumerate(rows, start=start_row + 1):
        for col, value in enumerate(row, start=1):
            put(sheet.cell(row=row_number, column=col), value, (formats or {}).get(col - 1))
            widths[col - 1] = max(widths[col - 1], min(len(str(value)) if value is not None else 0, 50))
    for col, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = max(10, width + 2)
    sheet.freeze_panes = sheet.cell(row=start_row + 1, column=1)
    return row_number + 1


def table_workbook(
    title: str, headers: Sequence[str], rows: Iterable[Sequence[object]], notes: Sequence[str] = (),
    formats: dict[int, str] | None = None,
) -> bytes:
    """One sheet: the title and notes above the table; as xlsx bytes for a download."""
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    put(sheet.cell(row=1, column=1), title).font = Font(bold=True, size=14)
    for offset, note in enumerate(notes, start=2):
        put(sheet.cell(row=offset, column=1), note)
    write_table(sheet, headers, rows, start_row=len(notes) + 3, formats=formats)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
