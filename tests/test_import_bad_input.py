"""Bad input gets a clear Dutch answer naming file, sheet, row, column and value, and loses nothing."""

from __future__ import annotations

import io
import zipfile

import pytest

from connectors.pipeline import import_file
from store import db, gateway
from tests.conftest import ROOT
from tests.exportfiles import by_key, csv_file, snapshot, xlsx

GOOD = [["Dossiernummer", "Datum aanmelding"], ["OK1", "02-01-2025"]]


def _state(url: str) -> tuple:
    return snapshot(url), gateway.list_batches(db.ready_engine(url)), gateway.list_findings(db.ready_engine(url))


@pytest.fixture
def seeded(tmp_path, db_url):
    """A database with one import in it, to show that rejected files leave it as it was."""
    assert import_file(xlsx(tmp_path / "basis.xlsx", {"s": GOOD}), url=db_url).rows_loaded == 1
    return db_url


def _write(path, data: bytes):
    path.write_bytes(data)
    return path


def _corrupt_zip(path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("xl/workbook.xml", "<niet-af")
    path.write_bytes(buf.getvalue()[:60])
    return path


@pytest.mark.parametrize(
    ("make", "phrase"),
    [
        (lambda p: _write(p / "leeg.xlsx", b""), "leeg"),
        (lambda p: _write(p / "leeg.csv", b"\r\n\r\n"), "leeg"),
        (lambda p: _write(p / "rapport.xlsx", b"%PDF-1.7\n%..."), "PDF"),
        (lambda p: _corrupt_zip(p / "kapot.xlsx"), "kan niet worden gelezen"),
        (lambda p: _write(p / "tekst.xlsx", b"Dit is gewoon tekst"), "geen (leesbaar) Excel"),
        (lambda p: ROOT / "tests/fixtures/exports/beveiligd.xlsx", "wachtwoord"),
        (lambda p: xlsx(p / "onbekend.xlsx", {"s": [["Kolom A", "Kolom B"], [1, 2]]}), "geen kopregel"),
        (lambda p: xlsx(p / "geensleutel.xlsx", {"s": [["Consulent", "Datum aanmelding", "Crisis"], ["A", "01-01-2025", "Ja"]]}), "sleutelkolom"),
        (lambda p: xlsx(p / "allesfout.xlsx", {"s": [["Dossiernummer", "Datum aanmelding"], ["Z1", "31-02-2025"]]}), "geen enkele rij"),
        (lambda p: _write(p / "d.json", b'{"leveringen": ['), "geen geldige JSON"),
        (lambda p: _write(p / "ander.json", b'{"a": 1}'), "geen DDAS-levering"),
        (lambda p: p / "bestaat-niet.xlsx", "niet gevonden"),
    ],
)  # fmt: skip
def test_rejected_files_change_nothing_and_say_why_in_dutch(tmp_path, seeded, make, phrase):
    path = make(tmp_path)
    before = _state(seeded)
    result = import_file(path, url=seeded)
    assert result.rejected
    assert phrase in result.message, result.message
    assert path.name in result.message
    assert "Traceback" not in result.message
    assert _state(seeded) == before


def test_missing_required_column_for_new_records_is_a_row_error(tmp_path, sqlite_url):
    path = xlsx(tmp_path / "intake.xlsx", {"s": [["Dossiernummer", "Consulent"], ["NEW1", "Ayse Demir"]]})
    result = import_file(path, url=sqlite_url)
    assert result.rejected and result.rows_loaded == 0
    (error,) = result.errors
    assert error.row == 2 and "NEW1" in error.message
    # named as exports name it, for people: not the canonical field name
    assert error.column == "Datum aanmelding" and "'Datum aanmelding'" in error.message
    assert "registered_on" not in error.message
    assert by_key(sqlite_url) == {}


def test_unparseable_date_rejects_that_row_only_and_names_everything(tmp_path, sqlite_url):
    path = xlsx(
        tmp_path / "datums.xlsx",
        {"Dossiers": [["Dossiernummer", "Datum aanmelding"], ["A1", "02-01-2025"], ["A2", "31-02-2025"], ["A3", "03-01-2025"]]},
    )
    result = import_file(path, url=sqlite_url)
    assert (result.rows_read, result.rows_loaded, result.rows_rejected) == (3, 2, 1)
    (error,) = result.errors
    assert error.as_json() | {"message": None} == {
        "sheet": "Dossiers", "row": 3, "column": "Datum aanmelding", "value": "31-02-2025", "message": None,
        "code": "datum_onleesbaar", "severity": "fout",
    }  # fmt: skip
    assert "31-02-2025" in error.message and "geen bestaande datum" in error.message
    assert sorted(by_key(sqlite_url)) == ["A1", "A3"]


def test_duplicate_keys_conflicting_rows_are_all_rejected_identical_ones_kept_once(tmp_path, sqlite_url):
    path = xlsx(
        tmp_path / "dubbel.xlsx",
        {"s": [["Dossiernummer", "Datum aanmelding"], ["K1", "02-01-2025"], ["K2", "03-01-2025"],
               ["K1", "05-01-2025"], ["K2", "03-01-2025"], ["K3", "04-01-2025"]]},
    )  # fmt: skip
    result = import_file(path, url=sqlite_url)
    assert sorted(by_key(sqlite_url)) == ["K2", "K3"]
    assert sorted(e.row for e in result.errors if e.code == "sleutel_dubbel") == [2, 4]
    assert [f.row for f in result.findings if f.code == "dubbele_rij"] == [5]
    assert "ook rij 4" in next(e.message for e in result.errors if e.row == 2)


@pytest.mark.parametrize("formula", ['=HYPERLINK("http://x.example","klik")', "@SUM(A1:A2)", "+cmd|' /C calc'!A0", "-2+3*cmd"])
def test_text_that_looks_like_a_formula_is_refused(tmp_path, sqlite_url, formula):
    quoted = '"' + formula.replace('"', '""') + '"'
    path = csv_file(tmp_path / "formule.csv", f"Dossiernummer;Datum aanmelding;Consulent\nQ1;02-01-2025;{quoted}\nQ2;02-01-2025;Jan\n")
    result = import_file(path, url=sqlite_url)
    assert sorted(by_key(sqlite_url)) == ["Q2"]
    (error,) = result.errors
    assert (error.row, error.column, error.value) == (2, "Consulent", formula)
    assert "formule" in error.message


def test_dates_out_of_order_are_row_errors(tmp_path, sqlite_url):
    path = xlsx(
        tmp_path / "volgorde.xlsx",
        {"s": [["Dossiernummer", "Datum aanmelding", "Datum eerste gesprek", "Datum afsluiting"],
               ["O1", "10-01-2025", "05-01-2025", ""], ["O2", "10-01-2025", "", "09-01-2025"],
               ["O3", "10-01-2025", "10-01-2025", "10-01-2025"]]},
    )  # fmt: skip
    result = import_file(path, url=sqlite_url)
    assert sorted(by_key(sqlite_url)) == ["O3"]
    assert sorted((e.row, e.column) for e in result.errors) == [(2, "Datum eerste gesprek"), (3, "Datum afsluiting")]


def test_soft_findings_closed_without_reason_and_open_for_years(tmp_path, sqlite_url):
    path = xlsx(
        tmp_path / "ruis.xlsx",
        {"s": [["Dossiernummer", "Datum aanmelding", "Datum afsluiting", "Reden afsluiting"],
               ["S1", "10-01-2025", "10-03-2025", ""], ["S2", "10-01-2019", "", ""]]},
    )  # fmt: skip
    result = import_file(path, url=sqlite_url)
    assert result.rows_loaded == 2 and not result.errors
    assert sorted((f.code, f.row) for f in result.findings) == [("lang_open", 3), ("reden_ontbreekt", 2)]
    stored = gateway.list_findings(db.ready_engine(sqlite_url))
    assert sorted(f["code"] for f in stored) == ["lang_open", "reden_ontbreekt"]


def test_open_for_years_is_measured_against_the_exports_run_date(tmp_path, sqlite_url):
    head = ["Dossiernummer", "Datum aanmelding", "Datum afsluiting", "Reden afsluiting"]
    old_export = xlsx(tmp_path / "oud.xlsx", {"s": [["Rundatum: 31-12-2021 07:00"], head, ["S2", "10-01-2019", "", ""]]})
    assert not [f for f in import_file(old_export, url=sqlite_url).findings if f.code == "lang_open"]
    new_export = xlsx(tmp_path / "nieuw.xlsx", {"s": [["Rundatum: 31-01-2022 07:00"], head, ["S2", "10-01-2019", "", ""]]})
    assert [f.row for f in import_file(new_export, url=sqlite_url).findings if f.code == "lang_open"] == [3]


def test_guidance_of_a_rejected_case_row_is_not_loaded(tmp_path, sqlite_url):
    path = xlsx(
        tmp_path / "g.xlsx",
        {"s": [["Dossiernummer", "Datum aanmelding", "Datum afsluiting", "Budgetbeheer start"],
               ["G1", "10-01-2025", "01-01-2025", "01-02-2025"], ["G2", "10-01-2025", "", "01-02-2025"]]},
    )  # fmt: skip
    result = import_file(path, url=sqlite_url)
    assert [e.row for e in result.errors] == [2]
    from tests.exportfiles import rows

    assert [r["case_id"] for r in rows(sqlite_url, "case_guidance")] == ["G2"]
    assert result.datasets == {"cases": {"rows_loaded": 1}, "case_guidance": {"rows_loaded": 1}}
