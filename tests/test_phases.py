"""Turnaround per phase and the distribution of waiting days, hand-computed on a tiny installation (May 2025),
on SQLite and PostgreSQL; the day buckets; the new settings (stalled limits, forecast window)."""

from __future__ import annotations

import pytest

from metrics import settings as metric_settings
from metrics.phases import DayBucket, bucket_counts, day_buckets, turnarounds, waiting_days
from store import db
from store import metrics_queries as q
from store.metrics_queries import Scope, Span
from tests.metrics_helpers import case, insert_rows

NOORD = Scope.of(teams=["Schuldhulp Noord"])

CASES = [
    # first conversation 2 May: 116 days after 6 Jan; decision 20 May: 18 days later; plan 30 May: 10 later
    case("s1", "2025-01-06", first_contact_on="2025-05-02", decision_on="2025-05-20", decision="toelating",
         plan_on="2025-05-30"),
    case("s2", "2025-04-01", first_contact_on="2025-05-05"),  # 34 days
    case("s3", "2025-04-28", first_contact_on="2025-05-01", crisis=True),  # 3 days, crisis
    # plan 15 Jul 2024 → settlement submitted 15 May 2025: 304 days; granted 28 May: 13 days
    case("s4", "2024-06-03", first_contact_on="2024-06-10", decision_on="2024-07-01", decision="toelating",
         plan_on="2024-07-15", settlement_submitted_on="2025-05-15", settlement_granted_on="2025-05-28"),
    case("s5", "2024-01-08", first_contact_on="2024-01-15", closed_on="2025-05-31", close_reason="afgerond"),  # 509
    # decision 6 May before the first conversation of 8 May: left out of that phase (66 days of waiting count)
    case("s6", "2025-03-03", first_contact_on="2025-05-08", decision_on="2025-05-06", decision="toelating"),
    case("s7", "2025-05-01", first_contact_on="2025-05-10", team="Schuldhulp Zuid", municipality="9903"),  # 9
    case("s8", "2025-04-01", decision_on="2025-05-12", decision="afwijzing"),  # no first conversation: left out
]  # fmt: skip


@pytest.fixture
def installation(db_url):
    insert_rows(db_url, "cases", CASES)
    return db_url


def _by_span(figures):
    return {f.span: (f.records, f.median, f.p90, f.out_of_order) for f in figures}


def test_turnaround_per_phase(installation):
    got = _by_span(turnarounds(installation, "2025-05", NOORD))
    assert got == {
        # 3, 34, 66, 116: median (34 + 66) / 2; p90 at rank 2.7: 66 + 0.7 × (116 − 66)
        Span.FIRST_CONTACT: (4, 50.0, pytest.approx(101.0), 0),
        Span.DECISION: (1, 18.0, 18.0, 1),  # s1; s6 out of order; s8 has no first conversation
        Span.PLAN: (1, 10.0, 10.0, 0),
        Span.SUBMISSION: (1, 304.0, 304.0, 0),
        Span.GRANT: (1, 13.0, 13.0, 0),
        Span.CLOSURE: (1, 509.0, 509.0, 0),
    }


def test_turnaround_scope_and_an_empty_period(installation):
    everyone = _by_span(turnarounds(installation, "2025-05"))
    # s7 of Zuid adds 9: 3, 9, 34, 66, 116: median 34; p90 at rank 3.6: 66 + 0.6 × 50
    assert everyone[Span.FIRST_CONTACT] == (5, 34.0, pytest.approx(96.0), 0)
    empty = _by_span(turnarounds(installation, "2025-02", NOORD))
    assert set(empty.values()) == {(0, None, None, 0)}


def test_the_first_conversation_phase_is_the_waiting_time_kpi(installation):
    from metrics.compute import compute

    (kpi,) = compute(installation, "wachttijd_eerste_gesprek_mediaan", "2025-05", scope=NOORD)
    (first,) = [f for f in turnarounds(installation, "2025-05", NOORD) if f.span is Span.FIRST_CONTACT]
    assert (first.median, first.records) == (kpi.value, kpi.records)


def test_waiting_days_in_buckets(installation):
    got = waiting_days(installation, "2025-05", NOORD)
    assert [b.label for b in got.buckets] == [
        "0–7", "8–14", "15–21", "22–28", "29–35", "36–42", "43–56", "57–84", "meer dan 84",
    ]  # fmt: skip
    assert got.regular == [0, 0, 0, 0, 1, 0, 0, 1, 1]  # s2 (34), s6 (66), s1 (116)
    assert got.crisis == [1, 0, 0, 0, 0, 0, 0, 0, 0]  # s3 (3)
    assert (got.regular_median, got.crisis_median, got.total, got.term_days) == (66.0, 3.0, 4, 28)


def test_the_term_is_always_a_bucket_boundary(installation):
    with db.get_engine(installation).begin() as conn:
        q.write_setting(conn, "first_contact_term_days", "30", "tester")
    got = waiting_days(installation, "2025-05", NOORD)
    assert got.term_days == 30
    assert [b.label for b in got.buckets][3:6] == ["22–28", "29–30", "31–35"]
    assert got.regular[5] == 1  # s2 (34 days) is now past the term bucket


def test_day_buckets_and_counts():
    buckets = day_buckets((7, 14), term=10)
    assert buckets == [DayBucket(0, 7), DayBucket(8, 10), DayBucket(11, 14), DayBucket(15, None)]
    assert bucket_counts({0: 1, 7: 2, 8: 3, 10: 4, 11: 5, 14: 6, 15: 7, 400: 8, -2: 9}, buckets) == [12, 7, 11, 15]


def test_new_settings_have_defaults_and_are_validated():
    loaded = metric_settings.load({})
    assert (loaded.stalled_plan_days, loaded.stalled_stabilisation_days, loaded.stalled_settlement_days) == (
        28, 365, 120,
    )  # fmt: skip
    assert loaded.forecast_window_months == 6
    assert metric_settings.load({"forecast_window_months": "3"}).forecast_window_months == 3
    for name in (
        "stalled_plan_days",
        "stalled_stabilisation_days",
        "stalled_settlement_days",
        "forecast_window_months",
    ):
        with pytest.raises(metric_settings.SettingError, match="geheel getal"):
            metric_settings.encode(name, 0)
