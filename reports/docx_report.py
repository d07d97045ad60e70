"""A report as an editable Word document (python-docx): the same content as the workbook, with the charts as
images drawn without a browser (``reports.chart_images``), and the definitions in an appendix."""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocumentType
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from metrics.report_model import Number, Report, Section, Table
from reports.chart_images import png
from reports.files import normalise, stamp
from reports.text import cell_text
from ui.format import day

TABLE_STYLE = "Light Grid Accent 1"


def _landscape(document: DocumentType) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.8))


def _table(document: DocumentType, table: Table) -> None:
    document.add_paragraph(table.title, style="Heading 3")
    grid = document.add_table(rows=1, cols=len(table.columns))
    grid.style = TABLE_STYLE
    for cell, title in zip(grid.rows[0].cells, table.columns, strict=True):
        cell.text = title
    for values in table.rows:
        cells = grid.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            cell.text = cell_text(value)
            if isinstance(value, Number):
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for row in grid.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(8)


def _section(document: DocumentType, section: Section) -> None:
    document.add_heading(section.title, level=1)
    for paragraph in section.paragraphs:
        document.add_paragraph(paragraph)
    for table in section.tables:
        _table(document, table)
    for chart in section.charts:
        document.add_picture(io.BytesIO(png(chart)), width=Cm(16))
        document.add_paragraph(f"Grafiek: {chart.title}", style="Caption")


def _front(document: DocumentType, report: Report) -> None:
    document.add_heading(report.title, level=0)
    document.add_paragraph(report.organisation)
    lines = [
        ("Periode", report.period.label),
        ("Peildatum", day(report.reference_date)),
        ("Gegevens t/m", day(report.data_through)),
        ("Filters", report.filters),
        ("Status", report.status),
        *report.summary,
    ]
    grid = document.add_table(rows=0, cols=2)
    grid.style = TABLE_STYLE
    for label, text in lines:
        cells = grid.add_row().cells
        cells[0].text, cells[1].text = label, text
    document.add_heading("Voetnoten", level=2)
    for note in report.footnotes:
        document.add_paragraph(note)


def _appendix(document: DocumentType, report: Report) -> None:
    document.add_page_break()
    document.add_heading("Bijlage: definities", level=1)
    for d in report.definitions:
        document.add_paragraph(f"{d.label} ({d.code})", style="Heading 3")
        document.add_paragraph(d.definition)
        document.add_paragraph(f"Eenheid: {d.unit}; richting: {d.direction}.")


def document(report: Report) -> DocumentType:
    doc = Document()
    _landscape(doc)
    _front(doc, report)
    for section in report.sections:
        doc.add_page_break()
        _section(doc, section)
    _appendix(doc, report)
    props = doc.core_properties
    when = stamp(report.reference_date)
    props.title, props.author, props.last_modified_by = report.title, report.organisation, report.organisation
    props.subject, props.keywords, props.comments = report.filters, report.kind, report.status
    props.created = props.modified = props.last_printed = when
    props.revision = 1
    props.language = "nl-NL"
    return doc


def render(report: Report) -> bytes:
    buffer = io.BytesIO()
    document(report).save(buffer)
    return normalise(buffer.getvalue(), stamp(report.reference_date))
