"""Satisfaction (KTO) CSV, staffing (formatie) xlsx, and the systems' own caseload and waiting lists."""

from __future__ import annotations

import datetime as dt
import random

from openpyxl import Workbook

from sample_exports.cases import run_time
from sample_exports.formats import BOLD, add_sheet_rows, csv_text, nl_number, save_xlsx, write_bytes
from sample_exports.output import Output
from sample_exports.signals import quarters
from sample_exports.simulate import NOORD, ZUID, Case, World, month_ends

MONTHS_NL = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)

# ---------------------------------------------------------------- KTO


def kto(out: Output, world: World) -> None:
    """Quarterly CSV from a survey tool: comma separated, UTF-8 (with BOM from 2025), LF line ends."""
    headers = [
        "Respons-ID",
        "Datum ingevuld",
        "Gemeente",
        "Team",
        "Rapportcijfer",
        "Zou u ons aanbevelen (0-10)",
        "Toelichting",
    ]
    for start, end in quarters():
        rows = [headers]
        for r in world.responses:
            if start <= r.responded_on.date() <= end:
                score = nl_number(r.score, 1) if not r.score.is_integer() else str(int(r.score))
                nps = "" if r.nps is None else str(r.nps)
                rows.append(
                    [
                        r.response_id,
                        f"{r.responded_on:%Y-%m-%d %H:%M:%S}",
                        world.municipalities[r.municipality].name,
                        r.team,
                        score,
                        nps,
                        r.comment,
                    ]
                )
        encoding = "utf-8-sig" if start.year >= 2025 else "utf-8"
        write_bytes(out.path("kto_enquete", end, "csv", family="kto"), csv_text(rows, ",", "\n").encode(encoding))


# ---------------------------------------------------------------- staffing


def staffing(out: Output, world: World) -> None:
    """One file per year (HR's overview, as it stood at the end of the year), named by the year's first
    day so that it loads before that year's case exports. 2023: month as text ("januari 2023"); 2024: month
    as a date cell; 2025: month as "2025-01" and the fte of team Zuid typed as Dutch text ("0,89")."""
    for year in (2023, 2024, 2025):
        rows: list[list[object]] = [["Maand", "Team", "Consulent", "Fte"]]
        for month, team, consultant, fte in world.staffing:
            y, m = int(month[:4]), int(month[5:])
            if y != year:
                continue
            label: object = {2023: f"{MONTHS_NL[m - 1]} {y}", 2024: dt.date(y, m, 1), 2025: month}[year]
            value: object = nl_number(fte, 2) if year == 2025 and team == ZUID else fte
            rows.append([label, team, consultant, value])
        wb = Workbook()
        ws = wb.active
        ws.title = f"Formatie {year}"
        add_sheet_rows(ws, rows, date_format="mmm yyyy", number_formats={3: "0.00"})
        for cell in ws[1]:
            cell.font = BOLD
        save_xlsx(
            wb,
            out.path("formatie", dt.date(year, 1, 1), "xlsx", family="formatie"),
            dt.datetime(year, 12, 31, 11, 0),
            "HR Dijkland",
        )


# ---------------------------------------------------------------- caseload and waiting lists


def caseload_on(cases: list[Case], on: dt.date) -> list[Case]:
    return [c for c in cases if c.first_contact_on and c.first_contact_on <= on and c.is_open(on)]


def waiting_on(cases: list[Case], on: dt.date) -> list[Case]:
    return [c for c in cases if c.is_open(on) and (c.first_contact_on is None or c.first_contact_on > on)]


def _late_closures(cases: list[Case], on: dt.date) -> list[Case]:
    return [
        c
        for c in cases
        if c.closed_on
        and on - dt.timedelta(days=3) <= c.closed_on <= on
        and c.first_contact_on
        and c.first_contact_on <= on
    ]


def _late_first_contacts(cases: list[Case], on: dt.date) -> list[Case]:
    return [
        c
        for c in cases
        if c.first_contact_on and on - dt.timedelta(days=2) <= c.first_contact_on <= on and c.is_open(on)
    ]


class Snapshot:
    """The system's own list on one date: mostly what the case exports imply, with a few deliberate
    differences (a closure or a first conversation registered a few days late; crisis cases kept off
    the Allegro waiting list). Every difference is recorded in ``Output.differences``."""

    def __init__(self, out: Output, world: World, team: str, on: dt.date) -> None:
        self.out, self.team, self.on = out, team, on
        self.cases = world.team_cases(team)
        self.rng = random.Random(f"{world.seed}:snapshot:{team}:{on}")

    def _note(self, dataset: str, case: Case, kind: str) -> None:
        self.out.differences.append(
            {"dataset": dataset, "as_of": self.on.isoformat(), "team": self.team, "case_id": case.key, "kind": kind}
        )

    def caseload(self) -> list[Case]:
        listed = caseload_on(self.cases, self.on)
        late = _late_closures(self.cases, self.on)
        if late and self.rng.random() < 0.35:
            extra = self.rng.choice(sorted(late, key=lambda c: c.key))
            listed.append(extra)
            self._note("caseload", extra, "afsluiting_te_laat_geregistreerd: staat nog op de caseload")
        return sorted(listed, key=lambda c: (c.consultant_on(self.on) or "", c.key))

    def waitlist(self) -> list[Case]:
        listed = waiting_on(self.cases, self.on)
        if self.team == ZUID:
            for case in [c for c in listed if c.crisis]:
                listed.remove(case)
                self._note("waitlist", case, "crisiszaak: Allegro houdt spoedzaken buiten de wachtlijst")
        late = _late_first_contacts(self.cases, self.on)
        if late and self.rng.random() < 0.3:
            extra = self.rng.choice(sorted(late, key=lambda c: c.key))
            listed.append(extra)
            self._note("waitlist", extra, "eerste_gesprek_te_laat_geregistreerd: staat nog op de wachtlijst")
        return sorted(listed, key=lambda c: (c.registered_on, c.key))


def _noord_title(report: str, on: dt.date) -> list[list[object]]:
    return [
        [report],
        [f"Rundatum: {run_time(on):%d-%m-%Y %H:%M}"],
        [f"Peildatum: {on:%d-%m-%Y}"],
        [f"Filter: team {NOORD}"],
        [],
    ]


def _save_snapshot(
    out: Output, rows: list[list[object]], header_row: int, name: str, on: dt.date, family: str, creator: str
) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Caseload" if "caseload" in name else "Wachtlijst"
    add_sheet_rows(ws, rows)
    for cell in ws[header_row]:
        cell.font = BOLD
    save_xlsx(wb, out.path(name, on, "xlsx", family=family), run_time(on), creator)


def snapshots_noord(out: Output, world: World) -> None:
    """Monthly Stratech reports with a title block and a totals row; municipality as a name."""
    names = {code: m.name for code, m in world.municipalities.items()}
    for _first, on in month_ends():
        snap = Snapshot(out, world, NOORD, on)
        body = [[on, c.consultant_on(on), NOORD, names[c.municipality], c.key] for c in snap.caseload()]
        rows = [
            *_noord_title("Caseload per consulent", on),
            ["Peildatum", "Consulent", "Team", "Gemeente", "Dossiernummer"],
            *body,
            ["Totaal", len(body)],
        ]
        _save_snapshot(out, rows, 6, "stratech_noord_caseload", on, "caseload", "Stratech")
        body = [[on, c.key, NOORD, names[c.municipality], c.registered_on] for c in snap.waitlist()]
        rows = [
            *_noord_title("Wachtlijst aanmeldingen", on),
            ["Peildatum", "Dossiernummer", "Team", "Gemeente", "Datum aanmelding"],
            *body,
            ["Totaal", len(body)],
        ]
        _save_snapshot(out, rows, 6, "stratech_noord_wachtlijst", on, "wachtlijst", "Stratech")


def snapshots_zuid(out: Output, world: World) -> None:
    """Quarterly Allegro lists with the three month-end dates of the quarter; municipality as a code."""
    ends = month_ends()
    for q in range(0, len(ends), 3):
        dates = [ends[q + i][1] for i in range(3)]
        caseload: list[list[object]] = [["Peildatum", "Consulent", "Team", "Gemeente", "Dossiernummer"]]
        waitlist: list[list[object]] = [["Peildatum", "Dossiernummer", "Team", "Gemeente", "Datum aanmelding"]]
        for on in dates:
            snap = Snapshot(out, world, ZUID, on)
            caseload += [[on, c.consultant_on(on), ZUID, c.municipality, c.key] for c in snap.caseload()]
            waitlist += [[on, c.key, ZUID, c.municipality, c.registered_on] for c in snap.waitlist()]
        _save_snapshot(out, caseload, 1, "allegro_zuid_caseload", dates[-1], "caseload", "Allegro")
        _save_snapshot(out, waitlist, 1, "allegro_zuid_wachtlijst", dates[-1], "wachtlijst", "Allegro")
