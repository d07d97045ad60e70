"""Export variants of exports.md beyond the shipped fixtures, each with a test that fails without its handling."""

from __future__ import annotations

import datetime as dt

import pytest

from connectors.pipeline import import_file
from tests.exportfiles import by_key, csv_file, rows, xlsx

D = dt.date


def test_satisfaction_export_without_response_id_is_keyed_by_a_hash_of_the_row(tmp_path, db_url):
    header = ["Datum ingevuld", "Gemeente", "Team", "Rapportcijfer", "Zou u ons aanbevelen (0-10)", "Opmerking"]
    body = [
        ["03-01-2025", "Dijkwaard", "Schuldhulp Noord", "7,5", "8", "prima"],
        ["03-01-2025", "Dijkwaard", "Schuldhulp Noord", "8", "9", ""],
        ["03-01-2025", "Dijkwaard", "Schuldhulp Noord", "8", "9", ""],  # a second, identical response
    ]
    path = xlsx(tmp_path / "kto_export.xlsx", {"KTO": [["Klanttevredenheid Q1"], [], header, *body]})
    result = import_file(path, url=db_url)
    assert result.dataset == "satisfaction" and result.rows_loaded == 3 and not result.errors, result.as_json()
    stored = rows(db_url, "satisfaction")
    assert sorted(r["score"] for r in stored) == [7.5, 8.0, 8.0]
    assert len({r["response_id"] for r in stored}) == 3
    again = csv_file(tmp_path / "kto_export.csv", "\n".join(";".join(r) for r in [header, *body]))
    result = import_file(again, url=db_url)  # the same responses exported again: updated, not added
    assert not result.rejected, result.as_json()
    assert len(rows(db_url, "satisfaction")) == 3


def test_bsn_after_the_client_number_is_dropped_and_reported_as_personal(tmp_path, sqlite_url):
    path = csv_file(
        tmp_path / "dossiers.csv",
        "Dossiernummer;Cliëntnummer;BSN;Datum aanmelding\nA1;K1;123456782;03-01-2025\n",
    )
    result = import_file(path, url=sqlite_url)
    assert result.rows_loaded == 1 and not result.errors, result.as_json()
    assert "BSN" in result.dropped_columns
    assert not [f for f in result.findings if f.code == "kolom_dubbel"]


def test_guidance_export_is_read_as_guidance_not_as_case_end_dates(tmp_path, db_url):
    cases = csv_file(tmp_path / "dossiers.csv", "Dossiernummer;Datum aanmelding\nG1;01-01-2025\n")
    assert import_file(cases, url=db_url).rows_loaded == 1
    path = csv_file(
        tmp_path / "export.csv",
        "Dossiernummer;Soort begeleiding;Startdatum;Einddatum\nG1;Budgetbeheer;01-02-2025;01-03-2025\n",
    )
    result = import_file(path, url=db_url)
    assert result.dataset == "case_guidance" and result.rows_loaded == 1, result.as_json()
    (guidance,) = rows(db_url, "case_guidance")
    assert (guidance["kind"], guidance["started_on"], guidance["ended_on"]) == (
        "budgetbeheer",
        D(2025, 2, 1),
        D(2025, 3, 1),
    )
    (case,) = rows(db_url, "cases")
    assert case["closed_on"] is None  # the guidance end date is not the case's end date


def test_export_without_case_number_is_rejected_for_its_key_not_stored_as_a_caseload(tmp_path, db_url):
    path = csv_file(
        tmp_path / "intake.csv",
        "Rundatum: 31-03-2025 07:02\n\nConsulent;Datum aanmelding;Team\nAnn;03-01-2025;Schuldhulp Noord\n",
    )
    result = import_file(path, url=db_url)
    assert result.rejected and result.rows_loaded == 0, result.as_json()
    assert "Dossiernummer" in result.message
    assert rows(db_url, "caseload") == []


def test_csv_rows_with_fewer_or_more_fields_than_the_header_are_read_or_reported(tmp_path, db_url):
    path = csv_file(
        tmp_path / "dossiers.csv",
        "Dossiernummer;Datum aanmelding;Consulent;Team\n"
        "A1;03-01-2025;Ann;T\n"
        "A2;03-01-2025\n"  # trailing empty fields left out
        "A3;03-01-2025;de Vries; J.;T\n"  # a separator inside an unquoted value
        "Totaal;3\n",
    )
    result = import_file(path, url=db_url)
    assert sorted(r["case_id"] for r in rows(db_url, "cases")) == ["A1", "A2"]
    assert (result.rows_read, result.rows_loaded, result.rows_rejected) == (3, 2, 1), result.as_json()
    (error,) = result.errors
    # the row is named, its text is not shown: a shifted column may hold a name or a BSN
    assert error.row == 4 and error.value is None and "Vries" not in error.message
    assert [f.row for f in result.findings if f.code == "totaalregel"] == [5]


def test_csv_row_numbers_count_blank_lines_as_the_steward_sees_them(tmp_path, sqlite_url):
    path = csv_file(
        tmp_path / "dossiers.csv",
        'Rundatum: 31-03-2025\n\nDossiernummer;Datum aanmelding;Consulent\nA1;03-01-2025;"twee\nregels"\n\n'
        "A2;31-02-2025;Ann\n",
    )
    result = import_file(path, url=sqlite_url)
    assert result.rows_loaded == 1
    (error,) = result.errors
    assert (error.row, error.column, error.value) == (6, "Datum aanmelding", "31-02-2025")


def test_a_short_pseudonym_key_still_imports(tmp_path, sqlite_url, monkeypatch):
    # Automation may set a short key (SHV_PSEUDONYM_KEY=test-key): the file imports, pseudonymised with it.
    monkeypatch.setenv("SHV_PSEUDONYM_KEY", "test-key")
    path = csv_file(tmp_path / "dossiers.csv", "Dossiernummer;Cliëntnummer;Datum aanmelding\nA1;123;03-01-2025\n")
    result = import_file(path, url=sqlite_url)
    assert not result.rejected and result.rows_loaded == 1, result.as_json()
    (stored,) = rows(sqlite_url, "cases")
    assert stored["client_key"] not in (None, "123")


@pytest.mark.parametrize(
    "header", ["Hoogte schuld in €", "Totale schuld in euro", "Schuldbedrag EUR", "Totale schuld [€]"]
)
def test_money_headers_with_a_unit_outside_parentheses(tmp_path, sqlite_url, header):
    path = csv_file(tmp_path / "dossiers.csv", f"Dossiernummer;Datum aanmelding;{header}\nA1;03-01-2025;€ 1.234\n")
    result = import_file(path, url=sqlite_url)
    assert not [f for f in result.findings if f.code == "kolom_onbekend"], result.as_json()
    assert rows(sqlite_url, "cases")[0]["debt_total"] == pytest.approx(1234.0)


def test_reference_date_written_out_in_the_title_block(tmp_path, db_url):
    sheet = [["Wachtlijst"], ["Peildatum: 31 maart 2025"], ["Dossiernummer", "Aanmelddatum"], ["W1", "01-03-2025"]]
    result = import_file(xlsx(tmp_path / "wachtlijst.xlsx", {"Wachtlijst": sheet}), url=db_url)
    assert result.rows_loaded == 1, result.as_json()
    assert rows(db_url, "waitlist")[0]["as_of"] == D(2025, 3, 31)


def test_guidance_column_pairs_named_datum_start_and_datum_einde(tmp_path, sqlite_url):
    path = csv_file(
        tmp_path / "dossiers.csv",
        "Dossiernummer;Datum aanmelding;Datum start budgetbeheer;Datum einde budgetbeheer\n"
        "G1;01-01-2025;01-02-2025;01-03-2025\n",
    )
    result = import_file(path, url=sqlite_url)
    assert not [f for f in result.findings if f.code == "kolom_onbekend"], result.as_json()
    (guidance,) = rows(sqlite_url, "case_guidance")
    assert (guidance["kind"], guidance["started_on"], guidance["ended_on"]) == (
        "budgetbeheer",
        D(2025, 2, 1),
        D(2025, 3, 1),
    )


def test_export_without_case_number_is_not_taken_for_a_survey_without_response_ids(tmp_path, sqlite_url):
    path = csv_file(
        tmp_path / "export.csv",
        "Gemeente;Team;Consulent;Datum aanmelding\nDijkwaard;Schuldhulp Noord;Ann;03-01-2025\n",
    )
    result = import_file(path, url=sqlite_url)
    assert result.rejected and "Dossiernummer" in result.message, result.as_json()


def test_guidance_of_a_new_case_refused_for_a_missing_registration_date_is_not_loaded(tmp_path, db_url):
    path = csv_file(
        tmp_path / "dossiers.csv",
        "Dossiernummer;Datum aanmelding;Budgetbeheer start\nB1;;01-02-2025\nB2;01-01-2025;01-02-2025\n",
    )
    result = import_file(path, url=db_url)
    assert [e.row for e in result.errors] == [2], result.as_json()
    assert [r["case_id"] for r in rows(db_url, "cases")] == ["B2"]
    assert [r["case_id"] for r in rows(db_url, "case_guidance")] == ["B2"]


LISTS = {
    "waitlist": (
        ["Dossiernummer", "Team", "Gemeente", "Aanmelddatum"],
        ["W1", "Schuldhulp Noord", "9901", "03-01-2025"],
    ),
    "caseload": (["Consulent", "Dossiernummer", "Team"], ["Ann", "W1", "Schuldhulp Noord"]),
}


@pytest.mark.parametrize(
    ("file_name", "title", "dataset"),
    [
        ("wachtlijst_shv.xlsx", "Wachtlijst", "waitlist"),
        ("export.xlsx", "Wachtlijst schuldhulpverlening", "waitlist"),
        ("export.xlsx", "Caseload per consulent (dossiers)", "caseload"),
    ],
)
def test_a_title_naming_the_list_beats_the_generic_words_for_cases(tmp_path, sqlite_url, file_name, title, dataset):
    header, row = LISTS[dataset]
    sheet = [[title], ["Rundatum: 31-03-2025 07:02"], header, row]
    result = import_file(xlsx(tmp_path / file_name, {"Blad1": sheet}), url=sqlite_url)
    assert result.dataset == dataset and result.rows_loaded == 1, result.as_json()
    assert rows(sqlite_url, "cases") == []


def test_totals_row_labelled_under_a_later_column_is_left_out(tmp_path, db_url):
    sheet = [
        ["Caseload"],
        ["Peildatum: 31-03-2025"],
        ["Team", "Gemeente", "Consulent", "Aantal dossiers"],
        ["Schuldhulp Noord", "9901", "Ann", 12],
        ["Schuldhulp Noord", "9901", "Bob", 8],
        [None, None, "Totaal", 20],
    ]
    result = import_file(xlsx(tmp_path / "caseload.xlsx", {"Caseload": sheet}), url=db_url)
    assert result.dataset == "caseload" and result.rows_loaded == 2, result.as_json()
    assert sorted(r["consultant"] for r in rows(db_url, "caseload")) == ["Ann", "Bob"]
    assert [f.row for f in result.findings if f.code == "totaalregel"] == [6]


def test_more_spellings_of_personal_columns_are_dropped_and_reported(tmp_path, sqlite_url):
    personal = ["Cliëntnaam", "Roepnaam", "Woonadres", "Tel.nr.", "Telnr", "Geboorte datum", "Sofinummer"]
    header = ["Dossiernummer", "Datum aanmelding", *personal]
    row = ["A1", "03-01-2025", "P. Jansen", "Piet", "Dorpsstraat 1", "0612345678", "0201234567", "01-01-1970", "1"]
    result = import_file(xlsx(tmp_path / "dossiers.xlsx", {"Blad1": [header, row]}), url=sqlite_url)
    assert result.rows_loaded == 1, result.as_json()
    assert sorted(result.dropped_columns) == sorted(personal)
    assert not [f for f in result.findings if f.code == "kolom_onbekend"]


@pytest.mark.parametrize("month", ["mrt-25", "okt-2025", "mrt. 2025", "maart 25"])
def test_staffing_month_in_excel_month_format(tmp_path, sqlite_url, month):
    sheet = [["Maand", "Team", "Consulent", "Fte"], [month, "Schuldhulp Noord", "Ann", "0,8"]]
    result = import_file(xlsx(tmp_path / "formatie.xlsx", {"Formatie": sheet}), url=sqlite_url)
    assert result.rows_loaded == 1, result.as_json()
    assert rows(sqlite_url, "staffing")[0]["month"] == D(2025, 10 if "okt" in month else 3, 1)


@pytest.mark.parametrize("cell", ["03-jan-2025", "3-jan-25", "3 jan. 2025"])
def test_dates_in_excel_day_month_name_format(tmp_path, sqlite_url, cell):
    sheet = [["Dossiernummer", "Datum aanmelding"], ["A1", cell]]
    result = import_file(xlsx(tmp_path / "dossiers.xlsx", {"Blad1": sheet}), url=sqlite_url)
    assert result.rows_loaded == 1, result.as_json()
    assert rows(sqlite_url, "cases")[0]["registered_on"] == D(2025, 1, 3)


def test_duplicate_keys_in_a_snapshot_file_are_row_errors_not_counted_twice(tmp_path, db_url):
    path = csv_file(
        tmp_path / "wachtlijst.csv",
        "Peildatum;Dossiernummer;Aanmelddatum\n"
        "31-03-2025;W1;03-01-2025\n"
        "31-03-2025;W1;03-01-2025\n"  # the same row twice: used once
        "31-03-2025;W2;04-01-2025\n"
        "31-03-2025;W2;05-01-2025\n"  # one case with two registration dates: neither is used
        "31-03-2025;W3;05-01-2025\n",
    )
    result = import_file(path, url=db_url)
    assert sorted(r["case_id"] for r in rows(db_url, "waitlist")) == ["W1", "W3"]
    assert sorted((e.row, e.column, e.value) for e in result.errors) == [
        (4, "Dossiernummer", "2025-03-31 / W2"),
        (5, "Dossiernummer", "2025-03-31 / W2"),
    ]
    assert [(f.row, f.code) for f in result.findings] == [(3, "dubbele_rij")]


def test_a_consultant_twice_in_a_pre_counted_caseload_is_a_row_error(tmp_path, sqlite_url):
    path = csv_file(
        tmp_path / "caseload.csv",
        "Peildatum;Consulent;Aantal dossiers\n31-03-2025;Ann;12\n31-03-2025;Ann;8\n31-03-2025;Bob;5\n",
    )
    result = import_file(path, url=sqlite_url)
    assert [(r["consultant"], r["case_count"]) for r in rows(sqlite_url, "caseload")] == [("Bob", 5)]
    assert sorted(e.row for e in result.errors) == [2, 3]


def test_reference_date_on_the_cover_sheet_before_the_data_sheet(tmp_path, db_url):
    cover = [["Caseloadoverzicht schuldhulpverlening"], ["Peildatum: 31-03-2025"], ["Gemaakt door: I&A"]]
    data = [["Consulent", "Team", "Aantal dossiers"], ["Ann", "Schuldhulp Noord", 12]]
    result = import_file(xlsx(tmp_path / "caseload.xlsx", {"Voorblad": cover, "Gegevens": data}), url=db_url)
    assert result.rows_loaded == 1, result.as_json()
    assert rows(db_url, "caseload")[0]["as_of"] == D(2025, 3, 31)


def test_csv_line_breaks_inside_quoted_title_and_header_cells(tmp_path, db_url):
    path = csv_file(
        tmp_path / "dossiers.csv",
        '"Rapport dossiers\nRundatum: 31-03-2025"\nDossiernummer;"Datum\naanmelding";Consulent\n'
        "A1;03-01-2025;Ann\nA2;31-02-2025;Bob\n",
    )
    result = import_file(path, url=db_url)
    assert result.rows_loaded == 1, result.as_json()
    assert [(r["case_id"], r["registered_on"]) for r in rows(db_url, "cases")] == [("A1", D(2025, 1, 3))]
    (error,) = result.errors
    assert (error.row, error.column, error.value) == (4, "Datum aanmelding", "31-02-2025")


@pytest.mark.parametrize(
    ("case_header", "date_header"), [("Dossier nummer", "Datumaanmelding"), ("Dossier-nr", "Aanmeld datum")]
)
def test_headers_with_a_stray_space_inside_a_word_or_none_between_words(tmp_path, sqlite_url, case_header, date_header):
    path = csv_file(tmp_path / "dossiers.csv", f"{case_header};{date_header}\nA1;03-01-2025\n")
    result = import_file(path, url=sqlite_url)
    assert result.rows_loaded == 1, result.as_json()
    assert rows(sqlite_url, "cases")[0]["registered_on"] == D(2025, 1, 3)


def test_a_consultant_column_called_naam_consulent_is_the_consultant_not_a_personal_column(tmp_path, sqlite_url):
    path = csv_file(
        tmp_path / "dossiers.csv",
        "Dossiernummer;Naam consulent;Naam cliënt;Datum aanmelding\nA1;Jan de Boer;Piet Jansen;03-01-2025\n",
    )
    result = import_file(path, url=sqlite_url)
    assert result.rows_loaded == 1 and result.dropped_columns == ["Naam cliënt"], result.as_json()
    (stored,) = rows(sqlite_url, "cases")
    assert stored["consultant"] == "Jan de Boer"


def test_a_partial_update_may_not_put_the_first_conversation_before_the_stored_registration(tmp_path, sqlite_url):
    first = csv_file(tmp_path / "dossiers.csv", "Dossiernummer;Datum aanmelding\nA1;10-01-2025\nA2;10-01-2025\n")
    assert import_file(first, url=sqlite_url).rows_loaded == 2
    # An intake export: case id and first conversation only. A1's date lies before its stored registration.
    intake = csv_file(tmp_path / "intake.csv", "Dossiernummer;Datum eerste gesprek\nA1;05-01-2025\nA2;15-01-2025\n")
    result = import_file(intake, url=sqlite_url)
    assert result.rows_loaded == 1 and result.rows_rejected == 1, result.as_json()
    (error,) = result.errors
    assert (error.row, error.column, error.value, error.code) == (2, "Datum eerste gesprek", "05-01-2025", "datumvolgorde")
    stored = by_key(sqlite_url)
    assert stored["A1"]["first_contact_on"] is None and str(stored["A2"]["first_contact_on"]) == "2025-01-15"


def test_excel_unicode_text_utf16_tab_separated(tmp_path, sqlite_url):
    # Excel's "Unicode text" export: UTF-16 little-endian with a BOM, tab-separated, CRLF.
    text = "Dossiernummer\tDatum aanmelding\tReden beëindiging\r\nA1\t03-01-2025\tAfgerond\r\n"
    path = tmp_path / "dossiers.csv"
    path.write_bytes(text.encode("utf-16"))
    result = import_file(path, url=sqlite_url)
    assert result.rows_loaded == 1 and not result.errors, result.as_json()
    assert by_key(sqlite_url)["A1"]["close_reason"] == "afgerond"

