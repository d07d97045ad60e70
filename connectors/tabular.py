"""The Excel/CSV connector: detect sheet, header row and dataset, map the headers, parse the values."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from connectors import headers as hdr
from connectors.model import ConnectorOutput, Issue, ParsedTable, RejectedFile
from connectors.parse import parse_column, parse_date, raw_text
from connectors.profiles import Profile
from connectors.readers import Block, Sheet, read
from connectors.vocab import fold
from store.schema import DATASETS, Dataset, DatasetKind, Field, Kind

MIN_SCORE = 2
# Record datasets whose export may lack the key column: the key is then a hash of the row (exports.md).
ROW_HASH_KEYS = {"satisfaction": "response_id"}
# Columns a header row needs before it is taken for a dataset without (a required) key column (one of
# the sets, complete): a caseload lists cases or counts per consultant, a staffing table gives fte, a
# survey export without response ids gives a grade.
SIGNATURES: dict[str, tuple[tuple[str, ...], ...]] = {
    "caseload": (("consultant", "case_id"), ("consultant", "case_count")),
    "staffing": (("fte",),),
    "satisfaction": (("response_id",), ("score",), ("nps_score",)),
}
_TITLE_DATE = re.compile(
    r"(peildatum|rundatum|rapportdatum|exportdatum|datum rapport|datum export|aangemaakt op|gegenereerd op|"
    r"stand per|\bper|\bd\.d\.)\s*[:=]?\s*(\d{1,2}\s+[a-z]+\.?\s+\d{4}|\S+)",
    re.I,
)  # "Wachtlijst per 31-03-2025" too: a label counts only when a date follows it


@dataclass
class Choice:
    sheet: Sheet
    header_index: int
    mapping: hdr.HeaderMapping
    score: float
    keys_present: bool = True


def _row_texts(row: list[object]) -> list[str]:
    return [raw_text(c) for c in row if c is not None and str(c).strip()]


def _hint_score(dataset: str, context: str) -> float:
    """A word naming the dataset in the file name, sheet or title; the words for cases ("schuldhulp",
    "dossier") stand in nearly every report title, so a word naming one list (wachtlijst, caseload) weighs more."""
    if not any(re.search(h, context) for h in hdr.DATASET_HINTS[dataset]):
        return 0.0
    return 1.0 if dataset == "cases" else 1.5


def _candidates(
    sheet: Sheet, datasets: list[str], profile: Profile | None, file_name: str, cover: str = ""
) -> list[Choice]:
    """Every row of the sheet's head that maps as a header row of a dataset, scored; ``cover`` is the text of
    the cover sheets before it (their report title names the dataset as a title block would)."""
    out: list[Choice] = []
    for index, row in enumerate(sheet.head):
        cells = [raw_text(c) if c is not None else "" for c in row]
        if sum(1 for c in cells if c) < 2:
            continue
        above = (" ".join(_row_texts(r)) for r in sheet.head[:index])
        context = fold(" ".join([file_name, cover, sheet.name or "", *above]))
        for name in datasets:
            mapping = hdr.map_headers(cells, name, profile.headers if profile else None)
            signal_type = _signal_type_score(name, mapping, cells)
            if mapping.score + signal_type < MIN_SCORE:  # a key and Type signaal: an update of signal cases
                continue
            keys_present = all(k in mapping.columns.values() for k in _detect_keys(DATASETS[name])) and any(
                all(k in mapping.columns.values() for k in signature) for signature in SIGNATURES.get(name, ((),))
            )
            score = mapping.score + signal_type + _hint_score(name, context)
            score += 3 if keys_present else -10
            out.append(Choice(sheet, index, mapping, score, keys_present))
    return out


def _signal_type_score(dataset: str, mapping: hdr.HeaderMapping, cells: list[str]) -> int:
    """``Type signaal`` (Enkelvoudig/Meervoudig) is a signal_cases column too (exports.md): it sets
    signal_count, so it counts for that dataset like a mapped header."""
    if dataset != "signal_cases" or "signal_count" in mapping.columns.values():
        return 0
    return int(any(fold(c) == "type signaal" for c in cells))


def _detect_keys(ds: Dataset) -> tuple[str, ...]:
    """Columns a header row must have to be taken for ``ds`` (snapshot dates may come from the title)."""
    if ds.kind is DatasetKind.SNAPSHOT:
        return tuple(k for k in ds.key if k not in (ds.snapshot_date, "consultant", "case_id", "team")) or (
            ("case_id",) if ds.name == "waitlist" else ()
        )
    return tuple(k for k in ds.key if k != ROW_HASH_KEYS.get(ds.name))


def detect(
    sheets: list[Sheet], file_name: str, dataset: str | None, profile: Profile | None
) -> tuple[Choice, list[list[Choice]]]:
    """The sheet, header row and dataset of a file (the steward can force the dataset), and every sheet's
    candidate header rows (for the other data sheets of a workbook)."""
    forced = dataset or (profile.dataset if profile else None)
    names = [forced] if forced else list(DATASETS)
    per_sheet: list[list[Choice]] = []
    cover = ""
    for sheet in sheets:
        found = _candidates(sheet, names, profile, file_name, cover)
        if not found:  # a cover sheet (or an empty one): its text is context for the sheets after it
            cover = " ".join([cover, *(" ".join(_row_texts(r)) for r in sheet.head)])
        per_sheet.append(found)
    choices = [c for found in per_sheet for c in found]
    # a hidden sheet is read only when no visible one holds a list: what the steward sees is what loads
    choices = [c for c in choices if not c.sheet.hidden] or choices
    if not choices:
        what = f"de dataset '{forced}'" if forced else "een bekende export"
        raise RejectedFile(
            f"{file_name}: geen kopregel gevonden die past bij {what}. Controleer of de export kolomkoppen "
            "heeft zoals 'Dossiernummer' en 'Datum aanmelding', of kies een koppelprofiel.",
            code="dataset_onbekend",
        )
    best = max(choices, key=lambda c: c.score)
    missing = [k for k in DATASETS[best.mapping.dataset].key if k not in best.mapping.columns.values()]
    missing = [k for k in missing if k in _detect_keys(DATASETS[best.mapping.dataset])]
    if missing:
        label = ", ".join(hdr.HEADER_VARIANTS[best.mapping.dataset][k][0] for k in missing)
        raise RejectedFile(
            f"{file_name}: de sleutelkolom ontbreekt ({label}); zonder sleutel kan geen rij worden opgeslagen.",
            code="sleutel_ontbreekt",
            dataset=best.mapping.dataset,
        )
    return best, per_sheet


def _title_date(sheet: Sheet, header_index: int) -> str | None:
    """The reference date of the title block (``Peildatum: 31-03-2025`` before ``Rundatum: ...``)."""
    found: dict[str, str] = {}
    for row in sheet.head[:header_index]:
        for cell in row:
            if cell is None:
                continue
            for m in _TITLE_DATE.finditer(raw_text(cell)):
                parsed = parse_date(m.group(2))
                if isinstance(parsed, str):
                    found.setdefault(m.group(1).lower(), parsed)
            if isinstance(cell, str) and fold(cell).startswith(("peildatum", "rundatum")):
                idx = row.index(cell)
                if idx + 1 < len(row) and row[idx + 1] is not None:
                    parsed = parse_date(row[idx + 1])
                    if isinstance(parsed, str):
                        found.setdefault(fold(cell).split()[0], parsed)
    # a date the list stands on before the day it was run or exported
    return next((found[k] for k in ("peildatum", "stand per", "per") if k in found), None) or next(
        iter(found.values()), None
    )


def read_tabular(
    data: bytes, file_name: str, dataset: str | None = None, profile: Profile | None = None
) -> ConnectorOutput:
    """Read an Excel or CSV export into canonical tables, with row errors and findings.

    The best-matching sheet decides the dataset; further sheets of the same record dataset (a workbook with
    a sheet per team) are read too, each into its own tables. Another data sheet that cannot be read with
    it (another dataset, a snapshot, rows without a key) is named in a finding, never dropped in silence.
    """
    source_format, sheets = read(data, file_name)
    choice, per_sheet = detect(sheets, file_name, dataset, profile)
    extra, issues = _other_data_sheets(sheets, per_sheet, choice)
    tables: list[ParsedTable] = []
    rows_read = 0
    dropped: list[str] = []
    removed: set[tuple[str | None, int]] = set()
    for chosen in [choice, *extra]:
        block = chosen.sheet.load(chosen.header_index)
        sheet_tables, mapping = _read_sheet(chosen, block, sheets, file_name, profile, issues)
        if tables:
            removed |= _drop_keys_seen_before(tables[0].dataset, tables, sheet_tables[0], issues)
        tables.extend(sheet_tables)
        rows_read += len(block.frame) + len(block.malformed)
        dropped.extend(h for h in mapping.personal.values() if h not in dropped)
    for table in tables[1:] if removed else ():
        if table.dataset.name == "case_guidance":  # the guidance read from a left-out case row goes with it
            _without_positions(table, [i for i, r in enumerate(table.rows) if (table.sheet, r) in removed])
    output = ConnectorOutput(
        source_format=source_format, tables=tables, issues=issues, rows_read=rows_read, dropped_columns=dropped
    )
    output.title_date = _file_title_date(sheets, choice)  # type: ignore[attr-defined]
    return output


def _read_sheet(
    choice: Choice, block: Block, sheets: list[Sheet], file_name: str, profile: Profile | None, issues: list[Issue]
) -> tuple[list[ParsedTable], hdr.HeaderMapping]:
    """The tables of one data sheet: its dataset's rows and the guidance read from its column pairs."""
    mapping = hdr.map_headers(block.headers, choice.mapping.dataset, profile.headers if profile else None)
    ds = DATASETS[mapping.dataset]
    sheet_name = choice.sheet.name
    table = _parse_table(ds, mapping, block, sheet_name, profile, issues)
    if ds.name in ROW_HASH_KEYS and ROW_HASH_KEYS[ds.name] not in table.frame.columns:
        _row_hash_key(table, ROW_HASH_KEYS[ds.name])
    if ds.kind is DatasetKind.SNAPSHOT and ds.snapshot_date not in table.frame.columns:
        _snapshot_date_from_title(table, choice, sheets, file_name)
    if ds.name == "signal_cases":
        _signal_type_column(block, table, sheet_name, issues)
    tables = [table]
    if mapping.guidance:
        tables.extend(_guidance_tables(mapping, block, table, sheet_name, issues))
    issues.extend(_header_findings(mapping, sheet_name, block))
    return tables, mapping


def _other_data_sheets(
    sheets: list[Sheet], per_sheet: list[list[Choice]], choice: Choice
) -> tuple[list[Choice], list[Issue]]:
    """The other sheets read with ``choice`` (same record dataset, keyed rows), and findings naming the data
    sheets that are not; ``per_sheet`` the candidates ``detect`` found. Snapshots and rows keyed by a hash
    stay one sheet per file: a second sheet would replace the first one's snapshot, or merge identical
    responses."""
    ds = DATASETS[choice.mapping.dataset]
    together = ds.kind is DatasetKind.RECORD and ds.name not in ROW_HASH_KEYS
    extra: list[Choice] = []
    issues: list[Issue] = []
    for sheet, candidates in zip(sheets, per_sheet, strict=True):
        if sheet is choice.sheet:
            continue
        found = [c for c in candidates if c.keys_present]
        if not found:
            continue
        best = max(found, key=lambda c: c.score)
        label = DATASETS[best.mapping.dataset].label
        if sheet.hidden and not choice.sheet.hidden:
            issues.append(
                Issue(
                    message=f"Werkblad '{sheet.name}' is verborgen en is niet ingelezen, al lijkt het gegevens te "
                    f"bevatten ({label}). Maak het zichtbaar als het mee moet, en importeer het bestand opnieuw.",
                    code="werkblad_verborgen",
                    severity="melding",
                    sheet=sheet.name,
                )
            )
            continue
        if together and best.mapping.dataset == ds.name:
            extra.append(best)
            continue
        issues.append(
            Issue(
                message=f"Werkblad '{sheet.name}' lijkt ook gegevens te bevatten ({label}) en is niet ingelezen: "
                f"alleen werkblad '{choice.sheet.name}' is gelezen. Sla dat werkblad op als apart bestand en "
                "importeer het.",
                code="werkblad_overgeslagen",
                severity="melding",
                sheet=sheet.name,
            )
        )
    return extra, issues


def _drop_keys_seen_before(
    ds: Dataset, earlier: list[ParsedTable], table: ParsedTable, issues: list[Issue]
) -> set[tuple[str | None, int]]:
    """A key that an earlier sheet of the file holds too is a duplicate key in one file, as within a sheet:
    the same row again is left out with a finding; different data under one key rejects the rows on both
    sheets (row errors). Returns the (sheet, row) of the rows left out."""
    if not all(k in table.frame.columns for k in ds.key):
        return set()
    seen: dict[tuple, tuple[ParsedTable, int]] = {}
    for t in earlier:
        if t.dataset is ds and all(k in t.frame.columns for k in ds.key):
            for i, values in enumerate(zip(*(t.frame[k].tolist() for k in ds.key), strict=True)):
                seen.setdefault(values, (t, i))
    drop_here: list[int] = []
    drop_there: dict[int, tuple[ParsedTable, list[int]]] = {}
    for i, values in enumerate(zip(*(table.frame[k].tolist() for k in ds.key), strict=True)):
        if any(v is None for v in values) or values not in seen:
            continue
        other, j = seen[values]
        shown = " / ".join(str(v) for v in values)
        header = table.headers.get(ds.key[0], ds.key[0])
        drop_here.append(i)
        if _same_row(other, j, table, i):
            message = f"Dubbele rij: gelijk aan werkblad '{other.sheet}' rij {other.rows[j]}; die rij is gebruikt."
            issues.append(Issue(message, "dubbele_rij", "melding", table.sheet, table.rows[i], header, shown))
            continue
        drop_there.setdefault(id(other), (other, []))[1].append(j)
        message = (
            f"Sleutel '{shown}' staat ook op werkblad '{other.sheet}' (rij {other.rows[j]}) met andere gegevens; "
            "een sleutel mag één keer in een bestand voorkomen. Geen van deze rijen is ingelezen."
        )
        issues.append(Issue(message, "sleutel_dubbel", "fout", table.sheet, table.rows[i], header, shown))
        issues.append(Issue(message, "sleutel_dubbel", "fout", other.sheet, other.rows[j], header, shown))
    removed = _without_positions(table, drop_here)
    for other, positions in drop_there.values():
        removed |= _without_positions(other, positions)
    return removed


def _same_row(a: ParsedTable, i: int, b: ParsedTable, j: int) -> bool:
    if set(a.frame.columns) != set(b.frame.columns):
        return False
    return all(_same_value(a.frame[c].iloc[i], b.frame[c].iloc[j]) for c in a.frame.columns)


def _same_value(x: object, y: object) -> bool:
    missing_x, missing_y = bool(pd.isna(x)), bool(pd.isna(y))
    return missing_x and missing_y if missing_x or missing_y else x == y


def _without_positions(table: ParsedTable, positions: list[int]) -> set[tuple[str | None, int]]:
    """Leave the rows at ``positions`` out of ``table``; returns their (sheet, row)."""
    keep = np.ones(len(table.frame), dtype=bool)
    keep[sorted(set(positions))] = False
    table.frame = table.frame[keep].reset_index(drop=True)
    removed = {(table.sheet, r) for r, k in zip(table.rows, keep, strict=True) if not k}
    table.rows = [r for r, k in zip(table.rows, keep, strict=True) if k]
    return removed


def _parse_table(
    ds: Dataset,
    mapping: hdr.HeaderMapping,
    block: Block,
    sheet: str | None,
    profile: Profile | None,
    issues: list[Issue],
) -> ParsedTable:
    columns: dict[str, np.ndarray] = {}
    headers: dict[str, str] = {}
    bad_rows: set[int] = set()
    for pos, name in mapping.columns.items():
        field = ds.field(name)
        header = block.headers[pos]
        headers[name] = header
        parsed = parse_column(block.frame[pos], field, profile.values.get(name) if profile else None)
        columns[name] = parsed.values
        raw = block.frame[pos]
        for i, reason in parsed.bad.items():
            bad_rows.add(i)
            issues.append(
                Issue(
                    message=f"Kolom '{header}': {reason}.",
                    code=_bad_code(field),
                    sheet=sheet,
                    row=int(block.rows[i]),
                    column=header,
                    value=raw_text(raw.iloc[i]),
                )
            )
        for i, value in parsed.unknown.items():
            issues.append(
                Issue(
                    message=_unknown_message(field, header, value),
                    code="waarde_onbekend",
                    severity="melding",
                    sheet=sheet,
                    row=int(block.rows[i]),
                    column=header,
                    value=value,
                )
            )
    frame = pd.DataFrame(columns, index=range(len(block.frame)), dtype=object)
    keep = np.ones(len(frame), dtype=bool)
    if bad_rows:
        keep[list(bad_rows)] = False
    return ParsedTable(
        dataset=ds,
        frame=frame[keep].reset_index(drop=True),
        rows=[int(n) for n in block.rows[keep]],
        sheet=sheet,
        headers=headers,
    )


def _bad_code(field: Field) -> str:
    return {
        Kind.DATE: "datum_onleesbaar",
        Kind.BOOL: "janee_onleesbaar",
        Kind.INT: "getal_onleesbaar",
        Kind.MONEY: "bedrag_onleesbaar",
        Kind.FLOAT: "getal_onleesbaar",
    }.get(field.kind, "tekst_geweigerd")


def _unknown_message(field: Field, header: str, value: str) -> str:
    if field.kind is Kind.MUNICIPALITY:
        return (
            f"Kolom '{header}': gemeente '{value}' staat niet in de instellingen; de naam is bewaard zoals "
            "hij is. Voeg de gemeente of deze schrijfwijze toe aan de instellingen."
        )
    return (
        f"Kolom '{header}': waarde '{value}' is geen bekende code; bewaard zoals hij is. Leg de betekenis "
        "vast in een koppelprofiel."
    )


FREE_TEXT_HEADERS = {"opmerking", "opmerkingen", "toelichting", "notitie", "notities"}


def _header_findings(mapping: hdr.HeaderMapping, sheet: str | None, block: Block) -> list[Issue]:
    """Findings on the header row: unknown and duplicate columns, free-text columns left out, and the
    rows skipped under the table."""
    unknown = [
        h for h in mapping.unknown.values()
        if not (fold(h) == "type signaal" and mapping.dataset == "signal_cases")  # read by _signal_type_column
    ]  # fmt: skip
    found = [
        Issue(
            message=f"Kolom '{h}' is vrije tekst en is niet opgeslagen: vrije tekst kan namen en andere "
            "persoonsgegevens bevatten.",
            code="kolom_vrije_tekst",
            severity="melding",
            sheet=sheet,
            column=h,
        )
        if fold(h) in FREE_TEXT_HEADERS
        else Issue(
            message=f"Kolom '{h}' is niet herkend en niet gebruikt. Koppel hem in een koppelprofiel als hij nodig is.",
            code="kolom_onbekend",
            severity="melding",
            sheet=sheet,
            column=h,
        )
        for h in unknown
    ]
    found += [
        Issue(
            message=f"Kolom '{h}' komt twee keer voor; alleen de eerste is gebruikt.",
            code="kolom_dubbel",
            severity="melding",
            sheet=sheet,
            column=h,
        )
        for h in mapping.duplicate.values()
    ]
    skipped = (
        (block.totals_rows, "totaalregel", "een totaalregel"),
        (block.note_rows, "notitieregel", "een notitie onder de tabel (één gevulde cel met tekst)"),
    )
    found += [
        Issue(message=f"Rij {n} is {what} en is overgeslagen.", code=code, severity="melding", sheet=sheet, row=n)
        for numbers, code, what in skipped
        for n in numbers
    ]
    found += [
        Issue(
            message=f"Rij {n} heeft {fields} velden, de kopregel {len(block.headers)}: waarschijnlijk staat er een "
            "scheidingsteken in een waarde zonder aanhalingstekens. De rij is niet ingelezen (en de inhoud "
            "niet getoond: een kolom met een naam of BSN kan verschoven zijn).",
            code="rij_onleesbaar",
            sheet=sheet,
            row=n,
        )
        for n, fields in block.malformed.items()
    ]
    return found


def _file_title_date(sheets: list[Sheet], choice: Choice) -> str | None:
    """The title-block date above the header row, else one on a cover sheet before the data sheet."""
    found = _title_date(choice.sheet, choice.header_index)
    for sheet in sheets[: sheets.index(choice.sheet)]:
        found = found or _title_date(sheet, len(sheet.head))
    return found


def _snapshot_date_from_title(table: ParsedTable, choice: Choice, sheets: list[Sheet], file_name: str) -> None:
    ds = table.dataset
    date = _file_title_date(sheets, choice)
    if date is None:
        raise RejectedFile(
            f"{file_name}: geen peildatum gevonden: geen kolom 'Peildatum' en geen 'Peildatum:' of "
            "'Rundatum:' boven de kopregel.",
            code="peildatum_ontbreekt",
            dataset=ds.name,
        )
    column = date if ds.snapshot_date != "month" else date[:8] + "01"
    table.frame[ds.snapshot_date] = column
    table.headers[ds.snapshot_date] = "Peildatum (kopblok)"


def _row_hash_key(table: ParsedTable, column: str) -> None:
    """A key from each row's canonical values; identical rows are told apart by their order in the file.

    The same export imported again gets the same keys, so it updates instead of adding responses.
    """
    names = sorted(table.frame.columns)
    seen: dict[str, int] = {}
    keys: list[str] = []
    for values in zip(*(table.frame[n].tolist() for n in names), strict=True):
        text = "\x1f".join(f"{n}={'' if v is None else v}" for n, v in zip(names, values, strict=True))
        occurrence = seen.get(text, 0)
        seen[text] = occurrence + 1
        keys.append("rij-" + hashlib.sha256(f"{text}\x1e{occurrence}".encode()).hexdigest()[:24])
    table.frame[column] = pd.Series(keys, index=table.frame.index, dtype=object)
    table.headers[column] = "(hash van de rij)"


def _signal_type_column(block: Block, table: ParsedTable, sheet: str | None, issues: list[Issue]) -> None:
    """``Type signaal`` (Enkelvoudig/Meervoudig) sets signal_count to 1 or at least 2: beside an ``Aantal
    signalen`` column it fills the counts left blank there. Meervoudig is a lower bound, so a stored count
    of 3 stays 3 (``ParsedTable.at_least``). A value that is neither is a finding either way."""
    pos = next((i for i, h in enumerate(block.headers) if fold(h) == "type signaal"), None)
    if pos is None:
        return
    number_to_index = {int(n): i for i, n in enumerate(block.rows)}
    given = table.frame["signal_count"].tolist() if "signal_count" in table.frame.columns else None
    counts: list[object] = []
    at_least: set[tuple] = set()
    keys = list(zip(*(table.frame[k].tolist() for k in table.dataset.key), strict=True))
    for i, n in enumerate(table.rows):
        raw = block.frame[pos].iloc[number_to_index[int(n)]]
        text = fold(raw_text(raw)) if raw is not None else ""
        count: int | None = None
        if text.startswith("enkel"):
            count = 1
        elif text.startswith("meer"):
            count = 2
        elif text:
            issues.append(
                Issue(
                    message=f"Kolom 'Type signaal': '{raw_text(raw)}' is geen Enkelvoudig of Meervoudig.",
                    code="waarde_onbekend",
                    severity="melding",
                    sheet=sheet,
                    row=int(n),
                    column="Type signaal",
                    value=raw_text(raw),
                )
            )
        if given is not None and given[i] is not None:
            counts.append(given[i])  # the count itself, where the export gives one
            continue
        counts.append(count)
        if count == 2:
            at_least.add(keys[i])
    table.frame["signal_count"] = pd.Series(counts, index=table.frame.index, dtype=object)
    table.headers.setdefault("signal_count", "Type signaal")
    table.at_least = {"signal_count": at_least} if at_least else {}


PAIR_HEADERS = {"kind": "(kolompaar)"}  # the guidance kind is read from the column pair's header


def _guidance_tables(
    mapping: hdr.HeaderMapping, block: Block, cases: ParsedTable, sheet: str | None, issues: list[Issue]
) -> list[ParsedTable]:
    """Guidance rows from column pairs such as ``Budgetbeheer start`` / ``Budgetbeheer einde``: one table per
    set of dates the file has, so that a kind exported with only its end column leaves the stored start
    alone (the merge rule: an absent column is not an empty one). Every case row gives a row per kind; one
    whose cells are all empty updates a stored guidance (its dates emptied) and is skipped on load for a
    case without that guidance (``pipeline._load_table``)."""
    ds = DATASETS["case_guidance"]
    number_to_index = {int(n): i for i, n in enumerate(block.rows)}
    kept_index = [number_to_index[n] for n in cases.rows]
    by_kind: dict[str, dict[str, int]] = {}
    for pos, (kind, field_name) in mapping.guidance.items():
        by_kind.setdefault(kind, {})[field_name] = pos
    values: dict[int, np.ndarray] = {}
    bad: set[int] = set()
    for pos, (_, field_name) in mapping.guidance.items():
        parsed = parse_column(block.frame[pos].iloc[kept_index].reset_index(drop=True), ds.field(field_name))
        values[pos] = parsed.values
        bad.update(parsed.bad)
        for i, reason in parsed.bad.items():
            issues.append(
                Issue(
                    message=f"Kolom '{block.headers[pos]}': {reason}.",
                    code="datum_onleesbaar",
                    sheet=sheet,
                    row=cases.rows[i],
                    column=block.headers[pos],
                    value=raw_text(block.frame[pos].iloc[kept_index[i]]),
                )
            )
    # a date that cannot be read rejects its row (rule 4), the case as well as its guidance
    keep = np.ones(len(cases.rows), dtype=bool)
    keep[sorted(bad)] = False
    if bad:
        _without_positions(cases, sorted(bad))
    parts: dict[tuple[str, ...], tuple[list[pd.DataFrame], list[int]]] = {}
    for kind, positions in by_kind.items():
        present = tuple(f for f in ("started_on", "ended_on") if f in positions)
        part = pd.DataFrame({"case_id": cases.frame["case_id"].to_numpy(), "kind": kind})
        for field_name in present:
            part[field_name] = values[positions[field_name]][keep]
        frames, rows = parts.setdefault(present, ([], []))
        frames.append(part)  # rows without a date too: they empty a stored guidance (the load skips new ones)
        rows.extend(cases.rows)
    return [
        ParsedTable(ds, pd.concat(frames, ignore_index=True), rows, sheet, dict(PAIR_HEADERS), blank_is_absent=True)
        for frames, rows in parts.values()
    ]
