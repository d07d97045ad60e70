"""Reading export files into sheets of raw cells: Excel (xlsx, xlsm, xls, ods) and CSV in its Dutch variants.

A reader does not know datasets; it offers each sheet's first rows (for detection and the title block)
and loads the rows below a chosen header row as a DataFrame of raw cells.
"""

from __future__ import annotations

import csv
import html
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from connectors.model import RejectedFile

HEAD_ROWS = 40
TOTAL_WORDS = ("totaal", "eindtotaal", "subtotaal", "totalen", "generaal totaal", "aantal records")


@dataclass
class Block:
    """The rows below a header row: raw cells by column position, with each row's number in the file."""

    headers: list[str]
    frame: pd.DataFrame  # columns 0..n-1, raw cells (str for CSV; str/float/date for Excel)
    rows: np.ndarray  # 1-based row number in the file per frame row
    totals_rows: list[int]  # row numbers of totals rows that were left out
    note_rows: list[int] = field(default_factory=list)  # row numbers of note lines below the table, left out
    # CSV row -> its number of fields, more than the header's (the text is not kept: it may hold a name)
    malformed: dict[int, int] = field(default_factory=dict)


@dataclass
class Sheet:
    name: str | None  # None for CSV
    head: list[list[object]]
    load: Callable[[int], Block]
    hidden: bool = False  # an Excel sheet hidden in the workbook (an old copy, a lookup list)


_NOT_BLANK = re.compile(rb"\S")  # the ASCII whitespace of bytes.strip()


def _blank_from(data: bytes, start: int = 0) -> bool:
    """Whether ``data`` holds only whitespace from ``start`` on; without copying (an export may be 100 MB)."""
    return _NOT_BLANK.search(data, start) is None


def _magic_problem(data: bytes, file_name: str) -> str | None:
    if _blank_from(data):
        return f"{file_name}: het bestand is leeg."
    if data.startswith(b"%PDF"):
        return (
            f"{file_name}: dit is een PDF-bestand, geen Excel- of CSV-export. "
            "Exporteer de lijst opnieuw als Excel of CSV."
        )
    if (
        data.startswith(b"\xd0\xcf\x11\xe0")
        and b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k" in data
    ):
        return (
            f"{file_name}: het Excel-bestand is beveiligd met een wachtwoord. Sla het op zonder wachtwoord "
            "en importeer het opnieuw."
        )
    return None


def read(data: bytes, file_name: str) -> tuple[str, list[Sheet]]:
    """(source format, sheets) of an Excel or CSV file; raises RejectedFile for unreadable files."""
    problem = _magic_problem(data, file_name)
    if problem:
        raise RejectedFile(problem, code="bestand_onleesbaar")
    suffix = file_name.lower().rsplit(".", 1)[-1] if "." in file_name else ""
    if data.startswith(b"PK\x03\x04"):
        return suffix if suffix in {"xlsx", "xlsm", "ods"} else "xlsx", _excel_sheets(data, file_name)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls", _excel_sheets(data, file_name)
    if suffix in {"xlsx", "xlsm", "xls", "ods"}:
        raise RejectedFile(
            f"{file_name}: het bestand heeft de extensie .{suffix} maar is geen (leesbaar) Excel-bestand; "
            "mogelijk is het beschadigd of hernoemd.",
            code="bestand_onleesbaar",
        )
    return "csv", [_csv_sheet(data, file_name)]


# ---------------------------------------------------------------- Excel


def _excel_sheets(data: bytes, file_name: str) -> list[Sheet]:
    from python_calamine import CalamineWorkbook, SheetVisibleEnum

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except (zipfile.BadZipFile, Exception) as exc:  # noqa: BLE001 - calamine raises its own error types
        raise RejectedFile(
            f"{file_name}: het Excel-bestand kan niet worden gelezen (beschadigd of geen echt Excel-bestand). "
            f"Technische melding: {exc}",
            code="bestand_onleesbaar",
        ) from None
    sheets = []
    errors = _error_cells(data)
    hidden = {m.name for m in workbook.sheets_metadata if m.visible != SheetVisibleEnum.Visible}
    for name in workbook.sheet_names:
        try:
            rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
        except Exception as exc:  # noqa: BLE001
            raise RejectedFile(
                f"{file_name}, blad '{name}': het blad kan niet worden gelezen ({exc}).", code="bestand_onleesbaar"
            ) from None
        for row, column, text in errors.get(name, ()):
            if row < len(rows) and column < len(rows[row]):
                rows[row][column] = text
        sheets.append(Sheet(name=name, head=rows[:HEAD_ROWS], load=_excel_loader(rows), hidden=name in hidden))
    return sheets


_ERROR_CELL = re.compile(rb'<c r="([A-Z]+)([0-9]+)"[^>]*?t="e"[^>]*>(?:<f[^<]*(?:</f>)?)?<v>([^<]*)</v>')
_ELEMENT = {tag: re.compile(rb"<" + tag + rb"\b[^>]*>") for tag in (b"sheet", b"Relationship")}


def _attributes(xml: bytes, tag: bytes, *names: bytes) -> list[tuple[str, ...]]:
    """The attributes ``names`` of every ``tag`` element, in whatever order the writer put them."""
    found = []
    for element in _ELEMENT[tag].findall(xml):
        values = [re.search(rb'\s' + re.escape(n) + rb'="([^"]*)"', element) for n in names]
        if all(values):
            found.append(tuple(html.unescape(v.group(1).decode()) for v in values if v))
    return found


def _error_cells(data: bytes) -> dict[str, list[tuple[int, int, str]]]:
    """Per sheet name: the (row, column, error text) of cells holding an Excel error (``#DIV/0!``, ``#N/B``).

    calamine reads such a cell as an empty string, and an empty cell overwrites a stored value (the merge
    rule); as its error text it is a value that cannot be parsed, a row error, as in a CSV export. Only
    .xlsx files are looked into, and a sheet without ``t="e"`` costs one search."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        with_errors = {}
        for part in archive.namelist():  # one sheet in memory at a time: a large one is tens of megabytes
            if re.fullmatch(r"xl/worksheets/[^/]+\.xml", part) and b't="e"' in (xml := archive.read(part)):
                with_errors[part] = xml
        if not with_errors:
            return {}
        targets = dict(_attributes(archive.read("xl/_rels/workbook.xml.rels"), b"Relationship", b"Id", b"Target"))
        names = {
            "xl/" + targets[rid].removeprefix("/xl/").removeprefix("xl/"): name
            for name, rid in _attributes(archive.read("xl/workbook.xml"), b"sheet", b"name", b"r:id")
            if rid in targets
        }
    except (zipfile.BadZipFile, KeyError, UnicodeDecodeError):
        return {}
    found: dict[str, list[tuple[int, int, str]]] = {}
    for part, xml in with_errors.items():
        if part in names:
            found[names[part]] = [
                (int(row) - 1, _column_index(letters.decode()), html.unescape(text.decode()))
                for letters, row, text in _ERROR_CELL.findall(xml)
            ]
    return found


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1


def _excel_loader(rows: list[list[object]]) -> Callable[[int], Block]:
    def load(header_index: int) -> Block:
        headers = [_header_text(c) for c in rows[header_index]]
        body = rows[header_index + 1 :]
        width = len(headers)
        if not all(len(r) == width for r in body):  # calamine gives every row the sheet's width; else pad or cut
            body = [r[:width] + [""] * (width - len(r)) for r in body]
        # Column by column (a transposition in C) rather than a frame from a list of rows: a third of the time.
        columns = list(zip(*body, strict=True)) if body else [() for _ in range(width)]
        frame = pd.DataFrame({i: np.array(c, dtype=object) for i, c in enumerate(columns)}, index=range(len(body)))
        numbers = np.arange(header_index + 2, header_index + 2 + len(body))
        return _trim(headers, frame, numbers)

    return load


def _header_text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return " ".join(str(cell).split())


# ---------------------------------------------------------------- CSV


def _utf8(data: bytes) -> bytes:
    """The file as UTF-8 bytes without a BOM (Windows-1252 and UTF-16 files, Excel's "Unicode text", are
    converted)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            pass  # not UTF-16 after all: read on as below
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace").encode("utf-8")
    return data


def _separator(lines: list[str]) -> tuple[str, int]:
    """(separator, lines to skip) from an Excel ``sep=`` hint, else the candidate that lines the first lines
    up best (see :func:`_regularity`)."""
    if lines and lines[0].strip().lower().startswith("sep=") and len(lines[0].strip()) >= 5:
        return lines[0].strip()[4], 1
    head = [line for line in lines[:HEAD_ROWS] if line.strip()]
    scores = {sep: _regularity(head, sep) for sep in (";", ",", "\t", "|")}
    best = max(scores, key=lambda s: scores[s])
    return (best if scores[best] > (0, 0, 0) else ";"), 0


def _regularity(lines: list[str], sep: str) -> tuple[int, int, int]:
    """How well ``sep`` splits the first lines into a table: the number of lines that share the most common
    field count of at least two, that count, and the separator's occurrences. A title or filter line full
    of commas above a ';' table, or decimal commas in its values, does not make ',' win: the header and
    the rows only line up with the separator they were written with."""
    widths: dict[int, int] = {}
    for record in csv.reader(io.StringIO("\n".join(lines)), delimiter=sep):
        if len(record) >= 2:
            widths[len(record)] = widths.get(len(record), 0) + 1
    if not widths:
        return 0, 0, 0
    width = max(widths, key=lambda w: (widths[w], w))
    return widths[width], width, sum(line.count(sep) for line in lines)


def _line_start(body: bytes, index: int) -> int:
    """Byte offset of line ``index`` (0-based, lines end in LF or CRLF)."""
    pos = 0
    for _ in range(index):
        nxt = body.find(b"\n", pos)
        if nxt < 0:
            return len(body)
        pos = nxt + 1
    return pos


def _csv_sheet(data: bytes, file_name: str) -> Sheet:
    body = _utf8(data)
    if b"\x00" in body[:4096]:
        raise RejectedFile(
            f"{file_name}: dit is geen tekst- of CSV-bestand (binaire inhoud). Exporteer de lijst als Excel of CSV.",
            code="bestand_onleesbaar",
        )
    lines = [line.rstrip("\r") for line in body[:65536].decode("utf-8", errors="replace").split("\n")]
    sep, skip = _separator(lines)
    head = list(csv.reader(io.StringIO("\n".join(lines[skip : skip + HEAD_ROWS])), delimiter=sep))

    def load(header_index: int) -> Block:
        return _csv_block(body, sep, _record_line(lines[skip:], sep, header_index), skip, file_name)

    return Sheet(name=None, head=head, load=load)


def _record_line(lines: list[str], sep: str, index: int) -> tuple[int, int, int]:
    """(record number, its first physical line, the line after it): a quoted line break spans lines."""
    reader = csv.reader(iter(lines), delimiter=sep)
    for _ in range(index):
        next(reader, None)
    first = reader.line_num
    next(reader, None)
    return index, first, reader.line_num


def _csv_block(body: bytes, sep: str, header: tuple[int, int, int], skipped: int, file_name: str) -> Block:
    import pyarrow as pa
    from pyarrow import csv as pacsv

    header_index, first_line, next_line = header
    start = _line_start(body, skipped + first_line)
    end = _line_start(body, skipped + next_line)
    header_line = body[start:end].decode("utf-8", errors="replace").rstrip("\r\n")
    headers = [_header_text(h) for h in next(csv.reader(io.StringIO(header_line, newline=""), delimiter=sep), [])]
    names = [f"c{i}" for i in range(len(headers))]
    invalid_rows: list[int] = []

    def on_invalid(_row: pacsv.InvalidRow) -> str:
        invalid_rows.append(1)
        return "skip"

    first = header_index + skipped + 2
    if _blank_from(body, end):  # a header row and nothing below it (pyarrow would say "Empty CSV file")
        return _csv_block_by_row(headers, b"", sep, first)
    try:
        table = pacsv.read_csv(
            pa.BufferReader(pa.py_buffer(body).slice(end)),
            read_options=pacsv.ReadOptions(column_names=names, block_size=1 << 24),
            parse_options=pacsv.ParseOptions(delimiter=sep, newlines_in_values=True, invalid_row_handler=on_invalid),
            convert_options=pacsv.ConvertOptions(
                column_types={n: pa.string() for n in names},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except pa.ArrowInvalid as exc:
        raise RejectedFile(
            f"{file_name}: het CSV-bestand kan niet worden gelezen ({exc}).", code="bestand_onleesbaar"
        ) from None
    if invalid_rows or _INNER_BLANK_LINE.search(body, max(end - 1, 0)):
        # pyarrow skips blank lines (the row numbers after them would shift) and rows with another number
        # of fields than the header; such files are read row by row instead
        return _csv_block_by_row(headers, body[end:], sep, first)
    frame = pd.DataFrame({i: pd.Series(table.column(n), dtype="string[pyarrow]") for i, n in enumerate(names)})
    numbers = np.arange(first, first + len(frame))
    return _trim(headers, frame, numbers)


_INNER_BLANK_LINE = re.compile(rb"\n\r?\n\s*\S")


def _csv_block_by_row(headers: list[str], data: bytes, sep: str, first: int) -> Block:
    """Rows with fewer fields than the header get empty cells; rows with more (filled) fields are malformed."""
    width = len(headers)
    reader = csv.reader(io.StringIO(data.decode("utf-8", errors="replace"), newline=""), delimiter=sep)
    records: list[list[str]] = []
    numbers: list[int] = []
    malformed: dict[int, int] = {}
    for number, record in enumerate(reader, start=first):
        if len(record) > width and any(cell.strip() for cell in record[width:]):
            malformed[number] = len(record)
            continue
        records.append(record[:width] + [""] * (width - len(record)))
        numbers.append(number)
    columns = {i: pd.Series([r[i] for r in records], dtype="string[pyarrow]") for i in range(width)}
    frame = pd.DataFrame(columns, index=range(len(records)))
    block = _trim(headers, frame, np.array(numbers, dtype=int))
    block.malformed = malformed
    return block


# ---------------------------------------------------------------- shared


def _cell_empty(values: pd.Series) -> np.ndarray:
    if values.dtype == object:
        return values.map(lambda v: v is None or (isinstance(v, str) and not v.strip())).to_numpy(bool)
    return (values.isna() | values.astype("string").str.strip().eq("")).to_numpy(dtype=bool, na_value=True)


def _blank(frame: pd.DataFrame) -> np.ndarray:
    """Rows in which every cell is empty."""
    empty = np.ones(len(frame), dtype=bool)
    for col in frame.columns:
        empty &= _cell_empty(frame[col])
        if not empty.any():
            break
    return empty


def _folded_starts(texts: pa.Array, words: tuple[str, ...]) -> np.ndarray:
    """``fold(text).startswith(words)`` for every text, in Arrow's compute kernels: a key column has as many
    distinct values as rows, too many for ``fold``'s cache, and folding them one by one took a sixth of
    an Excel import."""
    folded = pc.replace_substring_regex(pc.utf8_normalize(texts, form="NFKD"), r"\p{Mn}", "")
    folded = pc.utf8_ltrim(pc.replace_substring_regex(pc.utf8_lower(folded), r"[^0-9a-z%]+", " "), characters=" ")
    hits = np.zeros(len(texts), dtype=bool)
    for word in words:
        hits |= pc.fill_null(pc.starts_with(folded, word), False).to_numpy(zero_copy_only=False)
    return hits


def _totals(values: pd.Series) -> np.ndarray:
    """Cells that open a totals row (``Totaal``, ``Eindtotaal``), compared as ``fold`` compares."""
    if values.dtype == object:
        is_text = values.map(lambda v: isinstance(v, str)).to_numpy(bool)
        hits = np.zeros(len(values), dtype=bool)
        if is_text.any():
            hits[is_text] = _folded_starts(pa.array(values[is_text].tolist(), pa.string()), TOTAL_WORDS)
        return hits
    return _folded_starts(pa.array(values.astype("string"), pa.string()), TOTAL_WORDS)


def _plainly_empty(values: pd.Series) -> np.ndarray:
    """Cells that are missing or the empty string (column-wise, without a call per cell)."""
    if values.dtype == object:
        cells = values.to_numpy()
        return pd.isna(cells) | (cells == "")
    return values.isna().to_numpy(dtype=bool) | values.eq("").to_numpy(dtype=bool, na_value=True)


def _trim(headers: list[str], frame: pd.DataFrame, numbers: np.ndarray) -> Block:
    """Leave out blank rows and totals rows (``Totaal``, ``Eindtotaal``) at the bottom or anywhere.

    The label stands in the first or second column, or in the first filled cell of the row (a report
    grouped by team and municipality puts it under the column it totals).
    """
    keep = ~_blank(frame)
    totals: list[int] = []
    pending = np.ones(len(frame), dtype=bool)  # rows whose cells so far are all empty
    for i, col in enumerate(frame.columns):
        if i >= 2 and not (pending & keep).any():
            break
        is_total = _totals(frame[col]) & (pending if i >= 2 else True)
        totals.extend(int(n) for n in numbers[is_total & keep])
        keep &= ~is_total
        pending &= _plainly_empty(frame[col])
    notes = _notes_below(frame, keep)
    keep[notes] = False
    return Block(
        headers=headers, frame=frame[keep].reset_index(drop=True), rows=numbers[keep], totals_rows=totals,
        note_rows=[int(numbers[i]) for i in sorted(notes)],
    )  # fmt: skip


NOTE_LINES = 5  # at most this many note lines below a table (``Bron: Stratech``, ``* voorlopige cijfers``)


def _notes_below(frame: pd.DataFrame, keep: np.ndarray) -> list[int]:
    """Positions of note lines at the bottom of the table: rows with a single filled cell holding words, below
    rows that fill several cells. (A note line in a waiting list would otherwise be a case.)"""
    kept = np.flatnonzero(keep)
    if len(frame.columns) < 2 or len(kept) < 2:
        return []
    positions = kept[-50:]
    tail = frame.iloc[positions]
    filled = ~np.column_stack([_cell_empty(tail[col]) for col in tail.columns])  # as _blank reads a cell
    counts = filled.sum(axis=1)
    if float(np.median(counts)) < 2:
        return []
    notes: list[int] = []
    for pos in range(len(tail) - 1, max(len(tail) - 1 - NOTE_LINES, 0), -1):
        if counts[pos] != 1 or " " not in str(tail.iat[pos, int(np.flatnonzero(filled[pos])[0])]).strip():
            break
        notes.append(int(positions[pos]))
    return notes
