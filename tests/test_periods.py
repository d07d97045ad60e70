"""Periods of the catalogue: parsing, days, neighbours, series and the reference date (as_of)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from metrics.periods import Granularity, Period, PeriodError, as_of, between, series

D = date


@pytest.mark.parametrize(
    ("text", "first", "last", "canonical"),
    [
        ("2025-03", D(2025, 3, 1), D(2025, 3, 31), "2025-03"),
        ("2025-3", D(2025, 3, 1), D(2025, 3, 31), "2025-03"),
        ("2024-02", D(2024, 2, 1), D(2024, 2, 29), "2024-02"),  # leap year
        ("2025-Q1", D(2025, 1, 1), D(2025, 3, 31), "2025-Q1"),
        ("2025-q4", D(2025, 10, 1), D(2025, 12, 31), "2025-Q4"),
        ("2025Q2", D(2025, 4, 1), D(2025, 6, 30), "2025-Q2"),
        ("2025", D(2025, 1, 1), D(2025, 12, 31), "2025"),
        (" 2025-12 ", D(2025, 12, 1), D(2025, 12, 31), "2025-12"),
    ],
)
def test_parse(text, first, last, canonical):
    period = Period.parse(text)
    assert (period.first_day, period.last_day, str(period)) == (first, last, canonical)
    assert Period.parse(str(period)) == period


@pytest.mark.parametrize("text", ["2025-13", "2025-00", "2025-Q5", "2025-Q0", "25", "2025-W01", "", "maart"])
def test_parse_rejects(text):
    with pytest.raises(PeriodError, match="periode"):
        Period.parse(text)


@pytest.mark.parametrize(
    ("text", "previous", "year_earlier"),
    [
        ("2025-01", "2024-12", "2024-01"),
        ("2025-03", "2025-02", "2024-03"),
        ("2025-Q1", "2024-Q4", "2024-Q1"),
        ("2025-Q3", "2025-Q2", "2024-Q3"),
        ("2025", "2024", "2024"),
    ],
)
def test_neighbours(text, previous, year_earlier):
    period = Period.parse(text)
    assert str(period.previous()) == previous
    assert str(period.year_earlier()) == year_earlier


def test_series_and_between():
    assert [str(p) for p in series("2025-02", 4)] == ["2024-11", "2024-12", "2025-01", "2025-02"]
    assert [str(p) for p in series("2025-Q1", 3)] == ["2024-Q3", "2024-Q4", "2025-Q1"]
    assert len(series("2025-12", 36)) == 36
    assert [str(p) for p in between("2024-Q4", "2025-Q2")] == ["2024-Q4", "2025-Q1", "2025-Q2"]
    with pytest.raises(PeriodError):
        between("2025-Q1", "2025-03")
    with pytest.raises(PeriodError):
        between("2025-03", "2025-01")


def test_contains_and_labels():
    q1 = Period.parse("2025-Q1")
    assert D(2025, 3, 31) in q1 and D(2025, 4, 1) not in q1
    assert Period.parse("2025-03").label == "maart 2025"
    assert q1.label == "1e kwartaal 2025"
    assert Period.containing(D(2025, 8, 15), Granularity.QUARTER) == Period.parse("2025-Q3")


@pytest.mark.parametrize(
    ("period", "today", "latest_import", "expected", "why"),
    [
        ("2025-Q1", D(2025, 6, 1), D(2025, 5, 1), D(2025, 3, 31), "over: the last day"),
        ("2025-Q1", D(2025, 4, 1), None, D(2025, 3, 31), "over the day after its last day"),
        ("2025-Q1", D(2025, 3, 31), D(2025, 3, 20), D(2025, 3, 20), "the last day itself is not over yet"),
        ("2025-Q2", D(2025, 5, 15), D(2025, 5, 10), D(2025, 5, 10), "not over: the latest import"),
        ("2025-Q2", D(2025, 5, 15), D(2025, 3, 28), D(2025, 3, 28), "an import older than the period"),
        ("2025-Q2", D(2025, 5, 15), D(2025, 7, 2), D(2025, 6, 30), "never after the last day"),
        ("2025-Q2", D(2025, 5, 15), None, D(2025, 5, 15), "no import at all: today"),
    ],
)
def test_as_of(period, today, latest_import, expected, why):
    assert as_of(Period.parse(period), today, latest_import) == expected, why


periods = st.builds(
    lambda g, y, i: Period(y, g, (i % (12 // g.months)) + 1),
    st.sampled_from(list(Granularity)),
    st.integers(1990, 2060),
    st.integers(0, 11),
)


@given(periods, st.integers(-60, 60))
def test_shift_is_consecutive(period, steps):
    moved = period.shift(steps)
    assert moved.granularity is period.granularity
    assert moved.shift(-steps) == period
    if steps == 1:
        assert (moved.first_day - period.last_day).days == 1
    assert period.previous().last_day < period.first_day


@given(periods)
def test_year_earlier_has_same_shape(period):
    earlier = period.year_earlier()
    assert (earlier.first_day.month, earlier.last_day.month) == (period.first_day.month, period.last_day.month)
    assert earlier.year == period.year - 1
