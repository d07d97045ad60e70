"""The caseload-meeting pages with AppTest on the team of ``tests/meeting_fixture.py`` (default period March
2025): the consultant table, a row's case list and its Excel download (logged), the consultant filter, who
may open Caseloadbespreking; the legal norm and phases on Termijnen; the waiting list and its forecast."""

from __future__ import annotations

import io

import openpyxl
import pytest
from sqlalchemy import select
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from config.access import Role
from store import db
from store.models import export_log
from tests import meeting_fixture as fx
from tests.test_forecast import import_batch
from ui import navigation
from ui.meeting_tables import selection_key

PAGES = {info.path.stem: info for info in navigation.page_infos()}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def team_db(sqlite_url, monkeypatch):
    fx.install(sqlite_url)
    import_batch(sqlite_url, "2025-04-01")  # the data runs through 1 April: March 2025 is the default period
    monkeypatch.setenv("SHV_DATABASE_URL", sqlite_url)
    return sqlite_url


@pytest.fixture
def downloads(monkeypatch):
    """The files the pages offer for download (Streamlit keeps them in its media storage)."""
    offered: list[tuple[bytes, str, str | None]] = []
    original = MemoryMediaFileStorage.load_and_get_id

    def recording(self, path_or_data, mimetype, kind, filename=None):
        offered.append((path_or_data, mimetype, filename))
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", recording)
    return offered


def page(stem: str, **query: str) -> AppTest:
    app = AppTest.from_file(str(PAGES[stem].path), default_timeout=60)
    for key, value in query.items():
        app.query_params[key] = value
    return app


def texts(app: AppTest) -> str:
    parts = [m.value for m in app.markdown] + [c.value for c in app.caption] + [i.value for i in app.info]
    parts += [w.value for w in app.warning] + [s.value for s in app.subheader]
    return "\n".join(str(p) for p in parts)


def frame_with(app: AppTest, column: str):
    (found,) = [d.value for d in app.dataframe if column in d.value.columns]
    return found


# ------------------------------------------------------------------------------------------ Caseloadbespreking
def test_the_consultant_table(team_db):
    app = page("02_caseloadbespreking", team=fx.NOORD).run()
    assert not app.exception, app.exception
    table = frame_with(app, "Lopende dossiers")
    assert list(table["Consulent"]) == [fx.A, fx.B, fx.C, "(geen consulent)", "Totaal"]
    # A: 5 cases on 0,9 fte (5,56), 2 waiting of whom 1 past the term, 1 decision past the term,
    # 1 stalled, 1 closed after 67 days, 1 first conversation after 16 days
    assert list(table.iloc[0])[1:] == ["5", "0,90", "5,6", "2", "1", "1", "1", "1", "67", "1", "16"]
    assert list(table.iloc[2])[1:4] == ["1", "–", "–"]  # C has no staffing
    assert list(table.iloc[4])[1:] == ["17", "2,40", "7,1", "4", "1", "4", "4", "2", "75", "2", "9"]
    assert [m.value for m in app.metric] == ["17", "4", "1", "4", "4"]
    assert "Kies een cijfer" in texts(app)  # no list before a figure is chosen


def test_the_systems_own_caseload_list_beside_the_cases(team_db):
    """exports.md: where a caseload snapshot exists, the page shows the system's own figure beside the derived
    one. The latest list of the month (31 March; the one of 3 March is older) counts A 6 (pre-counted),
    B 11 and C 1 for Noord; the cases give A 5, B 11, C 1 on that date (the fixture's table)."""
    from tests.metrics_helpers import insert_rows

    insert_rows(team_db, "caseload", [
        {"as_of": "2025-03-03", "team": fx.NOORD, "consultant": fx.A, "case_count": 40},
        {"as_of": "2025-03-31", "team": fx.NOORD, "consultant": fx.A, "case_count": 6},
        *({"as_of": "2025-03-31", "team": fx.NOORD, "consultant": fx.B, "case_id": f"b{i}"} for i in range(11)),
        {"as_of": "2025-03-31", "team": fx.NOORD, "consultant": fx.C, "case_id": "c2"},
    ])  # fmt: skip
    app = page("02_caseloadbespreking", team=fx.NOORD).run()
    assert not app.exception, app.exception
    assert any("Eigen caseloadoverzicht van het systeem op 31-03-2025" in e.label for e in app.expander)
    table = frame_with(app, "Eigen overzicht systeem")
    rows = {r["Consulent"]: (r["Eigen overzicht systeem"], r["Afgeleid uit de dossiers"], r["Verschil"])
            for r in table.to_dict("records")}  # fmt: skip
    assert (rows[fx.A], rows[fx.B], rows[fx.C]) == (("6", "5", "1"), ("11", "11", "0"), ("1", "1", "0"))
    one = page("02_caseloadbespreking", team=fx.NOORD, consulent=fx.B).run()
    assert list(frame_with(one, "Eigen overzicht systeem")["Consulent"]) == [fx.B]


def test_without_a_caseload_list_of_the_month_no_system_figure(team_db):
    from tests.metrics_helpers import insert_rows

    insert_rows(team_db, "caseload", [{"as_of": "2025-02-28", "team": fx.NOORD, "consultant": fx.A, "case_count": 6}])
    app = page("02_caseloadbespreking", team=fx.NOORD).run()
    assert not app.exception, app.exception
    assert not [d for d in app.dataframe if "Eigen overzicht systeem" in d.value.columns]


def test_a_row_lists_its_cases_and_downloads_them_as_excel(team_db, downloads):
    app = page("02_caseloadbespreking", team=fx.NOORD, cijfer="Stilstaand")
    table = selection_key("2025-03", ((fx.NOORD,), None), None)
    app.session_state[table] = {"selection": {"rows": [1], "columns": [], "cells": []}}  # Consulent B
    app.run()
    assert not app.exception, app.exception
    assert "Stilstaand · Consulent B" in texts(app)
    cases = frame_with(app, "Dossiernummer")
    # most days over the limit first: b5 (181 days since its settlement was submitted, 61 over), b2, b4 (1)
    assert list(cases["Dossiernummer"]) == ["b5", "b2", "b4"]
    assert list(cases["Dagen over de grens"]) == ["61", "1", "1"]

    (content,) = [data for data, mime, _ in downloads if mime == XLSX]
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows.index(next(r for r in rows if r[0] == "Dossiernummer"))
    assert [r[0] for r in rows[header + 1 :]] == ["b5", "b2", "b4"]
    assert "Consulent: Consulent B" in [r[0] for r in rows[:header]]

    (button,) = app.get("download_button")
    assert button.label == "Download als Excel"
    button.click().run()
    with db.get_engine(team_db).connect() as conn:
        logged = conn.execute(select(export_log)).mappings().all()
    assert [(r["what"], r["role"], r["rows"]) for r in logged] == [("dossierlijst", "teamleider", 3)]
    assert "Stilstaand" in logged[0]["detail"] and "Consulent B" in logged[0]["detail"]


def test_another_team_starts_without_the_selected_row(team_db):
    app = page("02_caseloadbespreking", team=fx.NOORD, cijfer="Stilstaand")
    app.session_state[selection_key("2025-03", ((fx.NOORD,), None), None)] = {
        "selection": {"rows": [0], "columns": [], "cells": []}
    }
    app.run()
    assert "Stilstaand · Consulent A" in texts(app)
    app.selectbox(key="team").select(fx.ZUID).run()
    assert "Stilstaand · alle consulenten" in texts(app)  # not Zuid's first consultant


def test_the_consultant_filter(team_db):
    app = page("02_caseloadbespreking", team=fx.NOORD, consulent=fx.C, cijfer="Beschikking over de termijn").run()
    assert not app.exception, app.exception
    assert list(frame_with(app, "Lopende dossiers")["Consulent"]) == [fx.C]
    cases = frame_with(app, "Dossiernummer")
    assert list(cases["Dossiernummer"]) == ["c2"]
    assert list(cases["Dagen over beslistermijn"]) == ["24"]  # deadline 7 March


def test_everyone_past_the_term_in_one_click(team_db):
    app = page("02_caseloadbespreking", cijfer="Wachtenden over de termijn").run()
    assert list(frame_with(app, "Dossiernummer")["Dossiernummer"]) == ["a6", "d1"]  # both teams, 21 days over


@pytest.mark.parametrize("role", [Role.COUNCIL, Role.MANAGEMENT])
def test_only_roles_that_work_cases_open_the_caseload_meeting(team_db, monkeypatch, role):
    monkeypatch.setenv("SHV_ROLE", role.value)
    app = page("02_caseloadbespreking", cijfer="Wachtenden over de termijn").run()
    assert not app.exception, app.exception
    assert "alleen voor beheerders, teamleiders en consulenten" in texts(app)
    assert not app.dataframe and not app.get("download_button")
    meeting = PAGES["02_caseloadbespreking"]  # what the navigation offers each role
    assert not meeting.open_to(role)
    assert all(meeting.open_to(r) for r in (Role.ADMIN, Role.TEAM_LEADER, Role.CONSULTANT))


# ------------------------------------------------------------------------------------------ Termijnen
def test_terms_page_draws_the_legal_norm_and_the_phases(team_db):
    app = page("03_termijnen").run()
    assert not app.exception, app.exception
    charts = [c.proto.spec for c in app.get("plotly_chart")]
    assert any("Wettelijke norm" in spec for spec in charts)
    phases = frame_with(app, "Fase")
    decision = phases[phases["Fase"] == "Eerste gesprek → beschikking"].iloc[0]
    # decisions in March: a3 (56 days after the first conversation), a4 (55), b11 (50): median 55
    assert (decision["Dossiers"], decision["Mediaan (dagen)"]) == ("3", "55")
    waiting = frame_with(app, "Geen crisis")
    # first conversations in March: b12 after 2 days, a8 after 16
    assert list(waiting["Geen crisis"]) == ["1", "0", "1", "0", "0", "0", "0", "0", "0"]


def test_terms_page_for_the_council(team_db, monkeypatch):
    monkeypatch.setenv("SHV_ROLE", "raad")
    app = page("03_termijnen").run()
    assert not app.exception, app.exception
    assert "Niet beschikbaar voor de raad" in texts(app)
    assert not [d for d in app.dataframe if "Fase" in d.value.columns]


# ------------------------------------------------------------------------------------------ Wachtlijst
def test_waiting_list_page(team_db):
    app = page("04_wachtlijst").run()
    assert not app.exception, app.exception
    assert [m.value for m in app.metric][:2] == ["5", "2"]  # a5 a6 c1 n1 d1; a6 and d1 past the term
    ages = frame_with(app, "Dagen gewacht")
    assert list(ages["Over de termijn"]) == ["0", "0", "0", "0", "2"]
    forecast = frame_with(app, "Prognose wachtenden")
    assert list(forecast["Maand"]) == ["april 2025", "mei 2025", "juni 2025"]
    assert "**Instroom**" in texts(app) and "wet van Little" in texts(app)


def test_waiting_list_page_for_the_council(team_db, monkeypatch):
    monkeypatch.setenv("SHV_ROLE", "raad")
    app = page("04_wachtlijst").run()
    assert not app.exception, app.exception
    trend = frame_with(app, "Wachtenden over de termijn")
    assert trend.iloc[-1]["Wachtenden over de termijn"] == "<5"  # 2 in March 2025
    assert trend.iloc[-1]["Wachtenden"] == "5"
    assert not [d for d in app.dataframe if "Prognose wachtenden" in d.value.columns]
    assert "Niet beschikbaar voor de raad" in texts(app)
