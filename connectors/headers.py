"""Header variants per canonical column, personal columns, and matching a header row against them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from connectors.vocab import VOCABULARIES, fold


def _with_name(*words: str) -> tuple[str, ...]:
    """A consultant column also as ``Naam consulent`` / ``Consulent naam``: a consultant's name is stored
    (it is no client's), so such a header must not be dropped as a personal column."""
    return (*words, *(f"Naam {w.lower()}" for w in words), *(f"{w} naam" for w in words))


# dataset -> canonical column -> header spellings seen in exports (exports.md)
HEADER_VARIANTS: dict[str, dict[str, tuple[str, ...]]] = {
    "cases": {
        "case_id": ("Dossiernummer", "Dossiernr", "Dossier", "Traject-ID", "Trajectnummer", "Zaaknummer"),
        "client_key": ("Cliëntnummer", "Clientnummer", "Klantnummer", "BSN", "Relatienummer"),
        "municipality": ("Gemeente", "Gemeentecode", "Woongemeente"),
        "team": ("Team", "Afdeling"),
        "consultant": _with_name("Consulent", "Schuldhulpverlener", "Behandelaar", "Medewerker", "Casemanager"),
        "registered_on": ("Datum aanmelding", "Aanmelddatum", "Datum melding", "Aanmeldingsdatum"),
        "crisis": ("Crisis", "Spoed", "Crisissituatie", "Crisisinterventie"),
        "first_contact_on": (
            "Datum eerste gesprek",
            "Eerste gesprek",
            "Datum intakegesprek",
            "Startdatum intake",
        ),
        "decision_on": ("Datum beschikking", "Beschikkingsdatum"),
        "decision": ("Besluit", "Beschikking", "Toelating", "Beschikkingssoort"),
        "plan_on": ("Datum plan van aanpak", "Datum PvA", "Plan van aanpak"),
        "stabilisation_started_on": ("Start stabilisatie", "Startdatum stabilisatie"),
        "stabilisation_ended_on": ("Einde stabilisatie", "Einddatum stabilisatie"),
        "settlement_submitted_on": ("Datum indienen schuldregeling", "Schuldregeling ingediend"),
        "settlement_granted_on": ("Datum toekenning", "Schuldregeling toegekend"),
        "settlement_rejected_on": ("Schuldregeling afgewezen", "Datum afwijzing schuldregeling"),
        "settlement_withdrawn_on": ("Schuldregeling ingetrokken", "Datum intrekking schuldregeling"),
        "forced_settlement": ("Dwangakkoord",),
        "solution_type": ("Oplossing", "Soort oplossing", "Product"),
        "closed_on": ("Datum afsluiting", "Einddatum", "Datum beëindiging", "Datum uitstroom"),
        "close_reason": ("Reden afsluiting", "Reden beëindiging", "Uitstroomreden"),
        "debt_total": ("Totale schuld", "Schuldbedrag", "Hoogte schuld"),
        "creditor_count": ("Aantal schuldeisers", "Aantal crediteuren"),
    },
    "case_guidance": {
        "case_id": ("Dossiernummer", "Dossiernr", "Traject-ID", "Zaaknummer"),
        "kind": ("Soort begeleiding", "Begeleiding", "Soort"),
        "started_on": ("Startdatum", "Begindatum", "Start"),
        "ended_on": ("Einddatum", "Einde"),
    },
    "signal_cases": {
        "signal_case_id": ("Zaaknummer", "Melding-ID", "Meldingnummer", "Meldingsnummer"),
        "municipality": ("Gemeente", "Gemeentecode"),
        "matched_on": ("Datum melding", "Matchingsdatum", "Datum signaal"),
        "signal_count": ("Aantal signalen",),
        "partner_types": ("Signaalpartner", "Signaalpartners", "Signaalpartner(s)", "Bron"),
        "picked_up_on": ("Datum opgepakt", "Datum in behandeling"),
        "first_attempt_on": ("Datum eerste contactpoging", "Datum benadering"),
        "reached_on": ("Datum contact", "Datum bereikt"),
        "home_visit": ("Huisbezoek",),
        "result": ("Resultaat", "Uitkomst", "Eindresultaat"),
    },
    "signals": {
        "signal_id": ("Signaal-ID", "Signaalnummer", "ID"),
        "signal_case_id": ("Zaaknummer", "Melding-ID", "Meldingnummer"),
        "municipality": ("Gemeente", "Gemeentecode"),
        "received_on": ("Signaaldatum", "Datum signaal", "Datum ontvangst"),
        "arrears_started_on": ("Ontstaansdatum", "Datum ontstaan achterstand"),
        "partner_type": ("Signaalpartner", "Bron", "Type signaalpartner"),
        "amount": ("Bedrag", "Achterstand", "Bedrag achterstand"),
        "crisis": ("Crisissignaal", "Crisis"),
        "status": ("Status",),
    },
    "satisfaction": {
        "response_id": ("Respons-ID", "Enquête-ID", "Responsnummer"),
        "responded_on": ("Datum", "Datum ingevuld", "Invuldatum"),
        "municipality": ("Gemeente", "Gemeentecode"),
        "team": ("Team", "Afdeling"),
        "score": ("Rapportcijfer", "Cijfer", "Waardering"),
        "nps_score": ("Aanbevelen", "NPS", "Zou u ons aanbevelen (0-10)", "Zou u ons aanbevelen"),
    },
    "caseload": {
        "as_of": ("Peildatum", "Datum peildatum", "Rapportagedatum"),
        "consultant": _with_name("Consulent", "Schuldhulpverlener", "Behandelaar", "Medewerker"),
        "team": ("Team", "Afdeling"),
        "municipality": ("Gemeente", "Gemeentecode"),
        "case_id": ("Dossiernummer", "Dossiernr", "Traject-ID", "Zaaknummer"),
        "case_count": ("Aantal dossiers", "Aantal", "Caseload"),
    },
    "waitlist": {
        "as_of": ("Peildatum", "Datum peildatum", "Rapportagedatum"),
        "case_id": ("Dossiernummer", "Dossiernr", "Traject-ID", "Zaaknummer"),
        "team": ("Team", "Afdeling"),
        "municipality": ("Gemeente", "Gemeentecode"),
        "registered_on": ("Datum aanmelding", "Aanmelddatum", "Datum melding"),
    },
    "staffing": {
        "month": ("Maand", "Periode", "Peilmaand"),
        "team": ("Team", "Afdeling"),
        "consultant": _with_name("Consulent", "Medewerker", "Schuldhulpverlener", "Behandelaar"),
        "fte": ("Fte", "Formatie", "Formatie (fte)", "Bezetting (fte)", "Fte bezetting"),
    },
}

# Words in a file name, sheet name or title block that say which dataset a file is: regular expressions over
# the folded text (``vocab.fold``), found anywhere (Dutch compounds: "schuldhulpdossiers"). Abbreviations count
# only as a word of their own ("ris" is in "crisis"), and "melding" not as part of "aanmelding" (a help
# request: a case) or "afmelding".
_ALONE = r"(?<![a-z]){}(?![a-z])"
DATASET_HINTS: dict[str, tuple[str, ...]] = {
    "cases": ("dossier", "traject", "schuldhulp", _ALONE.format("shv"), "intake", "aanmelding"),
    "case_guidance": ("begeleiding",),
    "signal_cases": (
        "vroegsignal", r"(?<!aan)(?<!af)melding", "signaalzaak", _ALONE.format("vps"), _ALONE.format("ris")
    ),
    "signals": ("signalen",),
    "satisfaction": (_ALONE.format("kto"), "tevredenheid", "enquete", "klantonderzoek"),
    "caseload": ("caseload", "werkvoorraad", "lopende dossiers"),
    "waitlist": ("wachtlijst", "wachtenden"),
    "staffing": ("formatie", "bezetting", _ALONE.format("fte")),
}

# Columns that must never be stored (names, addresses, dates of birth, contact details, BSN).
PERSONAL_PATTERNS = tuple(
    re.compile(p)
    for p in (
        r"\bnaam\b",
        r"naam client",
        r"achternaam",
        r"voornaam",
        r"voorletters",
        r"initialen",
        r"tussenvoegsel",
        r"voorvoegsel",
        r"\badres\b",
        r"straat",
        r"huisnummer",
        r"huisnr",
        r"postcode",
        r"woonplaats",
        r"plaatsnaam",
        r"geboorte ?datum",
        r"geb datum",
        r"(?:client|klant|roep|meisjes|familie|geboorte)naam",
        r"adres\b",
        r"telefoon",
        r"\btel\b",
        r"\btel ?nr",
        r"sofi ?nummer",
        r"mobiel",
        r"e ?mail",
        r"\bbsn\b",
        r"burgerservicenummer",
        r"\biban\b",
        r"rekeningnummer",
    )
)

_GUIDANCE_START = re.compile(
    r"^(?:(?:datum )?(?:start|begin)(?:datum)? (?P<a>.+)|(?P<b>.+) (?:start|begin)(?:datum)?)$"
)
_GUIDANCE_END = re.compile(r"^(?:(?:datum )?(?:eind|einde)(?:datum)? (?P<a>.+)|(?P<b>.+) (?:eind|einde)(?:datum)?)$")


_EURO_UNIT = re.compile(r"(?: in)?(?: (?:eur|euro|euros|euro s))?$")  # "€" itself folds away


def column_label(dataset: str, field_name: str) -> str:
    """A canonical column as a steward knows it: its first header variant (``Datum aanmelding``)."""
    variants = HEADER_VARIANTS.get(dataset, {}).get(field_name)
    return variants[0] if variants else field_name


def header_key(header: str) -> str:
    """The folded form of a header, without a unit in parentheses or a trailing ``in €`` / ``EUR``."""
    return _EURO_UNIT.sub("", fold(re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", header))) or fold(header)


def _variant_table(dataset: str) -> dict[str, str]:
    table: dict[str, str] = {}
    for column, variants in HEADER_VARIANTS[dataset].items():
        for variant in variants:
            table.setdefault(fold(variant), column)
            table.setdefault(header_key(variant), column)
    return table


VARIANT_TABLES = {name: _variant_table(name) for name in HEADER_VARIANTS}
# the same without spaces: "Dossier nummer" and "Datumaanmelding" are stray spaces too
COMPACT_TABLES = {name: {k.replace(" ", ""): c for k, c in t.items()} for name, t in VARIANT_TABLES.items()}


def is_personal(header: str) -> bool:
    key = fold(header)
    return any(p.search(key) for p in PERSONAL_PATTERNS)


def guidance_column(header: str) -> tuple[str, str] | None:
    """(guidance kind, "started_on"/"ended_on") for headers like ``Budgetbeheer start``."""
    key = header_key(header)
    for pattern, field_name in ((_GUIDANCE_START, "started_on"), (_GUIDANCE_END, "ended_on")):
        m = pattern.match(key)
        if not m:
            continue
        subject = (m.group("a") or m.group("b") or "").strip()
        for kind, spellings in VOCABULARIES["guidance_kind"].items():
            if subject in {fold(s) for s in (kind, *spellings)}:
                return kind, field_name
    return None


@dataclass
class HeaderMapping:
    """How the headers of one sheet map onto one dataset."""

    dataset: str
    columns: dict[int, str] = field(default_factory=dict)  # position -> canonical column
    guidance: dict[int, tuple[str, str]] = field(default_factory=dict)  # position -> (kind, start/end)
    personal: dict[int, str] = field(default_factory=dict)  # position -> header (dropped)
    unknown: dict[int, str] = field(default_factory=dict)  # position -> header (reported, not used)
    duplicate: dict[int, str] = field(default_factory=dict)  # position -> header mapped twice

    @property
    def score(self) -> int:
        return len(self.columns) + len(self.guidance)


def map_headers(headers: list[str], dataset: str, profile_headers: dict[str, str] | None = None) -> HeaderMapping:
    """Map a header row onto ``dataset``: profile first, then the shipped variants."""
    table = VARIANT_TABLES[dataset]
    profile = {fold(k): v for k, v in (profile_headers or {}).items()}
    mapping = HeaderMapping(dataset=dataset)
    taken: set[str] = set()
    for pos, header in enumerate(headers):
        if not header or not str(header).strip():
            continue
        header = str(header).strip()
        if profile.get(fold(header)) == "":  # a profile may say: ignore this column
            if is_personal(header):  # not stored either way, but said to be dropped
                mapping.personal[pos] = header
            continue
        column = (
            profile.get(fold(header))
            or table.get(fold(header))
            or table.get(header_key(header))
            or COMPACT_TABLES[dataset].get(header_key(header).replace(" ", ""))
        )
        if column and column not in taken:
            taken.add(column)
            mapping.columns[pos] = column
        elif column:
            mapping.duplicate[pos] = header
        elif dataset == "cases" and (g := guidance_column(header)):
            mapping.guidance[pos] = g
        elif is_personal(header):
            mapping.personal[pos] = header
        else:
            mapping.unknown[pos] = header
    _drop_client_key_if_bsn_beside_other(headers, mapping)
    return mapping


def _drop_client_key_if_bsn_beside_other(headers: list[str], mapping: HeaderMapping) -> None:
    """With a client number and a BSN column, the BSN is a personal column, not the key."""
    for pos, header in list(mapping.duplicate.items()):
        if fold(header) in {"bsn", "burgerservicenummer"} and "client_key" in mapping.columns.values():
            del mapping.duplicate[pos]
            mapping.personal[pos] = header
    for pos, column in list(mapping.columns.items()):
        if column == "client_key" and fold(str(headers[pos])) in {"bsn", "burgerservicenummer"}:
            others = [
                p for p, h in mapping.duplicate.items() if VARIANT_TABLES[mapping.dataset].get(fold(h)) == "client_key"
            ]
            if others:
                mapping.columns[others[0]] = "client_key"
                del mapping.duplicate[others[0]]
                del mapping.columns[pos]
                mapping.personal[pos] = str(headers[pos])
