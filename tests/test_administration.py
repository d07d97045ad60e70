"""The administrator's settings: validated values, defaults restored, calendar dates that change the
deadlines of the cases, and the settings page."""

from __future__ import annotations

from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from metrics import administration
from metrics.compute import compute_all
from tests.conftest import ROOT
from tests.metrics_helpers import by_kpi, case, insert_rows

PAGE = str(ROOT / "pages" / "14_instellingen.py")


def _value(db, name):
    return next(v for v in administration.values(db) if v.setting.name == name)


def test_settings_are_validated_and_can_be_reset(db_url):
    assert _value(db_url, "first_contact_term_days").value == 28 and _value(db_url, "first_contact_term_days").is_default
    with pytest.raises(administration.SettingError, match="geheel getal"):
        administration.change(db_url, "first_contact_term_days", 0, "beheer")
    with pytest.raises(administration.SettingError, match="onbekende codes"):
        administration.change(db_url, "positive_close_reasons", ["afgerond", "gelukt"], "beheer")
    with pytest.raises(administration.SettingError, match="onbekende KPI"):
        administration.change(db_url, "council_report_kpis", ["aanmeldingen", "geluk"], "beheer")
    with pytest.raises(administration.SettingError, match="Onbekende instelling"):
        administration.change(db_url, "bestaat_niet", 3, "beheer")
    administration.change(db_url, "first_contact_term_days", 21, "beheer")
    changed = _value(db_url, "first_contact_term_days")
    assert changed.value == 21 and not changed.is_default
    administration.reset(db_url, "first_contact_term_days")
    assert _value(db_url, "first_contact_term_days").is_default


def test_a_stricter_term_and_an_added_holiday_change_the_figures(db_url):
    # registered Monday 3 March 2025; first conversation Friday 28 March (25 days).
    # Default term: 28 days -> Monday 31 March: on time. Term of 21 days -> Monday 24 March: late.
    insert_rows(db_url, "cases", [case("a", "2025-03-03", first_contact_on="2025-03-28")])
    on_time = by_kpi(compute_all(db_url, "2025-03", kpis=["eerste_gesprek_tijdig_pct"], today=date(2025, 6, 1)))
    assert on_time["eerste_gesprek_tijdig_pct"].value == 100.0
    administration.change(db_url, "first_contact_term_days", 21, "beheer")
    late = by_kpi(compute_all(db_url, "2025-03", kpis=["eerste_gesprek_tijdig_pct"], today=date(2025, 6, 1)))
    assert late["eerste_gesprek_tijdig_pct"].value == 0.0
    # Declare 24 and 25 March non-working days: the 21-day term ends on Wednesday 26 March; still late.
    # Declare 24–27 March: it ends on Friday 28 March, the day of the conversation: on time again.
    for d in (24, 25, 26, 27):
        administration.set_override(db_url, date(2025, 3, d), administration.HolidayAction.ADD, "beheer", "test")
    again = by_kpi(compute_all(db_url, "2025-03", kpis=["eerste_gesprek_tijdig_pct"], today=date(2025, 6, 1)))
    assert again["eerste_gesprek_tijdig_pct"].value == 100.0
    assert date(2025, 3, 24) in administration.holidays(db_url, 2025)
    administration.delete_override(db_url, date(2025, 3, 27))
    assert date(2025, 3, 27) not in administration.holidays(db_url, 2025)


def test_a_removed_holiday_is_a_working_day_again(db_url):
    assert date(2025, 5, 5) in administration.holidays(db_url, 2025)  # Bevrijdingsdag
    administration.set_override(db_url, date(2025, 5, 5), administration.HolidayAction.REMOVE, "beheer")
    assert date(2025, 5, 5) not in administration.holidays(db_url, 2025)


def test_the_settings_page_saves_a_value_and_shows_the_export_log(sqlite_url, monkeypatch):
    monkeypatch.setenv("SHV_DATABASE_URL", sqlite_url)
    monkeypatch.setenv("SHV_ROLE", "beheerder")
    app = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not app.exception
    app.number_input(key="waarde_decision_term_days").set_value(42)
    form_buttons = [b for b in app.button if b.label == "Opslaan"]
    form_buttons[2].click().run()  # the third setting: decision_term_days
    assert not app.exception and any("Opgeslagen" in s.value for s in app.success)
    assert _value(sqlite_url, "decision_term_days").value == 42
    assert any("Exportlogboek" in h.value for h in app.header)


def test_only_the_administrator_may_change_settings(sqlite_url, monkeypatch):
    monkeypatch.setenv("SHV_DATABASE_URL", sqlite_url)
    monkeypatch.setenv("SHV_ROLE", "teamleider")
    app = AppTest.from_file(PAGE, default_timeout=60).run()
    assert any("voorbehouden aan de beheerder" in w.value for w in app.warning) and not app.number_input
