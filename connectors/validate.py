"""Validation of parsed tables: hard errors reject a row, soft findings go to the data-quality list."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import numpy as np
import pandas as pd

from connectors.model import Issue, ParsedTable
from connectors.parse import raw_text
from store.schema import DatasetKind, Kind

DATE_ORDER = (
    ("first_contact_on", "registered_on"),
    ("closed_on", "registered_on"),
    ("decision_on", "first_contact_on"),
    ("plan_on", "registered_on"),  # soft: a negative time to the plan would go into its median unflagged
)
HARD_DATE_ORDER = {("first_contact_on", "registered_on"), ("closed_on", "registered_on")}
LONG_OPEN_DAYS = 3 * 365
# Maxima that hold per person only: a staffing row without consultant gives the whole team's fte.
TEAM_TOTAL_UNBOUNDED = {"staffing": ("fte",)}


def key_strings(frame: pd.DataFrame, key: tuple[str, ...]) -> pd.Series:
    """One string per row for the (possibly composite) key."""
    if len(key) == 1:
        return frame[key[0]].astype(object)
    parts = [frame[k].map(lambda v: "" if v is None else str(v)) for k in key]
    out = parts[0]
    for p in parts[1:]:
        out = out + "\x1f" + p
    return out


class _Collector:
    def __init__(self, table: ParsedTable) -> None:
        self.table = table
        self.reject = np.zeros(len(table.frame), dtype=bool)
        self.issues: list[Issue] = []
        key = table.dataset.key
        self._keys = key_strings(table.frame, key).to_numpy() if all(k in table.frame.columns for k in key) else None

    def add(self, i: int, column: str | None, value: object, message: str, code: str, severity: str = "fout") -> None:
        header = self.table.header(column, self.table.rows[i]) if column else None
        if severity == "fout":
            self.reject[i] = True
        self.issues.append(
            Issue(
                message=message,
                code=code,
                severity=severity,
                sheet=self.table.issue_sheet(self.table.rows[i]),
                row=self.table.rows[i],
                column=header,
                value=None if value is None else raw_text(value),
                record_key=self._record_key(i),
            )
        )

    def _record_key(self, i: int) -> str | None:
        if self._keys is None or self._keys[i] is None:
            return None
        return str(self._keys[i])


def validate(table: ParsedTable, today: dt.date | None = None) -> tuple[ParsedTable, list[Issue]]:
    """Check one table; returns the rows that pass and the issues found."""
    c = _Collector(table)
    frame = table.frame
    ds = table.dataset
    _check_keys(c)
    if ds.kind is DatasetKind.SNAPSHOT:
        _check_required(c)
    _check_ranges(c)
    _check_date_order(c)
    if ds.name == "cases":
        _soft_case_findings(c, today or dt.date.today())
    if ds.name in PERIOD_DATES and not table.json_records:  # a DDAS connector reports its own fields
        _missing_period_date(c, PERIOD_DATES[ds.name])
    keep = ~c.reject
    kept = replace(
        table, frame=frame[keep].reset_index(drop=True), rows=[r for r, k in zip(table.rows, keep, strict=True) if k]
    )
    return kept, c.issues


def _check_keys(c: _Collector) -> None:
    ds, frame = c.table.dataset, c.table.frame
    if ds.kind is DatasetKind.RECORD:
        _check_empty_keys(c)
        columns = ds.key if all(k in frame.columns for k in ds.key) else ()
        complete = frame[list(columns)].notna().all(axis=1).to_numpy() if columns else None
        column = ds.key[0]
    else:  # a snapshot lists each case (or consultant, or team month) once per reference date
        columns = tuple(k for k in ds.key if k in frame.columns)
        complete = np.ones(len(frame), dtype=bool)
        column = columns[-1] if columns else ""
    if not columns:
        return
    keys = key_strings(frame, columns)
    dup = keys.duplicated(keep=False).to_numpy() & complete
    if not dup.any():
        return
    groups: dict[object, list[int]] = {}
    for i in np.flatnonzero(dup):
        groups.setdefault(keys.iloc[i], []).append(int(i))
    for key, positions in groups.items():
        shown = str(key).replace("\x1f", " / ")
        rows = frame.iloc[positions].astype(object).where(frame.iloc[positions].notna(), None)
        identical = all(rows.iloc[0].equals(rows.iloc[j]) for j in range(1, len(rows)))
        first_row = c.table.rows[positions[0]]
        for i in positions[1:] if identical else positions:
            others = ", ".join(str(c.table.rows[j]) for j in positions if j != i)
            if identical:
                c.add(
                    i,
                    column,
                    shown,
                    f"Dubbele rij: gelijk aan rij {first_row}; alleen die rij is gebruikt.",
                    "dubbele_rij",
                    "melding",
                )
                c.reject[i] = True
            else:
                c.add(
                    i,
                    column,
                    shown,
                    f"Sleutel '{shown}' komt vaker voor in dit bestand (ook rij {others}) met "
                    "verschillende gegevens; geen van deze rijen is ingelezen.",
                    "sleutel_dubbel",
                )


def _check_empty_keys(c: _Collector) -> None:
    ds, frame = c.table.dataset, c.table.frame
    for k in ds.key:
        if k not in frame.columns:
            continue
        for i in np.flatnonzero(frame[k].isna().to_numpy()):
            c.add(
                int(i),
                k,
                None,
                f"De sleutel ({c.table.headers.get(k, k)}) is leeg; de rij is niet ingelezen.",
                "sleutel_leeg",
            )


def _check_required(c: _Collector) -> None:
    ds, frame = c.table.dataset, c.table.frame
    for f in ds.fields:
        if not f.required:
            continue
        if f.name not in frame.columns:
            for i in range(len(frame)):
                c.add(i, None, None, f"Verplichte kolom voor '{f.name}' ontbreekt.", "verplicht_ontbreekt")
            continue
        for i in np.flatnonzero(frame[f.name].isna().to_numpy()):
            c.add(
                int(i),
                f.name,
                None,
                f"Verplichte waarde ontbreekt ({c.table.headers.get(f.name, f.name)}).",
                "verplicht_ontbreekt",
            )


def _check_ranges(c: _Collector) -> None:
    ds, frame = c.table.dataset, c.table.frame
    for f in ds.fields:
        if f.name not in frame.columns or f.kind not in (Kind.INT, Kind.MONEY, Kind.FLOAT):
            continue
        if f.minimum is None and f.maximum is None:
            continue
        values = pd.to_numeric(frame[f.name], errors="coerce")
        low = values < f.minimum if f.minimum is not None else pd.Series(False, index=values.index)
        high = values > f.maximum if f.maximum is not None else pd.Series(False, index=values.index)
        if f.name in TEAM_TOTAL_UNBOUNDED.get(ds.name, ()):
            # a row without a consultant is the team's total (exports.md: "consultant (optional)"): no maximum
            per_person = frame["consultant"].notna() if "consultant" in frame.columns else False
            high = high & per_person
        for i in np.flatnonzero((low | high).to_numpy()):
            bounds = f"{f.minimum:g} tot en met {f.maximum:g}" if f.maximum is not None else f"minstens {f.minimum:g}"
            value = frame[f.name].iloc[i]  # as the file writes it: 0,5 in an export, 0.5 in a DDAS delivery
            shown = raw_text(value) if c.table.json_records else _dutch_number(value)
            message = f"Waarde {shown} ligt buiten het toegestane bereik ({bounds})."
            c.add(int(i), f.name, shown, message, "buiten_bereik")


def _dutch_number(value: object) -> str:
    text = raw_text(value)
    return f"{value:g}".replace(".", ",") if isinstance(value, float) and not value.is_integer() else text


def _check_date_order(c: _Collector) -> None:
    frame = c.table.frame
    for later, earlier in DATE_ORDER:
        if later not in frame.columns or earlier not in frame.columns:
            continue
        a, b = frame[later], frame[earlier]
        both = a.notna() & b.notna()
        wrong = both & (a.where(both, "") < b.where(both, ""))
        hard = (later, earlier) in HARD_DATE_ORDER
        for i in np.flatnonzero(wrong.to_numpy()):
            row = c.table.rows[i]
            lh, eh = c.table.header(later, row), c.table.header(earlier, row)
            message = f"'{lh}' ({dutch_day(a.iloc[i])}) ligt vóór '{eh}' ({dutch_day(b.iloc[i])})."
            # as the file writes it: a spreadsheet day first, a DDAS delivery in ISO (parsed to ISO by now)
            shown = a.iloc[i] if c.table.json_records else dutch_day(a.iloc[i])
            if hard:
                c.add(int(i), later, shown, message + " De rij is niet ingelezen.", "datumvolgorde")
            else:
                c.add(int(i), later, shown, message, "datumvolgorde", "melding")


def dutch_day(iso: str) -> str:
    """An ISO date as the steward writes it (31-01-2025); anything else as it is."""
    return f"{iso[8:10]}-{iso[5:7]}-{iso[0:4]}" if isinstance(iso, str) and len(iso) == 10 else str(iso)


# The date that puts a record of these datasets in a period, where exports.md does not require it: a record
# without it is stored and counts in no period, so the steward is told (kpi-catalogue: a record lacking the
# date a KPI needs shows up among the data-quality findings).
PERIOD_DATES = {"satisfaction": "responded_on", "signals": "received_on"}


def _missing_period_date(c: _Collector, column: str) -> None:
    frame = c.table.frame
    if column not in frame.columns:
        return
    for i in np.flatnonzero((frame[column].isna() & ~c.reject).to_numpy()):
        c.add(int(i), column, None, "De datum ontbreekt: het record is bewaard maar telt in geen enkele periode mee.",
              "datum_ontbreekt", "melding")  # fmt: skip


# The soft case findings of rule 4, here on rows that hold both columns and in pipeline._soft_findings_merged
# on the record as the merge leaves it
CLOSED_WITHOUT_REASON = "Dossier is afgesloten zonder reden van afsluiting."
OPEN_TOO_LONG = "Dossier staat al meer dan drie jaar open; controleer of het is afgesloten."


def long_open_limit(today: dt.date) -> str:
    """The ISO day before which an open case has been open for over three years."""
    return (today - dt.timedelta(days=LONG_OPEN_DAYS)).isoformat()


def _soft_case_findings(c: _Collector, today: dt.date) -> None:
    frame = c.table.frame
    if {"closed_on", "close_reason"} <= set(frame.columns):
        missing = frame["closed_on"].notna() & frame["close_reason"].isna() & ~c.reject
        for i in np.flatnonzero(missing.to_numpy()):
            c.add(
                int(i),
                "close_reason",
                None,
                CLOSED_WITHOUT_REASON,
                "reden_ontbreekt",
                "melding",
            )
    if {"closed_on", "registered_on"} <= set(frame.columns):
        limit = long_open_limit(today)
        old = frame["closed_on"].isna() & frame["registered_on"].notna() & (frame["registered_on"].fillna("9") < limit)
        registered = frame["registered_on"].to_numpy()
        for i in np.flatnonzero((old & ~c.reject).to_numpy()):
            c.add(
                int(i),
                "registered_on",
                registered[i],
                OPEN_TOO_LONG,
                "lang_open",
                "melding",
            )
