"""How import results and findings look on the upload page."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from connectors.model import Issue
from connectors.pipeline import FileResult


def result_level(result: FileResult) -> str:
    """The Streamlit call for a file's message: error, warning or success."""
    if result.rejected:
        return "error"
    if result.errors or result.findings:
        return "warning"
    return "success"


def issue_frame(issues: Sequence[Issue | dict]) -> pd.DataFrame:
    """Row errors or findings as a Dutch table (file, sheet or DDAS record, row, column or field, value, message)."""
    rows = []
    for issue in issues:
        get = issue.get if isinstance(issue, dict) else lambda k, i=issue: getattr(i, k, None)
        rows.append(
            {
                "Soort": get("severity"),
                "Bestand": get("file_name"),
                "Blad of record": get("sheet"),  # a DDAS delivery: the record's JSON path
                "Rij": get("row"),
                "Kolom of veld": get("column"),
                "Waarde": get("value"),
                "Melding": get("message"),
            }
        )
    frame = pd.DataFrame(rows)
    return frame.dropna(axis="columns", how="all")
