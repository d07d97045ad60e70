"""Reading the report files back for the tests: every cell of a workbook, the text of a Word document."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime

from docx import Document
from docx.table import Table
from openpyxl import load_workbook


def _json_value(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def workbook_cells(data: bytes) -> dict[str, dict]:
    """Per sheet: every non-empty cell as [coordinate, value, data type, number format], and how many native
    charts the sheet has (openpyxl does not read charts back, so they are counted in the zip)."""
    book = load_workbook(io.BytesIO(data))
    archive = zipfile.ZipFile(io.BytesIO(data))
    out: dict[str, dict] = {}
    for index, sheet in enumerate(book.worksheets, start=1):
        cells = [
            [c.coordinate, _json_value(c.value), c.data_type, c.number_format]
            for row in sheet.iter_rows()
            for c in row
            if c.value is not None
        ]
        rels = f"xl/worksheets/_rels/sheet{index}.xml.rels"
        drawing = re.search(r'Target="[./]*(?:xl/)?drawings/(drawing\d+\.xml)"', archive.read(rels).decode()) if (
            rels in archive.namelist()
        ) else None  # fmt: skip
        charts = 0
        if drawing:
            charts = archive.read(f"xl/drawings/_rels/{drawing.group(1)}.rels").decode().count('relationships/chart"')
        out[sheet.title] = {"cells": cells, "charts": charts}
    return out


def string_cells(data: bytes) -> list:
    book = load_workbook(io.BytesIO(data))
    return [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]


def document_text(data: bytes) -> str:
    """The document's paragraphs and table rows in order (cells joined by `` | ``), and its images."""
    doc = Document(io.BytesIO(data))
    lines = []
    for block in doc.iter_inner_content():
        if isinstance(block, Table):
            lines += [" | ".join(cell.text for cell in row.cells) for row in block.rows]
        elif block.text.strip():
            lines.append(f"[{block.style.name}] {block.text}")
    images = sum(1 for rel in doc.part.rels.values() if "image" in rel.reltype)
    props = doc.core_properties
    lines.append(f"[afbeeldingen] {images}")
    lines.append(f"[eigenschappen] {props.title} | {props.author} | {props.created} | {props.modified}")
    return "\n".join(lines) + "\n"


def document_tables(data: bytes) -> list[list[list[str]]]:
    doc = Document(io.BytesIO(data))
    return [[[cell.text for cell in row.cells] for row in table.rows] for table in doc.tables]
