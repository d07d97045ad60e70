"""The Algemene termijnenwet calendar (computed) and the first-conversation and decision deadlines."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from metrics.calendar import WorkingDayCalendar, easter_sunday, equated_days, kings_day, statutory_holidays
from metrics.terms import Terms

D = date.fromisoformat


@pytest.mark.parametrize(
    ("year", "easter"),
    [(1961, "1961-04-02"), (2000, "2000-04-23"), (2008, "2008-03-23"), (2011, "2011-04-24"),
     (2019, "2019-04-21"), (2024, "2024-03-31"), (2025, "2025-04-20"), (2026, "2026-04-05"),
     (2027, "2027-03-28"), (2038, "2038-04-25"), (2285, "2285-03-22")],
)  # fmt: skip
def test_easter_by_the_gregorian_computus(year, easter):
    assert easter_sunday(year) == D(easter)


def test_kings_day_moves_to_the_26th_when_the_27th_is_a_sunday():
    assert kings_day(2025) == D("2025-04-26")  # 27 April 2025 is a Sunday
    assert kings_day(2014) == D("2014-04-26")
    assert kings_day(2026) == D("2026-04-27")


def test_holidays_2025_as_the_atw_lists_them():
    assert sorted(WorkingDayCalendar().holidays(2025)) == [
        D("2025-01-01"),  # Nieuwjaarsdag
        D("2025-04-18"),  # Goede Vrijdag
        D("2025-04-21"),  # Tweede Paasdag
        D("2025-04-26"),  # Koningsdag (27 april is een zondag)
        D("2025-05-05"),  # Bevrijdingsdag
        D("2025-05-29"),  # Hemelvaartsdag
        D("2025-05-30"),  # vrijdag na Hemelvaart (Besluit gelijkstelling)
        D("2025-06-09"),  # Tweede Pinksterdag
        D("2025-12-25"),
        D("2025-12-26"),
    ]


def test_equated_days_of_the_2023_2028_decrees():
    listed = {"2023-04-28", "2023-05-19", "2024-05-10", "2024-12-27", "2025-05-30", "2026-01-02", "2026-05-15",
              "2027-05-07", "2028-04-28", "2028-05-26"}  # fmt: skip
    computed = {d.isoformat() for year in range(2023, 2029) for d in equated_days(year)}
    assert computed == listed


def test_liberation_day_every_year_and_good_friday():
    for year in (2024, 2025, 2026, 2030):
        assert date(year, 5, 5) in statutory_holidays(year)
        assert easter_sunday(year) - timedelta(days=2) in statutory_holidays(year)


@pytest.mark.parametrize(
    ("registered_on", "crisis", "deadline", "why"),
    [
        ("2025-04-12", False, "2025-05-12", "+28 is Saturday 10 May: Monday"),
        ("2025-03-29", False, "2025-04-28", "+28 is King's Day 26 April (27th a Sunday, so a Saturday): Monday"),
        ("2025-03-30", False, "2025-04-28", "+28 is Sunday 27 April, not King's Day in 2025: Monday"),
        ("2026-03-30", False, "2026-04-28", "+28 is King's Day on Monday 27 April 2026: Tuesday"),
        ("2025-04-07", False, "2025-05-06", "+28 is Liberation Day, Monday 5 May: Tuesday"),
        ("2025-03-24", False, "2025-04-22", "+28 is Easter Monday: Tuesday"),
        ("2025-03-21", False, "2025-04-22", "+28 is Good Friday: past the weekend and Easter Monday"),
        ("2025-05-01", False, "2025-06-02", "+28 is Ascension Day, then the equated Friday and the weekend"),
        ("2024-11-27", False, "2024-12-30", "+28 is Christmas Day; Boxing Day and the equated Friday follow"),
        ("2025-12-04", False, "2026-01-05", "+28 is New Year's Day 2026 (Thursday); 2 January is equated"),
        ("2025-06-02", False, "2025-06-30", "+28 is a Monday: the day itself"),
        ("2025-05-02", True, "2025-05-08", "crisis on a Friday: Tue 6, Wed 7, Thu 8 May (5 May is a holiday)"),
        ("2025-04-18", True, "2025-04-24", "crisis on Good Friday: Easter Monday skipped"),
        ("2025-04-14", True, "2025-04-17", "crisis on a Monday: Thursday"),
        ("2025-04-12", None, "2025-05-12", "unknown crisis counts as no crisis"),
    ],
)
def test_first_contact_deadline(registered_on, crisis, deadline, why):
    assert Terms().first_contact_deadline(D(registered_on), crisis) == D(deadline), why


@pytest.mark.parametrize(
    ("first_contact_on", "deadline"),
    [
        ("2025-05-12", "2025-07-07"),  # +56 is a Monday
        ("2025-04-03", "2025-06-02"),  # +56 is Ascension Day; the equated Friday and the weekend follow
        ("2024-10-31", "2024-12-30"),  # +56 is Boxing Day, a Thursday; Friday 27 December is equated
        ("2025-01-10", "2025-03-07"),  # +56 is a Friday
    ],
)
def test_decision_deadline(first_contact_on, deadline):
    assert Terms().decision_deadline(D(first_contact_on)) == D(deadline)


def test_administrator_overrides():
    extra = D("2025-06-10")  # say a local decree makes this a non-working day
    calendar = WorkingDayCalendar.with_overrides(added=[extra], removed=[D("2025-05-30")])
    assert not calendar.is_working_day(extra)
    assert calendar.is_working_day(D("2025-05-30"))  # the equated Friday removed
    assert not calendar.is_working_day(D("2025-05-31"))  # a Saturday stays a Saturday
    terms = Terms(calendar=calendar)
    assert terms.first_contact_deadline(D("2025-05-13")) == D("2025-06-11")
    assert terms.first_contact_deadline(D("2025-05-02")) == D("2025-05-30")
    assert terms.version != Terms().version


def test_stricter_terms_are_settings():
    strict = Terms(first_contact_days=21, crisis_working_days=1, decision_days=42)
    assert strict.first_contact_deadline(D("2025-06-02")) == D("2025-06-23")
    assert strict.first_contact_deadline(D("2025-06-06"), crisis=True) == D("2025-06-10")  # Whit Monday 9th
    assert strict.decision_deadline(D("2025-06-02")) == D("2025-07-14")


days = st.dates(date(2015, 1, 1), date(2035, 12, 31))


@given(days)
def test_deadline_is_the_first_working_day_on_or_after_the_term(registered_on):
    calendar = WorkingDayCalendar()
    deadline = Terms().first_contact_deadline(registered_on)
    nominal = registered_on + timedelta(days=28)
    assert calendar.is_working_day(deadline)
    assert deadline >= nominal
    assert all(not calendar.is_working_day(nominal + timedelta(days=k)) for k in range((deadline - nominal).days))


@given(days)
def test_crisis_deadline_is_three_working_days_later(registered_on):
    calendar = WorkingDayCalendar()
    deadline = Terms().first_contact_deadline(registered_on, crisis=True)
    between = [registered_on + timedelta(days=k) for k in range(1, (deadline - registered_on).days + 1)]
    assert sum(calendar.is_working_day(day) for day in between) == 3
    assert calendar.is_working_day(deadline)
