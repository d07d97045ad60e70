"""Connector for DDAS deliveries of debt assistance (schuldhulpverlening), exchange model SHV v1.0.

Reads ``leveringen[].schuldhulptrajecten[]`` into the canonical datasets ``cases`` and ``case_guidance``
(``exports.md``: the DDAS SHV column of the ``cases`` table, "Keys for DDAS trajectories").

Essential (row error, the trajectory is not loaded):
- neither ``aanmelding.startdatum`` nor the trajectory's ``startdatum`` is a valid date (``registered_on``
  is required and part of the key);
- no client with a ``Burgerservicenummer``: without it the key cannot tell trajectories apart, and the next
  monthly delivery could not update the same case;
- the trajectory is not a JSON object, or the same trajectory (same key) occurs earlier in the file.
A guidance entry (``begeleiding[]``) without ``soort`` is a row error for that entry only.
Everything else the schema rejects is a finding: the value is left empty (or an unknown category text is
kept as given) and the rest of the trajectory loads.

Where ``exports.md`` and the schema differ, the schema is followed:
- ``schulden[].schuldeiser`` is an object (``naam``/``Naam``, ``kvknummer``, ``postcode``, ``privepersoon``);
  creditors are told apart by KvK number, else by name.
- The organisation's municipality is ``aanleverende_organisatie.gemeentecode`` (a levering itself has none).
"""

from __future__ import annotations

import datetime as dt
import json

from config import settings
from connectors import ddas_common as common
from connectors import vocab
from connectors.ddas_common import Record
from connectors.model import ConnectorOutput, ParsedTable
from connectors.pseudonym import Pseudonymiser
from store.schema import CASE_GUIDANCE, CASES

KIND = common.SHV
SOURCE_FORMAT = KIND.source_format
LIST = "schuldhulptrajecten"

# canonical date column -> path in a trajectory
DATES = {
    "first_contact_on": "intake.startdatum",
    "decision_on": "intake.beschikkingsdatum",
    "plan_on": "planVanAanpak.datumAfronding",
    "stabilisation_started_on": "stabilisatie.startdatum",
    "stabilisation_ended_on": "stabilisatie.einddatum",
    "settlement_submitted_on": "schuldregeling.datum",
    "settlement_granted_on": "schuldregeling.toegekend",
    "settlement_rejected_on": "schuldregeling.afgewezen",
    "settlement_withdrawn_on": "schuldregeling.ingetrokken",
}
# canonical category column -> (vocabulary, path)
CATEGORIES = {
    "decision": ("decision", "intake.beschikkingssoort"),
    "solution_type": ("solution_type", "oplossing.soort"),
    "close_reason": ("close_reason", "uitstroom.reden"),
}
# Spellings seen in DDAS deliveries that are not in the schema's lists: the official example
# UitgebreidMeervoudigVoorbeeld.json says "Toewijzingsbeschikking" (granting decision) for toelating.
# The schema error stays a finding; the value is read as the code.
EXTRA_SPELLINGS = {"decision": {"Toewijzingsbeschikking": "toelating", "Toewijzing": "toelating"}}

# All mapped columns count as present: a delivery is the full state of each trajectory, so an empty
# value overwrites a stored one (merge rule). ``consultant`` is not in DDAS and so not a column.
HEADERS = {
    "case_id": "(afgeleid: gemeentecode, client[].Burgerservicenummer, aanmelddatum)",
    "client_key": "client[].Burgerservicenummer",
    "municipality": "gemeentecode",
    "team": "(standaardteam uit de instellingen)",
    "registered_on": "aanmelding.startdatum",
    "crisis": "aanmelding.crisisinterventie",
    **DATES,
    **{name: path for name, (_, path) in CATEGORIES.items()},
    "forced_settlement": "schuldregeling.dwangakkoord",
    "closed_on": "uitstroom.datum",
    "debt_total": "totaalSchuldbedragBijAanvangSchuld",
    "creditor_count": "schulden[].schuldeiser",
}
GUIDANCE_HEADERS = {
    "case_id": HEADERS["case_id"],
    "kind": "begeleiding[].soort",
    "started_on": "begeleiding[].startdatum",
    "ended_on": "begeleiding[].einddatum",
}
CREDITOR_PERSONAL = ("naam", "Naam", "postcode")


def sniff(data: bytes | dict) -> bool:
    """Whether ``data`` is a DDAS SHV delivery: a levering carries ``schuldhulptrajecten``."""
    return common.sniff(data, KIND)


def read(data: bytes, file_name: str, pseudonymiser: Pseudonymiser) -> ConnectorOutput:
    """Read a DDAS SHV v1.0 delivery into ``cases`` and ``case_guidance`` (one table each per levering)."""
    delivery = common.Delivery(data, file_name, KIND, other=common.VS)
    out = ConnectorOutput(source_format=SOURCE_FORMAT, tables=[])
    seen: dict[str, str] = {}
    dropped = delivery.contact_fields()
    for i, levering, lists, _ in delivery.levering_lists():
        org_code = common.get(levering, "aanleverende_organisatie.gemeentecode")
        cases: list[tuple[int, dict]] = []
        read_from: list[dict[str, str]] = []  # per case row: the fallback paths its values came from
        guidance: list[tuple[int, dict]] = []
        for j, item in enumerate(lists[LIST]):
            rec = Record(("leveringen", i, LIST, j))
            row = _trajectory(rec, item, org_code, pseudonymiser)
            if row is not None:
                common.check_duplicate(
                    rec, seen, row["case_id"], "Dit traject (zelfde gemeente, cliënt en aanmelddatum)"
                )
            if row is not None and not rec.failed:
                cases.append((j + 1, row))
                read_from.append(rec.fallbacks)
                guidance.extend((j + 1, g) for g in _guidance(delivery, rec, item))
            delivery.close(rec)
            dropped.update(_personal_fields(item))
            out.rows_read += 1
        sheet = f"leveringen[{i}].{LIST}"
        out.tables.append(_case_table(cases, read_from, sheet))
        if guidance:
            out.tables.append(common.table(CASE_GUIDANCE, guidance, sheet, GUIDANCE_HEADERS))
    out.issues = delivery.all_issues()
    out.dropped_columns = sorted(dropped)
    out.data_through = common.period_end(delivery.doc)
    out.empty_reason = None if out.rows_read else delivery.empty_reason()
    return out


def _case_table(cases: list[tuple[int, dict]], read_from: list[dict[str, str]], sheet: str) -> ParsedTable:
    """The case rows as a table; a value read from a fallback path (a closing date from ``einddatum`` where
    ``uitstroom`` is absent) is located there, so that an error about it names the field that holds it."""
    table = common.table(CASES, cases, sheet, HEADERS)
    paths = {path: column for column, path in HEADERS.items()}
    for (row, _), fallbacks in zip(cases, read_from, strict=True):
        moved = {paths[primary]: fallback for primary, fallback in fallbacks.items() if primary in paths}
        if moved:
            table.row_headers[row] = moved
    return table


def _trajectory(rec: Record, item: object, org_code: object, pseudonymiser: Pseudonymiser) -> dict | None:
    """The ``cases`` row of one trajectory, or None (with a row error) when it cannot be used."""
    if not isinstance(item, dict):
        rec.fail("", None, "Dit traject is geen JSON-object en kan niet worden gelezen.", "ddas_record_ongeldig")
        return None
    registered = _registered_on(rec, item)
    numbers = _client_numbers(rec, item)
    municipality = _municipality(rec, item, org_code)
    if registered is None or not numbers:
        return None
    clients = sorted(pseudonymiser.hash(n) for n in numbers)
    rec.key = pseudonymiser.derive_key(municipality or "", *clients, registered.isoformat())
    return {
        "case_id": rec.key,
        "client_key": numbers[0],  # raw: the pipeline hashes PSEUDONYM columns (with the same function)
        "municipality": municipality,
        "team": settings.installation().ddas_shv_team or common.team_for(municipality),
        "registered_on": registered,
        "crisis": _crisis(item),
        **{name: common.as_date(common.get(item, path)) for name, path in DATES.items()},
        **{name: common.category(rec, v, item, path, EXTRA_SPELLINGS.get(v)) for name, (v, path) in CATEGORIES.items()},
        "forced_settlement": common.as_bool(common.get(item, "schuldregeling.dwangakkoord")),
        "closed_on": common.first_date(rec, item, "uitstroom.datum", "einddatum"),
        "debt_total": common.money(rec, item, "totaalSchuldbedragBijAanvangSchuld"),
        "creditor_count": _creditor_count(item.get("schulden")),
    }


def _registered_on(rec: Record, item: dict) -> dt.date | None:
    found = common.first_date(rec, item, "aanmelding.startdatum", "startdatum")
    if found is None:
        registration, start = common.get(item, "aanmelding.startdatum"), item.get("startdatum", common.MISSING)
        rec.fail(
            "aanmelding.startdatum",
            registration if common.present(registration) else start,
            f"Traject zonder geldige aanmelddatum: aanmelding.startdatum {common.date_problem(registration)} en "
            f"startdatum {common.date_problem(start)}. De aanmelddatum is verplicht; het traject is niet geladen.",
            "datum_ontbreekt",
            covers=("startdatum",),
        )
    return found


def _client_numbers(rec: Record, item: dict) -> list[str]:
    """The clients' Burgerservicenummers, sorted and distinct; a row error when there is none."""
    clients = item.get("client")
    numbers = sorted(
        {
            number
            for client in (clients if isinstance(clients, list) else ())
            if isinstance(client, dict) and (number := common.as_text(client.get("Burgerservicenummer")))
        }
    )
    if not numbers:
        rec.fail(
            "client", None,
            "Traject zonder cliënt met Burgerservicenummer (client[].Burgerservicenummer): zonder cliënt is "
            "het traject bij een volgende levering niet terug te vinden. Het traject is niet geladen.",
            "client_ontbreekt",
        )  # fmt: skip
    return numbers


def _municipality(rec: Record, item: dict, org_code: object) -> str | None:
    """The trajectory's ``gemeentecode``, else the delivering organisation's."""
    if common.as_text(item.get("gemeentecode")):
        return common.municipality(rec, item["gemeentecode"], "gemeentecode")
    if common.as_text(org_code):
        rec.notes["gemeentecode"] = "de gemeentecode van de aanleverende organisatie is gebruikt"
        return common.municipality(rec, org_code, "gemeentecode")
    rec.notes["gemeentecode"] = "ook de aanleverende organisatie heeft geen gemeentecode; de gemeente blijft leeg"
    rec.finding(
        "gemeentecode", None, "Traject zonder gemeentecode, en de aanleverende organisatie heeft er ook geen: "
        "de gemeente blijft leeg.", "gemeente_ontbreekt",
    )  # fmt: skip
    return None


def _crisis(item: dict) -> bool | None:
    flag = common.as_bool(common.get(item, "aanmelding.crisisinterventie"))
    interventions = item.get("crisisinterventies")
    if flag is None and isinstance(interventions, list) and interventions:
        # exports.md names aanmelding.crisisinterventie; a recorded crisis intervention says the same
        return True
    return flag


def _creditor_count(debts: object) -> int | None:
    """Distinct creditors of ``schulden[]`` (None when the delivery has no debts list)."""
    if not isinstance(debts, list):
        return None
    known: set[tuple[str, str]] = set()
    for debt in debts:
        creditor = debt.get("schuldeiser") if isinstance(debt, dict) else None
        if isinstance(creditor, dict):
            known.add(_creditor_identity(creditor))
    return len(known)


def _creditor_identity(creditor: dict) -> tuple[str, str]:
    """KvK number, else name; a creditor with neither (a private person) is told apart by all its fields."""
    kvk = common.as_text(creditor.get("kvknummer"))
    if kvk:
        return "kvk", kvk.replace(" ", "")
    name = common.as_text(creditor.get("Naam")) or common.as_text(creditor.get("naam"))
    if name:
        return "naam", vocab.fold(name)
    return "velden", json.dumps(creditor, sort_keys=True, ensure_ascii=False)


def _guidance(delivery: common.Delivery, parent: Record, item: dict) -> list[dict]:
    """The ``case_guidance`` rows of a trajectory, one per kind."""
    entries = item.get("begeleiding")
    by_kind: dict[str, dict] = {}
    for k, entry in enumerate(entries if isinstance(entries, list) else ()):
        rec = Record((*parent.path, "begeleiding", k), key=parent.key)
        row = _guidance_row(rec, entry, parent.key)
        if row is not None:
            _add_guidance(rec, by_kind, row)
        delivery.close(rec)
    return list(by_kind.values())


def _guidance_row(rec: Record, entry: object, case_id: str | None) -> dict | None:
    # A finding, not a row error: the trajectory itself loads (and the schema does not require a soort).
    if not isinstance(entry, dict):
        rec.notes[""] = "deze begeleiding is niet geladen"
        rec.finding(
            "", None, "Deze begeleiding is geen JSON-object en kan niet worden gelezen; het traject is wel geladen.",
            "ddas_record_ongeldig", replaceable=True,
        )  # fmt: skip
        return None
    kind = common.category(rec, "guidance_kind", entry, "soort")
    if kind is None:
        rec.notes["soort"] = "deze begeleiding is niet geladen"
        rec.finding(
            "soort", entry.get("soort", common.MISSING),
            "Begeleiding zonder soort (budgetbeheer, budgetcoaching, ...): zonder soort is deze begeleiding "
            "niet geladen; het traject is wel geladen.", "verplicht_ontbreekt", replaceable=True,
        )  # fmt: skip
        return None
    return {
        "case_id": case_id,
        "kind": kind,
        "started_on": common.as_date(entry.get("startdatum")),
        "ended_on": common.as_date(entry.get("einddatum")),
    }


def _add_guidance(rec: Record, by_kind: dict[str, dict], row: dict) -> None:
    """Keep one row per kind: several periods of one kind become one (earliest start, latest end)."""
    earlier = by_kind.get(row["kind"])
    if earlier is None:
        by_kind[row["kind"]] = row
        return
    starts = [d for d in (earlier["started_on"], row["started_on"]) if d is not None]
    earlier["started_on"] = min(starts, default=None)
    ends = (earlier["ended_on"], row["ended_on"])
    earlier["ended_on"] = None if None in ends else max(ends)  # an open period keeps the guidance open
    rec.finding(
        "soort", row["kind"], f"Begeleiding '{row['kind']}' komt in dit traject meer dan eens voor; de perioden "
        "zijn samengevoegd (vroegste start, laatste einde).", "begeleiding_dubbel",
    )  # fmt: skip


def _personal_fields(item: object) -> set[str]:
    """The personal fields of a trajectory that are not stored (the BSN is pseudonymised, not dropped)."""
    out: set[str] = set()
    if not isinstance(item, dict):
        return out
    clients, debts = item.get("client"), item.get("schulden")
    for client in clients if isinstance(clients, list) else ():
        if isinstance(client, dict):
            out.update(f"client[].{k}" for k in client if k != "Burgerservicenummer")
    for debt in debts if isinstance(debts, list) else ():
        creditor = debt.get("schuldeiser") if isinstance(debt, dict) else None
        if isinstance(creditor, dict):
            out.update(f"schulden[].schuldeiser.{k}" for k in CREDITOR_PERSONAL if k in creditor)
    return out
