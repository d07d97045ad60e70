"""A report as an Excel workbook: a readable front sheet, one sheet per section, native Excel charts, an
appendix with the definitions. Numbers stay numbers with Dutch display formats; every text goes through
``ui.xlsx.put``, so no imported text (a name, an explanation) can become a formula."""

from __future__ import annotations

import io
import re
import zipfile

from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from metrics.report_model import Cell, Chart, ChartKind, Number, Report, Section, Table
from reports.files import normalise, stamp
from reports.text import axis_format, cell_text, excel_format
from ui.xlsx import HEADER_FILL, HEADER_FONT, put

TITLE_FONT = Font(bold=True, size=16)
HEADING_FONT = Font(bold=True, size=12)
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
CHART_COLUMN_GAP = 2
CHART_ROWS = 16  # rows one chart takes on the sheet


def sheet_name(title: str, taken: set[str]) -> str:
    """An Excel sheet name: at most 31 characters, none of ``[]:*?/\\``, unique."""
    base = re.sub(r"[\[\]:*?/\\]", "-", title).strip()[:31] or "Blad"
    name, n = base, 2
    while name.lower() in taken:
        name = f"{base[: 31 - len(str(n)) - 1]} {n}"
        n += 1
    taken.add(name.lower())
    return name


def _write_cell(sheet: Worksheet, row: int, column: int, value: Cell) -> None:
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, Number):
        if value.shown.text is not None or value.value is None:
            put(cell, cell_text(value)).alignment = Alignment(horizontal="right")
        else:
            put(cell, value.value, excel_format(value))
        return
    put(cell, value)
    if isinstance(value, str) and len(value) > 40:
        cell.alignment = WRAP


def _table(sheet: Worksheet, table: Table, start: int) -> int:
    """Writes the table from row ``start``; returns the next free row."""
    put(sheet.cell(row=start, column=1), table.title).font = HEADING_FONT
    header = start + 1
    for column, title in enumerate(table.columns, start=1):
        cell = put(sheet.cell(row=header, column=column), title)
        cell.fill, cell.font, cell.alignment = HEADER_FILL, HEADER_FONT, WRAP
    for offset, values in enumerate(table.rows, start=1):
        for column, value in enumerate(values, start=1):
            _write_cell(sheet, header + offset, column, value)
    return header + len(table.rows) + 2


def _chart_data(sheet: Worksheet, chart: Chart, start: int, column: int) -> tuple[int, int]:
    """The chart's numbers as a small table (categories down, one column per series); (first, last) row."""
    put(sheet.cell(row=start, column=column), "Periode").font = BOLD
    for index, (name, _) in enumerate(chart.series, start=1):
        put(sheet.cell(row=start, column=column + index), name).font = BOLD
    for offset, category in enumerate(chart.categories, start=1):
        put(sheet.cell(row=start + offset, column=column), category)
        for index, (_, values) in enumerate(chart.series, start=1):
            value = values[offset - 1]
            if value is not None:
                put(sheet.cell(row=start + offset, column=column + index), value, axis_format(chart.unit))
    return start, start + len(chart.categories)


def _native_chart(sheet: Worksheet, chart: Chart, first: int, last: int, column: int) -> BarChart | LineChart:
    native = BarChart() if chart.kind is ChartKind.BAR else LineChart()
    native.title = chart.title
    native.height, native.width = 7.5, 16
    data = Reference(sheet, min_col=column + 1, max_col=column + len(chart.series), min_row=first, max_row=last)
    native.add_data(data, titles_from_data=True)
    native.set_categories(Reference(sheet, min_col=column, min_row=first + 1, max_row=last))
    native.y_axis.numFmt = axis_format(chart.unit)
    native.y_axis.scaling.min = 0
    native.x_axis.delete = False
    native.y_axis.delete = False
    native.legend.position = "b"
    return native


def _section(sheet: Worksheet, section: Section) -> None:
    put(sheet.cell(row=1, column=1), section.title).font = TITLE_FONT
    row = 2
    for paragraph in section.paragraphs:
        put(sheet.cell(row=row, column=1), paragraph).alignment = Alignment(wrap_text=False)
        row += 1
    row += 1
    width = max((len(t.columns) for t in section.tables), default=1)
    for table in section.tables:
        row = _table(sheet, table, row)
    if section.charts:
        put(sheet.cell(row=row, column=1), "Grafieken (de gegevens staan rechts ernaast)").font = HEADING_FONT
        row += 1
        data_column = width + CHART_COLUMN_GAP + 10
        for chart in section.charts:
            first, last = _chart_data(sheet, chart, row, data_column)
            sheet.add_chart(_native_chart(sheet, chart, first, last, data_column), f"A{row}")
            row += max(CHART_ROWS, last - first + 2)
    sheet.column_dimensions["A"].width = 38
    for column in range(2, width + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 16


def _front(sheet: Worksheet, report: Report, names: list[tuple[str, str]]) -> None:
    put(sheet.cell(row=1, column=1), report.title).font = TITLE_FONT
    put(sheet.cell(row=2, column=1), report.organisation)
    lines: list[tuple[str, object]] = [
        ("Periode", report.period.label),
        ("Peildatum", report.reference_date),
        ("Gegevens t/m", report.data_through),
        ("Filters", report.filters),
        ("Status", report.status),
        *report.summary,
    ]
    for offset, (label, value) in enumerate(lines, start=4):
        put(sheet.cell(row=offset, column=1), label).font = BOLD
        put(sheet.cell(row=offset, column=2), value)
    row = 5 + len(lines)
    put(sheet.cell(row=row, column=1), "Inhoud").font = HEADING_FONT
    for offset, (name, title) in enumerate(names, start=1):
        put(sheet.cell(row=row + offset, column=1), name)
        put(sheet.cell(row=row + offset, column=2), title)
    row += len(names) + 2
    put(sheet.cell(row=row, column=1), "Voetnoten").font = HEADING_FONT
    for offset, note in enumerate(report.footnotes, start=1):
        put(sheet.cell(row=row + offset, column=1), note)
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 90


def _definitions(sheet: Worksheet, report: Report) -> None:
    put(sheet.cell(row=1, column=1), "Bijlage: definities").font = TITLE_FONT
    rows = tuple((d.label, d.code, d.definition, d.unit, d.direction) for d in report.definitions)
    _table(sheet, Table("Definities van de cijfers", ("Cijfer", "Code", "Definitie", "Eenheid", "Richting"), rows), 3)
    for column, width in zip("ABCDE", (34, 28, 100, 18, 16), strict=True):
        sheet.column_dimensions[column].width = width


def workbook(report: Report) -> Workbook:
    book = Workbook()
    front = book.active
    taken: set[str] = set()
    front.title = sheet_name("Voorblad", taken)
    contents = []
    for section in report.sections:
        sheet = book.create_sheet(sheet_name(section.title, taken))
        _section(sheet, section)
        contents.append((sheet.title, section.paragraphs[0] if section.paragraphs else section.title))
    appendix = book.create_sheet(sheet_name("Bijlage definities", taken))
    _definitions(appendix, report)
    contents.append((appendix.title, "De definities van alle cijfers in dit rapport."))
    _front(front, report, contents)
    when = stamp(report.reference_date)
    props = book.properties
    props.title, props.creator, props.lastModifiedBy = report.title, report.organisation, report.organisation
    props.created = props.modified = when
    props.subject = report.filters
    return book


def render(report: Report) -> bytes:
    buffer = io.BytesIO()
    archive = zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    ExcelWriter(workbook(report), archive).save()  # (openpyxl's save_workbook would stamp "modified" with now)
    return normalise(buffer.getvalue(), stamp(report.reference_date))
