"""Every quirk of real exports listed in exports.md, each with a test that fails without its handling."""

from __future__ import annotations

import datetime as dt

import pytest

from connectors.pipeline import import_file
from tests.exportfiles import by_key, csv_file, rows, xlsx

D = dt.date


def test_headers_in_any_order_case_spaces_accents_and_units(tmp_path, sqlite_url):
    path = xlsx(
        tmp_path / "dossiers.xlsx",
        {
            "Blad1": [
                [
                    "  totale SCHULD (€) ",
                    "reden beeindiging",
                    "DOSSIERNR",
                    " Datum  Aanmelding",
                    "Datum beëindiging",
                    "aantal crediteuren",
                ],
                ["1.234,56", "Doel bereikt", "A1", "03-01-2025", "10-03-2025", "7"],
            ]
        },
    )
    result = import_file(path, url=sqlite_url)
    assert not result.rejected and result.rows_loaded == 1, result.as_json()
    case = by_key(sqlite_url)["A1"]
    assert case["debt_total"] == pytest.approx(1234.56)
    assert case["close_reason"] == "afgerond"
    assert case["registered_on"] == D(2025, 1, 3)
    assert case["closed_on"] == D(2025, 3, 10)
    assert case["creditor_count"] == 7


def test_title_block_blank_rows_totals_row_and_cover_sheet(tmp_path, sqlite_url):
    path = xlsx(
        tmp_path / "rapport.xlsx",
        {
            "Voorblad": [["Rapportage schuldhulpverlening"], ["Gemaakt door: afdeling I&A"]],
            "Gegevens": [
                ["Dossiers schuldhulpverlening"],
                ["Rundatum: 31-03-2025 07:02"],
                ["Filter: gemeente = alle"],
                [],
                ["Dossiernummer", "Datum aanmelding", "Consulent"],
                ["B1", "03-01-2025", "Ayse Demir"],
                [],
                ["B2", "04-01-2025", "Jan de Boer"],
                ["Totaal", 2],
                ["Eindtotaal", 2],
            ],
        },
    )
    result = import_file(path, url=sqlite_url)
    assert result.rows_read == 2 and result.rows_loaded == 2 and not result.errors, result.as_json()
    assert sorted(by_key(sqlite_url)) == ["B1", "B2"]
    assert {f.code for f in result.findings} >= {"totaalregel"}
    batch = result.batch_id
    from store import db, gateway

    (stored,) = [b for b in gateway.list_batches(db.ready_engine(sqlite_url)) if b["id"] == batch]
    assert stored["data_through"] == D(2025, 3, 31)  # the run date of the title block


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_totals_rows_in_any_case_with_accents_and_punctuation(tmp_path, sqlite_url, suffix):
    # Totals words compared as every variant is (case-, accent-, punctuation-insensitive), in the first two
    # columns; a case id that merely contains the word ("XTOTAAL") is a case.
    body = [
        ["Dossiernummer", "Datum aanmelding"],
        ["B1", "03-01-2025"],
        ["XTOTAAL", "04-01-2025"],
        ["  TOTAAL:", "2"],
        ["", "Subtotaal"],
        ["Éindtotaal", "3"],
        ["Aantal records: 3", ""],
    ]
    if suffix == ".xlsx":
        path = xlsx(tmp_path / "totalen.xlsx", {"Gegevens": body})
    else:
        path = csv_file(tmp_path / "totalen.csv", "\n".join(";".join(r) for r in body) + "\n")
    result = import_file(path, url=sqlite_url)
    assert result.rows_loaded == 2 and not result.errors, result.as_json()
    assert sorted(by_key(sqlite_url)) == ["B1", "XTOTAAL"]


@pytest.mark.parametrize(
    "cell",
    [
        dt.datetime(2025, 1, 3),
        45660,  # Excel serial number of 3 January 2025
        "03-01-2025",
        "3-1-2025",
        "03/01/2025",
        "2025-01-03",
        "03-01-2025 14:12",
    ],
)
def test_date_spellings_day_first_unless_iso(tmp_path, sqlite_url, cell):
    path = xlsx(tmp_path / "d.xlsx", {"s": [["Dossiernummer", "Datum aanmelding"], ["C1", cell]]})
    result = import_file(path, url=sqlite_url)
    assert result.rows_loaded == 1, result.as_json()
    assert by_key(sqlite_url)["C1"]["registered_on"] == D(2025, 1, 3)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1.234,56", 1234.56), ("€ 1.234", 1234.0), ("€1.234,50", 1234.5), ("", None), ("-", None),
     ("n.v.t.", None), ("NULL", None), (850, 850.0)],
)  # fmt: skip
def test_dutch_numbers_and_empty_markers(tmp_path, sqlite_url, raw, expected):
    path = xlsx(
        tmp_path / "n.xlsx", {"s": [["Dossiernummer", "Datum aanmelding", "Schuldbedrag"], ["N1", "01-02-2025", raw]]}
    )
    assert import_file(path, url=sqlite_url).rows_loaded == 1
    assert by_key(sqlite_url)["N1"]["debt_total"] == (pytest.approx(expected) if expected is not None else None)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["Ja", "Nee"], [True, False]),
        (["J", "N"], [True, False]),
        (["1", "0"], [True, False]),
        (["x", ""], [True, False]),
        (["Waar", "Onwaar"], [True, False]),
        (["Ja", ""], [True, None]),  # a blank in a Ja/Nee column is unknown, not no
    ],
)
def test_boolean_spellings(tmp_path, sqlite_url, values, expected):
    path = csv_file(
        tmp_path / "b.csv",
        f"Dossiernummer;Datum aanmelding;Crisis\nE1;01-02-2025;{values[0]}\nE2;01-02-2025;{values[1]}\n",
    )
    assert import_file(path, url=sqlite_url).rows_loaded == 2
    stored = by_key(sqlite_url)
    assert [stored["E1"]["crisis"], stored["E2"]["crisis"]] == expected


CSV_BODY = (
    'Dossiernr;Gemeente;Datum aanmelding;Reden beëindiging;Opmerking\n'
    'F1;Dijkwaard;03-01-2025;Gestopt door cliënt;"tekst met ; puntkomma"\n'
    'F2;Veenhoven;04-01-2025;No-show;"twee\nregels"\n'
    'F3;Lindebroek;05-01-2025;Positief afgerond;\n'
)


@pytest.mark.parametrize(
    ("encoding", "prefix", "newline"),
    [
        ("cp1252", "", "\r\n"),
        ("utf-8-sig", "", "\r\n"),
        ("utf-8", "", "\n"),
        ("cp1252", "sep=;\n", "\r\n"),
    ],
)
def test_csv_variants_encoding_bom_crlf_sep_hint_quoted_fields(tmp_path, sqlite_url, encoding, prefix, newline):
    path = csv_file(tmp_path / "f.csv", prefix + CSV_BODY, encoding=encoding, newline=newline)
    result = import_file(path, url=sqlite_url)
    assert result.rows_read == 3 and result.rows_loaded == 3 and not result.errors, result.as_json()
    stored = by_key(sqlite_url)
    assert {k: v["close_reason"] for k, v in stored.items()} == {
        "F1": "ingetrokken",
        "F2": "niet_verschenen",
        "F3": "afgerond",
    }
    assert {k: v["municipality"] for k, v in stored.items()} == {"F1": "9901", "F2": "9902", "F3": "9903"}
    assert stored["F2"]["registered_on"] == D(2025, 1, 4)  # the line break inside quotes did not split the row


def test_comma_separated_csv(tmp_path, sqlite_url):
    path = csv_file(tmp_path / "c.csv", 'Dossiernummer,Datum aanmelding,Schuldbedrag\nG1,03-01-2025,"1.234,56"\n')
    assert import_file(path, url=sqlite_url).rows_loaded == 1
    assert by_key(sqlite_url)["G1"]["debt_total"] == pytest.approx(1234.56)


@pytest.mark.parametrize(
    ("column", "raw", "code"),
    [
        ("Besluit", "Toegelaten", "toelating"),
        ("Besluit", "Niet toegelaten", "afwijzing"),
        ("Besluit", "Afwijzingsbeschikking", "afwijzing"),
        ("Oplossing", "0%-aanbod", "schuldregeling_zonder_afloscapaciteit"),
        ("Reden afsluiting", "Zelf opgelost", "zelf"),
        ("Reden afsluiting", "Voldoet niet aan verplichtingen", "voldoet_niet"),
        ("Reden afsluiting", "Dienstverlening niet passend", "niet_passend"),
        ("Reden afsluiting", "Anders", "overig"),
    ],
)
def test_category_value_variants(tmp_path, sqlite_url, column, raw, code):
    path = xlsx(tmp_path / "v.xlsx", {"s": [["Dossiernummer", "Datum aanmelding", column], ["H1", "02-01-2025", raw]]})
    assert import_file(path, url=sqlite_url).rows_loaded == 1
    field = {"Besluit": "decision", "Oplossing": "solution_type", "Reden afsluiting": "close_reason"}[column]
    assert by_key(sqlite_url)["H1"][field] == code


def test_unknown_category_value_is_kept_and_reported_and_a_profile_can_map_it(tmp_path, sqlite_url):
    path = xlsx(
        tmp_path / "u.xlsx", {"s": [["Dossiernummer", "Datum aanmelding", "Uitstroomreden"], ["U1", "02-01-2025", "Emigratie"]]}
    )
    result = import_file(path, url=sqlite_url)
    assert result.rows_loaded == 1
    (finding,) = [f for f in result.findings if f.code == "waarde_onbekend"]
    assert (finding.row, finding.column, finding.value) == (2, "Uitstroomreden", "Emigratie")
    assert by_key(sqlite_url)["U1"]["close_reason"] == "Emigratie"

    from store import db, gateway

    gateway.save_profile(
        db.ready_engine(sqlite_url), "eigen", "cases",
        {"dataset": "cases", "headers": {}, "values": {"close_reason": {"Emigratie": "verhuisd"}}}, "tester",
    )  # fmt: skip
    path2 = xlsx(
        tmp_path / "u2.xlsx", {"s": [["Dossiernummer", "Datum aanmelding", "Uitstroomreden"], ["U1", "02-01-2025", "emigratie"]]}
    )
    result2 = import_file(path2, url=sqlite_url, profile="eigen")
    assert not [f for f in result2.findings if f.code == "waarde_onbekend"]
    assert by_key(sqlite_url)["U1"]["close_reason"] == "verhuisd"


def test_personal_columns_are_dropped_and_reported_and_client_ids_pseudonymised(tmp_path, sqlite_url):
    header = ["Dossiernummer", "BSN", "Klantnummer", "Naam", "Voorletters", "Adres", "Postcode", "Geboortedatum",
              "Telefoonnummer", "E-mail", "Datum aanmelding"]  # fmt: skip
    values = ["P1", "123456782", "K-991", "Jansen", "J.", "Dorpsstraat 1", "1234 AB", "01-01-1980",
              "0612345678", "j@example.org", "02-01-2025"]  # fmt: skip
    path = xlsx(tmp_path / "p.xlsx", {"s": [header, values]})
    result = import_file(path, url=sqlite_url)
    assert result.rows_loaded == 1
    assert set(result.dropped_columns) == {
        "BSN", "Naam", "Voorletters", "Adres", "Postcode", "Geboortedatum", "Telefoonnummer", "E-mail"
    }  # fmt: skip
    case = by_key(sqlite_url)["P1"]
    assert case["client_key"] not in (None, "K-991") and len(case["client_key"]) == 64
    stored_text = repr(rows(sqlite_url, "cases")) + repr(rows(sqlite_url, "case_guidance"))
    for personal in values[1:10]:
        assert personal not in stored_text


@pytest.mark.parametrize("raw", ["GM0518", "0518", "518", 518, "gm518"])
def test_municipality_codes_with_and_without_prefix_or_leading_zero(tmp_path, sqlite_url, raw):
    path = xlsx(tmp_path / "m.xlsx", {"s": [["Dossiernummer", "Gemeentecode", "Datum aanmelding"], ["M1", raw, "02-01-2025"]]})
    assert import_file(path, url=sqlite_url).rows_loaded == 1
    assert by_key(sqlite_url)["M1"]["municipality"] == "0518"


def test_municipality_names_and_aliases_from_the_settings(tmp_path, sqlite_url):
    path = xlsx(
        tmp_path / "m.xlsx",
        {"s": [["Dossiernummer", "Gemeente", "Datum aanmelding"], ["M1", "Gemeente Veenhoven", "02-01-2025"],
               ["M2", "linde-broek", "02-01-2025"], ["M3", "Nergenshuizen", "02-01-2025"]]},
    )  # fmt: skip
    result = import_file(path, url=sqlite_url)
    stored = by_key(sqlite_url)
    assert [stored[k]["municipality"] for k in ("M1", "M2", "M3")] == ["9902", "9903", "Nergenshuizen"]
    assert [f.value for f in result.findings if f.code == "waarde_onbekend"] == ["Nergenshuizen"]
    assert [stored[k]["team"] for k in ("M1", "M2")] == ["Schuldhulp Noord", "Schuldhulp Zuid"]


def test_guidance_column_pairs_become_case_guidance(tmp_path, sqlite_url):
    path = xlsx(
        tmp_path / "g.xlsx",
        {"s": [["Dossiernummer", "Datum aanmelding", "Budgetbeheer start", "Budgetbeheer einde",
                "Startdatum budgetcoaching", "Einddatum budgetcoaching"],
               ["G1", "02-01-2025", "01-02-2025", "", "03-02-2025", "30-06-2025"],
               ["G2", "02-01-2025", "", "", "", ""]]},
    )  # fmt: skip
    assert import_file(path, url=sqlite_url).rows_loaded == 2
    guidance = {(r["case_id"], r["kind"]): (r["started_on"], r["ended_on"]) for r in rows(sqlite_url, "case_guidance")}
    assert guidance == {
        ("G1", "budgetbeheer"): (D(2025, 2, 1), None),
        ("G1", "budgetcoaching"): (D(2025, 2, 3), D(2025, 6, 30)),
    }


def test_signal_case_export_with_type_signaal_and_partner_variants(tmp_path, sqlite_url):
    path = xlsx(
        tmp_path / "vps_meldingen.xlsx",
        {"Meldingen": [["Melding-ID", "Gemeente", "Datum melding", "Type signaal", "Bron", "Datum opgepakt",
                        "Datum contact", "Huisbezoek", "Resultaat"],
                       ["V1", "9904", "05-01-2025", "Enkelvoudig", "Woningcorporatie", "07-01-2025", "", "Nee",
                        "Definitief geen contact kunnen krijgen"],
                       ["V2", "9904", "06-01-2025", "Meervoudig", "Energieleverancier, Drinkwaterbedrijf",
                        "06-01-2025", "09-01-2025", "Ja", "Vervolghulp en/of verwijzing financieel"]]},
    )  # fmt: skip
    result = import_file(path, url=sqlite_url)
    assert result.dataset == "signal_cases" and result.rows_loaded == 2, result.as_json()
    stored = by_key(sqlite_url, "signal_cases", "signal_case_id")
    assert stored["V1"]["signal_count"] == 1 and stored["V2"]["signal_count"] == 2
    assert stored["V1"]["partner_types"] == "huur"
    assert stored["V2"]["partner_types"] == "energie,water"
    assert stored["V2"]["result"] == "vervolghulp_financieel" and stored["V1"]["result"] == "geen_contact"
    assert stored["V2"]["home_visit"] is True and stored["V2"]["reached_on"] == D(2025, 1, 9)


def test_satisfaction_export_with_decimal_comma_grade(tmp_path, sqlite_url):
    path = csv_file(
        tmp_path / "kto.csv",
        "Respons-ID;Datum ingevuld;Gemeente;Rapportcijfer;Zou u ons aanbevelen (0-10);Toelichting\n"
        "R1;03-02-2025;9901;7,5;9;prima geholpen\nR2;04-02-2025;9901;11;8;\n",
    )
    result = import_file(path, url=sqlite_url)
    assert result.dataset == "satisfaction" and result.rows_loaded == 1
    assert by_key(sqlite_url, "satisfaction", "response_id")["R1"]["score"] == pytest.approx(7.5)
    (error,) = result.errors
    assert (error.row, error.column, error.value) == (3, "Rapportcijfer", "11")


def test_snapshot_reference_date_from_title_block_and_pre_counted_caseload(tmp_path, sqlite_url):
    path = xlsx(
        tmp_path / "caseload.xlsx",
        {"s": [["Caseloadoverzicht"], ["Peildatum: 31-01-2025"], [], ["Consulent", "Team", "Aantal dossiers"],
               ["Ayse Demir", "Schuldhulp Noord", 31], ["Jan de Boer", "Schuldhulp Noord", 28]]},
    )  # fmt: skip
    result = import_file(path, url=sqlite_url)
    assert result.dataset == "caseload" and result.rows_loaded == 2, result.as_json()
    stored = {r["consultant"]: (r["as_of"], r["case_count"]) for r in rows(sqlite_url, "caseload")}
    assert stored == {"Ayse Demir": (D(2025, 1, 31), 31), "Jan de Boer": (D(2025, 1, 31), 28)}


def test_staffing_months_in_dutch(tmp_path, sqlite_url):
    path = xlsx(
        tmp_path / "formatie.xlsx",
        {"s": [["Maand", "Team", "Consulent", "Fte"], ["maart 2025", "Schuldhulp Noord", "Ayse Demir", "0,8"],
               ["2025-03", "Schuldhulp Noord", "Jan de Boer", 1]]},
    )  # fmt: skip
    result = import_file(path, url=sqlite_url)
    assert result.dataset == "staffing" and result.rows_loaded == 2
    assert sorted((r["month"], r["consultant"], r["fte"]) for r in rows(sqlite_url, "staffing")) == [
        (D(2025, 3, 1), "Ayse Demir", pytest.approx(0.8)), (D(2025, 3, 1), "Jan de Boer", 1.0)
    ]  # fmt: skip


def test_legacy_xls_workbook(sqlite_url):
    from tests.conftest import ROOT

    result = import_file(ROOT / "tests/fixtures/exports/oud_formaat.xls", url=sqlite_url)
    assert result.rows_loaded == 2, result.as_json()
    stored = by_key(sqlite_url)
    assert stored["X1"]["registered_on"] == D(2025, 1, 3) and stored["X1"]["first_contact_on"] == D(2025, 1, 20)
    assert stored["X2"]["municipality"] == "0518" and stored["X2"]["crisis"] is False


def test_without_a_run_date_the_data_run_through_the_latest_date_up_to_today(tmp_path, sqlite_url):
    """No title block, no delivery period: 'data t/m' is the latest date in the file that is not after the
    import day (a mistyped future date does not move it)."""
    import datetime as dt

    from store import db, gateway

    future = (dt.date.today() + dt.timedelta(days=400)).strftime("%d-%m-%Y")
    path = tmp_path / "dossiers.csv"
    path.write_text(
        "Dossiernummer;Datum aanmelding;Datum eerste gesprek;Datum afsluiting\n"
        "T1;03-01-2025;10-01-2025;\n"
        f"T2;04-01-2025;;{future}\n"
        "T3;05-02-2025;;14-02-2025\n",
        encoding="utf-8",
    )
    result = import_file(path, url=sqlite_url)
    assert result.rows_loaded == 3, result.as_json()
    (stored,) = [b for b in gateway.list_batches(db.ready_engine(sqlite_url)) if b["id"] == result.batch_id]
    assert stored["data_through"] == D(2025, 2, 14)


def test_a_profile_can_ignore_a_column(tmp_path, sqlite_url):
    """A profile maps a header to "" to leave it out: a known column (Consulent) is not stored, an unknown one
    is not reported as unknown, and a personal one is still said to be dropped."""
    from store import db, gateway

    gateway.save_profile(
        db.ready_engine(sqlite_url), "zonder-consulent", "cases",
        {"dataset": "cases", "headers": {"Consulent": "", "Interne code": "", "Naam": ""}, "values": {}}, "tester",
    )  # fmt: skip
    path = xlsx(
        tmp_path / "t.xlsx",
        {"s": [["Dossiernummer", "Datum aanmelding", "Consulent", "Interne code", "Naam"],
               ["T1", "02-01-2025", "Piet", "X-17", "Jansen"]]},
    )  # fmt: skip
    result = import_file(path, url=sqlite_url, profile="zonder-consulent")
    assert result.rows_loaded == 1, result.as_json()
    assert by_key(sqlite_url)["T1"]["consultant"] is None
    assert not [f for f in result.findings if f.code == "kolom_onbekend" and f.column == "Interne code"]
    assert "Naam" in result.dropped_columns


def test_note_lines_below_a_table_are_left_out_with_a_finding(tmp_path, sqlite_url):
    """Lines such as 'Bron: Stratech' under the data (one filled cell with words, below rows that fill
    several) are no records: in a waiting list they would be a waiting case, in a case list a row error."""
    waiting = csv_file(
        tmp_path / "wachtlijst.csv",
        "Wachtlijst\nPeildatum: 31-03-2025\nDossiernummer;Team;Datum aanmelding\n"
        "W1;Schuldhulp Noord;01-03-2025\nW2;Schuldhulp Noord;02-03-2025\n\nBron: Stratech\n* Gegevens zijn voorlopig\n",
    )
    result = import_file(waiting, url=sqlite_url)
    assert sorted(r["case_id"] for r in rows(sqlite_url, "waitlist")) == ["W1", "W2"], result.as_json()
    assert [f.row for f in result.findings if f.code == "notitieregel"] == [7, 8]
    cases = csv_file(tmp_path / "dossiers.csv", "Dossiernummer;Datum aanmelding;Consulent\nA1;03-01-2025;Ann\nBron: Stratech\n")
    result = import_file(cases, url=sqlite_url)
    assert (result.rows_loaded, result.rows_rejected, result.errors) == (1, 0, []), result.as_json()


def test_a_last_row_that_fills_several_cells_is_data_not_a_note(tmp_path, sqlite_url):
    path = csv_file(
        tmp_path / "dossiers.csv",
        "Dossiernummer;Datum aanmelding;Consulent\nA1;03-01-2025;Ann\nA2;04-01-2025;Piet de Vries\n",
    )
    result = import_file(path, url=sqlite_url)
    assert result.rows_loaded == 2 and not [f for f in result.findings if f.code == "notitieregel"]


@pytest.mark.parametrize(
    ("title", "as_of"),
    [
        ("Wachtlijst per 31-03-2025", dt.date(2025, 3, 31)),
        ("Rapportdatum: 30-04-2025", dt.date(2025, 4, 30)),
        ("Rundatum: 02-04-2025 07:02\nStand per 31 maart 2025", dt.date(2025, 3, 31)),
    ],
)
def test_a_snapshot_takes_its_reference_date_from_more_title_wordings(tmp_path, sqlite_url, title, as_of):
    path = csv_file(
        tmp_path / "wachtlijst.csv", f"{title}\nDossiernummer;Team;Datum aanmelding\nW1;Schuldhulp Noord;01-03-2025\n"
    )
    result = import_file(path, url=sqlite_url, dataset="waitlist")
    assert result.rows_loaded == 1, result.as_json()
    assert [r["as_of"] for r in rows(sqlite_url, "waitlist")] == [as_of]
