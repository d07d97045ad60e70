"""The import pipeline: read -> detect/map/parse -> validate -> pseudonymise -> load, one transaction per file.

The upload page and the command line both call ``import_file``; nothing else writes imports.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import re
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy.exc import ArgumentError, OperationalError

from config import settings
from config.cli import database_problem
from connectors import profiles as profiles_mod
from connectors import validate as validate_rules
from connectors.headers import column_label
from connectors.model import ConnectorOutput, Issue, ParsedTable, Reference, RejectedFile
from connectors.pseudonym import Pseudonymiser
from connectors.tabular import read_tabular
from connectors.validate import HARD_DATE_ORDER, dutch_day, validate
from connectors.vocab import fold
from store import db, gateway
from store.schema import SIGNAL_CASES, SIGNALS, Dataset, DatasetKind, Kind

Progress = Callable[[str, float], None]
log = logging.getLogger("shv.import")
CHILD_DATASETS = frozenset({"case_guidance"})


@dataclass
class FileResult:
    """What happened to one file; ``as_json`` is the command-line contract of ``exports.md``."""

    file: str
    dataset: str | None = None
    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    findings: list[Issue] = field(default_factory=list)
    errors: list[Issue] = field(default_factory=list)
    rejected: bool = False
    message: str = ""
    batch_id: int | None = None
    already_imported: bool = False
    dropped_columns: list[str] = field(default_factory=list)
    datasets: dict[str, dict[str, int]] = field(default_factory=dict)

    def as_json(self) -> dict[str, object]:
        return {
            "file": self.file,
            "dataset": self.dataset,
            "rows_read": self.rows_read,
            "rows_loaded": self.rows_loaded,
            "rows_rejected": self.rows_rejected,
            "findings": [i.as_json() for i in self.findings],
            "errors": [i.as_json() for i in self.errors],
            "rejected": self.rejected,
            "message": self.message,
            "batch": self.batch_id,
            "already_imported": self.already_imported,
            "dropped_columns": self.dropped_columns,
            "datasets": self.datasets,
        }


def _noop(_stage: str, _fraction: float) -> None:
    return None


def import_file(
    path: str | Path,
    *,
    dataset: str | None = None,
    profile: str | None = None,
    url: str | None = None,
    user: str | None = None,
    progress: Progress | None = None,
    data: bytes | None = None,
) -> FileResult:
    """Import one export file (or its bytes, for uploads, with ``path`` as its name)."""
    name = Path(path).name
    report = progress or _noop
    try:
        if data is None:
            data = _read_bytes(Path(path))
        return _import(data, name, dataset, profile, url, user or settings.current_user(), report)
    except RejectedFile as exc:
        return FileResult(
            file=name, dataset=exc.dataset or dataset, rejected=True, message=exc.message, errors=_file_errors(exc)
        )
    except profiles_mod.ProfileError as exc:
        return FileResult(
            file=name,
            dataset=dataset,
            rejected=True,
            message=str(exc),
            errors=[Issue(message=str(exc), code="profiel")],
        )
    except (ArgumentError, OperationalError, ModuleNotFoundError) as exc:  # the database, not the file
        message = f"{name}: {database_problem(exc, url)}; er is niets opgeslagen."
        return FileResult(
            file=name, dataset=dataset, rejected=True, message=message,
            errors=[Issue(message=message, code="database_onbereikbaar")],
        )  # fmt: skip
    except Exception:  # noqa: BLE001 - no traceback reaches the user; it goes to the log
        _log_crash(name)
        message = (
            f"{name}: onverwachte fout tijdens het importeren; er is niets opgeslagen. De technische details "
            f"staan in {settings.data_dir() / 'import.log'}."
        )
        return FileResult(
            file=name,
            dataset=dataset,
            rejected=True,
            message=message,
            errors=[Issue(message=message, code="onverwachte_fout")],
        )


def _read_bytes(path: Path) -> bytes:
    if not path.exists():
        raise RejectedFile(f"{path}: bestand niet gevonden.", code="bestand_ontbreekt")
    if path.is_dir():
        raise RejectedFile(f"{path}: dit is een map, geen bestand.", code="bestand_ontbreekt")
    return path.read_bytes()


def _file_errors(exc: RejectedFile) -> list[Issue]:
    return exc.issues or [Issue(message=exc.message, code=exc.code)]


def _log_crash(name: str) -> None:
    try:
        with (settings.data_dir() / "import.log").open("a", encoding="utf-8") as fh:
            fh.write(f"--- {dt.datetime.now().isoformat()} {name}\n{traceback.format_exc()}\n")
    except OSError:
        log.exception("import of %s failed", name)


# ---------------------------------------------------------------- the steps


def _connector_output(
    data: bytes, name: str, dataset: str | None, profile: profiles_mod.Profile | None, pseudonymiser: Pseudonymiser
) -> ConnectorOutput:
    if _is_json(data, name):
        return _read_ddas(data, name, pseudonymiser)
    return read_tabular(data, name, dataset=dataset, profile=profile)


_FIRST_CHARACTER = re.compile(rb"(?:\xef\xbb\xbf)?[ \t\r\n]*(.)", re.DOTALL)


def _is_json(data: bytes, name: str) -> bool:
    """A DDAS delivery: named ``.json``, or JSON by its content (a CSV title line may start with
    "[Stratech]", so a first ``[`` or ``{`` alone does not make a file JSON)."""
    if name.lower().endswith(".json"):
        return True
    first = _FIRST_CHARACTER.match(data)
    if first is None or first.group(1) not in (b"{", b"["):
        return False
    try:
        json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return False
    return True


def _read_ddas(data: bytes, name: str, pseudonymiser: Pseudonymiser) -> ConnectorOutput:
    from connectors import ddas_shv, ddas_vs

    try:
        parsed = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return ddas_shv.read(data, name, pseudonymiser)  # raises RejectedFile with the position
    for module in (ddas_shv, ddas_vs):
        if module.sniff(parsed):
            return module.read(data, name, pseudonymiser)
    raise RejectedFile(
        f"{name}: dit JSON-bestand is geen DDAS-levering (schuldhulpverlening v1.0 of vroegsignalering v0.9): "
        "'leveringen' met 'schuldhulptrajecten' of 'vroegsignalen' ontbreekt.",
        code="dataset_onbekend",
    )


def _normalise(table: ParsedTable, pseudonymiser: Pseudonymiser) -> None:
    """Dates to ISO text, identifiers to pseudonyms and teams to their configured spelling, in place."""
    frame = table.frame
    for f in table.dataset.fields:
        if f.name not in frame.columns:
            continue
        if f.kind is Kind.DATE:
            frame[f.name] = _iso_dates(frame[f.name])
        elif f.kind is Kind.PSEUDONYM:
            frame[f.name] = pd.Series(pseudonymiser.hash_many(_as_text(frame[f.name])), dtype=object)
    if "team" in frame.columns:
        frame["team"] = _configured_teams(frame["team"])


def _configured_teams(teams: pd.Series) -> pd.Series:
    """A team written as the settings write it when it differs only in case, accents, spaces or punctuation
    (``SCHULDHULP  noord``, ``Schuldhulp-Noord``); other names stay as exported."""
    installation = settings.installation()
    configured = {fold(t): t for t in (*installation.teams, *(m.team for m in installation.municipalities if m.team))}
    if not configured:
        return teams
    codes, uniques = pd.factorize(teams, use_na_sentinel=True)  # each distinct name once (a million rows)
    spelled = [configured.get(fold(u), u) if isinstance(u, str) else u for u in uniques]
    return pd.Series(np.array([*spelled, None], dtype=object)[codes], index=teams.index, dtype=object)


def _iso_dates(series: pd.Series) -> pd.Series:
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    iso = np.array([u.isoformat() if isinstance(u, dt.date) else u for u in uniques] + [None], dtype=object)
    return pd.Series(iso[codes], dtype=object)


def _as_text(series: pd.Series) -> list[str | None]:
    out: list[str | None] = []
    for v in series.tolist():
        if v is None or (isinstance(v, float) and np.isnan(v)):
            out.append(None)
        elif isinstance(v, float) and v.is_integer():
            out.append(str(int(v)))
        else:
            out.append(str(v))
    return out


def _import(
    data: bytes, name: str, dataset: str | None, profile_name: str | None, url: str | None, user: str, report: Progress
) -> FileResult:
    report("Bestand lezen", 0.05)
    engine = db.ready_engine(url)
    profile = profiles_mod.resolve(profile_name, gateway.saved_profiles(engine)) if profile_name else None
    file_hash = hashlib.sha256(data).hexdigest()
    with engine.connect() as conn:
        earlier = gateway.active_batch_with_hash(conn, file_hash)
    if earlier is not None:
        batch_id, stored_dataset = earlier
        return FileResult(
            file=name,
            dataset=stored_dataset,
            already_imported=True,
            batch_id=batch_id,
            message=f"{name}: dit bestand is al geïmporteerd (batch {batch_id}); er is niets gewijzigd.",
        )
    try:
        pseudonymiser = Pseudonymiser()
    except ValueError as exc:  # the installation's key is unusable: say so, not "unexpected error"
        raise RejectedFile(f"{name}: {exc} Er is niets opgeslagen.", code="sleutel_ongeldig") from None
    output = _connector_output(data, name, dataset, profile, pseudonymiser)
    report("Waarden controleren", 0.35)
    today = dt.date.today()
    issues = list(output.issues)
    for table in output.tables:
        _normalise(table, pseudonymiser)
    reference = _data_through(output, output.tables, today) or today
    tables: list[ParsedTable] = []
    for table in output.tables:
        kept, found = validate(table, today=min(reference, today))
        tables.append(kept)
        issues.extend(found)
    tables = _without_orphans(output.tables, tables)
    primary = output.tables[0].dataset.name if output.tables else dataset
    result = FileResult(file=name, dataset=primary, rows_read=output.rows_read, dropped_columns=output.dropped_columns)
    report("Opslaan in de database", 0.6)
    with engine.begin() as conn:
        batch_id = gateway.create_batch(
            conn,
            created_by=user,
            file_name=name,
            file_hash=file_hash,
            dataset=primary or "onbekend",
            source_format=output.source_format,
            profile=profile_name,
            dropped_columns=", ".join(output.dropped_columns) or None,
        )
        refused: set[tuple[str | None, int]] = set()  # case rows a new record lacked required values for
        for table in tables:
            if table.dataset.name in CHILD_DATASETS:
                table = _without_rows(table, refused)
            loaded = _load_table(conn, table, batch_id, issues, refused, min(reference, today))
            counts = result.datasets.setdefault(table.dataset.name, {"rows_loaded": 0})
            counts["rows_loaded"] += loaded
            if table.dataset.name not in CHILD_DATASETS or table.dataset.name == primary:
                result.rows_loaded += loaded
        for table in _resolved_references(conn, output.references, issues):
            _load_table(conn, table, batch_id, issues, refused)  # updates of stored records: not counted as read
        issues.extend(_staffing_findings(conn, tables))
        result.errors = [i for i in issues if i.severity == "fout"]
        result.findings = [i for i in issues if i.severity != "fout"]
        result.rows_rejected = len({(i.sheet, i.row) for i in result.errors if i.row is not None})
        if result.rows_loaded == 0:
            conn.rollback()
            return _nothing_loaded(result, output)
        gateway.write_findings(conn, batch_id, primary or "onbekend", name, issues)
        gateway.finish_batch(
            conn,
            batch_id,
            rows_read=result.rows_read,
            rows_loaded=result.rows_loaded,
            rows_rejected=result.rows_rejected,
            findings=len(result.findings),
            data_through=_data_through(output, tables, today),
        )
    result.batch_id = batch_id
    result.message = _summary(result)
    report("Klaar", 1.0)
    return result


def _nothing_loaded(result: FileResult, output: ConnectorOutput) -> FileResult:
    """The file is rejected as a whole; its errors name why, a file-level error when no row error does
    (a file without records: automation must never see a rejected file without a reason)."""
    result.rejected = True
    if result.rows_read:
        reason, code = "geen enkele rij kon worden ingelezen", "geen_rij_geladen"
    else:
        reason, code = output.empty_reason or "het bestand bevat geen gegevensrijen", "geen_gegevensrijen"
    result.message = f"{result.file}: {reason}; er is niets opgeslagen."
    if not result.errors:
        result.errors = [Issue(message=result.message, code=code)]
    return result


def _without_orphans(read: list[ParsedTable], kept: list[ParsedTable]) -> list[ParsedTable]:
    """Guidance rows of a case whose row was rejected are not loaded either (same sheet and row)."""
    rejected: set[tuple[str | None, int]] = set()
    for before, after in zip(read, kept, strict=True):
        if before.dataset.name == "cases" and len(after.rows) < len(before.rows):  # kept is a subset of read
            rejected |= {(before.sheet, r) for r in before.rows} - {(after.sheet, r) for r in after.rows}
    return [_without_rows(t, rejected) if t.dataset.name in CHILD_DATASETS else t for t in kept]


def _without_rows(table: ParsedTable, rejected: set[tuple[str | None, int]]) -> ParsedTable:
    """``table`` without the rows read from the given (sheet, row) positions."""
    if not rejected:
        return table
    keep = np.array([(table.sheet, r) not in rejected for r in table.rows], dtype=bool)
    rows = [r for r, k in zip(table.rows, keep, strict=True) if k]
    return replace(table, frame=table.frame[keep].reset_index(drop=True), rows=rows)


def _load_table(
    conn: object,
    table: ParsedTable,
    batch_id: int,
    issues: list[Issue],
    refused: set[tuple[str | None, int]],
    today: dt.date | None = None,
) -> int:
    ds = table.dataset
    if not len(table.frame):
        return 0
    if ds.kind is DatasetKind.SNAPSHOT:
        return gateway.replace_snapshot(conn, ds, table.frame, batch_id)
    frame = table.frame
    keys = list(zip(*(frame[k].tolist() for k in ds.key), strict=True))
    existing = gateway.existing_keys(conn, ds, keys)
    new = np.fromiter((k not in existing for k in keys), dtype=bool, count=len(keys))
    if table.blank_is_absent:  # a guidance pair left empty is no guidance, unless one is stored to empty
        values = [c for c in frame.columns if c not in ds.key]
        blank_new = new & frame[values].isna().all(axis=1).to_numpy()
        if blank_new.any():  # by position: one row of the file gives a row per kind
            rows = [r for r, b in zip(table.rows, blank_new, strict=True) if not b]
            table = replace(table, frame=frame[~blank_new].reset_index(drop=True), rows=rows)
            frame, new = table.frame, new[~blank_new]
            keys = [k for k, b in zip(keys, blank_new, strict=True) if not b]
            if not len(frame):
                return 0
    stored_rows = [int(i) for i in np.flatnonzero(~new)]
    if table.joined_columns and stored_rows:
        rows = {column: stored_rows for column in table.joined_columns}
        table = replace(table, frame=_combined_with_stored(conn, table, keys, rows, _joined_codes))
    if table.at_least and stored_rows:
        rows = {column: [i for i in stored_rows if keys[i] in bounded] for column, bounded in table.at_least.items()}
        table = replace(table, frame=_combined_with_stored(conn, table, keys, rows, _at_least))
    frame = table.frame
    missing_required = _missing_required(table, new, issues) | _out_of_order_with_stored(conn, table, keys, new, issues)
    issues.extend(_soft_findings_merged(conn, table, keys, new, missing_required, today or dt.date.today()))
    if missing_required.any():
        frame = frame[~missing_required].reset_index(drop=True)
        refused.update((table.sheet, table.rows[i]) for i in np.flatnonzero(missing_required))
    counts = gateway.load_records(conn, ds, frame, batch_id, existing, _team_defaults(frame, ds))
    return counts.inserted + counts.updated


def _resolved_references(conn: object, references: list[Reference], issues: list[Issue]) -> list[ParsedTable]:
    """Signals a DDAS VS case names that its delivery does not hold, looked up in the store: each stored one
    is linked to the case (its ``signal_case_id``) and its partner type joined into the case's
    ``partner_types`` (a case's signals only grow). One not stored either is a finding per case."""
    if not references:
        return []
    stored = gateway.stored_values(conn, SIGNALS, [(r.key,) for r in references], ["partner_type"])  # type: ignore[arg-type]
    found = [r for r in references if (r.key,) in stored]
    missing: dict[tuple[str, str | None, int | None], list[str]] = {}
    for r in references:
        if (r.key,) not in stored:
            missing.setdefault((r.by, r.sheet, r.row), []).append(r.key)
    for (case_id, sheet, row), ids in missing.items():
        shown = ", ".join(ids)
        issues.append(
            Issue(
                message=f"Vroegsignaal {shown}, waarnaar deze zaak verwijst, staat niet in deze levering en ook niet "
                "in de database; de signaalpartner ervan is onbekend.",
                code="signaal_ontbreekt", severity="melding", sheet=sheet, row=row, column="vroegsignalen",
                value=shown, record_key=case_id,
            )
        )  # fmt: skip
    if not found:
        return []
    links = pd.DataFrame({"signal_id": [r.key for r in found], "signal_case_id": [r.by for r in found]}, dtype=object)
    types: dict[str, set[str]] = {}
    row_of: dict[str, int | None] = {}  # the row of the case that names the signals
    for r in found:
        code = stored[(r.key,)].get("partner_type")
        types.setdefault(r.by, set()).update([code] if code else [])
        row_of.setdefault(r.by, r.row)
    cases = [case for case, codes in types.items() if codes]
    partners = pd.DataFrame(
        {"signal_case_id": cases, "partner_types": [",".join(sorted(types[c])) for c in cases]}, dtype=object
    )
    headers = {"signal_id": "vroegsignalen[].ID", "signal_case_id": "ID", "partner_types": "vroegsignalen"}
    return [
        ParsedTable(SIGNALS, links, [r.row or 0 for r in found], found[0].sheet, headers),
        ParsedTable(
            SIGNAL_CASES, partners, [row_of[c] or 0 for c in cases], found[0].sheet, headers,
            joined_columns=("partner_types",),
        ),
    ]  # fmt: skip


Combine = Callable[[object, object], object]  # (the file's value, the stored value) -> the value to store


def _combined_with_stored(
    conn: object, table: ParsedTable, keys: list[tuple], rows: dict[str, list[int]], combine: Combine
) -> pd.DataFrame:
    """``table``'s frame with the value of each column in ``rows`` (positions of stored records) combined with
    the stored value: ``combine(new, stored)``."""
    frame = table.frame.copy()
    wanted = sorted({i for positions in rows.values() for i in positions})
    if not wanted:
        return frame
    stored = gateway.stored_values(conn, table.dataset, [keys[i] for i in wanted], list(rows))  # type: ignore[arg-type]
    for column, positions in rows.items():
        values = frame[column].tolist()
        for i in positions:
            values[i] = combine(values[i], stored.get(keys[i], {}).get(column))
        frame[column] = pd.Series(values, index=frame.index, dtype=object)
    return frame


def _joined_codes(new: object, stored: object) -> str | None:
    """A joined column (``ParsedTable.joined_columns``): the union of the new and the stored comma list."""
    codes = {code for text in (new, stored) if text for code in str(text).split(",")}
    return ",".join(sorted(codes)) or None


def _at_least(new: object, stored: object) -> object:
    """A lower bound (``ParsedTable.at_least``): the stored value where it is larger."""
    return stored if stored is not None and new is not None and stored > new else new  # type: ignore[operator]


def _out_of_order_with_stored(
    conn: object, table: ParsedTable, keys: list[tuple], new: np.ndarray, issues: list[Issue]
) -> np.ndarray:
    """Rows updating a stored case with one date of a hard pair (first conversation or closing before the
    registration) where the other is the stored one: the merged record would break the order the file's own
    rows are held to, so the row is refused (an intake export with case id and first-conversation date)."""
    frame, ds = table.frame, table.dataset
    bad = np.zeros(len(frame), dtype=bool)
    pairs = [(a, b) for a, b in sorted(HARD_DATE_ORDER) if (a in frame.columns) != (b in frame.columns)]
    if ds.name != "cases" or not pairs or new.all():
        return bad
    wanted = sorted({c for pair in pairs for c in pair if c not in frame.columns})
    old = np.flatnonzero(~new)
    stored = gateway.stored_values(conn, ds, [keys[i] for i in old], wanted)  # type: ignore[arg-type]
    for later, earlier in pairs:
        for i in old:
            record = stored.get(keys[i], {})
            a = frame[later].iloc[i] if later in frame.columns else _iso(record.get(later))
            b = frame[earlier].iloc[i] if earlier in frame.columns else _iso(record.get(earlier))
            if bad[i] or not isinstance(a, str) or not isinstance(b, str) or a >= b:
                continue
            bad[i] = True
            in_file = later if later in frame.columns else earlier
            lh, eh = table.headers.get(later, later), table.headers.get(earlier, earlier)
            issues.append(
                Issue(
                    message=f"Dossier '{keys[i][0]}': '{lh}' ({dutch_day(a)}) zou vóór '{eh}' ({dutch_day(b)}) "
                    "komen te liggen (de andere datum is de opgeslagen). De rij is niet ingelezen.",
                    code="datumvolgorde",
                    sheet=table.issue_sheet(table.rows[i]),
                    row=table.rows[i],
                    column=table.headers.get(in_file, in_file),
                    value=dutch_day(a if in_file == later else b),
                    record_key=str(keys[i][0]),
                )
            )
    return bad


# (date, other column) pairs of the soft case findings that validate checks on rows holding both columns
SOFT_PAIRS = (("closed_on", "close_reason"), ("closed_on", "registered_on"))


def _soft_findings_merged(
    conn: object, table: ParsedTable, keys: list[tuple], new: np.ndarray, skip: np.ndarray, today: dt.date
) -> list[Issue]:
    """The soft case findings of rule 4 on the record as the merge leaves it, for a file that holds only one
    column of the pair (validate judges rows that hold both): a closing without a reason, also where an
    update empties the stored reason or the export has no reason column; a case open for over three years in
    a list without a closing column. The other column is the stored value, or empty for a new case."""
    frame, ds = table.frame, table.dataset
    pairs = [p for p in SOFT_PAIRS if (p[0] in frame.columns) != (p[1] in frame.columns)]
    if ds.name != "cases" or not pairs:
        return []
    absent = sorted({c for pair in pairs for c in pair if c not in frame.columns})
    old = list(np.flatnonzero(~new & ~skip))
    stored = gateway.stored_values(conn, ds, [keys[i] for i in old], absent) if old else {}  # type: ignore[arg-type]
    given = {c: frame[c].tolist() for pair in pairs for c in pair if c in frame.columns}
    limit = validate_rules.long_open_limit(today)
    out: list[Issue] = []

    def finding(i: int, column: str, value: object, message: str, code: str) -> Issue:
        return Issue(
            message=message, code=code, severity="melding",
            sheet=table.issue_sheet(table.rows[i]), row=table.rows[i],
            column=table.headers.get(column) or column_label(ds.name, column), value=value, record_key=str(keys[i][0]),
        )  # fmt: skip

    reason_pair, open_pair = (p in pairs for p in SOFT_PAIRS)
    for i in (int(i) for i in np.flatnonzero(~skip)):
        record = stored.get(keys[i], {})
        closed, reason, registered = (
            given[c][i] if c in given else _iso(record.get(c)) for c in ("closed_on", "close_reason", "registered_on")
        )
        if reason_pair and closed is not None and reason is None:
            out.append(finding(i, "close_reason", None, validate_rules.CLOSED_WITHOUT_REASON, "reden_ontbreekt"))
        if open_pair and closed is None and registered is not None and registered < limit:
            out.append(finding(i, "registered_on", dutch_day(registered), validate_rules.OPEN_TOO_LONG, "lang_open"))
    return out


def _iso(value: object) -> str | None:
    return value.isoformat()[:10] if isinstance(value, dt.date) else value if isinstance(value, str) else None


def _team_defaults(frame: pd.DataFrame, ds: Dataset) -> dict[str, list]:
    """Without a team column, new records get the team of their municipality from the settings."""
    if "team" not in ds.field_names or "team" in frame.columns:
        return {}
    installation = settings.installation()
    by_code = {m.code: m.team for m in installation.municipalities}
    municipalities = frame["municipality"].tolist() if "municipality" in frame.columns else [None] * len(frame)
    return {"team": [by_code.get(m) or installation.default_team for m in municipalities]}


def _missing_required(table: ParsedTable, new: np.ndarray, issues: list[Issue]) -> np.ndarray:
    """New records need every required column; existing records may be updated with a few columns."""
    frame, ds = table.frame, table.dataset
    bad = np.zeros(len(frame), dtype=bool)
    for f in ds.fields:
        if not f.required or f.name in ds.key:
            continue
        if f.name not in frame.columns:
            lacking = new.copy()
            reason = f"de kolom '{column_label(ds.name, f.name)}' ontbreekt in dit bestand"
        else:
            lacking = frame[f.name].isna().to_numpy() & new
            reason = f"'{table.headers.get(f.name, f.name)}' is leeg"
        for i in np.flatnonzero(lacking & ~bad):
            issues.append(
                Issue(
                    message=f"Nieuw record '{frame[ds.key[0]].iloc[i]}': {reason}; een nieuw record heeft dit nodig.",
                    code="verplicht_ontbreekt",
                    sheet=table.issue_sheet(table.rows[i]),
                    row=table.rows[i],
                    column=table.headers.get(f.name) or column_label(ds.name, f.name),
                    value=None,
                )
            )
        bad |= lacking
        if f.name in frame.columns:
            existing_empty = frame[f.name].isna().to_numpy() & ~new
            for i in np.flatnonzero(existing_empty & ~bad):
                issues.append(
                    Issue(
                        message=f"'{table.headers.get(f.name, f.name)}' is leeg; een verplichte waarde kan niet "
                        "worden gewist.",
                        code="verplicht_ontbreekt",
                        sheet=table.issue_sheet(table.rows[i]),
                        row=table.rows[i],
                        column=table.headers.get(f.name, f.name),
                        value=None,
                    )
                )
            bad |= existing_empty
    return bad


def _staffing_findings(conn: object, tables: list[ParsedTable]) -> list[Issue]:
    """A consultant with cases but not in the staffing table (only once staffing has been imported)."""
    cases = next((t for t in tables if t.dataset.name == "cases"), None)
    if cases is None or "consultant" not in cases.frame.columns:
        return []
    staffed = gateway.staffed_consultants(conn)
    if not staffed:
        return []
    names = {n for _, n in staffed}
    seen = sorted({c for c in cases.frame["consultant"].dropna().unique() if c not in names})
    return [
        Issue(
            message=f"Consulent '{c}' staat niet in de formatie; caseload per fte is voor deze consulent onvolledig.",
            code="consulent_niet_in_formatie",
            severity="melding",
            sheet=cases.sheet,
            column=cases.headers.get("consultant"),
            value=c,
        )
        for c in seen
    ]


def _data_through(output: ConnectorOutput, tables: list[ParsedTable], today: dt.date) -> dt.date | None:
    explicit = getattr(output, "title_date", None) or output.data_through
    if explicit:  # a run date or delivery period end; never later than the import itself
        return min(dt.date.fromisoformat(str(explicit)[:10]), today)
    latest: str | None = None
    for table in tables:
        for f in table.dataset.fields:
            if f.kind is Kind.DATE and f.name in table.frame.columns:
                # ISO dates: compare the few distinct values, not a million cells
                days = [d for d in pd.unique(table.frame[f.name]) if isinstance(d, str) and d <= today.isoformat()]
                if days:
                    top = max(days)
                    latest = top if latest is None or top > latest else latest
    return dt.date.fromisoformat(latest) if latest else None


def _summary(result: FileResult) -> str:
    parts = [f"{result.file}: {result.rows_loaded} van {result.rows_read} rijen ingelezen ({result.dataset})"]
    if result.rows_rejected:
        parts.append(f"{result.rows_rejected} rijen afgewezen")
    if result.findings:
        parts.append(f"{len(result.findings)} meldingen voor de ruislijst")
    if result.dropped_columns:
        parts.append("persoonsgegevens niet opgeslagen: " + ", ".join(result.dropped_columns))
    return "; ".join(parts) + "."
