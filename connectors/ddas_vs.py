"""Connector for DDAS deliveries of early warning (vroegsignalering), exchange model VS v0.9.

Reads ``leveringen[].vroegsignalen[]`` into ``signals`` and ``leveringen[].vroegsignaalzaken[]`` into
``signal_cases`` (``exports.md``: the DDAS VS column of ``signal_cases``, and ``signals``).

Essential (row error, the record is not loaded):
- a signal without ``ID`` (the key), or with a ``signaaldatum`` that is not a date (one that is absent, as
  the schema allows, is a finding: the signal is stored and counts in no period);
- a signal case without a valid ``matchingsdatum`` (``matched_on`` is required and part of the key), or
  without any signal ``ID`` in ``vroegsignalen[]`` (the key is made of them);
- a record that is not a JSON object, or a key that occurs earlier in the file.
Everything else the schema rejects is a finding; the rest of the record loads.

The client block of a signal (BSN, names, address, date of birth) is never read into a table; its fields
are listed in ``dropped_columns``.

Schema spellings followed where ``exports.md`` is silent: the case's signal references are
``vroegsignaalzaken[].vroegsignalen[].ID``, contact persons are ``contactpersoonen`` (sic) and the period
start is ``startdatum_matchtingperiode`` (sic, not used).
"""

from __future__ import annotations

from dataclasses import replace

from connectors import ddas_common as common
from connectors import vocab
from connectors.ddas_common import Record
from connectors.model import ConnectorOutput, ParsedTable, Reference
from connectors.pseudonym import Pseudonymiser
from store.schema import SIGNAL_CASES, SIGNALS, Dataset

KIND = common.VS
SOURCE_FORMAT = KIND.source_format
SIGNAL_LIST, CASE_LIST = KIND.lists

SIGNAL_HEADERS = {
    "signal_id": "ID",
    "signal_case_id": "(afgeleid: de vroegsignaalzaak die naar het signaal verwijst)",
    "municipality": "gemeentecode",
    "received_on": "signaaldatum",
    "arrears_started_on": "ontstaansdatum",
    "partner_type": "signaalpartner.type",
    "amount": "bedrag",
    "crisis": "crisissignaal",
    "status": "status",
}
CASE_HEADERS = {
    "signal_case_id": "(afgeleid: gemeentecode, matchingsdatum, vroegsignalen[].ID)",
    "municipality": "gemeentecode",
    "matched_on": "matchingsdatum",
    "signal_count": "vroegsignalen[]",
    "partner_types": "vroegsignalen[].ID -> signaalpartner.type",
    "picked_up_on": "datum_opgepakt",
    "first_attempt_on": "contactpogingen[].datum",
    "reached_on": "contactpogingen[].bereikt",
    "home_visit": "contactpogingen[].soort",
    "result": "resultaat",
}


def sniff(data: bytes | dict) -> bool:
    """Whether ``data`` is a DDAS VS delivery: a levering carries ``vroegsignalen`` or ``vroegsignaalzaken``."""
    return common.sniff(data, KIND)


def read(data: bytes, file_name: str, pseudonymiser: Pseudonymiser) -> ConnectorOutput:
    """Read a DDAS VS v0.9 delivery into ``signal_cases`` and ``signals`` (one table each per levering)."""
    delivery = common.Delivery(data, file_name, KIND, other=common.SHV)
    out = ConnectorOutput(source_format=SOURCE_FORMAT, tables=[])
    seen_signals: dict[str, str] = {}
    seen_cases: dict[str, str] = {}
    dropped = delivery.contact_fields()
    for i, levering, lists, lev_rec in delivery.levering_lists():
        municipality = _municipality(lev_rec, levering)
        signals, by_id = _read_signals(delivery, i, lists[SIGNAL_LIST], municipality, seen_signals)
        cases, case_of, references = _read_cases(
            delivery, i, lists[CASE_LIST], municipality, by_id, seen_cases, pseudonymiser
        )
        out.references += references
        for _, row in signals:
            row["signal_case_id"] = case_of.get(row["signal_id"], common.MISSING)
        out.tables += _tables(SIGNAL_CASES, cases, f"leveringen[{i}].{CASE_LIST}", CASE_HEADERS, "partner_types")
        out.tables += _tables(SIGNALS, signals, f"leveringen[{i}].{SIGNAL_LIST}", SIGNAL_HEADERS, "signal_case_id")
        out.rows_read += len(lists[SIGNAL_LIST]) + len(lists[CASE_LIST])
        dropped.update(_client_fields(lists[SIGNAL_LIST]))
    out.issues = delivery.all_issues()
    out.dropped_columns = sorted(dropped)
    out.data_through = common.period_end(delivery.doc)
    out.empty_reason = None if out.rows_read else delivery.empty_reason()
    return out


def _tables(
    dataset: Dataset, rows: list[tuple[int, dict]], sheet: str, headers: dict[str, str], derived: str
) -> list[ParsedTable]:
    """The rows as a table, those whose ``derived`` column is unknown (MISSING) in a second one without it.

    A monthly delivery need not repeat the signals of a case matched earlier, nor the case of a signal it
    repeats. What it cannot tell is left out, so the value stored from an earlier delivery stays (merge
    rule: absent columns stay).
    """
    partial = [(n, {**row, derived: str(row[derived]) or None}) for n, row in rows if isinstance(row[derived], Partial)]
    unknown = [(n, row) for n, row in rows if row[derived] is common.MISSING]
    known = [
        (n, row) for n, row in rows if row[derived] is not common.MISSING and not isinstance(row[derived], Partial)
    ]
    tables = [common.table(dataset, known, sheet, headers)]
    if partial:  # some of what it is derived from is known: joined with the stored value
        tables.append(replace(common.table(dataset, partial, sheet, headers), joined_columns=(derived,)))
    if unknown:
        tables.append(common.table(dataset, unknown, sheet, {k: v for k, v in headers.items() if k != derived}))
    return tables


class Partial(str):
    """Partner types of a case of which only some signals are in this delivery: the load joins them with the
    types stored from earlier deliveries (a case's signals only ever grow)."""


def _municipality(lev_rec: Record, levering: dict) -> str | None:
    code = common.municipality(lev_rec, levering.get("gemeentecode"), "gemeentecode")
    if code is None:
        lev_rec.notes["gemeentecode"] = "de gemeente van de vroegsignalen en zaken van deze levering blijft leeg"
    return code


# ------------------------------------------------------------------------------------------- signals


def _read_signals(
    delivery: common.Delivery, i: int, items: list, municipality: str | None, seen: dict[str, str]
) -> tuple[list[tuple[int, dict]], dict[str, dict]]:
    """(the ``signals`` rows, every readable signal of the levering by ID, loaded or not)."""
    rows: list[tuple[int, dict]] = []
    by_id: dict[str, dict] = {}
    for j, item in enumerate(items):
        rec = Record(("leveringen", i, SIGNAL_LIST, j))
        row = _signal(rec, item, municipality)
        if row is not None:
            common.check_duplicate(rec, seen, row["signal_id"], f"Vroegsignaal '{row['signal_id']}'")
        if row is not None and not rec.failed:
            rows.append((j + 1, row))
        if isinstance(item, dict) and (sid := common.as_text(item.get("ID"))):
            by_id.setdefault(sid, item)
        delivery.close(rec)
    return rows, by_id


def _signal(rec: Record, item: object, municipality: str | None) -> dict | None:
    if not isinstance(item, dict):
        rec.fail("", None, "Dit vroegsignaal is geen JSON-object en kan niet worden gelezen.", "ddas_record_ongeldig")
        return None
    # The ID is used as given. IDs come from the signalling software and could in principle repeat across
    # municipalities; the DDAS standard offers nothing better, and a repeat within one file is a row error.
    signal_id = common.as_text(item.get("ID"))
    rec.key = signal_id
    if signal_id is None:
        rec.fail("ID", item.get("ID", common.MISSING), "Vroegsignaal zonder ID: het ID is verplicht; het signaal "
                 "is niet geladen.", "sleutel_ontbreekt")  # fmt: skip
    raw_date = item.get("signaaldatum", common.MISSING)
    received = common.as_date(raw_date)
    if received is None and not common.present(raw_date):
        rec.finding("signaaldatum", None, "Vroegsignaal zonder signaaldatum: het signaal is opgeslagen, maar telt "
                 "niet mee in de signalen per periode.", "signaaldatum_ontbreekt")  # fmt: skip
    elif received is None:
        problem = common.date_problem(raw_date)
        rec.fail("signaaldatum", raw_date, f"Vroegsignaal zonder geldige signaaldatum (signaaldatum {problem}): "
                 "het signaal is niet geladen.", "datum_ontbreekt")  # fmt: skip
    if rec.failed:
        return None
    return {
        "signal_id": signal_id,
        "signal_case_id": None,
        "municipality": municipality,
        "received_on": received,
        "arrears_started_on": common.as_date(item.get("ontstaansdatum")),
        "partner_type": common.category(rec, "partner_type", item, "signaalpartner.type"),
        "amount": common.money(rec, item, "bedrag"),
        "crisis": common.as_bool(item.get("crisissignaal")),
        "status": _status(rec, item),
    }


def _status(rec: Record, item: dict) -> str | None:
    status = common.as_text(item.get("status"))
    if status is not None:
        rec.notes["status"] = "de tekst is bewaard"
    return status


def _client_fields(items: list) -> set[str]:
    return {
        f"client.{k}"
        for item in items
        if isinstance(item, dict) and isinstance(item.get("client"), dict)
        for k in item["client"]
    }


# -------------------------------------------------------------------------------------- signal cases


def _read_cases(
    delivery: common.Delivery,
    i: int,
    items: list,
    municipality: str | None,
    signals: dict[str, dict],
    seen: dict[str, str],
    pseudonymiser: Pseudonymiser,
) -> tuple[list[tuple[int, dict]], dict[str, str], list[Reference]]:
    """(the ``signal_cases`` rows, signal ID -> id of the case that references it, the signals a case names
    that this levering does not hold: an earlier delivery may have brought them)."""
    rows: list[tuple[int, dict]] = []
    case_of: dict[str, str] = {}
    references: list[Reference] = []
    for j, item in enumerate(items):
        rec = Record(("leveringen", i, CASE_LIST, j))
        row, ids = _signal_case(rec, item, municipality, signals, pseudonymiser)
        if row is not None:
            common.check_duplicate(rec, seen, row["signal_case_id"], "Deze vroegsignaalzaak (zelfde gemeente, "
                                   "matchingsdatum en signalen)")  # fmt: skip
        if row is not None and not rec.failed:
            rows.append((j + 1, row))
            _link(rec, ids, row["signal_case_id"], case_of)
            case_id = row["signal_case_id"]
            references += [Reference(sid, case_id, rec.sheet, rec.row) for sid in ids if sid not in signals]
        delivery.close(rec)
    return rows, case_of, references


def _signal_case(
    rec: Record, item: object, municipality: str | None, signals: dict[str, dict], pseudonymiser: Pseudonymiser
) -> tuple[dict | None, list[str]]:
    if not isinstance(item, dict):
        rec.fail(
            "", None, "Deze vroegsignaalzaak is geen JSON-object en kan niet worden gelezen.", "ddas_record_ongeldig"
        )
        return None, []
    matched = common.as_date(item.get("matchingsdatum"))
    if matched is None:
        raw = item.get("matchingsdatum", common.MISSING)
        rec.fail("matchingsdatum", raw, f"Vroegsignaalzaak zonder geldige matchingsdatum (matchingsdatum "
                 f"{common.date_problem(raw)}): de datum is verplicht; de zaak is niet geladen.",
                 "datum_ontbreekt")  # fmt: skip
    ids = _signal_ids(rec, item)
    if rec.failed or matched is None:
        return None, ids
    rec.key = pseudonymiser.derive_key(municipality or "", matched.isoformat(), *ids)
    return {
        "signal_case_id": rec.key,
        "municipality": municipality,
        "matched_on": matched,
        "signal_count": len(ids),  # distinct signals; the schema forbids repeats (uniqueItems)
        "partner_types": _partner_types(ids, signals),
        "picked_up_on": common.as_date(item.get("datum_opgepakt")),
        **_attempts(item.get("contactpogingen")),
        "result": common.category(rec, "signal_result", item, "resultaat"),
    }, ids


def _signal_ids(rec: Record, item: dict) -> list[str]:
    """The sorted distinct IDs of the case's signals; a row error when there is none."""
    refs = item.get("vroegsignalen")
    ids = sorted(
        {
            sid
            for ref in (refs if isinstance(refs, list) else ())
            if isinstance(ref, dict) and (sid := common.as_text(ref.get("ID")))
        }
    )
    if not ids:
        rec.fail(
            "vroegsignalen", None, "Vroegsignaalzaak zonder verwijzing naar een vroegsignaal (vroegsignalen[].ID): "
            "zonder signalen is de zaak bij een volgende levering niet terug te vinden; de zaak is niet geladen.",
            "sleutel_ontbreekt",
        )  # fmt: skip
    return ids


def _partner_types(ids: list[str], signals: dict[str, dict]) -> str | common._Missing | None:
    """Comma-joined sorted distinct partner-type codes of the case's signals (unknown types left out).

    MISSING when none of the signals is in this delivery: nothing is known about their partners; ``Partial``
    when some are missing (joined with the stored types on load).
    """
    codes: set[str] = set()
    missing = [sid for sid in ids if sid not in signals]  # looked up in the store on load (a Reference each)
    for sid in ids:
        partner = common.as_text(common.get(signals.get(sid), "signaalpartner.type"))
        code = vocab.to_code("partner_type", partner) if partner else None
        if code:
            codes.add(code)
    if len(missing) == len(ids):
        return common.MISSING
    if missing:
        return Partial(",".join(sorted(codes)))
    return ",".join(sorted(codes)) or None


def _attempts(attempts: object) -> dict:
    """first_attempt_on, reached_on and home_visit from ``contactpogingen[]`` (all None without the list)."""
    if not isinstance(attempts, list):
        return {"first_attempt_on": None, "reached_on": None, "home_visit": None}
    valid = [a for a in attempts if isinstance(a, dict)]
    dates = [(d, a.get("bereikt") is True) for a in valid if (d := common.as_date(a.get("datum")))]
    return {
        "first_attempt_on": min((d for d, _ in dates), default=None),
        "reached_on": min((d for d, reached in dates if reached), default=None),
        "home_visit": any(vocab.fold(str(a.get("soort") or "")) == "huisbezoek" for a in valid),
    }


def _link(rec: Record, ids: list[str], case_id: str, case_of: dict[str, str]) -> None:
    """Link each signal to the first case that references it; a finding for a second case."""
    for sid in ids:
        if sid not in case_of:
            case_of[sid] = case_id
            continue
        rec.finding(
            "vroegsignalen", sid, f"Vroegsignaal '{sid}' hoort ook bij een eerdere vroegsignaalzaak in deze "
            "levering; het signaal blijft aan de eerste zaak gekoppeld.", "signaal_dubbel_gekoppeld",
        )  # fmt: skip
