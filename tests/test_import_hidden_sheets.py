"""Hidden sheets: what the steward sees in the workbook is what loads. A hidden sheet (last month's copy,
a lookup list) that looks like data is named on the ruislijst instead of overwriting the visible rows; a
workbook whose only list is hidden still loads it (nothing lost)."""

from __future__ import annotations

import datetime as dt

import openpyxl

from connectors.pipeline import import_file
from tests.exportfiles import by_key, xlsx

HEADER = ["Dossiernummer", "Datum aanmelding", "Consulent", "Datum afsluiting"]


def _hide(path, *names: str, state: str = "hidden"):
    book = openpyxl.load_workbook(path)
    for name in names:
        book[name].sheet_state = state
    book.save(path)
    return path


def test_a_hidden_copy_of_the_list_does_not_overwrite_the_visible_rows(tmp_path, sqlite_url):
    path = xlsx(
        tmp_path / "dossiers.xlsx",
        {
            "Dossiers": [HEADER, ["A1", "03-01-2025", "Fatima", None], ["A2", "04-01-2025", "Henk", "28-02-2025"]],
            "Vorige maand": [HEADER, ["A1", "03-01-2025", "Piet", "31-01-2025"], ["A3", "05-01-2025", "Piet", None]],
        },
    )  # fmt: skip
    result = import_file(_hide(path, "Vorige maand"), url=sqlite_url)
    assert result.errors == [], result.as_json()
    stored = by_key(sqlite_url)
    assert set(stored) == {"A1", "A2"}  # the hidden sheet's A3 is not loaded, and A1 keeps the visible values
    assert stored["A1"]["consultant"] == "Fatima" and stored["A1"]["closed_on"] is None
    hidden = [f for f in result.findings if f.code == "werkblad_verborgen"]
    assert [f.sheet for f in hidden] == ["Vorige maand"] and "verborgen" in hidden[0].message


def test_a_very_hidden_sheet_is_left_out_as_well(tmp_path, sqlite_url):
    path = xlsx(
        tmp_path / "dossiers.xlsx",
        {"Dossiers": [HEADER, ["A1", "03-01-2025", "Fatima", None]], "Oud": [HEADER, ["A9", "03-01-2024", "Piet", None]]},
    )
    result = import_file(_hide(path, "Oud", state="veryHidden"), url=sqlite_url)
    assert set(by_key(sqlite_url)) == {"A1"}, result.as_json()
    assert [f.sheet for f in result.findings if f.code == "werkblad_verborgen"] == ["Oud"]


def test_a_workbook_whose_only_list_is_hidden_still_loads_it(tmp_path, sqlite_url):
    path = xlsx(
        tmp_path / "dossiers.xlsx",
        {"Toelichting": [["Zie het andere werkblad"]], "Dossiers": [HEADER, ["A1", "03-01-2025", "Fatima", None]]},
    )
    result = import_file(_hide(path, "Dossiers"), url=sqlite_url)
    assert result.errors == [], result.as_json()
    assert by_key(sqlite_url)["A1"]["registered_on"] == dt.date(2025, 1, 3)
