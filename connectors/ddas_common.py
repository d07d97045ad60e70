"""Shared machinery of the DDAS connectors (``ddas_shv``: SHV v1.0, ``ddas_vs``: VS v0.9).

A DDAS delivery is one JSON document: ``leveringen[]`` (one per delivering organisation), each with lists of
records. This module reads the bytes, checks the shape, validates the document against the official JSON
schema (Draft 2020-12, with format checks for dates) and files every schema error under the record it
belongs to. The connectors read the records and decide, per record, which problems are essential (a row
error, severity "fout": the record is not loaded) and which are findings (severity "melding").

Personal data (client blocks, contact persons, creditor names) is never copied into an issue's value or
message: for those fields the issue says "de waarde" instead.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

import pandas as pd
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError

from config import settings
from connectors import headers, vocab
from connectors.model import Issue, ParsedTable, RejectedFile
from store.schema import Dataset

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"

JsonPath = tuple[str | int, ...]


class _Missing:
    """Marker for a field that is absent (as opposed to JSON null)."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING = _Missing()


@dataclass(frozen=True)
class DdasKind:
    """One DDAS exchange model: its schema and where its records are."""

    label: str  # Dutch, for messages
    schema_file: str
    source_format: str
    lists: tuple[str, ...]  # the record lists of a levering
    patterns: tuple[tuple[str, ...], ...]  # list names down to a record, for filing schema errors
    contacts: str  # the contact-person list of aanleverende_organisatie (spelled differently per version)


SHV = DdasKind(
    label="DDAS-schuldhulpverlening (SHV v1.0)",
    schema_file="ddas-shv-v1.0.json",
    source_format="ddas-shv-1.0",
    lists=("schuldhulptrajecten",),
    patterns=(
        ("leveringen",),
        ("leveringen", "schuldhulptrajecten"),
        ("leveringen", "schuldhulptrajecten", "begeleiding"),
    ),
    contacts="contactpersonen",
)
VS = DdasKind(
    label="DDAS-vroegsignalering (VS v0.9)",
    schema_file="ddas-vs-v0.9.json",
    source_format="ddas-vs-0.9",
    lists=("vroegsignalen", "vroegsignaalzaken"),
    patterns=(("leveringen",), ("leveringen", "vroegsignalen"), ("leveringen", "vroegsignaalzaken")),
    contacts="contactpersoonen",  # sic: the VS v0.9 schema spells it with "oo"
)

# ---------------------------------------------------------------------------------------------- JSON

_JSON_MESSAGES = (
    ("Expecting value", "hier wordt een waarde verwacht"),
    ("Expecting ',' delimiter", "hier wordt een komma verwacht"),
    ("Expecting ':' delimiter", "hier wordt een dubbele punt verwacht"),
    (
        "Expecting property name enclosed in double quotes",
        "hier wordt een veldnaam tussen dubbele aanhalingstekens verwacht",
    ),
    ("Unterminated string starting at", "een tekst wordt niet afgesloten met een aanhalingsteken"),
    ("Invalid control character at", "ongeldig stuurteken in een tekst"),
    ("Invalid \\escape", "ongeldige escape-reeks in een tekst"),
    ("Invalid \\uXXXX escape", "ongeldige \\u-escape in een tekst"),
    ("Extra data", "na het einde van de JSON staan nog tekens"),
)


def _dutch_json_message(message: str) -> str:
    for english, dutch in _JSON_MESSAGES:
        if message.startswith(english):
            return dutch
    return message


def _invalid(file_name: str, line: int, column: int, reason: str) -> RejectedFile:
    return RejectedFile(
        f"{file_name}: geen geldige JSON (regel {line}, kolom {column}): {reason}.", code="json_ongeldig"
    )


def _decode(data: bytes, file_name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise _invalid(file_name, line, column, "het bestand is niet in UTF-8 gecodeerd") from None


def parse_json(data: bytes | str | dict, file_name: str) -> object:
    """The JSON document in ``data`` (UTF-8, with or without BOM); RejectedFile naming the position if not."""
    if isinstance(data, dict | list):
        return data
    text = _decode(bytes(data), file_name) if isinstance(data, bytes | bytearray) else data.removeprefix("\ufeff")
    if not text.strip():
        raise _invalid(file_name, 1, 1, "het bestand is leeg")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise _invalid(file_name, exc.lineno, exc.colno, _dutch_json_message(exc.msg)) from None
    except RecursionError:
        raise RejectedFile(f"{file_name}: geen geldige JSON: te diep genest.", code="json_ongeldig") from None


def has_records(doc: object, kind: DdasKind) -> bool:
    """Whether ``doc`` looks like a delivery of ``kind``: a levering carries one of its record lists."""
    if not isinstance(doc, dict):
        return False
    leveringen = doc.get("leveringen")
    return isinstance(leveringen, list) and any(
        isinstance(lev, dict) and any(name in lev for name in kind.lists) for lev in leveringen
    )


def sniff(data: bytes | dict, kind: DdasKind) -> bool:
    """Whether ``data`` (raw bytes or a parsed document) is a delivery of ``kind``."""
    if isinstance(data, bytes | bytearray) and b"leveringen" not in data:
        return False
    try:
        doc = parse_json(data, "")
    except RejectedFile:
        return False
    return has_records(doc, kind)


def _check_shape(doc: object, file_name: str, kind: DdasKind, other: DdasKind) -> list:
    """The leveringen of a document of ``kind``; RejectedFile when nothing of it can be read."""
    if not isinstance(doc, dict) or not isinstance(doc.get("leveringen"), list) or not doc["leveringen"]:
        raise RejectedFile(
            f"{file_name}: geldige JSON, maar geen DDAS-levering: bovenaan ontbreekt een gevulde lijst 'leveringen'.",
            code="ddas_vorm_onbekend",
        )
    if not has_records(doc, kind):
        hint = f" Het lijkt een bestand van {other.label}." if has_records(doc, other) else ""
        raise RejectedFile(
            f"{file_name}: geen {kind.label}: geen van de leveringen bevat "
            f"{' of '.join(repr(n) for n in kind.lists)}.{hint}",
            code="ddas_vorm_onbekend",
        )
    readable = any(
        isinstance(lev, dict) and any(isinstance(lev.get(n), list) for n in kind.lists) for lev in doc["leveringen"]
    )
    if not readable:
        raise RejectedFile(
            f"{file_name}: {kind.label} zonder leesbare records: "
            f"{' en '.join(repr(n) for n in kind.lists)} is in geen enkele levering een lijst.",
            code="ddas_vorm_onbekend",
        )
    return doc["leveringen"]


# ------------------------------------------------------------------------------------ schema errors

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})", re.ASCII)


def _is_date_time(instance: object) -> bool:
    # jsonschema checks "date-time" only with an optional package; this is the RFC 3339 form DDAS uses.
    if not isinstance(instance, str):
        return True
    if not _DATE_TIME.fullmatch(instance):
        return False
    dt.datetime.fromisoformat(instance.replace("z", "Z"))
    return True


@cache
def validator(schema_file: str) -> Draft202012Validator:
    """The Draft 2020-12 validator of a shipped DDAS schema, with format checking."""
    schema = json.loads((SCHEMA_DIR / schema_file).read_text(encoding="utf-8"))
    checker = FormatChecker()
    checker.checks("date-time", raises=ValueError)(_is_date_time)
    return Draft202012Validator(schema, format_checker=checker)


def json_path(parts: Sequence[str | int]) -> str:
    """``("leveringen", 0, "client")`` -> ``leveringen[0].client``."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


@dataclass(frozen=True)
class SchemaError:
    """One schema violation, filed under its record."""

    column: str  # field path inside the record ("" for the record itself)
    value: object  # the offending JSON value (MISSING for an absent required field)
    keyword: str  # the schema keyword that failed: type, format, enum, required, ...
    detail: object  # what the schema wanted: a type, a format, the enum values, an item count


def _split(path: Sequence[str | int], kind: DdasKind) -> tuple[JsonPath, JsonPath]:
    """(path of the deepest record containing ``path``, the rest)."""
    best = 0
    for pattern in kind.patterns:
        n = 2 * len(pattern)
        if len(path) >= n and all(
            path[2 * k] == name and isinstance(path[2 * k + 1], int) for k, name in enumerate(pattern)
        ):
            best = max(best, n)
    return tuple(path[:best]), tuple(path[best:])


def _expand(err: ValidationError) -> Iterator[tuple[list, object, str, object]]:
    path = list(err.absolute_path)
    instance, keyword = err.instance, str(err.validator)
    if keyword == "required" and isinstance(instance, dict):
        for name in err.validator_value:
            if name not in instance:
                yield [*path, name], MISSING, keyword, None
    elif keyword == "additionalProperties" and isinstance(instance, dict):
        known = err.schema.get("properties", {}) if isinstance(err.schema, dict) else {}
        for name in instance:
            if name not in known:  # named, never shown: a field the schema does not know may hold anything
                yield [*path, name], MISSING, keyword, None
    else:
        yield path, instance, keyword, err.validator_value


def schema_errors(doc: object, kind: DdasKind) -> tuple[dict[JsonPath, list[SchemaError]], int]:
    """Schema errors per record path, and the number of JSON nulls where the schema wants a value.

    A null is read as "empty" and counted once for the whole file instead of one finding per field: the
    official examples use null for "not yet" (einddatum) and a steward cannot change the vendor's writer.
    """
    grouped: dict[JsonPath, list[SchemaError]] = defaultdict(list)
    nulls = 0
    missing: set[tuple] = set()
    for err in validator(kind.schema_file).iter_errors(doc):
        for path, value, keyword, detail in _expand(err):
            if keyword == "type" and value is None:
                nulls += 1
                continue
            if keyword == "required":  # one error per missing field, each naming all of them
                if tuple(path) in missing:
                    continue
                missing.add(tuple(path))
            record, rest = _split(path, kind)
            grouped[record].append(SchemaError(json_path(rest), value, keyword, detail))
    return grouped, nulls


# -------------------------------------------------------------------------------------- issue text

_PERSONAL = re.compile(r"(^|\.)(client|contactpersonen|contactpersoonen|schuldeiser)(\[|\.|$)")

_TYPE_NL = {
    "string": "tekst",
    "integer": "geheel getal",
    "number": "getal",
    "boolean": "ja/nee-waarde (true of false)",
    "object": "object",
    "array": "lijst",
}

_FORMAT_NL = {
    "date": "geen geldige datum (JJJJ-MM-DD)",
    "date-time": "geen geldige datum en tijd (JJJJ-MM-DDTUU:MM:SSZ)",
    "email": "geen geldig e-mailadres",
}


_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def is_personal(column: str) -> bool:
    """Whether a field path lies in a block with personal data (client, contact person, creditor), or its
    field is named like one (a ``BSN``, ``naam`` or ``naamPartner`` a vendor added where the schema has
    none: camelCase is read as words)."""
    name = re.split(r"[.\[]", column)[-1]
    return bool(_PERSONAL.search(column)) or headers.is_personal(_CAMEL.sub(" ", name))


def raw_text(value: object, column: str = "") -> str | None:
    """The raw value as text for an issue; None for absent values, structures and personal fields."""
    if value is MISSING or value is None or isinstance(value, dict | list) or is_personal(column):
        return None
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


MAX_LISTED = 9  # enum values named in a message; longer lists are referred to


def _shown(value: object, column: str) -> str:
    text = raw_text(value, column)
    return "de waarde" if text is None else f"'{text}'"


def _describe(err: SchemaError, where: str) -> tuple[str, str]:
    """(Dutch message without the consequence, code) for one schema error."""
    shown = _shown(err.value, err.column)
    if err.keyword == "required":
        return f"Verplicht veld {where} ontbreekt (DDAS-schema)", "ddas_verplicht_ontbreekt"
    if err.keyword == "additionalProperties":
        return f"Veld {where} komt niet voor in het DDAS-schema en is genegeerd", "ddas_veld_onbekend"
    if err.keyword == "type":
        expected = _TYPE_NL.get(str(err.detail), str(err.detail))
        return f"Veld {where}: {shown} is geen {expected} (DDAS-schema)", "ddas_type_onjuist"
    if err.keyword == "format":
        what = _FORMAT_NL.get(str(err.detail), f"niet in het formaat '{err.detail}'")
        code = "datum_onleesbaar" if err.detail in ("date", "date-time") else "ddas_formaat_onjuist"
        return f"Veld {where}: {shown} is {what}", code
    if err.keyword == "enum":
        options = [str(o) for o in err.detail] if isinstance(err.detail, list) else []
        listed = ", ".join(options) if len(options) <= MAX_LISTED else f"{len(options)} waarden, zie het DDAS-schema"
        return f"Veld {where}: {shown} staat niet in de DDAS-lijst ({listed})", "ddas_waarde_buiten_lijst"
    if err.keyword in ("minItems", "maxItems"):
        bound = "minder" if err.keyword == "minItems" else "meer"
        return f"Lijst {where} heeft {bound} dan {err.detail} element(en) (DDAS-schema)", "ddas_lijst_aantal"
    if err.keyword == "uniqueItems":
        return f"Lijst {where} bevat dubbele elementen (DDAS-schema)", "ddas_lijst_dubbel"
    return f"Veld {where} voldoet niet aan het DDAS-schema (regel '{err.keyword}')", "ddas_schema"


def schema_message(err: SchemaError, note: str | None) -> tuple[str, str]:
    where = f"'{err.column}'" if err.column else "(het hele record)"
    text, code = _describe(err, where)
    return (f"{text}; {note}." if note else f"{text}."), code


# ------------------------------------------------------------------------------------------ records


@dataclass
class Record:
    """One record being read: where it is, the issues found, and how its schema errors are to be read."""

    path: JsonPath
    key: str | None = None  # the record's canonical key, once known (never personal)
    failed: bool = False
    issues: list[Issue] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)  # column -> what was done with a bad value
    covered: set[str] = field(default_factory=set)  # columns whose schema errors a row error explains
    pending: dict[str, Issue] = field(default_factory=dict)  # findings a schema error may replace
    fallbacks: dict[str, str] = field(default_factory=dict)  # path -> the path a value was read from instead

    @property
    def sheet(self) -> str | None:
        return json_path(self.path) or None

    @property
    def row(self) -> int | None:
        return self.path[-1] + 1 if self.path and isinstance(self.path[-1], int) else None

    def _issue(self, column: str, value: object, message: str, code: str, severity: str) -> Issue:
        return Issue(
            message=message, code=code, severity=severity, sheet=self.sheet, row=self.row,
            column=column or None, value=raw_text(value, column), record_key=self.key,
        )  # fmt: skip

    def fail(self, column: str, value: object, message: str, code: str, covers: Sequence[str] = ()) -> None:
        """An essential problem: a row error, and the record is not loaded."""
        self.failed = True
        self.covered.update((column, *covers))
        self.issues.append(self._issue(column, value, message, code, "fout"))

    def finding(self, column: str, value: object, message: str, code: str, replaceable: bool = False) -> None:
        """A non-essential problem for the data-quality list.

        ``replaceable``: a schema error on the same column says it already (e.g. an enum value outside
        the DDAS list), so this finding is only reported when there is none.
        """
        issue = self._issue(column, value, message, code, "melding")
        if replaceable:
            self.pending.setdefault(column, issue)
        else:
            self.issues.append(issue)

    def _is_covered(self, column: str) -> bool:
        return any(c == "" or column == c or column.startswith((f"{c}.", f"{c}[")) for c in self.covered)

    def finish(self, errors: Sequence[SchemaError]) -> list[Issue]:
        """All issues of the record: its row errors, its schema errors as findings, its other findings."""
        out = list(self.issues)
        with_schema_error: set[str] = set()
        for err in errors:
            if self._is_covered(err.column):
                continue
            with_schema_error.add(err.column)
            message, code = schema_message(err, self.notes.get(err.column, _default_note(err)))
            out.append(self._issue(err.column, err.value, message, code, "melding"))
        out.extend(issue for column, issue in self.pending.items() if column not in with_schema_error)
        return [replace(issue, record_key=self.key) for issue in out]


def _default_note(err: SchemaError) -> str | None:
    if err.keyword in ("type", "format", "enum"):
        return "de waarde is niet gebruikt"
    return None


class Delivery:
    """A parsed, schema-checked DDAS document of one kind, and the issues found while reading it."""

    def __init__(self, data: bytes | dict, file_name: str, kind: DdasKind, other: DdasKind) -> None:
        self.file_name = file_name
        self.kind = kind
        self.doc = parse_json(data, file_name)
        self.leveringen = _check_shape(self.doc, file_name, kind, other)
        self.errors, self.nulls = schema_errors(self.doc, kind)
        self.issues: list[Issue] = []
        self._closed: set[JsonPath] = set()

    def close(self, record: Record) -> None:
        """Take the record's issues (with its schema errors) into the delivery's issues."""
        self.issues.extend(record.finish(self.errors.get(record.path, ())))
        self._closed.add(record.path)

    def levering_lists(self) -> Iterator[tuple[int, dict, dict[str, list], Record]]:
        """Per readable levering: (index, levering, its record lists, the levering's Record)."""
        for i, levering in enumerate(self.leveringen):
            rec = Record(("leveringen", i))
            if not isinstance(levering, dict):
                rec.fail(
                    "", None, "Deze levering is geen JSON-object en kan niet worden gelezen.", "ddas_levering_ongeldig"
                )
                self.close(rec)
                continue
            lists: dict[str, list] = {}
            for name in self.kind.lists:
                value = levering.get(name)
                lists[name] = value if isinstance(value, list) else []
                if value is not None and not isinstance(value, list):
                    rec.fail(
                        name, None, f"'{name}' is in deze levering geen lijst; de records ervan zijn niet gelezen.",
                        "ddas_lijst_ongeldig",
                    )  # fmt: skip
            yield i, levering, lists, rec
            self.close(rec)

    def all_issues(self) -> list[Issue]:
        """The issues of all records, then the schema errors of the file and of records never read."""
        out = list(self.issues)
        for path, errors in self.errors.items():
            if path not in self._closed:
                out.extend(Record(path).finish(errors))
        if self.nulls:
            out.append(Issue(
                message=f"{self.nulls} veld(en) in het bestand hebben de waarde null, wat het DDAS-schema niet "
                "toestaat; ze zijn als leeg gelezen.",
                code="ddas_null", severity="melding",
            ))  # fmt: skip
        return out

    def empty_reason(self) -> str:
        """Dutch: why the delivery yields no records (for the rejection of a delivery without any)."""
        lists = " en ".join(repr(n) for n in self.kind.lists)
        verb = "zijn" if len(self.kind.lists) > 1 else "is"
        return f"{self.kind.label} zonder records: {lists} {verb} in elke levering leeg"

    def contact_fields(self) -> set[str]:
        """The personal fields of the contact persons in the file (never stored)."""
        out: set[str] = set()
        for levering in self.leveringen:
            contacts = get(levering, f"aanleverende_organisatie.{self.kind.contacts}")
            for contact in contacts if isinstance(contacts, list) else ():
                if isinstance(contact, dict):
                    out.update(
                        f"aanleverende_organisatie.{self.kind.contacts}[].{k}"
                        for k in ("naam", "email", "telefoonnummer") if k in contact
                    )  # fmt: skip
        return out


def check_duplicate(rec: Record, seen: dict[str, str], key: str, what: str) -> None:
    """A row error when ``key`` was read before in this file; else remember where it was read."""
    if key in seen:
        rec.fail(
            "", None, f"{what} komt in dit bestand al eerder voor ({seen[key]}); alleen het eerste is gelezen.",
            "dubbel_record",
        )  # fmt: skip
    else:
        seen[key] = rec.sheet or ""


# ------------------------------------------------------------------------------------------- values


def period_end(doc: object) -> str | None:
    """The delivery's ``einddatumLevering`` (ISO), the date its data run through; None when absent or no date."""
    value = doc.get("einddatumLevering") if isinstance(doc, dict) else None
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        return None


def get(obj: object, path: str) -> object:
    """``obj["a"]["b"]`` for ``"a.b"``; MISSING when a step is absent or not an object."""
    for step in path.split("."):
        if not isinstance(obj, dict) or step not in obj:
            return MISSING
        obj = obj[step]
    return obj


def present(value: object) -> bool:
    return value is not MISSING and value is not None


def as_text(value: object) -> str | None:
    return (value.strip() or None) if isinstance(value, str) else None


def as_date(value: object) -> dt.date | None:
    if not isinstance(value, str) or not _DATE.fullmatch(value.strip()):
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        return None


def as_bool(value: object) -> bool | None:
    return value if isinstance(value, bool) else None


def money(rec: Record, obj: object, column: str) -> float | None:
    """An amount: DDAS wants whole euros, but an amount with cents is still an amount (and used).

    A negative amount (the schema allows one) is a finding and left empty: amounts are at least 0, and
    the rest of the record still loads.
    """
    value = get(obj, column)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if value < 0:
        rec.finding(
            column, value, f"Veld '{column}': negatief bedrag {value}; een bedrag is minstens 0, de waarde is "
            "niet gebruikt.", "buiten_bereik",
        )  # fmt: skip
        return None
    if isinstance(value, float):
        rec.notes[column] = "het bedrag is wel gebruikt"
    return float(value)


def first_date(rec: Record, obj: object, primary: str, fallback: str) -> dt.date | None:
    """The date at ``primary``, else the one at ``fallback`` (noted when ``primary`` was there but bad)."""
    found = as_date(get(obj, primary))
    if found is not None:
        return found
    found = as_date(get(obj, fallback))
    if found is not None:
        rec.notes[primary] = f"'{fallback}' is gebruikt"
        rec.fallbacks[primary] = fallback
    return found


def date_problem(value: object) -> str:
    """Dutch: why ``value`` is not a usable date."""
    if not present(value):
        return "ontbreekt"
    return f"'{value}' is geen geldige datum (JJJJ-MM-DD)" if isinstance(value, str) else "is geen datum"


def category(rec: Record, vocabulary: str, obj: object, column: str, extra: dict[str, str] | None = None) -> str | None:
    """The canonical code of the value at ``column``; unknown text is kept as given, with a finding."""
    text = as_text(get(obj, column))
    if text is None:
        return None
    code = vocab.to_code(vocabulary, text, extra)
    if code is None:
        rec.notes[column] = "de waarde is als tekst bewaard"
        rec.finding(
            column, text, f"Veld '{column}': onbekende waarde '{text}'; als tekst bewaard. Voeg zo nodig een "
            "schrijfwijze toe aan het koppelprofiel.", "waarde_onbekend", replaceable=True,
        )  # fmt: skip
        return text
    rec.notes[column] = f"gelezen als '{code}'"
    return code


def municipality(rec: Record, raw: object, column: str) -> str | None:
    """The four-digit CBS code of a gemeentecode (``GM0518``, ``GM001``, ``518``), else the text with a finding."""
    text = as_text(raw)
    if text is None:
        return None
    code, known = vocab.municipality_code(text)
    if not known:
        rec.finding(
            column, text, f"Gemeente '{text}' is geen CBS-code en staat niet in de instellingen; zoals "
            "geleverd bewaard.", "gemeente_onbekend",
        )  # fmt: skip
    return code


def team_for(municipality_code: str | None) -> str | None:
    """The team of the municipality in the installation settings, else the default team."""
    installation = settings.installation()
    for mun in installation.municipalities:
        if mun.code == municipality_code and mun.team:
            return mun.team
    return installation.default_team


def table(dataset: Dataset, rows: Sequence[tuple[int, dict]], sheet: str, headers: dict[str, str]) -> ParsedTable:
    """A ParsedTable of ``(row number, values)`` pairs, with the columns of ``headers`` in schema order."""
    columns = [name for name in dataset.field_names if name in headers]
    frame = pd.DataFrame([[values.get(c) for c in columns] for _, values in rows], columns=columns, dtype=object)
    return ParsedTable(
        dataset=dataset, frame=frame, rows=[n for n, _ in rows], sheet=sheet,
        headers={c: headers[c] for c in columns}, json_records=True,
    )  # fmt: skip
