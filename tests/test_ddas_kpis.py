"""KPIs of DDAS SHV v1.0 deliveries, end to end through the command line.

Deliveries written from the schema and the DDAS SHV column of ``exports.md`` (several trajectories and
municipalities, ``aanmelding.startdatum`` present or absent, crisis, intake and decision, plan, debt
settlement outcomes, ``uitstroom`` or the ``einddatum`` fallback, budgetbeheer) are loaded with
``python -m connectors import … --json``; ``python -m metrics kpis`` then runs as a separate process. Every
expected figure is computed by hand from ``kpi-catalogue.md`` in the comments (Dutch holidays and the
decrees' Fridays for the legal terms). The helpers are those of ``test_metrics_contract_check``.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.test_metrics_contract_check import assert_figures, figures, import_files, kpis

N = None


def levering(trajectories: list[dict], org: str = "GM0518", teller: int = 1) -> dict:
    return {"teller": teller, "aanleverende_organisatie": {"(Statutaire) Naam": "Gemeente X", "KvK-nummer": "12345678",
            "postcode": "1234AB", "gemeentecode": org, "contactpersonen": []}, "schuldhulptrajecten": trajectories}  # fmt: skip


def delivery(leveringen: list[dict], start: str, end: str) -> dict:
    return {"startdatumLevering": start, "einddatumLevering": end, "aanleverdatumEnTijd": f"{end}T23:00:00Z",
            "codeGegevensleverancier": "GL1", "leveringen": leveringen}  # fmt: skip


def traject(bsn: str | list[str], gemeentecode: str | None, **fields: object) -> dict:
    out: dict = {"client": [{"Burgerservicenummer": b} for b in ([bsn] if isinstance(bsn, str) else bsn)]}
    if gemeentecode is not None:
        out["gemeentecode"] = gemeentecode
    return out | fields


def write(tmp_path: Path, name: str, doc: dict) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


T1 = dict(startdatum="2025-01-20", aanmelding={"crisisinterventie": False, "startdatum": "2025-01-06"},
          intake={"startdatum": "2025-01-27", "beschikkingsdatum": "2025-03-10",
                  "beschikkingssoort": "Toelatingsbeschikking"},
          planVanAanpak={"datumAfronding": "2025-02-17"},
          schuldregeling={"datum": "2025-03-20", "toegekend": "2025-05-15", "dwangakkoord": False})  # fmt: skip
T2 = dict(startdatum="2025-01-15", uitstroom={"datum": "2025-04-20", "reden": "Voldoet niet"},
          intake={"startdatum": "2025-02-14", "beschikkingsdatum": "2025-04-14",
                  "beschikkingssoort": "Afwijzingsbeschikking"})  # fmt: skip
T6 = dict(startdatum="2025-03-20", aanmelding={"startdatum": "2025-03-20", "crisisinterventie": False})

# First delivery, January to June 2025 (registered_on, from aanmelding.startdatum else startdatum):
#   T1 0518 reg Mon 6 Jan (not the startdatum 20 Jan), contact 27 Jan, toelating 10 Mar, plan 17 Feb,
#      settlement submitted 20 Mar, granted 15 May (amicable), budgetbeheer from 1 Feb
#   T2 "0518" reg Wed 15 Jan (no aanmelding: startdatum), contact 14 Feb, afwijzing 14 Apr, closed 20 Apr
#      voldoet niet
#   T3 0518 crisis reg Wed 16 Apr, contact 23 Apr, toelating 20 Jun, plan 20 May, submitted 1 May,
#      rejected 10 Jun, granted 25 Jun forced (the rejection is earliest and decides the case)
#   T4 0363 aanmelding without startdatum: reg Mon 3 Feb, no contact, closed 20 Feb (einddatum, uitstroom has
#      a reason only) ingetrokken
#   T5 0518 reg Mon 3 Mar, crisis (a crisisinterventies entry), contact 10 Mar, closed 30 Jun afgerond
#      (uitstroom.datum, not the einddatum 15 Jul), budgetbeheer 15 Mar - 31 May, budgetcoaching
#   T6 "0518" reg Thu 20 Mar, no contact yet
#   T7 0518 two clients, reg Mon 5 May (Liberation Day), contact 2 Jun, submitted 1 Jun, withdrawn 15 Jun
#   T8 0518 reg 1 Dec 2024, contact 10 Dec 2024, closed 26 May (einddatum) without a reason
FIRST = delivery([levering([
    traject("100000001", "GM0518", **T1, begeleiding=[{"soort": "Budgetbeheer", "startdatum": "2025-02-01"}]),
    traject("100000002", "0518", **T2),
    traject("100000003", "GM0518", startdatum="2025-04-16",
            aanmelding={"crisisinterventie": True, "startdatum": "2025-04-16"},
            intake={"startdatum": "2025-04-23", "beschikkingsdatum": "2025-06-20",
                    "beschikkingssoort": "Toelatingsbeschikking"},
            planVanAanpak={"datumAfronding": "2025-05-20"},
            schuldregeling={"datum": "2025-05-01", "afgewezen": "2025-06-10", "toegekend": "2025-06-25",
                            "dwangakkoord": True}),
    traject("100000004", "GM0363", startdatum="2025-02-03", einddatum="2025-02-20",
            aanmelding={"crisisinterventie": False}, uitstroom={"reden": "Ingetrokken"}),
    traject("100000005", "GM0518", startdatum="2025-03-01", einddatum="2025-07-15",
            aanmelding={"startdatum": "2025-03-03"},
            crisisinterventies=[{"startdatum": "2025-03-04", "einddatum": "2025-03-20"}],
            intake={"startdatum": "2025-03-10"}, uitstroom={"datum": "2025-06-30", "reden": "Afgerond"},
            begeleiding=[{"soort": "Budgetbeheer", "startdatum": "2025-03-15", "einddatum": "2025-05-31"},
                         {"soort": "Budgetcoaching", "startdatum": "2025-03-15"}]),
    traject("100000006", "0518", **T6),
    traject(["100000071", "100000072"], "GM0518", startdatum="2025-05-05", aanmelding={"startdatum": "2025-05-05"},
            intake={"startdatum": "2025-06-02"}, schuldregeling={"datum": "2025-06-01", "ingetrokken": "2025-06-15"}),
    traject("100000008", "GM0518", startdatum="2024-12-01", einddatum="2025-05-26", intake={"startdatum": "2024-12-10"}),
])], "2025-01-01", "2025-06-30")  # fmt: skip

# Second delivery, July to September: T1 closed 29 Aug zelf and its budgetbeheer ended 29 Aug; T2 again (now
# "GM0518": the same case); T6 contact Tue 22 Apr, toelating 1 Jul, uitstroom null; new:
#   T9 "0518" no aanmelding.startdatum: reg Sat 2 Aug, crisis, contact 6 Aug, closed 15 Sep (einddatum)
#      niet verschenen
#   T10 0518 reg Tue 1 Jul, contact 15 Jul, submitted 20 Jul, granted 1 Sep without dwangakkoord (amicable),
#      budgetbeheer 10 Jul - 1 Aug and again from 15 Aug (one open guidance)
SECOND = delivery([levering([
    traject("100000001", "GM0518", **T1, uitstroom={"datum": "2025-08-29", "reden": "Zelf"},
            begeleiding=[{"soort": "Budgetbeheer", "startdatum": "2025-02-01", "einddatum": "2025-08-29"}]),
    traject("100000002", "GM0518", **T2),
    traject("100000006", "GM0518", **T6, einddatum=None, uitstroom={"datum": None, "reden": None},
            intake={"startdatum": "2025-04-22", "beschikkingsdatum": "2025-07-01",
                    "beschikkingssoort": "Toelatingsbeschikking"}),
    traject("100000009", "0518", startdatum="2025-08-02", aanmelding={"crisisinterventie": True},
            intake={"startdatum": "2025-08-06"}, einddatum="2025-09-15", uitstroom={"reden": "Nietverschenen"}),
    traject("100000010", "GM0518", startdatum="2025-07-01", aanmelding={"startdatum": "2025-07-01"},
            intake={"startdatum": "2025-07-15"}, schuldregeling={"datum": "2025-07-20", "toegekend": "2025-09-01"},
            begeleiding=[{"soort": "Budgetbeheer", "startdatum": "2025-07-10", "einddatum": "2025-08-01"},
                         {"soort": "Budgetbeheer", "startdatum": "2025-08-15"}]),
])], "2025-07-01", "2025-09-30")  # fmt: skip

# Third delivery, two leveringen whose trajectories have no gemeentecode (the organisation's is used):
#   T11 0518 reg Mon 7 Jul, contact 8 Jul, closed 30 Sep niet passend; T12 0363 reg 7 Jul, closed 31 Jul overleden
THIRD = delivery([
    levering([traject("100000011", None, startdatum="2025-07-07", intake={"startdatum": "2025-07-08"},
                      uitstroom={"datum": "2025-09-30", "reden": "Niet passend"})], org="GM0518", teller=1),
    levering([traject("100000012", None, startdatum="2025-07-07",
                      uitstroom={"datum": "2025-07-31", "reden": "Overleden"})], org="GM0363", teller=2),
], "2025-07-01", "2025-09-30")  # fmt: skip


def test_three_shv_deliveries_by_hand(db_url: str, tmp_path: Path) -> None:
    first = write(tmp_path, "shv_h1.json", FIRST)
    import_files(db_url, first, write(tmp_path, "shv_q3.json", SECOND), write(tmp_path, "shv_q3b.json", THIRD))

    # 2025-Q1, as_of 31 March. Registered: T1 T2 T4 T5 T6 = 5 (T2 once although "0518" and "GM0518"), crisis T5.
    # First conversation: T1 6 Jan + 28 = Mon 3 Feb, contact 27 Jan on time; T2 15 Jan + 28 = Wed 12 Feb,
    #   contact 14 Feb late; T5 crisis Mon 3 Mar: Tue 4, Wed 5, Thu 6 Mar, contact 10 Mar late; T4 closed 20 Feb
    #   before its deadline 3 Mar without a conversation: left out; T6 due 17 Apr > as_of: left out. 1 / 3.
    # Waits of contacts in Q1: T1 21, T2 30, T5 7: median 21.
    # Decision: T1 27 Jan + 56 = Mon 24 Mar, decided 10 Mar on time; T2 14 Feb + 56 = Fri 11 Apr > as_of and
    #   decided 14 Apr > as_of; T5 10 Mar + 56 = Mon 5 May (Liberation Day) -> 6 May > as_of: 1 / 1.
    # Waiting on 31 March: T6 (contact 22 Apr), 11 days, due 17 Apr: not over the term.
    # Caseload: T1 T2 T5 T8 = 4. Budgetbeheer: T1 (from 1 Feb), T5 (15 Mar - 31 May) = 2.
    # Settlements submitted: T1 = 1; none decided. Outflow: T4 (einddatum 20 Feb, ingetrokken) = 1: uitval 1 / 1,
    #   17 days. Plan: T1 17 Feb - 6 Jan = 42.
    assert_figures(figures(kpis(db_url, "2025-Q1")), {
        "aanmeldingen": (5, N, N), "aanmeldingen_crisis": (1, N, N),
        "eerste_gesprek_tijdig_pct": (100 / 3, 1, 3), "wachttijd_eerste_gesprek_mediaan": (21.0, N, N),
        "beschikking_tijdig_pct": (100.0, 1, 1), "afwijzingen": (0, N, N),
        "wachtlijst": (1, N, N), "wachtlijst_over_termijn": (0, N, N), "wachtlijst_wachttijd_gem": (11.0, 11, 1),
        "caseload": (4, N, N), "budgetbeheer_lopend": (2, N, N),
        "schuldregelingen_ingediend": (1, N, N), "minnelijke_akkoorden": (0, N, N), "dwangakkoorden": (0, N, N),
        "schuldregeling_slagingspct": (None, 0, 0),
        "uitstroom": (1, N, N), "uitstroom_afgerond_pct": (0.0, 0, 1), "uitval_pct": (100.0, 1, 1),
        "doorlooptijd_mediaan": (17.0, N, N), "doorlooptijd_p90": (17.0, N, N), "tijd_tot_plan_mediaan": (42.0, N, N),
    })  # fmt: skip

    # 2025-Q2, as_of 30 June. Registered: T3 (crisis), T7 = 2.
    # First conversation: T3 crisis Wed 16 Apr: Thu 17 (1), Good Friday 18 and Easter Monday 21 not, Tue 22 (2),
    #   Wed 23 (3), contact 23 Apr on time (late if the holidays counted); T7 Mon 5 May + 28 = Mon 2 Jun,
    #   contact 2 Jun on time: 2 / 2. Waits of contacts in Q2: T3 7, T6 33, T7 28: median 28.
    # Decision: T3 23 Apr + 56 = Wed 18 Jun, decided 20 Jun late; T6 22 Apr + 56 = Tue 17 Jun, decided 1 Jul
    #   late; T7 2 Jun + 56 = 28 Jul > as_of: 0 / 2. Afwijzingen: T2 (14 Apr) = 1.
    # Caseload on 30 June: T1 T3 T6 T7 = 4 (T2 T5 T8 closed). Budgetbeheer: T1 = 1 (T5's ended 31 May).
    # Settlements submitted: T3 (1 May), T7 (1 Jun) = 2; granted: T1 15 May amicable, T3 25 Jun forced.
    #   Decided in Q2 by the earliest date: T1 granted, T3 rejected (10 Jun), T7 withdrawn: 1 / 3.
    # Outflow: T2 (20 Apr, voldoet niet, 95 days), T5 (30 Jun, afgerond, 119), T8 (26 May, no reason, 176):
    #   afgerond 1 / 3, uitval 1 / 3, median 119, p90 119 + 0.8 × 57 = 164.6. Plan: T3 20 May - 16 Apr = 34.
    assert_figures(figures(kpis(db_url, "2025-Q2")), {
        "aanmeldingen": (2, N, N), "aanmeldingen_crisis": (1, N, N),
        "eerste_gesprek_tijdig_pct": (100.0, 2, 2), "wachttijd_eerste_gesprek_mediaan": (28.0, N, N),
        "beschikking_tijdig_pct": (0.0, 0, 2), "afwijzingen": (1, N, N),
        "wachtlijst": (0, N, N), "wachtlijst_wachttijd_gem": (None, 0, 0),
        "caseload": (4, N, N), "budgetbeheer_lopend": (1, N, N),
        "schuldregelingen_ingediend": (2, N, N), "minnelijke_akkoorden": (1, N, N), "dwangakkoorden": (1, N, N),
        "schuldregeling_slagingspct": (100 / 3, 1, 3),
        "uitstroom": (3, N, N), "uitstroom_afgerond_pct": (100 / 3, 1, 3), "uitval_pct": (100 / 3, 1, 3),
        "doorlooptijd_mediaan": (119.0, N, N), "doorlooptijd_p90": (164.6, N, N),
        "tijd_tot_plan_mediaan": (34.0, N, N),
    })  # fmt: skip

    # 2025-Q3, as_of 30 September. Registered: T9 (crisis), T10, T11, T12 = 4.
    # First conversation: T9 crisis Sat 2 Aug: Mon 4, Tue 5, Wed 6 Aug, contact 6 Aug on time; T10 1 Jul + 28
    #   = 29 Jul, contact 15 Jul; T11 contact 8 Jul; T12 closed 31 Jul before its deadline Mon 4 Aug without a
    #   conversation: left out. 3 / 3. Waits: T9 4, T10 14, T11 1: median 4.
    # Decision: T9 6 Aug + 56 = 1 Oct > as_of, closed 15 Sep without a decision before it: left out; T10 15 Jul
    #   + 56 = 9 Sep, none: late; T11 8 Jul + 56 = 2 Sep, closed 30 Sep after it: late. 0 / 2.
    # Caseload on 30 September: T3 T6 T7 T10 = 4. Budgetbeheer: T10 (open since 15 Aug) = 1 (T1's ended 29 Aug).
    # Settlements: T10 submitted 20 Jul, granted 1 Sep (amicable): 1 / 1.
    # Outflow: T1 (29 Aug zelf, 235 days), T9 (15 Sep niet verschenen, 44), T11 (30 Sep niet passend, 85), T12
    #   (31 Jul overleden, 24): afgerond 1 / 4, uitval 1 / 4, median (44 + 85) / 2, p90 85 + 0.7 × 150 = 190.
    q3 = kpis(db_url, "2025-Q3")
    assert_figures(figures(q3), {
        "aanmeldingen": (4, N, N), "aanmeldingen_crisis": (1, N, N),
        "eerste_gesprek_tijdig_pct": (100.0, 3, 3), "wachttijd_eerste_gesprek_mediaan": (4.0, N, N),
        "beschikking_tijdig_pct": (0.0, 0, 2), "afwijzingen": (0, N, N), "wachtlijst": (0, N, N),
        "caseload": (4, N, N), "budgetbeheer_lopend": (1, N, N),
        "schuldregelingen_ingediend": (1, N, N), "minnelijke_akkoorden": (1, N, N), "dwangakkoorden": (0, N, N),
        "schuldregeling_slagingspct": (100.0, 1, 1),
        "uitstroom": (4, N, N), "uitstroom_afgerond_pct": (25.0, 1, 4), "uitval_pct": (25.0, 1, 4),
        "doorlooptijd_mediaan": (64.5, N, N), "doorlooptijd_p90": (190.0, N, N),
        "tijd_tot_plan_mediaan": (None, N, N),
    })  # fmt: skip
    by_municipality = figures(kpis(db_url, "2025-Q3", "--by", "municipality"), "municipality")
    assert_figures(by_municipality, {
        ("aanmeldingen", "0518"): (3, N, N), ("aanmeldingen", "0363"): (1, N, N),
        ("uitstroom", "0518"): (3, N, N), ("uitstroom", "0363"): (1, N, N),
        ("caseload", "0518"): (4, N, N), ("caseload", "0363"): (0, N, N),
        ("uitstroom_afgerond_pct", "0518"): (100 / 3, 1, 3), ("uitstroom_afgerond_pct", "0363"): (0.0, 0, 1),
    })  # fmt: skip
    assert not any(row.get("municipality") in ("GM0518", "518") for row in kpis(db_url, "2025-Q1", "--by", "municipality"))


# 2026: King's Day Monday 27 April; Ascension Thursday 14 May and the decree's Friday 15 May.
#   U1 "518" reg Sun 29 Mar + 28 = Sun 26 Apr -> Mon 27 Apr (King's Day) -> Tue 28 Apr, contact 28 Apr on time
#   U2 "GM518" crisis Wed 13 May: Mon 18 (1), Tue 19 (2), Wed 20 May (3), contact 20 May on time
#   U3 aanmelding.crisisinterventie false beside a crisisinterventies entry: not crisis; 1 Apr + 28 = 29 Apr,
#      contact 30 Apr late
#   U4 contact Mon 2 Mar + 56 = Mon 27 Apr -> Tue 28 Apr, decided 28 Apr on time; budgetbeheer from 30 Jun
#   U5 reg 10 Apr, contact 15 Apr, closed 10 May by einddatum only (no uitstroom): no reason
KINGS_DAY = delivery([levering([
    traject("200000001", "518", startdatum="2026-03-29", intake={"startdatum": "2026-04-28"}),
    traject("200000002", "GM518", startdatum="2026-05-13",
            aanmelding={"startdatum": "2026-05-13", "crisisinterventie": True}, intake={"startdatum": "2026-05-20"}),
    traject("200000003", "GM0518", startdatum="2026-04-01",
            aanmelding={"startdatum": "2026-04-01", "crisisinterventie": False},
            crisisinterventies=[{"startdatum": "2026-04-02"}], intake={"startdatum": "2026-04-30"}),
    traject("200000004", "GM0518", startdatum="2026-02-20",
            intake={"startdatum": "2026-03-02", "beschikkingsdatum": "2026-04-28",
                    "beschikkingssoort": "Toelatingsbeschikking"},
            begeleiding=[{"soort": "Lange Termijn Begeleiding (DFD)", "startdatum": "2026-03-01"},
                         {"soort": "Budgetbeheer", "startdatum": "2026-06-30"}]),
    traject("200000005", "GM0518", startdatum="2026-04-10", einddatum="2026-05-10", intake={"startdatum": "2026-04-15"}),
])], "2026-01-01", "2026-06-30")  # fmt: skip


def test_terms_around_kings_day_and_ascension_2026(sqlite_url: str, tmp_path: Path) -> None:
    import_files(sqlite_url, write(tmp_path, "shv_2026.json", KINGS_DAY))
    # 2026-Q2, as_of 30 June. Registered: U2 U3 U5 = 3 (U1 in March), crisis U2.
    # First conversation: U2 on time, U3 late, U5 10 Apr + 28 = 8 May, contact 15 Apr on time: 2 / 3.
    # Waits of contacts in Q2: U1 30, U2 7, U3 29, U5 5: median (7 + 29) / 2 = 18.
    # Decision for contacts in Q2: U1 28 Apr + 56 = 23 Jun, none: late; U3 30 Apr + 56 = 25 Jun: late; U2 due
    #   15 Jul > as_of; U5 closed 10 May before its deadline: left out. 0 / 2.
    # Caseload U1 U2 U3 U4 = 4; budgetbeheer U4 (30 Jun ≤ as_of) = 1; outflow U5, 30 days, no reason.
    q2 = figures(kpis(sqlite_url, "2026-Q2"))
    assert_figures(q2, {
        "aanmeldingen": (3, N, N), "aanmeldingen_crisis": (1, N, N),
        "eerste_gesprek_tijdig_pct": (200 / 3, 2, 3), "wachttijd_eerste_gesprek_mediaan": (18.0, N, N),
        "beschikking_tijdig_pct": (0.0, 0, 2), "caseload": (4, N, N), "budgetbeheer_lopend": (1, N, N),
        "uitstroom": (1, N, N), "uitstroom_afgerond_pct": (0.0, 0, 1), "uitval_pct": (0.0, 0, 1),
        "doorlooptijd_mediaan": (30.0, N, N),
    })  # fmt: skip
    # March: U1 (registered 29 Mar) is due 28 Apr > as_of 31 Mar and has no contact by then: none due.
    assert figures(kpis(sqlite_url, "2026-03"))["eerste_gesprek_tijdig_pct"] == (None, 0, 0)
    # U4's decision (contact in Q1) is due after 31 March; the year 2026 sees it, decided on time: the only one
    # on time (U1 and U3 late; whether U2 is due depends on the year's as_of, so only the numerator is checked).
    assert figures(kpis(sqlite_url, "2026"))["beschikking_tijdig_pct"][1] == 1
    by_municipality = figures(kpis(sqlite_url, "2026-Q2", "--by", "municipality"), "municipality")
    assert by_municipality[("caseload", "0518")] == (4, N, N)
