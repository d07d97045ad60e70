"""What every connector hands to the loader: canonical tables, row errors and findings.

A connector turns one file into one or more ``ParsedTable``s (one per canonical dataset it fills),
with values already parsed into Python/pandas values of the column's kind:
DATE -> ``datetime.date`` (or None), BOOL -> bool/None, INT -> int/None, MONEY/FLOAT -> float/None,
CATEGORY -> canonical code str (or the raw text when unknown, with a finding), MUNICIPALITY -> four-digit
CBS code or the exported name, PSEUDONYM -> the raw identifier (the pipeline hashes it), TEXT -> str/None,
LIST -> comma-separated codes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from store.schema import Dataset


@dataclass(frozen=True)
class Issue:
    """A row error (severity "fout": the row is not loaded) or a data-quality finding ("melding")."""

    message: str  # Dutch, for people; names what is wrong and what to do
    code: str  # stable machine code, e.g. "datum_onleesbaar"
    severity: str = "fout"
    sheet: str | None = None
    row: int | None = None  # 1-based row number as the steward sees it in the file (None: whole file)
    column: str | None = None  # the header as it stands in the file
    value: str | None = None  # the raw value
    record_key: str | None = None

    def as_json(self) -> dict[str, object]:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "message": self.message,
            "code": self.code,
            "severity": self.severity,
        }


@dataclass
class ParsedTable:
    """Rows of one canonical dataset, parsed; ``rows`` holds each row's number in the file."""

    dataset: Dataset
    frame: pd.DataFrame  # columns: canonical field names present in the source
    rows: list[int]  # file row number per frame row (same length as frame)
    sheet: str | None = None
    headers: dict[str, str] = field(default_factory=dict)  # canonical field -> header as in the file
    json_records: bool = False  # rows are the records of the JSON list at ``sheet`` (a DDAS delivery)
    # rows whose values besides the key are all empty are no records, except to empty a stored one (guidance
    # column pairs)
    blank_is_absent: bool = False
    # comma lists of codes joined with the stored record's instead of replacing it (partner types of a case
    # whose delivery repeats only some of its signals)
    joined_columns: tuple[str, ...] = ()
    # column -> keys of the records whose value is a lower bound: a stored record keeps a larger stored
    # value (``Type signaal`` Meervoudig is "at least 2" signals); by key, as rows may be left out after
    at_least: dict[str, set[tuple]] = field(default_factory=dict)
    # row number -> column -> where that row's value came from, where it differs from ``headers`` (a DDAS
    # closing date read from the trajectory's ``einddatum`` because ``uitstroom`` is absent)
    row_headers: dict[int, dict[str, str]] = field(default_factory=dict)

    def header(self, column: str, row: int | None = None) -> str:
        """The header (for JSON: the field path) ``column`` was read from, in the row numbered ``row``."""
        return self.row_headers.get(row, {}).get(column) or self.headers.get(column, column)

    def issue_sheet(self, row: int) -> str | None:
        """The ``sheet`` of an issue about the row numbered ``row``: for a spreadsheet its sheet; for JSON the
        record's own path (``leveringen[0].schuldhulptrajecten[3]`` for row 4), as the DDAS connectors write
        it, with ``row`` its 1-based position in that list and ``column`` the field path inside it."""
        return f"{self.sheet}[{row - 1}]" if self.json_records and self.sheet else self.sheet


@dataclass(frozen=True)
class Reference:
    """A record that names a record not in the same file: a DDAS VS case's signal delivered earlier. The
    load looks it up in the store (``pipeline._resolved_references``)."""

    key: str  # the signal's ID
    by: str  # the signal case that names it
    sheet: str | None  # where the naming record is, for a finding
    row: int | None


@dataclass
class ConnectorOutput:
    """Everything a connector read from one file."""

    source_format: str  # e.g. "xlsx", "csv", "ddas-shv-1.0", "ddas-vs-0.9"
    tables: list[ParsedTable]
    issues: list[Issue] = field(default_factory=list)
    rows_read: int = 0
    dropped_columns: list[str] = field(default_factory=list)  # personal columns not stored
    data_through: str | None = None  # ISO date the delivery says it runs through (DDAS einddatumLevering)
    empty_reason: str | None = None  # Dutch: why a file without records has none (the file's rejection names it)
    references: list[Reference] = field(default_factory=list)


class RejectedFile(Exception):
    """The file as a whole cannot be imported; the message is Dutch and names the file's problem."""

    def __init__(
        self, message: str, code: str = "bestand_afgewezen", issues: list[Issue] | None = None,
        dataset: str | None = None,
    ):  # fmt: skip
        super().__init__(message)
        self.message = message
        self.code = code
        self.issues = issues or []
        self.dataset = dataset  # the dataset the file was recognised as, where it was
