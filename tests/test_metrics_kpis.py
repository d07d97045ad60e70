"""Every KPI of the catalogue on a tiny, hand-computed installation, on SQLite and PostgreSQL.

The fixture (``ROWS``) is a handful of cases, each there for one edge of the catalogue; the comments
give the arithmetic. ``EXPECTED`` holds, per scenario (period and reference date), the value, numerator
and denominator of every KPI, worked out by hand from the catalogue's definitions. One parametrised test
checks them all.
"""

from __future__ import annotations

from datetime import date

import pytest

from metrics.compute import compute_all
from metrics.registry import KPIS
from tests.metrics_helpers import by_kpi, case, insert_rows

N = None
TEAM = "Schuldhulp Noord"

# Deadlines (first conversation: registered_on + 28 days, moved forward to a working day; crisis: the third
# working day after registered_on; decision: first_contact_on + 56 days, moved forward) are in the comments.
CASES = [
    # a: registered on a Saturday; +28 is Saturday 10 May -> deadline Monday 12 May; first conversation
    #    on the deadline itself: on time. Decision on its deadline (12 May + 56 = Monday 7 July): on time.
    case("a", "2025-04-12", first_contact_on="2025-05-12", decision_on="2025-07-07", decision="toelating",
         plan_on="2025-06-01", settlement_submitted_on="2025-08-01", settlement_granted_on="2025-10-01",
         forced_settlement=False, closed_on="2025-12-31", close_reason="afgerond"),
    # b: +28 is King's Day, Saturday 26 April 2025 (27 April is a Sunday) -> Monday 28 April: on time.
    #    Decision deadline 23 June; rejected on 24 June: late. Forced settlement granted in November.
    case("b", "2025-03-29", first_contact_on="2025-04-28", decision_on="2025-06-24", decision="afwijzing",
         plan_on="2025-05-20", settlement_submitted_on="2025-03-01", settlement_granted_on="2025-11-01",
         forced_settlement=True),
    # c: +28 is Sunday 27 April (not King's Day in 2025) -> Monday 28 April; conversation on the 29th: late.
    #    Closed ("zelf") on 15 May, before its decision deadline (24 June) without a decision: left out.
    case("c", "2025-03-30", first_contact_on="2025-04-29", closed_on="2025-05-15", close_reason="zelf"),
    # d: +28 is Liberation Day, Monday 5 May -> Tuesday 6 May: on time. Closed before its decision deadline.
    case("d", "2025-04-07", first_contact_on="2025-05-06", closed_on="2025-06-01", close_reason="zelf"),
    # e: +28 is Easter Monday 21 April -> Tuesday 22 April: on time. Decision 20 May (deadline 17 June).
    #    Settlement rejected in September. Budget coaching is not budget management.
    case("e", "2025-03-24", first_contact_on="2025-04-22", decision_on="2025-05-20", decision="toelating",
         plan_on="2026-01-05", settlement_submitted_on="2025-05-01", settlement_rejected_on="2025-09-01"),
    # f1: crisis registered on Friday 2 May: Tue 6, Wed 7, Thu 8 May (5 May is a holiday) -> 8 May;
    #     conversation on the 9th: late. Decision 15 July, deadline Friday 4 July: late.
    #     Settlement withdrawn in February, later granted in June: the withdrawal (earliest) decides.
    case("f1", "2025-05-02", crisis=True, first_contact_on="2025-05-09", decision_on="2025-07-15",
         decision="toelating", settlement_submitted_on="2024-12-01", settlement_withdrawn_on="2025-02-01",
         settlement_granted_on="2025-06-01"),
    # f2: crisis registered on Good Friday 18 April: Easter Monday skipped -> Thursday 24 April: on time.
    #     Decision on its deadline, Thursday 19 June: on time.
    case("f2", "2025-04-18", crisis=True, first_contact_on="2025-04-24", decision_on="2025-06-19",
         decision="toelating"),
    # g: +28 is Monday 30 June, the conversation that day: on time. Moves from the waiting list to the
    #    caseload on 30 June. No decision (deadline 25 August), still open: late on 31 December.
    case("g", "2025-06-02", first_contact_on="2025-06-30", settlement_granted_on="2026-01-15"),
    # h: withdrew before the first conversation, before its deadline (29 July): left out of the percentage.
    case("h", "2025-07-01", closed_on="2025-07-10", close_reason="ingetrokken"),
    # i: no conversation, closed after its deadline (29 August): counts, and late.
    case("i", "2025-08-01", closed_on="2025-09-15", close_reason="niet_verschenen"),
    # j: reopened: it was closed on 1 October, the newer import emptied closed_on. In the caseload, not in
    #    the outflow. Settlement granted and rejected the same day: granted (ties go to granted).
    case("j", "2025-09-01", first_contact_on="2025-09-10", settlement_granted_on="2025-07-01",
         settlement_rejected_on="2025-07-01"),
    # k: waiting on 31 December, deadline Monday 1 December passed: overdue, and late.
    case("k", "2025-11-03"),
    # l: waiting on 31 December, deadline 12 January 2026: not overdue, not yet in the percentage.
    case("l", "2025-12-15"),
    # m: registered in 2024, first conversation in 2025 (21 days). Decision before its deadline (7 March).
    case("m", "2024-12-20", first_contact_on="2025-01-10", decision_on="2025-03-01", decision="toelating",
         plan_on="2025-02-01"),
]  # fmt: skip

GUIDANCE = [
    {"case_id": "a", "kind": "budgetbeheer", "started_on": "2025-06-01"},
    {"case_id": "b", "kind": "budgetbeheer", "started_on": "2025-01-01", "ended_on": "2025-12-31"},
    {"case_id": "e", "kind": "budgetcoaching", "started_on": "2025-01-01"},
    {"case_id": "g", "kind": "budgetbeheer"},  # no start date: left out
]
STAFFING = [
    {"month": "2025-12-01", "team": TEAM, "consultant": "Consulent A", "fte": 1.5},
    {"month": "2025-12-01", "team": TEAM, "consultant": "Consulent B", "fte": 0.5},
    {"month": "2025-11-01", "team": TEAM, "consultant": "Consulent A", "fte": 9.0},
]
SATISFACTION = [
    {"response_id": "r1", "responded_on": "2025-02-01", "team": TEAM, "municipality": "9901", "score": 8.0,
     "nps_score": 9},
    {"response_id": "r2", "responded_on": "2025-05-01", "team": TEAM, "municipality": "9901", "score": 7.5,
     "nps_score": 10},
    {"response_id": "r3", "responded_on": "2025-06-15", "team": TEAM, "municipality": "9901", "score": 6.0,
     "nps_score": 3},
    {"response_id": "r4", "responded_on": "2025-10-01", "team": TEAM, "municipality": "9901", "nps_score": 7},
    {"response_id": "r5", "responded_on": "2024-12-31", "team": TEAM, "municipality": "9901", "score": 1.0},
]  # fmt: skip
SIGNAL_CASES = [
    {"signal_case_id": "s1", "municipality": "9901", "matched_on": "2025-03-01", "signal_count": 1,
     "picked_up_on": "2025-03-05", "reached_on": "2025-03-10", "result": "advies_quick_fix"},
    {"signal_case_id": "s2", "municipality": "9901", "matched_on": "2025-06-01", "signal_count": 3,
     "picked_up_on": "2025-06-02", "result": "geen_contact"},
    {"signal_case_id": "s3", "municipality": "9901", "matched_on": "2025-09-01", "signal_count": 2,
     "result": "niet_opgepakt_herhaald"},
    # reached after the reference date: not reached on 31 December; its result still counts for referrals
    {"signal_case_id": "s4", "municipality": "9902", "matched_on": "2025-12-20", "signal_count": 1,
     "picked_up_on": "2025-12-22", "reached_on": "2026-01-05", "result": "vervolghulp_financieel"},
    {"signal_case_id": "s5", "municipality": "9902", "matched_on": "2025-11-11", "picked_up_on": "2025-11-12",
     "reached_on": "2025-11-20", "result": "geen_hulp_nodig"},
    {"signal_case_id": "s6", "municipality": "9901", "matched_on": "2024-12-01", "signal_count": 1},
]  # fmt: skip
SIGNALS = [
    {"signal_id": "x1", "municipality": "9901", "received_on": "2025-01-15", "partner_type": "huur"},
    {"signal_id": "x2", "municipality": "9901", "received_on": "2025-05-05", "partner_type": "energie"},
    {"signal_id": "x3", "municipality": "9902", "received_on": "2025-11-30", "partner_type": "zorg"},
    {"signal_id": "x4", "municipality": "9901", "received_on": "2024-06-01", "partner_type": "water"},
]

ROWS = {
    "cases": CASES,
    "case_guidance": GUIDANCE,
    "staffing": STAFFING,
    "satisfaction": SATISFACTION,
    "signal_cases": SIGNAL_CASES,
    "signals": SIGNALS,
}

# kpi -> (value, numerator, denominator)
YEAR_2025 = {
    # a b c d e f1 f2 g h i j k l are registered in 2025; f1 and f2 in crisis.
    "aanmeldingen": (13, N, N),
    "aanmeldingen_crisis": (2, N, N),
    # due: a b c d e f1 f2 g (conversation), i (deadline passed, closed after it), j, k; not h (withdrew in
    # time), not l (deadline in 2026). On time: a b d e f2 g j.
    "eerste_gesprek_tijdig_pct": (700 / 11, 7, 11),
    # days to the conversation, for a b c d e f1 f2 g j m: 30 30 30 29 29 7 6 28 9 21 -> (28 + 29) / 2
    "wachttijd_eerste_gesprek_mediaan": (28.5, N, N),
    # due: a b e f1 f2 g j m (c and d closed before their decision deadline); on time: a e f2 m
    "beschikking_tijdig_pct": (50.0, 4, 8),
    "afwijzingen": (1, N, N),
    # on 31 December k and l wait (58 and 16 days); k past its deadline
    "wachtlijst": (2, N, N),
    "wachtlijst_over_termijn": (1, N, N),
    "wachtlijst_wachttijd_gem": (37.0, 74, 2),
    # b e f1 f2 g j m; a closed on the reference date itself is not open
    "caseload": (7, N, N),
    "caseload_per_fte": (3.5, 7, 2.0),
    "budgetbeheer_lopend": (1, N, N),  # a; b ended on the reference date
    "schuldregelingen_ingediend": (3, N, N),  # a b e
    "minnelijke_akkoorden": (3, N, N),  # a, f1 (granted after its withdrawal), j
    "dwangakkoorden": (1, N, N),  # b
    # outcomes in 2025: a b granted, e rejected, f1 withdrawn (before its grant), j granted (tie)
    "schuldregeling_slagingspct": (60.0, 3, 5),
    "uitstroom": (5, N, N),  # a c d h i
    "uitstroom_afgerond_pct": (60.0, 3, 5),
    "uitval_pct": (40.0, 2, 5),
    # 263 46 55 9 45 -> median 46; p90 at rank 3.6: 55 + 0.6 * (263 - 55)
    "doorlooptijd_mediaan": (46.0, N, N),
    "doorlooptijd_p90": (179.8, N, N),
    "tijd_tot_plan_mediaan": (50.0, N, N),  # a 50, b 52, m 43
    "kto_respons": (4, N, N),
    "kto_gemiddeld": (21.5 / 3, 21.5, 3),
    "nps": (25.0, 1, 4),  # promoters r1 r2, detractor r3, passive r4
    "signalen": (3, N, N),
    "meldingen": (5, N, N),
    "meldingen_meervoudig": (2, N, N),
    "opgepakt_pct": (80.0, 4, 5),
    "bereik_pct": (40.0, 2, 5),
    "hulpacceptatie_pct": (50.0, 1, 2),
    "vervolghulp_financieel": (1, N, N),
}

QUARTER_2 = {
    "aanmeldingen": (5, N, N),  # a d f1 f2 g
    "aanmeldingen_crisis": (2, N, N),
    "eerste_gesprek_tijdig_pct": (80.0, 4, 5),  # all five had their conversation by 30 June; f1 late
    "wachttijd_eerste_gesprek_mediaan": (29.0, N, N),  # a b c d e f1 f2 g: 30 30 30 29 29 7 6 28
    # on 30 June: b e f2 due (c closed in time; a d f1 g deadlines later); on time e f2
    "beschikking_tijdig_pct": (200 / 3, 2, 3),
    "afwijzingen": (1, N, N),
    "wachtlijst": (0, N, N),
    "wachtlijst_over_termijn": (0, N, N),
    "wachtlijst_wachttijd_gem": (N, 0, 0),
    "caseload": (7, N, N),  # a b e f1 f2 m, and g whose conversation is on the reference date
    "caseload_per_fte": (N, 7, N),  # no staffing for June
    "budgetbeheer_lopend": (2, N, N),
    "schuldregelingen_ingediend": (1, N, N),
    "minnelijke_akkoorden": (1, N, N),
    "dwangakkoorden": (0, N, N),
    "schuldregeling_slagingspct": (N, 0, 0),  # f1's outcome (its withdrawal) was in Q1
    "uitstroom": (2, N, N),
    "uitstroom_afgerond_pct": (100.0, 2, 2),
    "uitval_pct": (0.0, 0, 2),
    "doorlooptijd_mediaan": (50.5, N, N),
    "doorlooptijd_p90": (54.1, N, N),
    "tijd_tot_plan_mediaan": (51.0, N, N),
    "kto_respons": (2, N, N),
    "kto_gemiddeld": (6.75, 13.5, 2),
    "nps": (0.0, 0, 2),
    "signalen": (1, N, N),
    "meldingen": (1, N, N),
    "meldingen_meervoudig": (1, N, N),
    "opgepakt_pct": (100.0, 1, 1),
    "bereik_pct": (0.0, 0, 1),
    "hulpacceptatie_pct": (N, 0, 0),
    "vervolghulp_financieel": (0, N, N),
}

EMPTY = {
    k.id: ((0, N, N) if k.statistic.is_count else (N, N, N)) for k in KPIS
} | {
    "eerste_gesprek_tijdig_pct": (N, 0, 0),
    "beschikking_tijdig_pct": (N, 0, 0),
    "wachtlijst_wachttijd_gem": (N, 0, 0),
    "caseload_per_fte": (N, 0, N),
    "schuldregeling_slagingspct": (N, 0, 0),
    "uitstroom_afgerond_pct": (N, 0, 0),
    "uitval_pct": (N, 0, 0),
    "kto_gemiddeld": (N, 0, 0),
    "nps": (N, 0, 0),
    "opgepakt_pct": (N, 0, 0),
    "bereik_pct": (N, 0, 0),
    "hulpacceptatie_pct": (N, 0, 0),
}

SCENARIOS = {
    "year 2025": ("2025", date(2026, 6, 1), YEAR_2025),
    "second quarter 2025": ("2025-Q2", date(2026, 6, 1), QUARTER_2),
    "empty period": ("2019-03", date(2026, 6, 1), EMPTY),
}


@pytest.fixture
def installation(db_url):
    for dataset, rows in ROWS.items():
        insert_rows(db_url, dataset, rows)
    return db_url


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_every_kpi_as_computed_by_hand(installation, scenario):
    period, today, expected = SCENARIOS[scenario]
    results = by_kpi(compute_all(installation, period, today=today))
    assert set(results) == set(expected) == {k.id for k in KPIS}
    got = {k: (r.value, r.numerator, r.denominator) for k, r in results.items()}
    mismatches = {
        k: (got[k], want)
        for k, want in expected.items()
        if any(
            (g is None) != (w is None) or (g is not None and g != pytest.approx(w, abs=1e-9))
            for g, w in zip(got[k], want, strict=True)
        )
    }
    assert mismatches == {}


def test_reference_dates(installation):
    results = compute_all(installation, "2025-Q2", today=date(2026, 6, 1))
    assert {r.as_of for r in results} == {date(2025, 6, 30)}
