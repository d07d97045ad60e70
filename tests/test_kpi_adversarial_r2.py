"""Adversarial check, round 2: KPIs computed by hand from kpi-catalogue.md, compared with the product.

No defect was found in this round, so these tests pass: they pin the hand computations of the edge cases
that were checked (a running period's as_of from the latest import, crisis terms over Good Friday and
Liberation Day, a holiday override and a stricter term recomputing stored deadlines, caseload per fte).
"""

from __future__ import annotations

from datetime import date

import pytest

from metrics.compute import compute_all
from store import metrics_queries as q
from store.db import get_engine
from tests.metrics_helpers import by_kpi, case, insert_rows
from tests.test_forecast import import_batch

NOORD, ZUID = "Schuldhulp Noord", "Schuldhulp Zuid"

# Q2 2025 is running on 10 June 2025; the latest import of cases runs through 15 May 2025.
# Catalogue: "`as_of` (peildatum) is the last day of P; for a period that is not over yet, the date of the
# latest import of the dataset concerned." So as_of = 2025-05-15.
CASES = [
    # D1 crisis, registered Friday 2 May 2025. "in crisis, the third working day after registered_on";
    # Mon 5 May is Liberation Day ("Liberation Day (5 May, every year)"): Tue 6, Wed 7, Thu 8 -> 8 May.
    # First conversation 9 May: due (first_contact_on <= as_of) and late.
    case("D1", "2025-05-02", crisis=True, first_contact_on="2025-05-09"),
    # D2 registered Thu 3 Apr; +28 = Thu 1 May, a working day -> deadline 1 May <= as_of, no conversation:
    # due and late; on the waiting list on 15 May, past its term (1 May < 15 May), waiting 42 days.
    case("D2", "2025-04-03", crisis=False),
    # D3 registered in Q1; conversation 28 Apr; rejection dated 24 Jun (in P, so it counts for afwijzingen:
    # "cases with decision_on in P and decision = afwijzing"); in the caseload on 15 May.
    case("D3", "2025-03-29", team=ZUID, first_contact_on="2025-04-28", decision_on="2025-06-24",
         decision="afwijzing"),
    # D4 crisis registered on Good Friday 18 Apr: Easter Monday 21 Apr skipped -> Tue 22, Wed 23, Thu 24.
    # Conversation 24 Apr: on time ("Meeting a deadline on the day itself is on time"). Closed 30 Apr
    # "ingetrokken" before its decision deadline (24 Apr + 56 = 19 Jun) without a decision: left out of
    # beschikking_tijdig_pct. Turnaround 30 Apr - 18 Apr = 12 days.
    case("D4", "2025-04-18", team=ZUID, crisis=True, first_contact_on="2025-04-24", closed_on="2025-04-30",
         close_reason="ingetrokken"),
]  # fmt: skip


@pytest.fixture
def running_quarter(db_url):
    insert_rows(db_url, "cases", CASES)
    import_batch(db_url, "2025-05-15")
    return db_url


def test_running_quarter_by_hand(running_quarter):
    got = by_kpi(compute_all(running_quarter, "2025-Q2", today=date(2025, 6, 10)))
    assert got["aanmeldingen"].as_of == date(2025, 5, 15)
    assert got["aanmeldingen"].value == 3  # D1, D2, D4 registered in Q2
    assert got["aanmeldingen_crisis"].value == 2  # D1, D4
    # eerste_gesprek_tijdig_pct: due D1, D2, D4; on time D4 only -> 1 / 3
    r = got["eerste_gesprek_tijdig_pct"]
    assert (r.numerator, r.denominator) == (1, 3)
    # median of first_contact_on - registered_on over first conversations in Q2: D4 6, D1 7, D3 30 -> 7
    assert got["wachttijd_eerste_gesprek_mediaan"].value == 7
    # beschikking_tijdig_pct: D1 (deadline 4 Jul) and D3 (deadline 23 Jun, decision 24 Jun > as_of) not yet
    # due; D4 closed before its decision deadline -> 0 / 0, no value
    r = got["beschikking_tijdig_pct"]
    assert (r.value, r.denominator) == (None, 0)
    assert got["afwijzingen"].value == 1
    assert got["wachtlijst"].value == 1 and got["wachtlijst_over_termijn"].value == 1  # D2
    assert got["wachtlijst_wachttijd_gem"].value == 42  # 15 May - 3 Apr
    assert got["caseload"].value == 2  # D1, D3
    assert got["uitstroom"].value == 1 and got["uitval_pct"].value == 100
    assert got["doorlooptijd_mediaan"].value == 12


def test_override_and_stricter_term_recompute_deadlines(db_url):
    # a: Mon 3 Mar + 28 = Mon 31 Mar, conversation that day: on time; b: conversation 6 Mar (3 days)
    insert_rows(db_url, "cases", [case("a", "2025-03-03", first_contact_on="2025-03-31"),
                                  case("b", "2025-03-03", first_contact_on="2025-03-06")])  # fmt: skip
    today = date(2025, 6, 1)
    assert by_kpi(compute_all(db_url, "2025-Q1", today=today))["eerste_gesprek_tijdig_pct"].value == 100
    engine = get_engine(db_url)
    with engine.begin() as conn:  # "The terms are settings (a municipality may set stricter ones)"
        q.write_setting(conn, "first_contact_term_days", "14", "tester")
    # 3 Mar + 14 = Mon 17 Mar: a late, b on time -> 50
    assert by_kpi(compute_all(db_url, "2025-Q1", today=today))["eerste_gesprek_tijdig_pct"].value == 50
    with engine.begin() as conn:  # "an administrator can add or remove single dates"
        q.write_holiday_override(conn, date(2025, 3, 17), q.HolidayAction.ADD, "tester")
    # 17 Mar is now not a working day -> deadline Tue 18 Mar: still a late (31 Mar), b on time -> 50
    assert by_kpi(compute_all(db_url, "2025-Q1", today=today))["eerste_gesprek_tijdig_pct"].value == 50


def test_caseload_per_fte_by_hand(db_url):
    rows = [case(f"a{i}", "2025-01-06", consultant="A", first_contact_on="2025-01-10") for i in range(3)]
    rows += [case(f"b{i}", "2025-01-06", consultant="B", team=ZUID, municipality="9903",
                  first_contact_on="2025-01-10") for i in range(2)]  # fmt: skip
    insert_rows(db_url, "cases", rows)
    insert_rows(db_url, "staffing", [
        {"month": "2025-03-01", "team": NOORD, "consultant": "A", "fte": 0.5},
        {"month": "2025-03-01", "team": ZUID, "consultant": "B", "fte": 1.0},
        {"month": "2025-02-01", "team": ZUID, "consultant": "B", "fte": 2.0},  # not the month of as_of
    ])  # fmt: skip
    # "caseload / total fte in staffing for the month of as_of (same breakdown)": as_of 31 Mar
    got = by_kpi(compute_all(db_url, "2025-Q1", kpis=["caseload_per_fte"], today=date(2025, 6, 1)))
    assert got["caseload_per_fte"].value == pytest.approx(5 / 1.5)
    per = {r.group: r.value for r in compute_all(db_url, "2025-Q1", by="consultant", kpis=["caseload_per_fte"],
                                                 today=date(2025, 6, 1))}  # fmt: skip
    assert per["A"] == pytest.approx(3 / 0.5) and per["B"] == pytest.approx(2 / 1.0)
