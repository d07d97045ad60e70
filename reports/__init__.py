"""Report writers: a :class:`metrics.report_model.Report` as an Excel workbook or an editable Word document.

Presentation only: the writers lay out what ``metrics.council_report`` and ``metrics.annual_report``
return, they compute nothing. The output is deterministic: document properties and zip timestamps come
from the report's reference date, never from the clock, so the same figures give the same file.

    reports.render(report, ".xlsx")      # bytes
    reports.write(report, Path("raad.docx"))
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from metrics.report_model import Report


class ReportFormatError(ValueError):
    """A file type the writers do not make; the message is Dutch."""


def _writer(suffix: str) -> Callable[[Report], bytes]:
    """The writer for a suffix, imported only when asked for (python-docx and matplotlib are not light)."""
    if suffix == ".xlsx":
        from reports import xlsx_report

        return xlsx_report.render
    from reports import docx_report

    return docx_report.render


SUFFIXES = (".xlsx", ".docx")
MEDIA_TYPES = {
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def check_suffix(path: Path | str) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        shown = suffix or "zonder extensie"
        raise ReportFormatError(f"Onbekend bestandstype ({shown}): kies een bestandsnaam op .xlsx of .docx.")
    return suffix


def render(report: Report, suffix: str) -> bytes:
    """The report as the bytes of a ``.xlsx`` or ``.docx`` file."""
    return _writer(check_suffix(f"x{suffix}"))(report)


def write(report: Report, path: Path) -> None:
    path.write_bytes(render(report, check_suffix(path)))


def file_name(report: Report, suffix: str) -> str:
    """A download name such as ``raadsrapportage_2025-Q3.xlsx``."""
    return f"{report.kind}_{report.period}{suffix}"
