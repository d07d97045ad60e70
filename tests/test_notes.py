"""Annotations of registration changes: validation, scope, removal; the page writes and lists them; and
they become marks on the charts of the KPIs they concern."""

from __future__ import annotations

from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from metrics import notes
from metrics.periods import Period
from metrics.registry import UnknownKpi
from store.metrics_queries import Scope
from tests.conftest import ROOT

PAGE = str(ROOT / "pages" / "13_registratiewijzigingen.py")


def test_annotations_are_validated(db_url):
    with pytest.raises(notes.NoteError, match="tekst"):
        notes.add_annotation(db_url, date(2025, 3, 1), "   ", "tester")
    with pytest.raises(UnknownKpi):
        notes.add_annotation(db_url, date(2025, 3, 1), "Nieuw intakeformulier", "tester", ["bestaat_niet"])
    assert notes.annotations(db_url) == []


def test_annotations_follow_the_scope_the_dates_and_the_kpis(db_url):
    notes.add_annotation(db_url, date(2025, 3, 1), "Overstap naar Allegro", "a", team="Schuldhulp Zuid")
    notes.add_annotation(db_url, date(2025, 5, 1), "Nieuw intakeproces", "b", ["eerste_gesprek_tijdig_pct"])
    notes.add_annotation(db_url, date(2024, 1, 1), "Oud", "c", municipality="9901")
    zuid = notes.annotations(db_url, Scope.of(["Schuldhulp Zuid"]), date(2025, 1, 1), date(2025, 12, 31))
    assert [a.text for a in zuid] == ["Overstap naar Allegro", "Nieuw intakeproces"]
    noord = notes.annotations(db_url, Scope.of(["Schuldhulp Noord"]))
    assert [a.text for a in noord] == ["Oud", "Nieuw intakeproces"]  # by date
    assert [a.text for a in notes.annotations(db_url, Scope.of(None, ["9902"]))] == [
        "Overstap naar Allegro", "Nieuw intakeproces",
    ]
    on_wait = notes.annotations(db_url, kpi_id="wachtlijst")
    assert [a.text for a in on_wait] == ["Oud", "Overstap naar Allegro"]  # "Nieuw intakeproces" names another KPI
    first = notes.annotations(db_url)[0]
    assert notes.remove_annotation(db_url, first.id, "d") and not notes.remove_annotation(db_url, first.id, "d")
    assert [a.text for a in notes.annotations(db_url)] == ["Overstap naar Allegro", "Nieuw intakeproces"]


def test_annotations_become_marks_in_the_period_they_fall_in(sqlite_url, monkeypatch):
    from ui.annotations import marks_for

    monkeypatch.setenv("SHV_DATABASE_URL", sqlite_url)
    notes.add_annotation(sqlite_url, date(2025, 2, 14), "Nieuw intakeproces", "a", ["eerste_gesprek_tijdig_pct"])
    notes.add_annotation(sqlite_url, date(2025, 6, 1), "Buiten de reeks", "a")
    months = [Period.parse(m) for m in ("2025-01", "2025-02", "2025-03")]
    marks = marks_for(["eerste_gesprek_tijdig_pct"], months, Scope())
    assert [(m.x, m.text) for m in marks] == [("feb 2025", "Nieuw intakeproces")]
    assert marks_for(["uitval_pct"], months, Scope()) == []


def test_the_page_records_and_lists_a_change(sqlite_url, monkeypatch):
    monkeypatch.setenv("SHV_DATABASE_URL", sqlite_url)
    app = AppTest.from_file(PAGE, default_timeout=60).run()
    app.text_area[0].input("Overstap naar een nieuw cliëntvolgsysteem")
    app.multiselect[0].select("Wachtenden")
    app.button[0].click().run()
    assert not app.exception and any("Vastgelegd" in s.value for s in app.success)
    (saved,) = notes.annotations(sqlite_url)
    assert saved.kpis == ("wachtlijst",) and saved.created_by == "tester"
    assert any("Overstap naar een nieuw cliëntvolgsysteem" in m.value for m in app.markdown)


def test_the_council_cannot_write(sqlite_url, monkeypatch):
    monkeypatch.setenv("SHV_DATABASE_URL", sqlite_url)
    monkeypatch.setenv("SHV_ROLE", "raad")
    app = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not app.text_area and any("kan wijzigingen bekijken" in i.value for i in app.info)
