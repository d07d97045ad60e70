"""The command-line contract of ``exports.md`` checked end to end, as the automation uses it.

Export files written as a data steward has them (Dutch headers, a title block, ``sep=;``, day-first dates,
a DDAS VS delivery) are loaded with ``python -m connectors import … --json``; ``python -m metrics kpis`` and
``python -m metrics report`` then run as separate processes. Every expected figure is computed by hand from
``kpi-catalogue.md`` in the comments. The tests touching the store run on SQLite and PostgreSQL (``db_url``).
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from metrics import cli
from metrics.registry import KPIS

ROOT = Path(__file__).resolve().parent.parent
N = None
ALL_IDS = [k.id for k in KPIS]


def python_m(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=180,
                          check=False)  # fmt: skip


def import_files(url: str, *files: Path) -> list[dict]:
    proc = python_m("connectors", "import", *map(str, files), "--db", url, "--json")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    results = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    assert all(r["rows_rejected"] == 0 and not r["errors"] for r in results), results
    return results


def kpis(url: str, period: str, *extra: str) -> list[dict]:
    proc = python_m("metrics", "kpis", "--period", period, "--db", url, *extra)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    return json.loads(proc.stdout)


def figures(rows: list[dict], key: str | None = None) -> dict:
    """kpi (or (kpi, group)) -> (value, numerator, denominator)."""
    return {(r["kpi"] if key is None else (r["kpi"], r[key])): (r["value"], r["numerator"], r["denominator"])
            for r in rows}  # fmt: skip


def assert_figures(got: dict, expected: dict) -> None:
    for name, (value, numerator, denominator) in expected.items():
        g = got[name]
        assert g[1:] == (numerator, denominator), name
        assert g[0] == (pytest.approx(value) if value is not None else None), name


# ------------------------------------------------------------------------------------------------ errors
UNREACHABLE = "postgresql+psycopg://shv:geheim@127.0.0.1:1/bestaat_niet"


@pytest.mark.parametrize("url", [UNREACHABLE, "sqlite:////bestaat/niet/map/shv.sqlite"])
def test_an_unreachable_database_is_a_dutch_message_not_a_traceback(url: str, tmp_path: Path) -> None:
    # The task's contract: bad input gives a Dutch message and a non-zero exit code, no traceback. A
    # PostgreSQL server that refuses the connection and an SQLite file in a folder that does not exist gave
    # SQLAlchemy's OperationalError with its whole traceback (exit 1 by accident of the uncaught exception).
    for args in (["kpis", "--period", "2025-Q2"], ["report", "--quarter", "2025-Q2", "--out", str(tmp_path / "r.xlsx")]):
        proc = python_m("metrics", *args, "--db", url)
        assert proc.returncode == 1, proc.stderr
        assert proc.stdout == ""
        assert "Traceback" not in proc.stderr
        assert proc.stderr.startswith("Fout: de database ")
        assert "niet bereikbaar" in proc.stderr
        assert "geheim" not in proc.stderr  # the password is not printed
    assert not (tmp_path / "r.xlsx").exists()


@pytest.mark.parametrize("url", ["geen-url", "mysql://x@127.0.0.1/shv"])
def test_a_database_url_that_cannot_be_used_is_a_usage_error(url: str, capsys) -> None:
    # Not an SQLAlchemy URL (ArgumentError) or a database kind without a driver (ModuleNotFoundError): both
    # ended in a traceback. Now a Dutch message and the usage exit code 2.
    assert cli.main(["kpis", "--period", "2025-Q2", "--db", url]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("Fout: ") and ("geen geldige database-URL" in err or "stuurprogramma" in err)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--quarter", "2025-Q3", "--year", "2025"], "fout: argument --year: gaat niet samen met argument --quarter"),
        ([], "fout: een van deze argumenten is verplicht: --quarter --year"),
    ],
)
def test_report_argument_errors_are_dutch(args: list[str], message: str, tmp_path: Path, capsys) -> None:
    # argparse's 'not allowed with argument' and 'one of the arguments … is required' were left in English.
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["report", *args, "--out", str(tmp_path / "r.xlsx")])
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


# ------------------------------------------------------------------------------------ a quarter by hand
# A case export as a tracking system writes it: Excel's separator hint, a title block with a run date, Dutch
# headers (one with an accent), day-first dates, Ja/J/Nee/N/0 booleans, value variants, a totals row.
CASES_Q2 = """sep=;
Rapport trajecten
Rundatum: 01-07-2025 07:02

Dossiernummer;Gemeente;Team;Consulent;Datum aanmelding;Crisis;Datum eerste gesprek;Datum beschikking;Beschikking;Datum plan van aanpak;Datum indienen schuldregeling;Datum toekenning;Schuldregeling afgewezen;Schuldregeling ingetrokken;Dwangakkoord;Datum afsluiting;Reden beëindiging;Budgetbeheer start;Budgetbeheer einde
A;Dijkwaard;Schuldhulp Noord;Anna;17-04-2025;Ja;24-04-2025;;;01-05-2025;10-05-2025;15-06-2025;;;Nee;;;01-05-2025;
B;GM0363;Schuldhulp Noord;Bert;28-05-2025;J;05-06-2025;;;;;10-06-2025;;05-06-2025;Ja;;;;
C;518;Schuldhulp Zuid;Carla;07-04-2025;Nee;06-05-2025;20-06-2025;Afgewezen;;;;;;;20-06-2025;Voldoet niet;;
D;Dijkwaard;Schuldhulp Noord;Anna;01-04-2025;N;30-04-2025;26-06-2025;Toegelaten;30-06-2025;;;;;;;;;
E;Onbekendstad;Schuldhulp Zuid;Carla;01-05-2025;;;;;;;;;;;02-06-2025;Ingetrokken;;
F;9902;Schuldhulp Noord;Bert;12-05-2025;0;;;;;;;;;;;;;
G;9902;Schuldhulp Noord;Bert;20-06-2025;nee;;;;;;;;;;;;;
H;Dijkwaard;Schuldhulp Noord;Anna;03-03-2025;Nee;02-04-2025;28-05-2025;Toelating;20-03-2025;;;;;;30-06-2025;Doel bereikt;01-04-2025;30-06-2025
I;GM0363;Schuldhulp Noord;Anna;10-04-2025;Nee;14-04-2025;10-06-2025;Toelatingsbeschikking;;20-05-2025;20-06-2025;01-06-2025;;Nee;;;01-07-2025;
J;9902;Schuldhulp Noord;Bert;15-01-2024;Nee;20-01-2024;;;;;;;;;15-05-2025;Zelf geregeld;;
Totaal;;;;;;;;;;;;;;;;;;
"""
KTO_Q2 = """Respons-ID;Datum;Gemeente;Team;Rapportcijfer;Aanbevelen
r1;05-04-2025;Dijkwaard;Schuldhulp Noord;8;10
r2;06-05-2025;Dijkwaard;Schuldhulp Noord;7,5;9
r3;07-05-2025;9902;Schuldhulp Noord;6;5
r4;08-06-2025;9902;Schuldhulp Noord;9;
r5;09-06-2025;9903;Schuldhulp Zuid;;7
r6;01-07-2025;9903;Schuldhulp Zuid;2;0
"""
FORMATIE = """Maand;Team;Consulent;Fte
06-2025;Schuldhulp Noord;Anna;0,8
06-2025;Schuldhulp Noord;Bert;1,0
06-2025;Schuldhulp Zuid;Carla;0,5
05-2025;Schuldhulp Noord;Anna;2
"""

# 2025-Q2: 1 April .. 30 June 2025, over: as_of 30 June. Holidays in it (Atw art. 3 and the 2025 decree):
# Good Friday 18 Apr, Easter Monday 21 Apr, King's Day Sat 26 Apr, Liberation Day Mon 5 May, Ascension
# Thu 29 May, the Friday after it 30 May, Whit Monday 9 June.
# First-conversation deadlines (registered + 28 days moved to a working day; crisis: 3rd working day after):
#   A crisis Thu 17 Apr: Fri 18 and Mon 21 are holidays -> Tue 22 (1), Wed 23 (2), Thu 24 (3); contact 24 Apr: on time
#   B crisis Wed 28 May: Thu 29, Fri 30 holidays -> Mon 2 (1), Tue 3 (2), Wed 4 June (3); contact 5 June: late
#   C Mon 7 Apr + 28 = Mon 5 May (Liberation Day) -> Tue 6 May; contact 6 May: on time
#   D Tue 1 Apr + 28 = Tue 29 Apr; contact 30 Apr: late
#   E Thu 1 May + 28 = Thu 29 May -> Fri 30 May (decree) -> Mon 2 June; no contact, closed 2 June, on its
#     deadline: left out of the denominator
#   F Mon 12 May + 28 = Whit Monday 9 June -> Tue 10 June <= 30 June, no contact: due and late
#   G Fri 20 June + 28 = Fri 18 July > as_of, no contact: not yet due
#   I Thu 10 Apr + 28 = Thu 8 May; contact 14 Apr: on time
#   (H and J were registered before the quarter)
#   eerste_gesprek_tijdig_pct = A, C, I / A, B, C, D, F, I = 3 / 6 = 50 %
# Waiting for the first conversation (first_contact_on in Q2): A 7, B 8, C 29, D 29, H 30 (3 Mar -> 2 Apr),
#   I 4 days: sorted 4 7 8 29 29 30, median (8 + 29) / 2 = 18.5
# Decision deadlines (first contact + 56 days, moved to a working day), for first contacts in Q2:
#   A 24 Apr + 56 = Thu 19 June, no decision, open: due, late
#   B 5 June + 56 = 31 July, no decision: not due
#   C 6 May + 56 = 1 July > as_of, but decided 20 June <= as_of: due, on time
#   D 30 Apr + 56 = Wed 25 June; decided 26 June: late
#   H 2 Apr + 56 = Wed 28 May; decided 28 May: on time
#   I 14 Apr + 56 = Whit Monday 9 June -> Tue 10 June; decided 10 June: on time
#   beschikking_tijdig_pct = C, H, I / A, C, D, H, I = 3 / 5 = 60 %
# afwijzingen: C (decided 20 June, 'Afgewezen') = 1
# Waiting on 30 June: F (49 days), G (10 days): 2; over the term (deadline < as_of): F = 1; mean 59 / 2 = 29.5
# Caseload on 30 June: A, B, D, I (C and H closed in Q2, J in May) = 4; fte in June 0.8 + 1.0 + 0.5 = 2.3
# Budgetbeheer on 30 June: A (from 1 May); H ended 30 June, I starts 1 July: 1
# Settlements: submitted A, I = 2; granted in Q2 and not forced: A, I = 2; forced: B = 1; success: outcomes in
#   Q2 A (granted), B (withdrawn 5 June before granted 10 June), I (rejected 1 June before granted 20 June):
#   the earliest decides, 1 / 3
# Outflow: C (74 days, voldoet_niet), E (32, ingetrokken), H (119, afgerond), J (486, zelf): 4; positive 2/4,
#   drop-out 2/4; median (74 + 119) / 2 = 96.5; p90 at rank 0.9 * 3 = 2.7: 119 + 0.7 * (486 - 119) = 375.9
# Plans in Q2: A 14 days, D 90 days: median 52 (H's plan was in March)
# KTO in Q2: r1..r5 (r6 is 1 July): 5; mean of the 4 grades (8 + 7.5 + 6 + 9) / 4 = 7.625; NPS over the
#   4 answers 10, 9, 5, 7: 100 * (2/4 - 1/4) = 25 (numerator promoters - detractors = 1)
Q2_TOTAL = {
    "aanmeldingen": (8, N, N),  # A B C D E F G I
    "aanmeldingen_crisis": (2, N, N),  # A B
    "eerste_gesprek_tijdig_pct": (50.0, 3, 6),
    "wachttijd_eerste_gesprek_mediaan": (18.5, N, N),
    "beschikking_tijdig_pct": (60.0, 3, 5),
    "afwijzingen": (1, N, N),
    "wachtlijst": (2, N, N),
    "wachtlijst_over_termijn": (1, N, N),
    "wachtlijst_wachttijd_gem": (29.5, 59, 2),
    "caseload": (4, N, N),
    "caseload_per_fte": (4 / 2.3, 4, 2.3),
    "budgetbeheer_lopend": (1, N, N),
    "schuldregelingen_ingediend": (2, N, N),
    "minnelijke_akkoorden": (2, N, N),
    "dwangakkoorden": (1, N, N),
    "schuldregeling_slagingspct": (100 / 3, 1, 3),
    "uitstroom": (4, N, N),
    "uitstroom_afgerond_pct": (50.0, 2, 4),
    "uitval_pct": (50.0, 2, 4),
    "doorlooptijd_mediaan": (96.5, N, N),
    "doorlooptijd_p90": (375.9, N, N),
    "tijd_tot_plan_mediaan": (52.0, N, N),
    "kto_respons": (5, N, N),
    "kto_gemiddeld": (7.625, 30.5, 4),
    "nps": (25.0, 1, 4),
    "signalen": (0, N, N),
    "meldingen": (0, N, N),
    "meldingen_meervoudig": (0, N, N),
    "opgepakt_pct": (N, 0, 0),
    "bereik_pct": (N, 0, 0),
    "hulpacceptatie_pct": (N, 0, 0),
    "vervolghulp_financieel": (0, N, N),
}


@pytest.fixture
def quarter_files(tmp_path: Path) -> list[Path]:
    files = [(tmp_path / "dossiers_q2.csv", CASES_Q2, "utf-8-sig"), (tmp_path / "kto_q2.csv", KTO_Q2, "cp1252"),
             (tmp_path / "formatie_2025.csv", FORMATIE, "utf-8")]  # fmt: skip
    for path, text, encoding in files:
        path.write_bytes(text.replace("\n", "\r\n").encode(encoding))
    return [p for p, _, _ in files]


def test_every_kpi_of_a_quarter_from_exports_by_hand(db_url: str, quarter_files: list[Path]) -> None:
    import_files(db_url, *quarter_files)
    rows = kpis(db_url, "2025-Q2")
    assert [r["kpi"] for r in rows] == ALL_IDS
    assert set(Q2_TOTAL) == set(ALL_IDS)  # the table above covers the whole catalogue
    assert all(list(r) == ["kpi", "period", "value", "numerator", "denominator"] and r["period"] == "2025-Q2"
               for r in rows)  # fmt: skip
    assert_figures(figures(rows), Q2_TOTAL)
    assert all(type(r["value"]) is int for r in rows if r["kpi"] in {k.id for k in KPIS if k.statistic.is_count})


def test_a_quarter_by_municipality_code_or_exported_name(db_url: str, quarter_files: list[Path]) -> None:
    # Dijkwaard (a name in the settings) is 9901; GM0363 and 518 are the codes 0363 and 0518; Onbekendstad is
    # no known name and stays as exported. The four configured municipalities are there, also without cases.
    import_files(db_url, *quarter_files)
    rows = kpis(db_url, "2025-Q2", "--by", "municipality")
    got = figures(rows, "municipality")
    registered = {m: v for (k, m), (v, _, _) in got.items() if k == "aanmeldingen"}
    # 9901: A D (H was registered in March); 0363: B I; 0518: C; 9902: F G (J in 2024); Onbekendstad: E
    assert registered == {"9901": 2, "0363": 2, "0518": 1, "9902": 2, "9903": 0, "9904": 0, "Onbekendstad": 1}
    assert_figures(got, {
        ("eerste_gesprek_tijdig_pct", "0363"): (50.0, 1, 2),  # I on time, B (crisis) late
        ("eerste_gesprek_tijdig_pct", "9902"): (0.0, 0, 1),  # F late, G not yet due
        ("eerste_gesprek_tijdig_pct", "Onbekendstad"): (N, 0, 0),  # E closed on its deadline
        ("uitstroom", "Onbekendstad"): (1, N, N),
        ("doorlooptijd_mediaan", "9902"): (486.0, N, N),  # J
        ("wachtlijst_wachttijd_gem", "9902"): (29.5, 59, 2),  # F 49, G 10
        ("kto_respons", "9901"): (2, N, N),  # r1 r2
        ("kto_gemiddeld", "9902"): (7.5, 15.0, 2),  # r3 6, r4 9
    })  # fmt: skip


def test_a_quarter_by_consultant_with_staffing_and_as_csv(db_url: str, quarter_files: list[Path]) -> None:
    import_files(db_url, *quarter_files)
    got = figures(kpis(db_url, "2025-Q2", "--by", "consultant"), "consultant")
    assert_figures(got, {
        ("caseload_per_fte", "Anna"): (3 / 0.8, 3, 0.8),  # A D I over Anna's 0.8 fte in June
        ("caseload_per_fte", "Bert"): (1.0, 1, 1.0),  # B
        ("caseload_per_fte", "Carla"): (0.0, 0, 0.5),
        ("eerste_gesprek_tijdig_pct", "Anna"): (200 / 3, 2, 3),  # A I on time, D late
        ("uitstroom", "Carla"): (2, N, N),  # C E
        ("kto_respons", None): (N, N, N),  # a survey names no consultant: present, without a value
    })  # fmt: skip
    proc = python_m("metrics", "kpis", "--period", "2025-Q2", "--by", "municipality", "--format", "csv", "--db", db_url)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[0] == "kpi,period,municipality,value,numerator,denominator"
    table = {(r["kpi"], r["municipality"]): r for r in csv.DictReader(io.StringIO(proc.stdout))}
    assert table[("aanmeldingen", "0518")] == {"kpi": "aanmeldingen", "period": "2025-Q2", "municipality": "0518",
                                               "value": "1", "numerator": "", "denominator": ""}  # fmt: skip
    decided = table[("beschikking_tijdig_pct", "9901")]  # A and D late, H on time: 1 / 3, a plain decimal point
    assert (float(decided["value"]), decided["numerator"], decided["denominator"]) == (pytest.approx(100 / 3), "1", "3")
    assert table[("caseload_per_fte", "")]["value"] == ""  # staffing has no municipality: one empty row


# ------------------------------------------------------------------------------- early warning (DDAS VS)
def _signal(sid: str, day: str, partner: str) -> dict:
    return {"ID": sid, "crisissignaal": False, "bedrag": 100, "ontstaansdatum": "2025-03-01", "signaaldatum": day,
            "status": "Nog niet opgepakt", "signaalpartner": {"type": partner},
            "client": {"Burgerservicenummer": "1234567" + sid[-2:], "Achternaam": "X"}}  # fmt: skip


def _melding(matched: str, ids: list[str], result: str, picked_up: str, attempts: list[tuple]) -> dict:
    return {"matchingsdatum": matched, "startdatum_matchtingperiode": "2025-04-01",
            "einddatum_matchingperiode": "2025-06-30", "resultaat": result, "datum_opgepakt": picked_up,
            "vroegsignalen": [{"ID": i} for i in ids],
            "contactpogingen": [{"soort": s, "bereikt": b, "datum": d, "dagdeel": "Ochtend"} for s, b, d in attempts]}  # fmt: skip


VS_DELIVERY = {
    "codeGegevensleverancier": "SOFT-1", "startdatumLevering": "2025-04-01", "einddatumLevering": "2025-07-05",
    "aanleverdatumEnTijd": "2025-07-06T10:00:00Z",
    "leveringen": [{
        "teller": 1, "gemeentecode": "0518",
        "aanleverende_organisatie": {"naam": "G", "kvk-nummer": "1", "contactpersoonen": [{"naam": "x"}]},
        "vroegsignalen": [_signal("S01", "2025-04-02", "Energie"), _signal("S02", "2025-04-03", "Huur"),
                          _signal("S03", "2025-04-20", "Zorg"), _signal("S04", "2025-05-10", "Water"),
                          _signal("S05", "2025-06-30", "Huur"), _signal("S06", "2025-03-31", "Energie"),
                          _signal("S07", "2025-07-01", "Zorg")],
        "vroegsignaalzaken": [
            # Z1: two signals, picked up, reached at the second attempt (a home visit), advice: help accepted
            _melding("2025-04-05", ["S01", "S02"], "(Budget)advies en/of quick fix", "2025-04-07",
                     [("Telefoon", False, "2025-04-08"), ("Huisbezoek", True, "2025-04-10")]),
            # Z2: reached, financial follow-up: accepted, and counted as vervolghulp_financieel
            _melding("2025-04-21", ["S03"], "Vervolghulp en/of verwijzing financieel", "2025-04-22",
                     [("Telefoon", True, "2025-04-23")]),
            # Z3: picked up, never reached
            _melding("2025-05-11", ["S04"], "Definitief geen contact kunnen krijgen", "2025-05-12",
                     [("Brief", False, "2025-05-13")]),
            # Z4: matched 30 June, picked up 2 July and reached 3 July: after as_of, so neither counts
            _melding("2025-06-30", ["S05"], "Vervolghulp en/of verwijzing financieel", "2025-07-02",
                     [("Telefoon", True, "2025-07-03")]),
            # Z5: matched 31 March: not in Q2
            _melding("2025-03-31", ["S06"], "Inwoner hoeft geen hulp vanuit vroegsignalering", "2025-04-01", []),
            # Z6: reached, no help needed: reached, not accepted
            _melding("2025-06-01", ["S07"], "Inwoner hoeft geen hulp vanuit vroegsignalering", "2025-06-02",
                     [("Telefoon", True, "2025-06-03")]),
        ],
    }],
}  # fmt: skip


def test_early_warning_kpis_from_a_ddas_vs_delivery(db_url: str, tmp_path: Path) -> None:
    path = tmp_path / "vs_levering.json"
    path.write_text(json.dumps(VS_DELIVERY), encoding="utf-8")
    import_files(db_url, path)
    # Q2 2025, as_of 30 June. Signals received in Q2: S01..S05 = 5 (S06 is 31 March, S07 1 July).
    # Meldingen matched in Q2: Z1 Z2 Z3 Z4 Z6 = 5, of which multiple: Z1 = 1.
    # Picked up by 30 June: Z1 Z2 Z3 Z6 = 4 / 5 = 80 %; reached by 30 June: Z1 Z2 Z6 = 3 / 5 = 60 %;
    # help accepted of those reached: Z1 (advice) Z2 (financial) = 2 / 3; vervolghulp financieel: Z2 Z4 = 2.
    expected = {
        "signalen": (5, N, N), "meldingen": (5, N, N), "meldingen_meervoudig": (1, N, N),
        "opgepakt_pct": (80.0, 4, 5), "bereik_pct": (60.0, 3, 5), "hulpacceptatie_pct": (200 / 3, 2, 3),
        "vervolghulp_financieel": (2, N, N),
    }  # fmt: skip
    assert_figures(figures(kpis(db_url, "2025-Q2")), expected)
    by_municipality = figures(kpis(db_url, "2025-Q2", "--by", "municipality"), "municipality")
    assert_figures(by_municipality, {(k, "0518"): v for k, v in expected.items()})
    assert by_municipality[("meldingen", "9901")] == (0, N, N)
    # by team: municipality 0518 has no team in the settings, so its meldingen have no team either
    by_team = figures(kpis(db_url, "2025-Q2", "--by", "team"), "team")
    assert by_team[("meldingen", None)] == (5, N, N)
    assert by_team[("meldingen", "Schuldhulp Noord")] == (0, N, N)


# --------------------------------------------------------------------- the decrees' Fridays in December
DECEMBER_2024 = """Dossiernummer,Gemeente,Team,Consulent,Aanmelddatum,Spoed,Datum intakegesprek,Beschikkingsdatum,Besluit,Datum uitstroom,Uitstroomreden
k1,9901,Schuldhulp Noord,Anna,29-11-2024,Nee,30-12-2024,,,,
k2,9901,Schuldhulp Noord,Anna,04-12-2024,Nee,02-01-2025,,,,
k3,9901,Schuldhulp Noord,Anna,23-12-2024,Ja,31-12-2024,,,,
k4,9901,Schuldhulp Noord,Anna,24-12-2024,Ja,03-01-2025,,,,
k5,9901,Schuldhulp Noord,Anna,2024-09-01,Nee,2024-11-01,30-12-2024,Toelating,,
k6,9901,Schuldhulp Noord,Anna,1-10-2024,Nee,2-10-2024,,,31-12-2024,Afgerond
"""


def test_terms_over_christmas_with_the_decree_friday(db_url: str, tmp_path: Path) -> None:
    # Christmas 25 and Boxing Day 26 December 2024 (a Thursday), so Friday 27 December is equated by decree;
    # 1 January 2025 is New Year's Day. Q4 2024, as_of 31 December 2024.
    #   k1 Fri 29 Nov + 28 = Fri 27 Dec (decree) -> Mon 30 Dec; contact 30 Dec: on time (late if 27 Dec counted)
    #   k2 Wed 4 Dec + 28 = 1 Jan -> Thu 2 Jan > as_of, contact 2 Jan > as_of: not yet due
    #   k3 crisis Mon 23 Dec: Tue 24 (1), 25-27 not, Mon 30 (2), Tue 31 Dec (3); contact 31 Dec: on time
    #   k4 crisis Tue 24 Dec: Mon 30 (1), Tue 31 (2), Thu 2 Jan (3) > as_of, contact 3 Jan: not yet due
    #   k5 registered 1 Sep (Sun) + 28 = Sun 29 Sep -> Mon 30 Sep: in Q3, not in Q4's denominator
    #   k6 Tue 1 Oct + 28 = 29 Oct, contact 2 Oct: on time
    #   eerste_gesprek_tijdig_pct = k1 k3 k6 / k1 k3 k6 = 100 %   (for the year: k5's 1 Nov is late: 3 / 4)
    # Decisions for first contacts in Q4: k5 1 Nov + 56 = Fri 27 Dec (decree) -> Mon 30 Dec, decided 30 Dec: on
    #   time; k6 2 Oct + 56 = 27 Nov, no decision, closed 31 Dec after its deadline: late; k1, k3 not yet due
    #   beschikking_tijdig_pct = 1 / 2
    # Waiting on 31 Dec: k2 (27 days), k4 (7 days): 2, none over the term (2 Jan), mean 17
    # First contacts in Q4: k1 31, k3 8, k5 61, k6 1 days: median (8 + 31) / 2 = 19.5
    path = tmp_path / "trajecten_2024.csv"
    path.write_text(DECEMBER_2024, encoding="utf-8")
    import_files(db_url, path)
    assert_figures(figures(kpis(db_url, "2024-Q4")), {
        "eerste_gesprek_tijdig_pct": (100.0, 3, 3),
        "beschikking_tijdig_pct": (50.0, 1, 2),
        "wachtlijst": (2, N, N),
        "wachtlijst_over_termijn": (0, N, N),
        "wachtlijst_wachttijd_gem": (17.0, 34, 2),
        "wachttijd_eerste_gesprek_mediaan": (19.5, N, N),
        "caseload": (3, N, N),  # k1 k3 k5; k6 closed on 31 December
    })  # fmt: skip
    year = figures(kpis(db_url, "2024"))
    assert year["eerste_gesprek_tijdig_pct"] == (75.0, 3, 4)
    # January 2025, as_of 31 January: k2 (2 Jan) and k4 (3 Jan) left the waiting list and joined the caseload
    january = figures(kpis(db_url, "2025-01"))
    assert (january["wachtlijst"], january["caseload"]) == ((0, N, N), (5, N, N))
    assert january["wachttijd_eerste_gesprek_mediaan"] == (19.5, N, N)  # k2 29, k4 10 days


# ------------------------------------------------------------------------------- the council report file
def _q3_cases() -> str:
    """12 cases registered 1..12 July 2025 in Dijkwaard: 1..9 have their first conversation 6..14 days later
    (on time), 10..12 after 40 days (late); 1..10 close 60 days after registering, with reasons in turn."""
    from datetime import date, timedelta

    reasons = ["Afgerond", "Zelf", "Ingetrokken", "No-show", "Overig"]
    lines = ["Dossiernummer;Gemeente;Team;Aanmelddatum;Datum eerste gesprek;Datum afsluiting;Reden afsluiting"]
    for i in range(1, 13):
        registered = date(2025, 7, i)
        contact = registered + timedelta(days=5 + i if i <= 9 else 40)
        closed = (registered + timedelta(days=60)).strftime("%d-%m-%Y") if i <= 10 else ""
        reason = reasons[i % 5] if i <= 10 else ""
        lines.append(f"Q{i};Dijkwaard;Schuldhulp Noord;{registered:%d-%m-%Y};{contact:%d-%m-%Y};{closed};{reason}")
    return "\n".join(lines) + "\n"


def test_the_council_report_file_suppresses_small_numbers(db_url: str, tmp_path: Path) -> None:
    import openpyxl

    path = tmp_path / "trajecten_q3.csv"
    path.write_text(_q3_cases(), encoding="utf-8")
    import_files(db_url, path)
    out = tmp_path / "raad.xlsx"
    proc = python_m("metrics", "report", "--quarter", "2025-Q3", "--out", str(out), "--db", db_url)
    assert proc.returncode == 0, proc.stderr
    sheet = openpyxl.load_workbook(out)["Kerncijfers"]
    current = {row[0].value: row[1].value for row in sheet.iter_rows() if row[0].value and len(row) > 1}
    # Q3 2025, as_of 30 September. Counts of 5 and more are exact, 1 to 4 are '<5', 0 stays 0; a percentage,
    # mean or median over fewer than 10 records is '–'.
    #   Aanmeldingen 12; Uitstroom Q1..Q10 = 10; Wachtenden 0 (everyone had a first conversation);
    #   Lopende dossiers Q11 Q12 = 2 -> '<5'
    #   Eerste gesprek binnen termijn over 12 due cases: 9 / 12 = 75 %
    #   Wachttijd (median of 6..14, 40, 40, 40): (11 + 12) / 2 = 11.5 over 12 cases
    #   Positief afgerond: i % 5 in {0, 1} -> Q1 Q5 Q6 Q10 (afgerond, zelf) = 4 / 10 = 40 %, over 10: shown
    #   Uitval: ingetrokken and no-show Q2 Q3 Q7 Q8 = 4 / 10 = 40 %; Doorlooptijd median 60 over 10
    #   Beschikking binnen termijn: no decisions due, not computable: '–'
    assert current["Aanmeldingen"] == 12
    assert current["Uitstroom"] == 10
    assert current["Wachtenden"] == 0
    assert current["Lopende dossiers"] == "<5"
    assert current["Eerste gesprek binnen termijn"] == pytest.approx(75)
    assert current["Wachttijd tot eerste gesprek (mediaan)"] == pytest.approx(11.5)
    assert current["Positief afgerond"] == pytest.approx(40)
    assert current["Uitval"] == pytest.approx(40)
    assert current["Doorlooptijd (mediaan)"] == pytest.approx(60)
    assert current["Beschikking binnen termijn"] == "–"
    # per municipality: the configured ones, Lindebroek too, though it has no cases
    parts = openpyxl.load_workbook(out)["Per gemeente"]
    names = [row[0].value for row in parts.iter_rows() if row[0].value and row[1].value is None]
    assert "Dijkwaard" in names and "Lindebroek" in names
