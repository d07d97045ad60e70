"""Dutch text and Excel number formats for the cells of a report."""

from __future__ import annotations

from datetime import date, datetime

from metrics.registry import Unit
from metrics.report_model import Cell, Number
from ui.format import MISSING, day
from ui.format import number as dutch_number


def number_text(n: Number) -> str:
    """``87,3%``, ``12 dagen``, ``≥ 90%``, ``1.234``; the suppression text (``<5``, ``–``) as it is."""
    if n.shown.text is not None:
        return n.shown.text
    if n.value is None:
        return MISSING
    text = dutch_number(n.value, n.decimals)
    if n.unit is Unit.PERCENT:
        text += "%"
    elif n.unit is Unit.DAYS:
        text += " dagen"
    return n.prefix + text


def cell_text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, Number):
        return number_text(cell)
    if isinstance(cell, datetime | date):
        return day(cell)
    return str(cell)


def excel_format(n: Number) -> str:
    """An Excel number format that shows the value as ``number_text`` does (Excel's own locale supplies the
    Dutch separators: ``#,##0.0`` shows as ``1.234,5`` in a Dutch Excel)."""
    text = "#,##0" if n.decimals == 0 else "#,##0." + "0" * n.decimals
    if n.unit is Unit.PERCENT:
        text += '"%"'
    elif n.unit is Unit.DAYS:
        text += '" dagen"'
    if n.prefix:
        text = f'"{n.prefix}"{text}'
    return text


def axis_format(unit: Unit) -> str:
    return '0"%"' if unit is Unit.PERCENT else "#,##0"
