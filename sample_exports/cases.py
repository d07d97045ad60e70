"""Case exports of the teams Noord (Stratech-like xlsx), Zuid (Allegro-like CSV, Suite-like intake xlsx)
and Budgetbeheer (DDAS SHV v1.0 JSON).

Monthly case exports hold "every case open at some moment of the month, plus every case closed in it",
each with all its columns as the system shows them at the end of the month. Imported in file-name order
with the merge rule of ``exports.md`` this gives the final state of every case.
"""

from __future__ import annotations

import datetime as dt
import random
import zlib

from openpyxl import Workbook

from sample_exports.formats import (
    BOLD,
    add_sheet_rows,
    csv_text,
    excel_serial,
    iso,
    json_bytes,
    nl_date,
    nl_number,
    save_xlsx,
    write_bytes,
)
from sample_exports.output import Output
from sample_exports.simulate import BBH, DAY, NOORD, ZUID, Case, World, month_ends

DATE_KEYS = frozenset(
    {
        "registered_on",
        "first_contact_on",
        "decision_on",
        "plan_on",
        "stabilisation_started_on",
        "stabilisation_ended_on",
        "settlement_submitted_on",
        "settlement_granted_on",
        "settlement_rejected_on",
        "settlement_withdrawn_on",
        "closed_on",
        "bbh_start",
        "bbh_end",
        "born",
    }
)
SOLUTION_LABEL = {
    "betalingsregeling": "Betalingsregeling",
    "herfinanciering": "Herfinanciering",
    "saneringskrediet": "Saneringskrediet",
    "schuldbemiddeling": "Schuldbemiddeling",
    "schuldregeling_zonder_afloscapaciteit": "0%-aanbod",
}
STRATECH_REASON = {
    "afgerond": "Afgerond",
    "zelf": "Zelf opgelost",
    "ingetrokken": "Ingetrokken",
    "niet_verschenen": "Niet verschenen",
    "voldoet_niet": "Voldoet niet aan verplichtingen",
    "niet_passend": "Dienstverlening niet passend",
    "verhuisd": "Verhuisd",
    "overleden": "Overleden",
    "overig": "Overig",
}
ALLEGRO_REASON = {
    "afgerond": "Positief afgerond",
    "zelf": "Zelf geregeld",
    "ingetrokken": "Gestopt door cliënt",
    "niet_verschenen": "No-show",
    "voldoet_niet": "Voldoet niet",
    "niet_passend": "Niet passend",
    "verhuisd": "Verhuisd",
    "overleden": "Overleden",
    "overig": "Anders",
}
DDAS_REASON = {
    "afgerond": "Afgerond",
    "zelf": "Zelf",
    "ingetrokken": "Ingetrokken",
    "niet_verschenen": "Nietverschenen",
    "voldoet_niet": "Voldoet niet",
    "niet_passend": "Niet passend",
    "verhuisd": "Verhuisd",
    "overleden": "Overleden",
    "overig": "Overig",
}
DDAS_GUIDANCE = {"budgetbeheer": "Budgetbeheer", "budgetcoaching": "Budgetcoaching"}
REMARKS = (
    "Cliënt belt terug voor nieuwe afspraak",
    "Wacht op stukken van werkgever; daarna PvA opstellen",
    "Beslagvrije voet herberekend.\nNieuwe berekening naar deurwaarder gestuurd",
    "Zie ook dossier partner",
    "Afspraak verzet op verzoek cliënt; nieuwe datum volgt",
    'Cliënt noemt zich "overvraagd"; rustig aan doen',
    "Huurachterstand opgelost;\nenergie loopt nog",
    "Doorverwezen naar wijkteam",
)


def in_monthly_export(case: Case, first: dt.date, last: dt.date) -> bool:
    """Open at some moment of the month, or closed in it (the state at the end of the month decides)."""
    if case.registered_on > last:
        return False
    closed_on, _ = case.closure_on(last)
    return closed_on is None or closed_on >= first


def row_values(case: Case, on: dt.date) -> dict[str, object]:
    state = case.state(on)
    bbh = state.pop("guidance").get("budgetbeheer", (None, None))
    state.update(bbh_start=bbh[0], bbh_end=bbh[1], name=case.person.display_name, born=case.person.born)
    return state


def run_time(last: dt.date) -> dt.datetime:
    """Monthly reports run early on the first day after the month."""
    return dt.datetime.combine(last + DAY, dt.time(7, 2))


# ---------------------------------------------------------------- Stratech (team Noord)

STRATECH_HEADERS = (
    ("Dossiernummer", "case_id"),
    ("Cliëntnummer", "client_no"),
    ("Naam cliënt", "name"),
    ("Geboortedatum", "born"),
    ("Gemeente", "municipality"),
    ("Consulent", "consultant"),
    ("Datum aanmelding", "registered_on"),
    ("Crisis", "crisis"),
    ("Datum eerste gesprek", "first_contact_on"),
    ("Datum beschikking", "decision_on"),
    ("Besluit", "decision"),
    ("Datum PvA", "plan_on"),
    ("Start stabilisatie", "stabilisation_started_on"),
    ("Einde stabilisatie", "stabilisation_ended_on"),
    ("Datum indienen schuldregeling", "settlement_submitted_on"),
    ("Datum toekenning", "settlement_granted_on"),
    ("Schuldregeling afgewezen", "settlement_rejected_on"),
    ("Schuldregeling ingetrokken", "settlement_withdrawn_on"),
    ("Dwangakkoord", "forced_settlement"),
    ("Oplossing", "solution_type"),
    ("Budgetbeheer start", "bbh_start"),
    ("Budgetbeheer einde", "bbh_end"),
    ("Reden beëindiging", "close_reason"),
    ("Datum afsluiting", "closed_on"),
    ("Totale schuld (€)", "debt_total"),
    ("Aantal schuldeisers", "creditor_count"),
)


def stratech_headers(year: int) -> list[tuple[str, str]]:
    """The 2025 release renamed "Datum PvA" and moved the closing reason behind the closing date."""
    headers = list(STRATECH_HEADERS)
    if year >= 2025:
        headers[11] = ("Datum plan van aanpak", "plan_on")
        headers[22], headers[23] = headers[23], headers[22]
    return headers


class StratechQuirks:
    """Which cells of one monthly file come out as serial numbers, text dates or municipality aliases."""

    def __init__(self, index: int, year: int, rng: random.Random, aliases: dict[str, tuple[str, ...]]) -> None:
        self.rng = rng
        self.serial_keys = {"first_contact_on", "closed_on"} if index % 7 == 3 else set()
        self.text_share = 0.12 if index % 5 == 2 else 0.0
        self.alias_share = {2023: 0.0, 2024: 0.2, 2025: 0.05}[year]
        self.aliases = aliases

    def date(self, key: str, d: dt.date) -> object:
        if key in self.serial_keys:
            return excel_serial(d)
        if self.text_share and self.rng.random() < self.text_share:
            return nl_date(d, "dd-mm-yyyy")
        return d

    def municipality(self, name: str, code: str) -> str:
        if self.alias_share and self.rng.random() < self.alias_share:
            return self.rng.choice(self.aliases[code])
        return name


def stratech_cell(key: str, value: object, quirks: StratechQuirks, world: World) -> object:
    if value is None:
        return None
    if key in DATE_KEYS:
        return quirks.date(key, value)
    if key in ("crisis", "forced_settlement"):
        return "Ja" if value else "Nee"
    if key == "decision":
        return {"toelating": "Toelatingsbeschikking", "afwijzing": "Afwijzingsbeschikking"}[value]
    if key == "close_reason":
        return STRATECH_REASON[value]
    if key == "solution_type":
        return SOLUTION_LABEL[value]
    if key == "municipality":
        return quirks.municipality(world.municipalities[value].name, value)
    if key == "client_no":
        return int(value)
    return value


def stratech_cases(out: Output, world: World) -> None:
    cases = world.team_cases(NOORD)
    aliases = {code: m.aliases for code, m in world.municipalities.items()}
    for index, (first, last) in enumerate(month_ends()):
        rng = random.Random(f"{world.seed}:stratech:{first:%Y-%m}")
        quirks = StratechQuirks(index, first.year, rng, aliases)
        headers = stratech_headers(first.year)
        selected = sorted((c for c in cases if in_monthly_export(c, first, last)), key=lambda c: c.key)
        body = []
        for case in selected:
            values = row_values(case, last)
            body.append([stratech_cell(key, values[key], quirks, world) for _, key in headers])
        total_word = "Eindtotaal" if first.year >= 2025 else "Totaal"
        totals: list[object] = [None] * len(headers)
        totals[0], totals[1] = total_word, len(body)
        keys = [k for _, k in headers]
        totals[keys.index("debt_total")] = round(
            sum(c.debt_total or 0 for c in selected if c.first_contact_on and c.first_contact_on <= last), 2
        )
        title = [
            ["Dossieroverzicht schuldhulpverlening"],
            [f"Rundatum: {run_time(last):%d-%m-%Y %H:%M}"],
            [f"Filter: team {NOORD}; dossiers lopend of gewijzigd van {first:%d-%m-%Y} t/m {last:%d-%m-%Y}"],
        ]
        title += [[f"Aantal records: {len(body)}"], []] if first.year >= 2024 else []
        rows = [*title, [], [h for h, _ in headers], *body, totals]
        wb = Workbook()
        ws = wb.active
        ws.title = "Dossiers"
        add_sheet_rows(ws, rows, number_formats={keys.index("debt_total"): "#,##0.00"})
        for cell in ws[len(title) + 2]:
            cell.font = BOLD
        save_xlsx(
            wb,
            out.path("stratech_noord_dossiers", last, "xlsx", family="stratech_dossiers"),
            run_time(last),
            "Stratech",
        )


# ---------------------------------------------------------------- Allegro (team Zuid)

ALLEGRO_HEADERS = (
    ("Dossiernr", "case_id"),
    ("Klantnummer", "client_no"),
    ("Gemeentecode", "municipality"),
    ("Schuldhulpverlener", "consultant"),
    ("Aanmelddatum", "registered_on"),
    ("Spoed", "crisis"),
    ("Eerste gesprek", "first_contact_on"),
    ("Beschikkingsdatum", "decision_on"),
    ("Beschikking", "decision"),
    ("Datum plan van aanpak", "plan_on"),
    ("Start stabilisatie", "stabilisation_started_on"),
    ("Einde stabilisatie", "stabilisation_ended_on"),
    ("Schuldregeling ingediend", "settlement_submitted_on"),
    ("Schuldregeling toegekend", "settlement_granted_on"),
    ("Schuldregeling afgewezen", "settlement_rejected_on"),
    ("Schuldregeling ingetrokken", "settlement_withdrawn_on"),
    ("Dwangakkoord", "forced_settlement"),
    ("Soort oplossing", "solution_type"),
    ("Startdatum budgetbeheer", "bbh_start"),
    ("Einddatum budgetbeheer", "bbh_end"),
    ("Reden beeindiging", "close_reason"),
    ("Einddatum", "closed_on"),
    ("Schuldbedrag", "debt_total"),
    ("Aantal crediteuren", "creditor_count"),
    ("Opmerking", "remark"),
)


def allegro_style(first: dt.date) -> dict[str, object]:
    """The export settings of one month: encoding, separator hint, date, money, boolean and empty styles."""
    half = (first.year, (first.month - 1) // 6)
    styles = {
        (2023, 0): dict(
            encoding="cp1252",
            sep_line=False,
            date="d-m-yyyy",
            bools=("J", "N"),
            euro=True,
            empty_date="-",
            na="",
            code="GM{}",
        ),
        (2023, 1): dict(
            encoding="cp1252",
            sep_line=False,
            date="d-m-yyyy",
            bools=("J", "N"),
            euro=True,
            empty_date="-",
            na="",
            code="GM{}",
        ),
        (2024, 0): dict(
            encoding="utf-8-sig",
            sep_line=True,
            date="dd/mm/yyyy",
            bools=("1", "0"),
            euro=True,
            empty_date="",
            na="n.v.t.",
            code="{}",
        ),
        (2024, 1): dict(
            encoding="utf-8-sig",
            sep_line=True,
            date="iso",
            bools=("1", "0"),
            euro=False,
            empty_date="NULL",
            na="NULL",
            code="{}",
        ),
        (2025, 0): dict(
            encoding="utf-8-sig",
            sep_line=False,
            date="dd-mm-yyyy",
            bools=("x", ""),
            euro=False,
            empty_date="",
            na="",
            code="{}",
            time=True,
        ),
        (2025, 1): dict(
            encoding="cp1252",
            sep_line=True,
            date="dd-mm-yyyy",
            bools=("x", ""),
            euro=False,
            empty_date="",
            na="-",
            code="{}",
            time=True,
            gm_share=0.1,
        ),
    }
    return styles[half]


def allegro_cell(key: str, value: object, case: Case, style: dict, rng: random.Random) -> str:
    if key == "remark":
        return rng.choice(REMARKS) if rng.random() < 0.1 else ""
    if value is None:
        if key in DATE_KEYS or key in ("debt_total", "creditor_count"):
            return str(style["empty_date"])
        return str(style["na"]) if key in ("decision", "forced_settlement", "solution_type") else ""
    if key == "registered_on" and style.get("time"):
        return f"{nl_date(value, 'dd-mm-yyyy')} {case.registered_time}"
    if key in DATE_KEYS:
        return nl_date(value, str(style["date"]))
    if key in ("crisis", "forced_settlement"):
        yes, no = style["bools"]
        return yes if value else no
    if key == "decision":
        return {"toelating": "Toegelaten", "afwijzing": "Afgewezen"}[value]
    if key == "close_reason":
        return ALLEGRO_REASON[value]
    if key == "solution_type":
        return SOLUTION_LABEL[value]
    if key == "municipality":
        gm = rng.random() < float(style.get("gm_share", 0.0))
        return f"GM{value}" if gm else str(style["code"]).format(value)
    if key == "debt_total":
        return ("€ " if style["euro"] else "") + nl_number(value)
    return str(value)


def allegro_cases(out: Output, world: World) -> None:
    cases = world.team_cases(ZUID)
    for first, last in month_ends():
        rng = random.Random(f"{world.seed}:allegro:{first:%Y-%m}")
        style = allegro_style(first)
        rows = [[h for h, _ in ALLEGRO_HEADERS]]
        for case in sorted((c for c in cases if in_monthly_export(c, first, last)), key=lambda c: c.key):
            values = row_values(case, last)
            rows.append([allegro_cell(key, values.get(key), case, style, rng) for _, key in ALLEGRO_HEADERS])
        text = ("sep=;\r\n" if style["sep_line"] else "") + csv_text(rows, ";", "\r\n")
        path = out.path("allegro_zuid_dossiers", last, "csv", family="allegro_dossiers")
        write_bytes(path, text.encode(str(style["encoding"])))


# ---------------------------------------------------------------- Suite (intake updates, team Zuid)


def suite_rows(cases: list[Case], ref: dt.date) -> list[Case]:
    """Cases in the intake phase on ``ref`` that the store already knows (registered before this month)."""
    known_until = ref.replace(day=1) - DAY
    out = []
    for case in cases:
        if case.registered_on > known_until or not case.is_open(ref):
            continue
        fc = case.state(ref)["first_contact_on"]
        if fc is None or fc >= ref - dt.timedelta(days=42):
            out.append(case)
    return sorted(out, key=lambda c: c.key)


def suite_intake(out: Output, world: World) -> None:
    cases = world.team_cases(ZUID)
    for index, (first, _last) in enumerate(month_ends(dt.date(2024, 9, 1), dt.date(2025, 6, 30))):
        ref = first.replace(day=15)
        made = dt.datetime.combine(ref, dt.time(16, 40))
        variant = index % 2
        headers = (
            ["Traject-ID", "Medewerker", "  datum Eerste Gesprek "]
            if variant == 0
            else [" Traject-ID", "Consulent ", "DATUM EERSTE GESPREK"]
        )
        rows: list[list[object]] = [headers]
        for case in suite_rows(cases, ref):
            fc = case.state(ref)["first_contact_on"]
            if fc is not None and variant == 0:  # the appointment time comes along
                minutes = zlib.crc32(case.key.encode()) % 16 * 30
                fc = dt.datetime.combine(fc, dt.time(8 + minutes // 60, minutes % 60))
            case_id = int(case.key) if variant == 0 else case.key
            rows.append([case_id, case.consultant_on(ref), fc])
        wb = Workbook()
        cover = wb.active
        cover.title = "Voorblad"
        add_sheet_rows(
            cover,
            [
                ["Suite voor het Sociaal Domein"],
                ["Rapport: Intakeoverzicht schuldhulpverlening"],
                [f"Team: {ZUID}"],
                [f"Selectie: trajecten in de intakefase, aangemeld t/m {first - DAY:%d-%m-%Y}"],
                [],
                ["Aangemaakt op:", made],
                ["Aangemaakt door:", "Functioneel beheer Sociaal Domein"],
            ],
        )
        add_sheet_rows(wb.create_sheet("Intake"), rows)
        save_xlsx(wb, out.path("suite_zuid_intake", ref, "xlsx", family="suite_intake"), made, "Suite")


# ---------------------------------------------------------------- DDAS SHV v1.0 (team Budgetbeheer)


def ddas_client(person: object) -> dict[str, str]:
    return {
        "Burgerservicenummer": person.bsn,
        "Geboortedatum": person.born.isoformat(),
        "Geslachtsaanduiding": person.gender,
        "Postcode": person.postcode,
        "Huisnummer": person.house_number,
    }


def _ddas_phases(case: Case, state: dict, traject: dict) -> None:
    fc = state["first_contact_on"]
    if fc:
        intake = {"startdatum": iso(fc)}
        if state["decision_on"]:
            intake["beschikkingsdatum"] = iso(state["decision_on"])
            intake["beschikkingssoort"] = {"toelating": "Toelatingsbeschikking", "afwijzing": "Afwijzingsbeschikking"}[
                state["decision"]
            ]
            intake["einddatum"] = iso(state["decision_on"])
        traject["intake"] = intake
    if state["plan_on"]:
        traject["planVanAanpak"] = {"datumAfronding": iso(state["plan_on"])}
    if fc and case.debts:
        traject["schulden"] = [
            {
                "bedrag": d.amount,
                "peildatum": iso(fc),
                "schuldsoort": d.kind,
                "zakelijkeSchuld": False,
                "schuldeiser": {"naam": d.creditor, "privepersoon": False},
            }
            for d in case.debts
        ]
    if state["stabilisation_started_on"]:
        stab = {"startdatum": iso(state["stabilisation_started_on"])}
        if state["stabilisation_ended_on"]:
            stab["einddatum"] = iso(state["stabilisation_ended_on"])
        traject["stabilisatie"] = stab


def ddas_trajectory(case: Case, on: dt.date) -> dict[str, object]:
    state = case.state(on)
    traject: dict[str, object] = {"omschrijving": "Budgetbeheer", "startdatum": iso(case.registered_on)}
    if state["closed_on"]:
        traject["einddatum"] = iso(state["closed_on"])
    if state["decision"] == "toelating":
        traject["toekenningsdatum"] = iso(state["decision_on"])
    if state["debt_total"] is not None:
        traject["totaalSchuldbedragBijAanvangSchuld"] = int(state["debt_total"])
    traject["gemeentecode"] = f"GM{case.municipality}"
    aanmelding = {"crisisinterventie": case.crisis, "startdatum": iso(case.registered_on)}
    if state["first_contact_on"]:
        aanmelding["einddatum"] = iso(state["first_contact_on"])
    traject["aanmelding"] = aanmelding
    if state["guidance"]:
        traject["begeleiding"] = [
            {"soort": DDAS_GUIDANCE[kind], "startdatum": iso(start), **({"einddatum": iso(end)} if end else {})}
            for kind, (start, end) in state["guidance"].items()
        ]
    traject["client"] = [ddas_client(p) for p in (case.person, case.partner) if p is not None]
    _ddas_phases(case, state, traject)
    if state["closed_on"]:
        traject["uitstroom"] = {"datum": iso(state["closed_on"]), "reden": DDAS_REASON[state["close_reason"]]}
    return traject


def ddas_half_years() -> list[tuple[dt.date, dt.date]]:
    return [(dt.date(y, m, 1), dt.date(y, m + 5, 30 if m == 1 else 31)) for y in (2023, 2024, 2025) for m in (1, 7)]


def ddas_shv(out: Output, world: World) -> None:
    cases = world.team_cases(BBH)
    for start, end in ddas_half_years():
        selected = [c for c in cases if in_monthly_export(c, start, end)]
        delivered = dt.datetime.combine(end + dt.timedelta(days=12), dt.time(9, 15))
        doc = {
            "startdatumLevering": iso(start),
            "einddatumLevering": iso(end),
            "aanleverdatumEnTijd": f"{delivered:%Y-%m-%dT%H:%M:%S}Z",
            "codeGegevensleverancier": "GL-990042",
            "leveringen": [
                {
                    "teller": 1,
                    "aanleverende_organisatie": {
                        "(Statutaire) Naam": f"Sociaal Domein Dijkland, team {BBH}",
                        "KvK-nummer": "99990001",
                        "postcode": "4861SA",
                        "contactpersonen": [
                            {
                                "email": "functioneelbeheer@dijkland.example",
                                "functietitel": "Functioneel beheerder",
                                "naam": "M. Testema",
                                "telefoonnummer": "0100-000000",
                            }
                        ],
                    },
                    "schuldhulptrajecten": [ddas_trajectory(c, end) for c in selected],
                }
            ],
        }
        write_bytes(out.path("ddas_shv_budgetbeheer", end, "json", family="ddas_shv"), json_bytes(doc, indent=2))
