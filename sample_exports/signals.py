"""Early-warning exports: DDAS VS v0.9 JSON deliveries (RIS-like, 9901-9903) and a VPS-like xlsx (9904).

DDAS deliveries are quarterly "mutaties": every signal case matched in the quarter or changed in it, with
all its signals, as it stands at the end of the quarter. The VPS export is monthly and shows the cases
matched in the month and the two months before; a case is finished within 56 days, so its last
appearance shows its final state.
"""

from __future__ import annotations

import datetime as dt
import random

from openpyxl import Workbook

from sample_exports.formats import BOLD, add_sheet_rows, iso, json_bytes, nl_date, save_xlsx, write_bytes
from sample_exports.output import Output
from sample_exports.simulate import DAY, Signal, SignalCase, World, month_ends

RESULT_DDAS = {
    "niet_opgepakt_herhaald": "Niet opgepakt: herhaalde melding",
    "niet_opgepakt_onterecht": "Niet opgepakt: onterecht signaal",
    "niet_opgepakt_anders": "Niet opgepakt: andere reden",
    "overleden": "Inwoner is overleden",
    "geen_inwoner": "Persoon is geen inwoner (meer) in de gemeente",
    "al_bekend_shv": "Inwoner al bekend bij schuldhulpverlening",
    "ander_traject": "Inwoner heeft al een ander lopend traject",
    "geen_contact": "Definitief geen contact kunnen krijgen",
    "geen_reactie": "Geen reactie na eerder contact",
    "geen_hulp_nodig": "Inwoner hoeft geen hulp vanuit vroegsignalering",
    "zelf_betaald": "Inwoner heeft zelf al betaald/betalingsregeling getroffen",
    "advies_quick_fix": "(Budget)advies en/of quick fix",
    "vervolghulp_financieel": "Vervolghulp en/of verwijzing financieel",
    "verwijzing_zonder_contact": "Verwijzing zonder contact",
    "vervolghulp_niet_financieel": "Vervolghulp en/of verwijzing niet financieel",
}
STATUS_DDAS = {
    k: RESULT_DDAS[k]
    for k in ("niet_opgepakt_herhaald", "niet_opgepakt_onterecht", "niet_opgepakt_anders", "overleden", "geen_inwoner")
}
PARTNER_DDAS = {"zorg": "Zorg", "huur": "Huur", "energie": "Energie", "water": "Water", "overige": "Overige"}
RESULT_VPS = {
    "niet_opgepakt_herhaald": "Herhaalde melding",
    "niet_opgepakt_onterecht": "Onterecht signaal",
    "niet_opgepakt_anders": "Niet opgepakt",
    "overleden": "Overleden",
    "geen_inwoner": "Geen inwoner meer",
    "al_bekend_shv": "Al bekend bij SHV",
    "ander_traject": "Ander traject",
    "geen_contact": "Geen contact",
    "geen_reactie": "Geen reactie",
    "geen_hulp_nodig": "Hulp geweigerd",
    "zelf_betaald": "Zelf betaald",
    "advies_quick_fix": "Budgetadvies",
    "vervolghulp_financieel": "Vervolghulp financieel",
    "verwijzing_zonder_contact": "Verwijzing zonder contact",
    "vervolghulp_niet_financieel": "Vervolghulp niet financieel",
}
PARTNER_VPS = {
    "zorg": "Zorgverzekeraar",
    "huur": "Woningcorporatie",
    "energie": "Energieleverancier",
    "water": "Drinkwaterbedrijf",
    "overige": "Overig",
}
VS_MUNICIPALITIES = ("9901", "9902", "9903")
VPS_MUNICIPALITY = "9904"


def quarters() -> list[tuple[dt.date, dt.date]]:
    ends = month_ends()
    return [(ends[i][0], ends[i + 2][1]) for i in range(0, len(ends), 3)]


def changed_in(zaak: SignalCase, start: dt.date, end: dt.date) -> bool:
    return any(start <= d <= end for d in zaak.events())


def signal_json(signal: Signal, zaak: SignalCase, end: dt.date, rich: bool) -> dict[str, object]:
    item: dict[str, object] = {"ID": signal.signal_id, "crisissignaal": signal.crisis}
    if signal.warm:
        item["warmeOverdracht"] = True
    item.update(bedrag=signal.amount, ontstaansdatum=iso(signal.arrears_on), signaaldatum=iso(signal.received_on))
    if zaak.result in STATUS_DDAS and zaak.result_on and zaak.result_on <= end:
        item["status"] = STATUS_DDAS[zaak.result]
    elif zaak.picked_up_on is None or zaak.picked_up_on > end:
        item["status"] = "Nog niet opgepakt"
    item["signaalpartner"] = {"type": PARTNER_DDAS[signal.partner]}
    p = zaak.person
    assert p is not None
    client = {"Burgerservicenummer": p.bsn, "Voorletters": p.initials}
    if p.prefix:
        client["Voorvoegsel"] = p.prefix
    client["Achternaam"] = p.surname
    if rich:
        client.update(Geboortedatum=iso(p.born), Straatnaam=p.street)
    client.update(Postcode=p.postcode, Huisnummer=p.house_number)
    if rich:
        client["Plaatsnaam"] = p.place
    item["client"] = client
    return item


def zaak_json(zaak: SignalCase, end: dt.date, rich: bool) -> dict[str, object]:
    """One vroegsignaalzaak; ``rich`` adds the optional matching period and the part of day of attempts."""
    item: dict[str, object] = {}
    if zaak.result and zaak.result_on and zaak.result_on <= end:
        item["resultaat"] = RESULT_DDAS[zaak.result]
    m = zaak.matched_on
    item["matchingsdatum"] = iso(m)
    if rich:
        item["startdatum_matchtingperiode"] = iso(m.replace(day=1))
    if zaak.picked_up_on and zaak.picked_up_on <= end:
        item["datum_opgepakt"] = iso(zaak.picked_up_on)
    if rich:
        item["einddatum_matchingperiode"] = iso((m.replace(day=28) + 4 * DAY).replace(day=1) - DAY)
    item["vroegsignalen"] = [{"ID": s.signal_id} for s in zaak.signals]
    attempts = [a for a in zaak.attempts if a.on <= end]
    if attempts:
        item["contactpogingen"] = [
            {"soort": a.kind, "bereikt": a.reached, "datum": iso(a.on), **({"dagdeel": a.daypart} if rich else {})}
            for a in attempts
        ]
    return item


def vs_levering(
    world: World, teller: int, code: str, zaken: list[SignalCase], end: dt.date, rich: bool
) -> dict[str, object]:
    name = world.municipalities[code].name
    signals = [signal_json(s, z, end, rich) for z in zaken for s in z.signals]
    return {
        "teller": teller,
        "gemeentecode": code,
        "aanleverende_organisatie": {
            "naam": f"Gemeente {name}",
            "kvk-nummer": f"9999{code}",
            "contactpersoonen": [
                {
                    "naam": "R. Fictinga",
                    "telefoonnummer": "0100-000001",
                    "email": f"vroegsignalering@{name.lower()}.example",
                    "functietitel": "Coördinator vroegsignalering",
                }
            ],
        },
        "vroegsignalen": sorted(signals, key=lambda s: str(s["ID"])),
        "vroegsignaalzaken": [zaak_json(z, end, rich) for z in zaken],
    }


def ddas_vs(out: Output, world: World) -> None:
    """2023: one file per quarter with a delivery per municipality (the supplier's bundle, with birth
    dates, addresses, matching periods and parts of day); from 2024 one file per municipality per quarter
    with only the required and the usual fields. Compact JSON (one line), as the supplier writes it."""
    by_code = {code: [z for z in world.signal_cases if z.municipality == code] for code in VS_MUNICIPALITIES}
    for start, end in quarters():
        delivered = dt.datetime.combine(end + dt.timedelta(days=10), dt.time(6, 30))
        header = {
            "startdatumLevering": iso(start),
            "einddatumLevering": iso(end),
            "aanleverdatumEnTijd": f"{delivered:%Y-%m-%dT%H:%M:%S}Z",
            "codeGegevensleverancier": "GL-990017",
        }
        chosen = {
            code: [z for z in zaken if z.matched_on <= end and changed_in(z, start, end)]
            for code, zaken in by_code.items()
        }
        if start.year == 2023:
            leveringen = [
                vs_levering(world, i, code, chosen[code], end, True)
                for i, code in enumerate(VS_MUNICIPALITIES, start=1)
            ]
            doc = {**header, "leveringen": leveringen}
            write_bytes(out.path("ddas_vs_dijkland", end, "json", family="ddas_vs"), json_bytes(doc, indent=None))
            continue
        for code in VS_MUNICIPALITIES:
            doc = {**header, "leveringen": [vs_levering(world, 1, code, chosen[code], end, False)]}
            write_bytes(out.path(f"ddas_vs_{code}", end, "json", family="ddas_vs"), json_bytes(doc, indent=None))


# ---------------------------------------------------------------- VPS (9904)


def vps_style(year: int) -> dict[str, object]:
    """2023: real dates, Ja/Nee; 2024: text dates, Waar/Onwaar; 2025: real dates, Excel booleans and an
    extra column "Aantal signalen"."""
    return {
        2023: {"text_dates": False, "visit": ("Ja", "Nee"), "count": False},
        2024: {"text_dates": True, "visit": ("Waar", "Onwaar"), "count": False},
        2025: {"text_dates": False, "visit": (True, False), "count": True},
    }[year]


def vps_row(zaak: SignalCase, end: dt.date, style: dict, name: str) -> list[object]:
    def date(d: dt.date | None) -> object:
        if d is None or d > end:
            return None
        return nl_date(d, "dd-mm-yyyy") if style["text_dates"] else d

    attempts = [a for a in zaak.attempts if a.on <= end]
    partners = ", ".join(PARTNER_VPS[s.partner] for s in zaak.signals)
    visit = style["visit"][0 if any(a.kind == "Huisbezoek" for a in attempts) else 1]
    done = zaak.result_on is not None and zaak.result_on <= end
    row = [zaak.key, name, date(zaak.matched_on), "Meervoudig" if len(zaak.signals) > 1 else "Enkelvoudig"]
    row += [len(zaak.signals)] if style["count"] else []
    row += [
        partners,
        date(zaak.picked_up_on),
        date(attempts[0].on) if attempts else None,
        date(zaak.reached_on(end)),
        visit if attempts else None,
        RESULT_VPS[zaak.result] if done and zaak.result else None,
    ]
    return row


def vps(out: Output, world: World) -> None:
    zaken = [z for z in world.signal_cases if z.municipality == VPS_MUNICIPALITY]
    mun = world.municipalities[VPS_MUNICIPALITY]
    ends = month_ends()
    for i, (first, last) in enumerate(ends):
        window_start = ends[max(0, i - 2)][0]
        style = vps_style(first.year)
        rng = random.Random(f"{world.seed}:vps:{first:%Y-%m}")
        headers = ["Melding-ID", "Gemeente", "Datum melding", "Type signaal"]
        headers += ["Aantal signalen"] if style["count"] else []
        headers += ["Bron", "Datum opgepakt", "Datum eerste contactpoging", "Datum contact", "Huisbezoek", "Resultaat"]
        rows: list[list[object]] = [headers]
        for zaak in zaken:
            if window_start <= zaak.matched_on <= last:
                name = f"Gemeente {mun.name}" if rng.random() < 0.3 else mun.name
                rows.append(vps_row(zaak, last, style, name))
        wb = Workbook()
        ws = wb.active
        ws.title = "Meldingen"
        add_sheet_rows(ws, rows)
        for cell in ws[1]:
            cell.font = BOLD
        when = dt.datetime.combine(last + DAY, dt.time(8, 15))
        save_xlsx(wb, out.path("vps_hoogmeer_meldingen", last, "xlsx", family="vps_meldingen"), when, "VPS")
