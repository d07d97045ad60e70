"""Checks of the snapshot datasets (caseload, waitlist, staffing) and their undo, on SQLite and PostgreSQL.

exports.md: "Snapshot datasets hold a picture on a reference date; an import replaces that date's snapshot
for the teams and municipalities it covers", and "Every import is a batch ... that can be undone".
"""

from __future__ import annotations

import datetime as dt

from connectors.pipeline import import_file
from store import db, gateway
from tests.exportfiles import csv_file, rows, xlsx

D = dt.date


def _import(url, path, **kw):
    result = import_file(path, url=url, **kw)
    assert not result.rejected, result.as_json()
    return result


def _waitlist(url):
    stored = [(r["as_of"], r["team"], r["municipality"], r["case_id"]) for r in rows(url, "waitlist")]
    return sorted(stored, key=lambda r: (r[0], r[1] or "", r[2] or "", r[3]))


def test_undo_of_a_replacing_snapshot_restores_the_replaced_one_after_another_teams_import(tmp_path, db_url):
    """Team Noord's list (2 cases) is corrected (1 case), then team Zuid's list of the same date is imported.
    Undoing the correction must bring back Noord's two cases and leave Zuid's list. On SQLite the replaced
    rows' ids are reused by the later inserts, and the undo re-inserted the old ids: UNIQUE constraint failed
    (an unhandled IntegrityError, a traceback on the command line)."""
    head = "Peildatum;Dossiernummer;Team\n"
    _import(db_url, csv_file(tmp_path / "wachtlijst_noord.csv", head + "31-03-2025;A1;Schuldhulp Noord\n"
                                                                          "31-03-2025;A2;Schuldhulp Noord\n"))  # fmt: skip
    correction = _import(db_url, csv_file(tmp_path / "wachtlijst_noord_v2.csv", head + "31-03-2025;A1;Schuldhulp Noord\n"))
    _import(db_url, csv_file(tmp_path / "wachtlijst_zuid.csv", head + "31-03-2025;Z9;Schuldhulp Zuid\n"))
    assert [r[3] for r in _waitlist(db_url)] == ["A1", "Z9"]

    gateway.undo_batch(db.ready_engine(db_url), correction.batch_id, "tester")

    assert _waitlist(db_url) == [
        (D(2025, 3, 31), "Schuldhulp Noord", None, "A1"),
        (D(2025, 3, 31), "Schuldhulp Noord", None, "A2"),
        (D(2025, 3, 31), "Schuldhulp Zuid", None, "Z9"),
    ]


def test_a_staffing_file_with_several_months_replaces_each_month_only_for_the_teams_it_gives_there(
    tmp_path, db_url
):
    """A later file with January for Noord and February for Zuid covers (January, Noord) and (February,
    Zuid): January of Zuid and February of Noord are not in it and must stay. The replacement deleted the
    cross product of all dates and all teams of the file."""
    head = "Maand;Team;Consulent;Fte\n"
    _import(db_url, csv_file(tmp_path / "formatie_q1.csv", head + "2025-01;Schuldhulp Noord;Jan;1\n"
                                                                   "2025-01;Schuldhulp Zuid;Anna;1\n"
                                                                   "2025-02;Schuldhulp Noord;Jan;1\n"
                                                                   "2025-02;Schuldhulp Zuid;Anna;1\n"))  # fmt: skip
    _import(db_url, csv_file(tmp_path / "formatie_correctie.csv", head + "2025-01;Schuldhulp Noord;Jan;0,5\n"
                                                                          "2025-02;Schuldhulp Zuid;Anna;0,5\n"))  # fmt: skip
    stored = sorted((r["month"], r["team"], r["consultant"], r["fte"]) for r in rows(db_url, "staffing"))
    assert stored == [
        (D(2025, 1, 1), "Schuldhulp Noord", "Jan", 0.5),
        (D(2025, 1, 1), "Schuldhulp Zuid", "Anna", 1.0),
        (D(2025, 2, 1), "Schuldhulp Noord", "Jan", 1.0),
        (D(2025, 2, 1), "Schuldhulp Zuid", "Anna", 0.5),
    ]


def test_a_waitlist_of_one_municipality_of_a_shared_team_leaves_the_other_municipalitys_list(tmp_path, db_url):
    """Team Noord serves Dijkwaard (9901) and Veenhoven (9902); the steward imports the waiting list per
    municipality. Veenhoven's list covers team Noord in Veenhoven only: Dijkwaard's list of the same date
    must stay. The replacement scoped by team alone and deleted Dijkwaard's list."""
    head = "Peildatum;Dossiernummer;Team;Gemeente;Datum aanmelding\n"
    _import(db_url, csv_file(tmp_path / "wachtlijst_dijkwaard.csv", head + "31-03-2025;A1;Schuldhulp Noord;Dijkwaard;01-03-2025\n"
                                                                            "31-03-2025;A2;Schuldhulp Noord;Dijkwaard;02-03-2025\n"))  # fmt: skip
    _import(db_url, csv_file(tmp_path / "wachtlijst_veenhoven.csv", head + "31-03-2025;B1;Schuldhulp Noord;Veenhoven;01-03-2025\n"))
    assert [(r[2], r[3]) for r in _waitlist(db_url)] == [("9901", "A1"), ("9901", "A2"), ("9902", "B1")]


def test_a_team_wide_list_and_per_municipality_lists_replace_each_other_without_double_counting(tmp_path, db_url):
    """A list without a municipality column covers the whole team on its date; per-municipality lists of that
    team replace its team-wide rows (which have no municipality) and only their own municipality's rows."""
    wide = "Peildatum;Dossiernummer;Team;Datum aanmelding\n"
    _import(db_url, csv_file(tmp_path / "wachtlijst_noord.csv", wide + "31-03-2025;T1;Schuldhulp Noord;01-03-2025\n"
                                                                    "31-03-2025;T2;Schuldhulp Noord;02-03-2025\n"))  # fmt: skip
    per = "Peildatum;Dossiernummer;Team;Gemeente;Datum aanmelding\n"
    _import(db_url, csv_file(tmp_path / "wl_dijkwaard.csv", per + "31-03-2025;A1;Schuldhulp Noord;Dijkwaard;01-03-2025\n"))
    assert [r[3] for r in _waitlist(db_url)] == ["A1"]  # the team-wide T1, T2 replaced, not kept beside A1
    _import(db_url, csv_file(tmp_path / "wl_veenhoven.csv", per + "31-03-2025;B1;Schuldhulp Noord;Veenhoven;01-03-2025\n"))
    assert [r[3] for r in _waitlist(db_url)] == ["A1", "B1"]
    _import(db_url, csv_file(tmp_path / "wachtlijst_noord_april.csv", wide + "31-03-2025;T3;Schuldhulp Noord;03-03-2025\n"))
    assert [r[3] for r in _waitlist(db_url)] == ["T3"]  # team-wide again: every municipality of the team


def test_a_staffing_month_typed_as_a_yyyymm_number_is_that_month(tmp_path, db_url):
    """Excel keeps 202505 as a number; read as a date serial it became 2454-06-01 without a word."""
    path = xlsx(tmp_path / "formatie.xlsx", {"Formatie": [["Maand", "Team", "Consulent", "Fte"],
                                                          [202505, "Schuldhulp Noord", "Jan", 0.8],
                                                          ["202506", "Schuldhulp Noord", "Jan", 0.9]]})  # fmt: skip
    _import(db_url, path)
    assert sorted((r["month"], r["fte"]) for r in rows(db_url, "staffing")) == [(D(2025, 5, 1), 0.8), (D(2025, 6, 1), 0.9)]


def test_a_number_that_is_no_plausible_excel_date_is_a_row_error_not_a_silent_date(tmp_path, db_url):
    """A year (2025) or a month number in a date column read as an Excel serial would be 1905 or 2454."""
    path = xlsx(tmp_path / "dossiers.xlsx", {"Dossiers": [["Dossiernummer", "Datum aanmelding"],
                                                         ["D1", 2025], ["D2", 202505], ["D3", 45661]]})  # fmt: skip
    result = import_file(path, url=db_url)
    assert sorted(e.row for e in result.errors if e.code == "datum_onleesbaar") == [2, 3], result.as_json()
    assert {r["case_id"]: r["registered_on"] for r in rows(db_url, "cases")} == {"D3": D(2025, 1, 4)}


def test_a_blank_team_cell_does_not_wipe_another_teams_list(tmp_path, db_url):
    """A Zuid waiting list with one row whose team cell is empty covers Zuid (and the rows without a team),
    not the whole date: Noord's list of the same date stays."""
    head = "Peildatum;Dossiernummer;Team\n"
    _import(db_url, csv_file(tmp_path / "wl_noord.csv", head + "31-03-2025;A1;Schuldhulp Noord\n"))
    _import(db_url, csv_file(tmp_path / "wl_zuid.csv", head + "31-03-2025;Z1;Schuldhulp Zuid\n31-03-2025;Z2;\n"))
    assert sorted(r[3] for r in _waitlist(db_url)) == ["A1", "Z1", "Z2"]
    _import(db_url, csv_file(tmp_path / "wl_zuid_v2.csv", head + "31-03-2025;Z3;Schuldhulp Zuid\n31-03-2025;Z4;\n"))
    assert sorted(r[3] for r in _waitlist(db_url)) == ["A1", "Z3", "Z4"]  # Zuid and the team-less row replaced


def test_a_cover_sheet_title_names_the_dataset_of_the_sheet_after_it(tmp_path, db_url):
    """exports.md: "a cover sheet before the data sheet". Its report title says what the list is, as a title
    block above the header row would: a caseload per consultant, not a partial update of cases."""
    path = xlsx(tmp_path / "rapport.xlsx", {
        "Voorblad": [["Caseloadrapport per consulent"], ["Peildatum: 31-03-2025"]],
        "Gegevens": [["Consulent", "Dossiernummer", "Team"], ["Jan", "C1", "Schuldhulp Noord"],
                     ["Jan", "C2", "Schuldhulp Noord"]],
    })  # fmt: skip
    result = _import(db_url, path)
    assert result.dataset == "caseload" and result.rows_loaded == 2, result.as_json()
    assert sorted((r["as_of"], r["case_id"]) for r in rows(db_url, "caseload")) == [
        (D(2025, 3, 31), "C1"), (D(2025, 3, 31), "C2")
    ]
