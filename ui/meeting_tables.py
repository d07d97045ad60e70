"""Tables of the caseload meeting: the consultant table for the screen and the case lists behind its figures.

Pure functions (no Streamlit): the screen table is Dutch text (``1.234``, ``35,9``, ``–``); the case list
keeps typed values (dates stay dates in Excel) and is formatted for the screen by ``ui.tables.for_screen``.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from metrics.caseload_meeting import CaseList, Figure, Row
from ui import tables
from ui.format import MISSING, number

TOTAL_LABEL = "Totaal"
NO_CONSULTANT = "(geen consulent)"
SCREEN_ROWS = 1_000  # the screen shows this many cases; the download has them all

CONSULTANT_COLUMNS = (
    "Consulent",
    "Lopende dossiers",
    "Fte",
    "Dossiers per fte",
    "Wachtenden",
    "Wachtenden over de termijn",
    "Beschikking over de termijn",
    "Stilstaand",
    "Afgesloten",
    "Doorlooptijd (mediaan, dagen)",
    "Eerste gesprekken",
    "Wachttijd eerste gesprek (mediaan, dagen)",
)
# extra columns of a case list (beside those of ui.tables.COLUMN_LABELS)
EXTRA_LABELS = {
    "stage": "Fase",
    "stage_started_on": "In fase sinds",
    "stage_limit": "Grens (dagen)",
    "days_over_limit": "Dagen over de grens",
}
DAY_LABELS = {
    Figure.CLOSED: "Doorlooptijd (dagen)",
    Figure.FIRST_CONTACTS: "Wachttijd (dagen)",
    Figure.STALLED: "Dagen in fase",
}
TERM_LABELS = {  # which term "days over the term" is about
    Figure.WAITING: "Dagen over termijn eerste gesprek",
    Figure.WAITING_OVERDUE: "Dagen over termijn eerste gesprek",
    Figure.DECISION_OVERDUE: "Dagen over beslistermijn",
    Figure.FIRST_CONTACTS: "Dagen over beslistermijn",
}
URGENCY = {  # the most urgent cases first
    Figure.WAITING: TERM_LABELS[Figure.WAITING],
    Figure.WAITING_OVERDUE: TERM_LABELS[Figure.WAITING_OVERDUE],
    Figure.DECISION_OVERDUE: TERM_LABELS[Figure.DECISION_OVERDUE],
    Figure.STALLED: EXTRA_LABELS["days_over_limit"],
}


def selection_key(period: str, scope: object, consultant: str | None) -> str:
    """The consultant table's widget key: a new table (other filters) starts without a selected row, so a
    row number never points at someone else's row."""
    return f"consulenten|{period}|{scope}|{consultant}"


def cases_text(n: int) -> str:
    return f"{number(n)} {'dossier' if n == 1 else 'dossiers'}"


def row_label(row: Row) -> str:
    if row.total:
        return TOTAL_LABEL
    return row.consultant if row.consultant is not None else NO_CONSULTANT


def _days(value: float | None) -> str:
    if value is None:
        return MISSING
    return number(value, 0 if float(value).is_integer() else 1)


def consultant_frame(rows: Sequence[Row]) -> pd.DataFrame:
    """One line per row, Dutch text in every cell (``–`` where a figure cannot be computed)."""
    lines = [
        (
            row_label(r),
            number(r.caseload),
            number(r.fte, 2) if r.fte is not None else MISSING,
            number(r.per_fte, 1),
            number(r.waiting),
            number(r.waiting_overdue),
            number(r.decision_overdue),
            number(r.stalled),
            number(r.closed),
            _days(r.turnaround_median),
            number(r.first_contacts),
            _days(r.wait_median),
        )
        for r in rows
    ]
    return pd.DataFrame(lines, columns=list(CONSULTANT_COLUMNS))


def case_frame(cases: CaseList, municipality_names: dict[str, str], *, case_ids: bool) -> pd.DataFrame:
    """The cases behind a figure as a Dutch table with typed values, the most urgent first."""
    frame = tables.drill_frame(cases.records, municipality_names, case_ids=case_ids)
    renames = {tables.label(k): v for k, v in EXTRA_LABELS.items()}
    if cases.figure in DAY_LABELS:
        renames[tables.label("days")] = DAY_LABELS[cases.figure]
    if cases.figure in TERM_LABELS:
        renames[tables.label("days_over_term")] = TERM_LABELS[cases.figure]
    frame = frame.rename(columns=renames)
    urgent = URGENCY.get(cases.figure)
    if urgent in frame.columns and len(frame):
        frame = frame.sort_values(urgent, ascending=False, kind="stable").reset_index(drop=True)
    return frame
