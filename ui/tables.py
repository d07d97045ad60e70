"""Tables for the screen and their downloads: the records behind a figure, a chart's data.

Column names are Dutch; dates and numbers stay typed in the Excel download and are formatted on screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pandas as pd

from metrics.drilldown import DrillRecord
from ui.format import day, number
from ui.xlsx import table_workbook

COLUMN_LABELS = {
    "record_id": "Dossiernummer",
    "team": "Team",
    "municipality": "Gemeente",
    "consultant": "Consulent",
    "registered_on": "Datum aanmelding",
    "crisis": "Crisis",
    "first_contact_on": "Datum eerste gesprek",
    "first_contact_deadline": "Termijn eerste gesprek",
    "decision_on": "Datum beschikking",
    "decision_deadline": "Beslistermijn",
    "decision": "Beschikking",
    "plan_on": "Datum plan van aanpak",
    "closed_on": "Datum afsluiting",
    "close_reason": "Reden afsluiting",
    "settlement_submitted_on": "Schuldregeling ingediend",
    "settlement_granted_on": "Schuldregeling toegekend",
    "settlement_rejected_on": "Schuldregeling afgewezen",
    "settlement_withdrawn_on": "Schuldregeling ingetrokken",
    "forced_settlement": "Dwangakkoord",
    "started_on": "Startdatum",
    "ended_on": "Einddatum",
    "responded_on": "Datum ingevuld",
    "score": "Rapportcijfer",
    "nps_score": "Aanbevelen (0-10)",
    "matched_on": "Matchingsdatum",
    "signal_count": "Aantal signalen",
    "picked_up_on": "Datum opgepakt",
    "reached_on": "Datum bereikt",
    "result": "Resultaat",
    "received_on": "Signaaldatum",
    "partner_type": "Signaalpartner",
    "signal_case_id": "Melding",
    "days": "Dagen",
    "days_over_term": "Dagen over termijn",
}


def label(column: str) -> str:
    return COLUMN_LABELS.get(column, column.replace("_", " ").capitalize())


def drill_frame(
    records: Sequence[DrillRecord], municipality_names: dict[str, str], *, case_ids: bool = True
) -> pd.DataFrame:
    """The records behind a figure as a Dutch table (typed values; ``case_ids=False`` leaves the ids out)."""
    rows = []
    for r in records:
        row: dict[str, object] = {}
        if case_ids:
            row["record_id"] = r.record_id
        row["team"] = r.team
        row["municipality"] = municipality_names.get(r.municipality or "", r.municipality)
        row["consultant"] = r.consultant
        row.update(r.values)
        if r.days is not None:
            row["days"] = r.days
        if r.days_over_term is not None:
            row["days_over_term"] = r.days_over_term
        rows.append(row)
    frame = pd.DataFrame(rows)
    return frame.rename(columns={c: label(c) for c in frame.columns})


def for_screen(frame: pd.DataFrame) -> pd.DataFrame:
    """Dates as ``31-03-2025``, booleans as ja/nee, numbers with Dutch separators (as text, for display)."""
    out = frame.copy()
    for column in out.columns:
        out[column] = out[column].map(_screen_value)
    return out


def _screen_value(value: object) -> object:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, date):
        return day(value)
    if isinstance(value, int | float):
        return number(value, 0 if float(value).is_integer() else 1)
    return value


def xlsx(frame: pd.DataFrame, title: str, notes: Sequence[str] = ()) -> bytes:
    """The table as an Excel workbook (values typed, text never a formula)."""
    rows = [[_cell(v) for v in record] for record in frame.itertuples(index=False, name=None)]
    return table_workbook(title, [str(c) for c in frame.columns], rows, notes)


def _cell(value: object) -> object:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value
