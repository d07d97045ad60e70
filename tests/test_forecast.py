"""The waiting-list forecast: the queue model by hand, the monthly flows and their balance, and the forecast
from a tiny team's first half of 2025 (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import insert

from metrics.compute import compute_periods
from metrics.derived import refresh
from metrics.forecast import DAYS_PER_MONTH, QueueInputs, expected_wait_days, project, waitlist_forecast
from metrics.periods import Period, between
from store import db
from store import metrics_queries as q
from store.metrics_queries import Scope
from store.models import import_batches
from tests.metrics_helpers import case, insert_rows

NOORD = Scope.of(teams=["Schuldhulp Noord"])
TODAY = date(2026, 1, 1)

# Leaving the waiting list: by a first conversation (fc), or closed without one (withdrawal).
CASES = [
    case("r1", "2025-01-06", first_contact_on="2025-01-20"),  # left Jan (fc)
    case("r2", "2025-01-13", first_contact_on="2025-02-10"),  # left Feb (fc)
    case("r3", "2025-01-20", closed_on="2025-02-05", close_reason="ingetrokken"),  # left Feb (withdrawn)
    case("r4", "2025-02-03", first_contact_on="2025-03-03"),  # left Mar (fc)
    case("r5", "2025-02-17", first_contact_on="2025-07-15"),  # waits until July
    case("r6", "2025-03-03", first_contact_on="2025-03-05"),  # left Mar (fc)
    case("r7", "2025-03-10", first_contact_on="2025-04-07"),  # left Apr (fc)
    case("r8", "2025-04-07", closed_on="2025-04-30", close_reason="niet_verschenen"),  # left Apr (withdrawn)
    case("r9", "2025-04-14", first_contact_on="2025-05-12"),  # left May (fc)
    case("r10", "2025-05-05", first_contact_on="2025-05-05"),  # registered and seen the same day
    case("r11", "2025-06-02"),  # still waiting
    case("r12", "2025-06-09", first_contact_on="2025-06-30"),  # left Jun (fc)
    # closed on 18 June before a first conversation on 20 June: left the list by the closing (withdrawn)
    case("r13", "2025-06-16", first_contact_on="2025-06-20", closed_on="2025-06-18", close_reason="zelf"),
]
#           Jan Feb Mar Apr May Jun
REGISTERED = [3, 2, 2, 2, 1, 3]  # 13
LEFT = [1, 2, 2, 2, 2, 2]
FIRST_CONTACTS = [1, 1, 2, 1, 2, 1]  # 8
WAITING = [2, 2, 2, 2, 1, 2]  # on the month ends: Jan r2 r3; Feb r4 r5; Mar r5 r7; Apr r5 r9; May r5; Jun r5 r11


def import_batch(url: str, data_through: str) -> None:
    """The record of an import of cases that runs through ``data_through`` (sets as_of and known months)."""
    with db.get_engine(url).begin() as conn:
        conn.execute(
            insert(import_batches).values(
                created_at=datetime(2025, 1, 1), created_by="tester", file_name="dossiers.xlsx", file_hash="x",
                dataset="cases", source_format="xlsx", data_through=date.fromisoformat(data_through),
            )
        )  # fmt: skip


@pytest.fixture
def team(db_url):
    insert_rows(db_url, "cases", CASES)
    import_batch(db_url, "2025-08-31")
    return db_url


# ------------------------------------------------------------------------------------------ the model
def test_the_model_by_hand():
    inputs = QueueInputs(waiting=10, inflow=12, capacity=8, withdrawals=1)
    months = [Period.month(2025, m) for m in (7, 8, 9)]
    got = project(inputs, months)
    assert [m.waiting for m in got] == [13, 16, 19]  # + 12 − 8 − 1 a month
    assert got[0].expected_wait_days == pytest.approx(13 / 8 * 30.4375)
    assert round(DAYS_PER_MONTH, 4) == 30.4375  # 365,25 / 12


def test_the_waiting_list_does_not_go_below_zero():
    got = project(QueueInputs(waiting=5, inflow=2, capacity=6, withdrawals=0), [Period.month(2025, 7)] * 3)
    assert [m.waiting for m in got] == [1, 0, 0]
    assert got[-1].expected_wait_days == 0


def test_without_capacity_the_wait_is_undefined():
    got = project(QueueInputs(waiting=5, inflow=2, capacity=0, withdrawals=0.5), [Period.month(2025, 7)] * 2)
    assert [m.waiting for m in got] == [6.5, 8]
    assert [m.expected_wait_days for m in got] == [None, None]
    assert expected_wait_days(3, 0) is None


# ------------------------------------------------------------------------------------------ the data
def test_monthly_flows(team):
    months = between("2025-01", "2025-06")
    refresh(db.get_engine(team))  # the store's waiting_until is a derived column
    with db.get_engine(team).connect() as conn:
        flows = q.month_flows(conn, [m.first_day for m in months], months[-1].last_day, NOORD)
    assert [f.registered for f in flows] == REGISTERED
    assert [f.left for f in flows] == LEFT
    assert [f.first_contacts for f in flows] == FIRST_CONTACTS
    assert [f.closed_waiting for f in flows] == [0, 1, 0, 1, 0, 1]  # r3, r8, r13


def test_the_flows_balance_the_waiting_list_kpi(team):
    months = between("2025-01", "2025-06")
    results = compute_periods(team, months, scope=NOORD, kpis=["wachtlijst"], today=TODAY)
    waiting = [int(r.value) for r in sorted(results, key=lambda r: r.period)]
    assert waiting == WAITING
    previous = 0
    for registered, left, now in zip(REGISTERED, LEFT, WAITING, strict=True):
        assert now == previous + registered - left
        previous = now


def test_the_forecast(team):
    got = waitlist_forecast(team, "2025-06", NOORD, today=TODAY)
    assert got.as_of == date(2025, 6, 30) and got.complete
    assert [str(m.period) for m in got.window] == ["2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06"]
    # λ = 13 / 6, μ = 8 / 6, ω = 3 / 6: the list grows by 2 / 6 a month from 2
    assert got.inputs == QueueInputs(2, pytest.approx(13 / 6), pytest.approx(8 / 6), pytest.approx(0.5))
    assert [str(m.period) for m in got.months] == ["2025-07", "2025-08", "2025-09"]
    assert [m.waiting for m in got.months] == pytest.approx([2 + 1 / 3, 2 + 2 / 3, 3])
    assert got.months[0].expected_wait_days == pytest.approx((7 / 3) / (8 / 6) * 30.4375)  # 1,75 months
    assert got.wait_now_days == pytest.approx(2 / (8 / 6) * 30.4375)
    # the data runs through 31 August: July and August are known (r5 seen in July, r11 still waits)
    assert [m.actual for m in got.months] == [1, 1, None]


def test_the_window_is_a_setting_and_never_older_than_the_data(team):
    young = waitlist_forecast(team, "2025-03", NOORD, today=TODAY)
    assert [str(m.period) for m in young.window] == ["2025-01", "2025-02", "2025-03"]  # no cases before 2025
    with db.get_engine(team).begin() as conn:
        q.write_setting(conn, "forecast_window_months", "3", "tester")
    got = waitlist_forecast(team, "2025-06", NOORD, today=TODAY)
    assert (got.window_setting, [str(m.period) for m in got.window]) == (3, ["2025-04", "2025-05", "2025-06"])
    # λ = (2 + 1 + 3) / 3 = 2, μ = (1 + 2 + 1) / 3, ω = (1 + 0 + 1) / 3: no growth
    assert got.inputs.net_change == pytest.approx(0)
    assert [m.waiting for m in got.months] == pytest.approx([2, 2, 2])


def test_a_running_month_starts_from_its_latest_import(db_url):
    insert_rows(db_url, "cases", CASES)
    import_batch(db_url, "2025-06-15")
    got = waitlist_forecast(db_url, "2025-06", NOORD, today=date(2025, 6, 20))
    assert got.as_of == date(2025, 6, 15) and not got.complete
    assert [str(m.period) for m in got.window][-1] == "2025-05"  # June is not over: the means end with May
    assert [m.actual for m in got.months] == [None, None, None]


def test_zero_capacity(db_url):
    insert_rows(db_url, "cases", [case("w1", "2025-05-05"), case("w2", "2025-06-02"), case("w3", "2025-06-09")])
    got = waitlist_forecast(db_url, "2025-06", NOORD, today=TODAY)
    # window May–June (the first case is of May): λ = 3 / 2, μ = 0, ω = 0
    assert got.inputs == QueueInputs(3, 1.5, 0, 0)
    assert got.wait_now_days is None
    assert [(m.waiting, m.expected_wait_days) for m in got.months] == [(4.5, None), (6, None), (7.5, None)]


def test_no_complete_month_yet(db_url):
    insert_rows(db_url, "cases", [case("w1", "2025-06-02")])
    import_batch(db_url, "2025-06-10")
    got = waitlist_forecast(db_url, "2025-06", NOORD, today=date(2025, 6, 11))
    assert (got.inputs, got.window, got.months) == (None, [], [])
