"""Adversarial import checks: exports built the way exports.md says real exports look, which the importer
handled wrongly. Each test names the spec line it relies on."""

from __future__ import annotations

import datetime as dt

import pytest

from connectors.pipeline import import_file
from tests.conftest import SHARED
from tests.exportfiles import by_key, csv_file, rows, xlsx

D = dt.date
OFFICIAL = SHARED / "ddas"


def test_guidance_end_column_alone_leaves_the_stored_start_alone(tmp_path, sqlite_url):
    """exports.md, rule 7: "a column absent from the import leaves the stored value alone". A follow-up export
    with only ``Budgetbeheer einde`` must not wipe the stored ``Budgetbeheer start``."""
    first = csv_file(
        tmp_path / "dossiers.csv",
        "Dossiernummer;Datum aanmelding;Budgetbeheer start;Budgetbeheer einde\nG1;01-01-2025;01-02-2025;\n",
    )
    assert import_file(first, url=sqlite_url).rows_loaded == 1
    later = csv_file(tmp_path / "afsluiting_bbh.csv", "Dossiernummer;Budgetbeheer einde\nG1;01-07-2025\n")
    result = import_file(later, url=sqlite_url)
    assert not result.rejected and not result.errors, result.as_json()
    (guidance,) = rows(sqlite_url, "case_guidance")
    assert (guidance["kind"], guidance["ended_on"]) == ("budgetbeheer", D(2025, 7, 1))
    assert guidance["started_on"] == D(2025, 2, 1)  # was wiped to None


def test_aanmeldingen_in_the_file_name_does_not_make_a_case_export_an_early_warning_export(tmp_path, sqlite_url):
    """exports.md, rule 1: the dataset is detected by header fingerprints. Every header here is a ``cases``
    variant (Zaaknummer, Gemeente, Datum melding, Team); only three of them are ``signal_cases`` variants.
    "Aanmeldingen" (help requests, the first step of a debt-assistance case) contains "melding", which is
    taken as a hint for early warning and tips the balance: the cases were stored as signal cases and the
    Team column was dropped."""
    path = csv_file(
        tmp_path / "aanmeldingen_2025.csv",
        "Zaaknummer;Gemeente;Datum melding;Team\nZ1;0518;03-01-2025;Noord\nZ2;0518;04-01-2025;Noord\n",
    )
    result = import_file(path, url=sqlite_url)
    assert result.dataset == "cases" and result.rows_loaded == 2, result.as_json()
    assert rows(sqlite_url, "signal_cases") == []


def test_crisis_in_the_file_name_is_no_hint_for_ris_early_warning(tmp_path, sqlite_url):
    """Same as above: the early-warning hint "ris" (RIS Vroeg Eropaf) is matched as a substring, so it is
    found in "crisis" (a cases column and a word in the name of a crisis-intervention report)."""
    path = csv_file(
        tmp_path / "crisisaanvragen.csv",
        "Zaaknummer;Gemeente;Datum melding;Crisis\nZ1;0518;03-01-2025;Ja\n",
    )
    result = import_file(path, url=sqlite_url)
    assert result.dataset == "cases" and result.rows_loaded == 1, result.as_json()
    (case,) = rows(sqlite_url, "cases")
    assert case["crisis"] is True or case["crisis"] == 1


def test_csv_whose_title_line_starts_with_a_bracket_is_read_as_csv(tmp_path, sqlite_url):
    """exports.md: "A title block above the header row (report name, ...)". A .csv file whose report name
    starts with "[" or "{" was sniffed as JSON and rejected as invalid JSON."""
    for title in ("[Stratech] Rapport dossiers", "{Filter: team Noord}"):
        path = csv_file(tmp_path / "dossiers.csv", f"{title}\nDossiernummer;Datum aanmelding\nD1;03-01-2025\n")
        result = import_file(path, url=sqlite_url)
        assert not result.rejected, result.as_json()
        assert result.dataset == "cases", result.as_json()


@pytest.mark.skipif(not OFFICIAL.is_dir(), reason="shared/ddas met de officiële voorbeelden ontbreekt")
def test_a_ddas_delivery_under_another_name_is_still_read_by_its_content(tmp_path, sqlite_url):
    """The JSON sniff now parses instead of looking at the first character: a delivery downloaded without
    its ``.json`` extension is still a DDAS delivery."""
    path = tmp_path / "levering_cbs"
    path.write_bytes((OFFICIAL / "shv-v1.0" / "enkelvoudigVoorbeeld.json").read_bytes())
    result = import_file(path, url=sqlite_url)
    assert not result.rejected and result.rows_loaded >= 1 and result.dataset == "cases", result.as_json()
    assert result.errors == []


def test_an_accounting_format_dash_is_an_empty_amount(tmp_path, sqlite_url):
    """exports.md: numbers as ``€ 1.234``, empty as ``-``. Excel's accounting format shows nothing as
    ``€ -``: an empty amount, not a row error."""
    path = csv_file(
        tmp_path / "dossiers.csv",
        "Dossiernummer;Datum aanmelding;Totale schuld;Aantal schuldeisers\n"
        "A1;03-01-2025;€ -;-\nA2;04-01-2025;€ 12.345,60;7\n",
    )
    result = import_file(path, url=sqlite_url)
    assert result.rows_loaded == 2 and result.errors == [], result.as_json()
    stored = {r["case_id"]: (r["debt_total"], r["creditor_count"]) for r in rows(sqlite_url, "cases")}
    assert stored == {"A1": (None, None), "A2": (12345.6, 7)}


CASE_HEADER = ["Dossiernummer", "Datum aanmelding", "Team", "Budgetbeheer start"]


def test_every_case_sheet_of_a_workbook_is_read_and_another_list_is_named(tmp_path, sqlite_url):
    """Nothing lost: a workbook with a sheet per team loads every sheet, not only the best-matching one; a
    sheet with another list (a waiting list) is not read with it but named in a finding."""
    path = xlsx(
        tmp_path / "dossiers_per_team.xlsx",
        {
            "Voorblad": [["Rapport dossiers"], ["Rundatum: 31-03-2025"]],
            "Noord": [CASE_HEADER, ["N1", "03-01-2025", "Noord", "01-02-2025"], ["N2", "04-01-2025", "Noord", None]],
            "Zuid": [["Team Zuid"], CASE_HEADER, ["Z1", "05-01-2025", "Zuid", "01-03-2025"]],
            "Wachtlijst": [["Peildatum: 31-03-2025"], ["Dossiernummer", "Datum aanmelding", "Wachtlijst"],
                           ["W1", "06-01-2025", "ja"]],
        },
    )  # fmt: skip
    result = import_file(path, url=sqlite_url)
    assert result.rows_read == 3, result.as_json()
    assert result.rows_loaded == 3 and result.errors == [], result.as_json()
    assert set(by_key(sqlite_url)) == {"N1", "N2", "Z1"}
    assert {(g["case_id"], g["started_on"]) for g in rows(sqlite_url, "case_guidance")} == {
        ("N1", D(2025, 2, 1)), ("Z1", D(2025, 3, 1))
    }
    skipped = [f for f in result.findings if f.code == "werkblad_overgeslagen"]
    assert [f.sheet for f in skipped] == ["Wachtlijst"] and "Wachtlijst" in skipped[0].message


def test_a_key_on_two_sheets_is_a_duplicate_key_in_one_file(tmp_path, sqlite_url):
    """exports.md, rule 4: duplicate keys in one file are a hard error, across sheets as within one. The
    same row twice is a finding and loads once; different data under one key loads neither (nor the
    guidance read from those rows)."""
    path = xlsx(
        tmp_path / "dossiers.xlsx",
        {
            "Noord": [CASE_HEADER, ["A1", "03-01-2025", "Noord", None], ["B1", "03-01-2025", "Noord", "01-02-2025"],
                      ["C1", "07-01-2025", "Noord", None]],
            "Zuid": [CASE_HEADER, ["A1", "03-01-2025", "Noord", None], ["B1", "04-01-2025", "Zuid", "01-02-2025"]],
        },
    )  # fmt: skip
    result = import_file(path, url=sqlite_url)
    assert set(by_key(sqlite_url)) == {"A1", "C1"}
    assert rows(sqlite_url, "case_guidance") == []
    duplicates = sorted((e.sheet, e.row) for e in result.errors if e.code == "sleutel_dubbel")
    assert duplicates == [("Noord", 3), ("Zuid", 3)]
    (same,) = [f for f in result.findings if f.code == "dubbele_rij"]
    assert (same.sheet, same.row) == ("Zuid", 2) and "Noord" in same.message


def test_a_guidance_pair_emptied_in_a_later_export_empties_the_stored_guidance(tmp_path, sqlite_url):
    """exports.md, rule 7: a column present in the newer import overwrites the stored value, an empty cell
    included. Both cells of a stored guidance emptied clear its dates; for a case without that guidance
    empty cells create nothing, and another kind on the same row is not affected."""
    header = "Dossiernummer;Datum aanmelding;Budgetbeheer start;Budgetbeheer einde;Beschermingsbewind start;" \
        "Beschermingsbewind einde\n"
    first = csv_file(tmp_path / "maart.csv", header + "G1;01-01-2025;01-02-2025;;;\nG2;02-01-2025;;;;\n")
    assert import_file(first, url=sqlite_url).rows_loaded == 2
    later = csv_file(tmp_path / "april.csv", header + "G1;01-01-2025;;;01-04-2025;\nG2;02-01-2025;;;;\n")
    result = import_file(later, url=sqlite_url)
    assert not result.rejected and result.errors == [], result.as_json()
    stored = {(g["case_id"], g["kind"]): (g["started_on"], g["ended_on"]) for g in rows(sqlite_url, "case_guidance")}
    assert stored == {("G1", "budgetbeheer"): (None, None), ("G1", "beschermingsbewind"): (D(2025, 4, 1), None)}


def test_the_json_result_names_the_dataset_of_a_repeated_file_and_of_a_file_without_its_key(tmp_path, sqlite_url):
    """exports.md: ``--json`` prints ``dataset`` per file. It was null for a file imported before (the dataset
    is that of its batch) and for a file recognised as a dataset whose key column is missing."""
    path = csv_file(tmp_path / "dossiers.csv", "Dossiernummer;Datum aanmelding\nD1;03-01-2025\n")
    assert import_file(path, url=sqlite_url).dataset == "cases"
    again = import_file(path, url=sqlite_url)
    assert again.already_imported and again.dataset == "cases"
    keyless = csv_file(tmp_path / "wachtlijst.csv", "Peildatum;Team;Datum aanmelding\n31-03-2025;Noord;01-03-2025\n")
    result = import_file(keyless, url=sqlite_url)
    assert result.rejected and result.errors[0].code == "sleutel_ontbreekt", result.as_json()
    assert result.dataset == "waitlist"


def test_a_value_out_of_range_is_shown_as_the_export_writes_it(tmp_path, sqlite_url):
    """exports.md, rule 3/4: errors name the value; a grade 0,5 (range 1-10) was shown as '0.5'."""
    path = csv_file(tmp_path / "kto.csv", "Respons-ID;Datum;Team;Cijfer\nR1;03-01-2025;Noord;0,5\nR2;04-01-2025;Noord;8\n")
    result = import_file(path, url=sqlite_url)
    (error,) = result.errors
    assert (error.code, error.row, error.value) == ("buiten_bereik", 2, "0,5"), result.as_json()
    assert "0,5" in error.message and "0.5" not in error.message


def test_a_team_spelled_otherwise_is_stored_as_the_settings_spell_it(tmp_path, sqlite_url):
    """A staffing or case export writing the team in capitals or with a hyphen would make another team: a
    case-load per fte that counts its fte in the total but in no team."""
    path = csv_file(
        tmp_path / "dossiers.csv",
        "Dossiernummer;Datum aanmelding;Team\nT1;03-01-2025;SCHULDHULP  noord\nT2;03-01-2025;Schuldhulp-Noord\n"
        "T3;03-01-2025;Team Elders\n",
    )
    assert import_file(path, url=sqlite_url).rows_loaded == 3
    stored = {r["case_id"]: r["team"] for r in rows(sqlite_url, "cases")}
    assert stored == {"T1": "Schuldhulp Noord", "T2": "Schuldhulp Noord", "T3": "Team Elders"}


def test_a_plan_before_the_registration_is_a_finding_and_the_case_loads(tmp_path, sqlite_url):
    """exports.md rule 4 makes first conversation and closing before registration hard errors; a plan date
    before the registration is not listed there, so the row loads, but the steward sees it on the ruislijst
    (it would enter the median time to the plan as a negative number)."""
    path = csv_file(tmp_path / "dossiers.csv", "Dossiernummer;Datum aanmelding;Datum PvA\nP1;03-03-2025;01-02-2025\n")
    result = import_file(path, url=sqlite_url)
    assert result.rows_loaded == 1 and result.errors == [], result.as_json()
    (finding,) = [f for f in result.findings if f.code == "datumvolgorde"]
    assert (finding.row, finding.column, finding.value) == (2, "Datum PvA", "01-02-2025")
    assert "01-02-2025" in finding.message and "03-03-2025" in finding.message
