"""Breakdowns, scopes, series and comparisons on a tiny, hand-computed installation (SQLite and PostgreSQL).

The fixture (``ROWS``) spreads a few cases, responses and early-warning records over the three teams and
four municipalities of ``config/installation.toml`` (Schuldhulp Noord serves 9901/9902, Schuldhulp Zuid
9903/9904, Budgetbeheer has no municipality of its own), with a case without a team, one without a
municipality, one without a consultant and signal cases without a (known) municipality. The first quarter
of 2025 is the main period; its reference date is 31 March 2025. Comments give the arithmetic; ``SCENARIOS``
hold, per breakdown and scope, the expected figure of each listed KPI per group, worked out by hand from
the catalogue. One parametrised test checks them all.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import event

from metrics.compute import KpiResult, compute_all, compute_comparison, compute_series
from metrics.periods import Period, series
from store import db
from store.metrics_queries import Scope
from tests.metrics_helpers import case, insert_rows

N = None
NOORD, ZUID, BBH = "Schuldhulp Noord", "Schuldhulp Zuid", "Budgetbeheer"
A, B, C, D = "Consulent A", "Consulent B", "Consulent C", "Consulent D"
TODAY = date(2026, 1, 1)  # every period below is over: as_of is its last day

# First-conversation deadlines: registered_on + 28 days (moved forward to a working day); crisis: the third
# working day after registered_on. Q1 2025 = 1 January .. 31 March 2025, as_of 31 March.
CASES = [
    # n1: Mon 6 Jan + 28 = Mon 3 Feb; conversation 20 Jan (14 days): on time. Open: caseload.
    case("n1", "2025-01-06", team=NOORD, municipality="9901", consultant=A, first_contact_on="2025-01-20"),
    # n2: Mon 3 Feb + 28 = Mon 3 Mar < 31 Mar, no conversation: due and late, waiting 56 days, overdue.
    case("n2", "2025-02-03", team=NOORD, municipality="9902", consultant=B),
    # n3: registered in 2024, closed "afgerond" on 14 Feb: outflow, 102 days (Nov 4 -> Feb 14).
    case("n3", "2024-11-04", team=NOORD, municipality="9901", consultant=A, first_contact_on="2024-11-18",
         closed_on="2025-02-14", close_reason="afgerond"),
    # n4: no consultant. Mon 3 Mar + 28 = Mon 31 Mar; conversation 10 Mar (7 days): on time. Closed
    #     "ingetrokken" on 28 Mar (25 days): outflow and drop-out, not in the caseload.
    case("n4", "2025-03-03", team=NOORD, municipality="9902", consultant=None, first_contact_on="2025-03-10",
         closed_on="2025-03-28", close_reason="ingetrokken"),
    # z1: crisis on Wed 15 Jan: Thu 16, Fri 17, Mon 20 Jan; conversation 21 Jan (6 days): late. Open.
    case("z1", "2025-01-15", team=ZUID, municipality="9903", consultant=C, crisis=True,
         first_contact_on="2025-01-21"),
    # z2: Thu 20 Mar + 28 = Thu 17 Apr, after as_of: waiting 11 days, not overdue, not yet due.
    case("z2", "2025-03-20", team=ZUID, municipality="9904", consultant=C),
    # z3: registered in 2024, closed "zelf" on 21 Mar: 109 days (Dec 2 -> Mar 21).
    case("z3", "2024-12-02", team=ZUID, municipality="9903", consultant=D, first_contact_on="2024-12-16",
         closed_on="2025-03-21", close_reason="zelf"),
    # b1: Budgetbeheer, no consultant. Mon 10 Feb + 28 = Mon 10 Mar; conversation 17 Feb (7 days): on time.
    case("b1", "2025-02-10", team=BBH, municipality="9901", consultant=None, first_contact_on="2025-02-17"),
    # x1: no team. Wed 8 Jan + 28 = Wed 5 Feb; withdrew on 10 Jan (2 days), before its deadline: not due.
    case("x1", "2025-01-08", team=None, municipality="9901", consultant=None, closed_on="2025-01-10",
         close_reason="ingetrokken"),
    # x2: no municipality. Wed 12 Feb + 28 = Wed 12 Mar; conversation 26 Feb (14 days): on time. Open.
    case("x2", "2025-02-12", team=NOORD, municipality=None, consultant=None, first_contact_on="2025-02-26"),
    # y1: a year earlier: registered in Q1 2024, closed "afgerond" 29 Mar 2024 (53 days).
    case("y1", "2024-02-05", team=NOORD, municipality="9901", consultant=A, first_contact_on="2024-02-19",
         closed_on="2024-03-29", close_reason="afgerond"),
]  # fmt: skip

GUIDANCE = [
    {"case_id": "n1", "kind": "budgetbeheer", "started_on": "2025-02-01", "ended_on": "2025-03-31"},  # ended on as_of
    {"case_id": "b1", "kind": "budgetbeheer", "started_on": "2025-03-01"},
]
STAFFING = [  # March 2025: 4.3 fte; the Budgetbeheer row names no consultant
    {"month": "2025-03-01", "team": NOORD, "consultant": A, "fte": 1.0},
    {"month": "2025-03-01", "team": NOORD, "consultant": B, "fte": 0.5},
    {"month": "2025-03-01", "team": ZUID, "consultant": C, "fte": 0.8},
    {"month": "2025-03-01", "team": ZUID, "consultant": D, "fte": 1.0},
    {"month": "2025-03-01", "team": BBH, "consultant": None, "fte": 1.0},
    {"month": "2025-02-01", "team": NOORD, "consultant": A, "fte": 7.0},  # another month: never mixed in
]
SATISFACTION = [
    {"response_id": "r1", "responded_on": "2025-02-01", "team": NOORD, "municipality": "9901", "score": 8.0},
    {"response_id": "r2", "responded_on": "2025-03-01", "team": ZUID, "municipality": "9903", "score": 6.0},
    {"response_id": "r3", "responded_on": "2025-01-20", "team": None, "municipality": "9902", "score": 9.0},
]
SIGNAL_CASES = [  # no team: the team is that of the municipality (installation.toml)
    {"signal_case_id": "s1", "municipality": "9901", "matched_on": "2025-01-10", "picked_up_on": "2025-01-12"},
    {"signal_case_id": "s2", "municipality": "9902", "matched_on": "2025-02-10"},
    {"signal_case_id": "s3", "municipality": "9903", "matched_on": "2025-03-10", "picked_up_on": "2025-03-11"},
    # picked up after as_of: not picked up on 31 March
    {"signal_case_id": "s4", "municipality": "9904", "matched_on": "2025-03-20", "picked_up_on": "2025-04-02"},
    {"signal_case_id": "s5", "municipality": None, "matched_on": "2025-02-01"},
    {"signal_case_id": "s6", "municipality": "9999", "matched_on": "2025-01-01", "picked_up_on": "2025-01-02"},
]  # fmt: skip
SIGNALS = [
    {"signal_id": "g1", "municipality": "9901", "received_on": "2025-01-05", "partner_type": "huur"},
    {"signal_id": "g2", "municipality": "9901", "received_on": "2025-01-09", "partner_type": "zorg"},
    {"signal_id": "g3", "municipality": "9903", "received_on": "2025-03-05", "partner_type": "energie"},
    {"signal_id": "g4", "municipality": "9902", "received_on": "2025-02-01", "partner_type": "water"},
]
ROWS = {
    "cases": CASES,
    "case_guidance": GUIDANCE,
    "staffing": STAFFING,
    "satisfaction": SATISFACTION,
    "signal_cases": SIGNAL_CASES,
    "signals": SIGNALS,
}

# ---------------------------------------------------------------------------------------------- expected
# kpi -> {group: value} or {group: (value, numerator, denominator)}; every group of the result is listed.
BY_TEAM = {
    # registered in Q1: Noord n1 n2 n4 x2, Zuid z1 z2, Budgetbeheer b1, no team x1 (8 in all)
    "aanmeldingen": {BBH: 1, NOORD: 4, ZUID: 2, N: 1},
    # due: Noord n1 n2 n4 x2 (on time n1 n4 x2); Zuid z1 (late); Budgetbeheer b1 (on time); x1 withdrew in time
    "eerste_gesprek_tijdig_pct": {BBH: (100.0, 1, 1), NOORD: (75.0, 3, 4), ZUID: (0.0, 0, 1), N: (N, 0, 0)},
    # conversations in Q1: Noord n1 14, n4 7, x2 14; Zuid z1 6; Budgetbeheer b1 7
    "wachttijd_eerste_gesprek_mediaan": {BBH: 7.0, NOORD: 14.0, ZUID: 6.0, N: N},
    "wachtlijst": {BBH: 0, NOORD: 1, ZUID: 1, N: 0},  # n2, z2
    "wachtlijst_over_termijn": {BBH: 0, NOORD: 1, ZUID: 0, N: 0},  # n2
    "wachtlijst_wachttijd_gem": {BBH: (N, 0, 0), NOORD: (56.0, 56, 1), ZUID: (11.0, 11, 1), N: (N, 0, 0)},
    # on 31 March: Noord n1 x2, Zuid z1, Budgetbeheer b1
    "caseload": {BBH: 1, NOORD: 2, ZUID: 1, N: 0},
    # March fte: Noord 1.5, Zuid 1.8, Budgetbeheer 1.0; no staffing for cases without a team
    "caseload_per_fte": {BBH: (1.0, 1, 1.0), NOORD: (2 / 1.5, 2, 1.5), ZUID: (1 / 1.8, 1, 1.8), N: (N, 0, N)},
    "budgetbeheer_lopend": {BBH: 1, NOORD: 0, ZUID: 0, N: 0},  # b1; n1's ended on the reference date
    # closed in Q1: Noord n3 (afgerond, 102 days) n4 (ingetrokken, 25); Zuid z3 (zelf, 109); x1 (ingetrokken, 2)
    "uitstroom": {BBH: 0, NOORD: 2, ZUID: 1, N: 1},
    "uitstroom_afgerond_pct": {BBH: (N, 0, 0), NOORD: (50.0, 1, 2), ZUID: (100.0, 1, 1), N: (0.0, 0, 1)},
    "uitval_pct": {BBH: (N, 0, 0), NOORD: (50.0, 1, 2), ZUID: (0.0, 0, 1), N: (100.0, 1, 1)},
    "doorlooptijd_mediaan": {BBH: N, NOORD: 63.5, ZUID: 109.0, N: 2.0},
    "kto_respons": {BBH: 0, NOORD: 1, ZUID: 1, N: 1},  # r1, r2, r3 (no team)
    # signals by the team of their municipality: Noord g1 g2 (9901) g4 (9902); Zuid g3 (9903)
    "signalen": {BBH: 0, NOORD: 3, ZUID: 1, N: 0},
    # Noord s1 s2; Zuid s3 s4; no team: s5 (no municipality), s6 (9999, unknown to the installation)
    "meldingen": {BBH: 0, NOORD: 2, ZUID: 2, N: 2},
    "opgepakt_pct": {BBH: (N, 0, 0), NOORD: (50.0, 1, 2), ZUID: (50.0, 1, 2), N: (50.0, 1, 2)},
}

BY_MUNICIPALITY = {
    # 9901 n1 b1 x1; 9902 n2 n4; 9903 z1; 9904 z2; no municipality x2
    "aanmeldingen": {"9901": 3, "9902": 2, "9903": 1, "9904": 1, "9999": 0, N: 1},
    "eerste_gesprek_tijdig_pct": {"9901": (100.0, 2, 2), "9902": (50.0, 1, 2), "9903": (0.0, 0, 1),
                                  "9904": (N, 0, 0), "9999": (N, 0, 0), N: (100.0, 1, 1)},
    "caseload": {"9901": 2, "9902": 0, "9903": 1, "9904": 0, "9999": 0, N: 1},  # n1 b1 / z1 / x2
    "caseload_per_fte": {N: (N, N, N)},  # staffing has no municipality: one empty result
    "uitstroom": {"9901": 2, "9902": 1, "9903": 1, "9904": 0, "9999": 0, N: 0},  # n3 x1 / n4 / z3
    "doorlooptijd_mediaan": {"9901": 52.0, "9902": 25.0, "9903": 109.0, "9904": N, "9999": N, N: N},
    "kto_respons": {"9901": 1, "9902": 1, "9903": 1, "9904": 0, "9999": 0, N: 0},
    "signalen": {"9901": 2, "9902": 1, "9903": 1, "9904": 0, "9999": 0, N: 0},
    "meldingen": {"9901": 1, "9902": 1, "9903": 1, "9904": 1, "9999": 1, N: 1},
    "opgepakt_pct": {"9901": (100.0, 1, 1), "9902": (0.0, 0, 1), "9903": (100.0, 1, 1), "9904": (0.0, 0, 1),
                     "9999": (100.0, 1, 1), N: (0.0, 0, 1)},
}  # fmt: skip

BY_CONSULTANT = {
    # consultants seen in Q1: A (n1, n3), B (n2), C (z1, z2), D (z3); no consultant n4 b1 x1 x2
    "aanmeldingen": {A: 1, B: 1, C: 2, D: 0, N: 4},
    "eerste_gesprek_tijdig_pct": {A: (100.0, 1, 1), B: (0.0, 0, 1), C: (0.0, 0, 1), D: (N, 0, 0),
                                  N: (100.0, 3, 3)},
    "wachtlijst": {A: 0, B: 1, C: 1, D: 0, N: 0},
    "caseload": {A: 1, B: 0, C: 1, D: 0, N: 2},  # n1 / z1 / b1 x2
    # fte per consultant; "no consultant" has the Budgetbeheer row (1.0) and cases b1, x2
    "caseload_per_fte": {A: (1.0, 1, 1.0), B: (0.0, 0, 0.5), C: (1.25, 1, 0.8), D: (0.0, 0, 1.0),
                         N: (2.0, 2, 1.0)},
    "uitstroom": {A: 1, B: 0, C: 0, D: 1, N: 2},  # n3 / z3 / n4 x1
    "signalen": {N: N},  # early-warning records name no consultant: one empty result
    "kto_respons": {N: N},
}  # fmt: skip

TOTAL_NOORD = {  # scope: team Schuldhulp Noord only
    "aanmeldingen": {N: 4},
    "caseload": {N: 2},
    "caseload_per_fte": {N: (2 / 1.5, 2, 1.5)},  # Noord's staffing only
    "uitstroom": {N: 2},
    "kto_respons": {N: 1},
    "signalen": {N: 3},  # the municipalities Noord serves: 9901 and 9902
    "meldingen": {N: 2},
    "opgepakt_pct": {N: (50.0, 1, 2)},
}
BY_TEAM_NOORD = {kpi: {NOORD: groups[N]} for kpi, groups in TOTAL_NOORD.items()}
TOTAL_9903 = {  # scope: municipality 9903 only
    "aanmeldingen": {N: 1},  # z1
    "caseload": {N: 1},
    "caseload_per_fte": {N: (N, N, N)},  # staffing knows no municipality: not shown
    "uitstroom": {N: 1},  # z3
    "doorlooptijd_mediaan": {N: 109.0},
    "kto_respons": {N: 1},
    "signalen": {N: 1},
    "meldingen": {N: 1},
    "opgepakt_pct": {N: (100.0, 1, 1)},
}
ZUID_IN_9901_9903_BY_MUNICIPALITY = {  # both restrictions apply: Zuid's records in 9903 (9901 is not Zuid's)
    "aanmeldingen": {"9903": 1},
    "uitstroom": {"9903": 1},
    "signalen": {"9903": 1},
    "meldingen": {"9903": 1},
    "kto_respons": {"9903": 1},
}
TOTAL_BUDGETBEHEER = {  # a team that serves no municipality of its own sees no early-warning records
    "aanmeldingen": {N: 1},
    "caseload": {N: 1},
    "budgetbeheer_lopend": {N: 1},
    "caseload_per_fte": {N: (1.0, 1, 1.0)},
    "signalen": {N: 0},
    "meldingen": {N: 0},
}
NOTHING = {  # an empty scope shows nothing
    "aanmeldingen": {N: 0},
    "caseload": {N: 0},
    "caseload_per_fte": {N: (N, 0, N)},
    "signalen": {N: 0},
    "kto_respons": {N: 0},
}

Q1 = "2025-Q1"
SCENARIOS = {
    "by team": (Q1, "team", None, BY_TEAM),
    "by municipality": (Q1, "municipality", None, BY_MUNICIPALITY),
    "by consultant": (Q1, "consultant", None, BY_CONSULTANT),
    "scope Noord": (Q1, None, Scope.of(teams=[NOORD]), TOTAL_NOORD),
    "scope Noord by team": (Q1, "team", Scope.of(teams=[NOORD]), BY_TEAM_NOORD),
    "scope 9903": (Q1, None, Scope.of(municipalities=["9903"]), TOTAL_9903),
    "scope Zuid and 9901/9903 by municipality": (
        Q1, "municipality", Scope.of(teams=[ZUID], municipalities=["9901", "9903"]),
        ZUID_IN_9901_9903_BY_MUNICIPALITY,
    ),
    "scope Budgetbeheer": (Q1, None, Scope.of(teams=[BBH]), TOTAL_BUDGETBEHEER),
    "empty scope": (Q1, None, Scope.of(teams=[]), NOTHING),
}  # fmt: skip


@pytest.fixture
def installation(db_url):
    for dataset, rows in ROWS.items():
        insert_rows(db_url, dataset, rows)
    return db_url


def _same(got: float | None, want: float | None) -> bool:
    return (got is None) == (want is None) and (got is None or got == pytest.approx(want, abs=1e-9))


def _as_expected(results: list[KpiResult], expected: dict) -> dict:
    """Mismatches between results and ``expected`` (kpi -> group -> value or triple), as a dict."""
    got: dict[str, dict] = {}
    for r in results:
        assert r.group not in got.setdefault(r.kpi, {}), f"{r.kpi}: group {r.group} twice"
        got[r.kpi][r.group] = (r.value, r.numerator, r.denominator)
    mismatches: dict = {}
    for kpi, groups in expected.items():
        if set(got[kpi]) != set(groups):
            mismatches[kpi] = ("groups", sorted(got[kpi], key=str), sorted(groups, key=str))
            continue
        for group, want in groups.items():
            figures = got[kpi][group] if isinstance(want, tuple) else got[kpi][group][:1]
            wanted = want if isinstance(want, tuple) else (want,)
            if not all(_same(g, w) for g, w in zip(figures, wanted, strict=True)):
                mismatches[(kpi, group)] = (figures, wanted)
    return mismatches


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_breakdowns_and_scopes_as_computed_by_hand(installation, scenario):
    period, by, scope, expected = SCENARIOS[scenario]
    results = compute_all(installation, period, by=by, scope=scope, today=TODAY)
    assert _as_expected(results, expected) == {}


@pytest.mark.parametrize("by", ["team", "municipality", "consultant"])
def test_breakdown_counts_add_up_to_the_total(installation, by):
    total = {r.kpi: r for r in compute_all(installation, Q1, today=TODAY)}
    parts: dict[str, list[KpiResult]] = {}
    for r in compute_all(installation, Q1, by=by, today=TODAY):
        parts.setdefault(r.kpi, []).append(r)
    checked = 0
    for kpi, rows in parts.items():
        if rows[0].registry_entry.statistic.is_count and rows[0].value is not None:
            assert sum(r.value for r in rows) == total[kpi].value, kpi
            checked += 1
        elif rows[0].numerator is not None and kpi != "caseload_per_fte":  # fte of unknown groups differ
            assert sum(r.numerator for r in rows) == total[kpi].numerator, kpi
            assert sum(r.denominator for r in rows) == total[kpi].denominator, kpi
    assert checked >= 10


def test_scope_is_in_the_sql_sent_to_the_database(installation):
    """The restriction is applied by the database (bound parameters in WHERE), not filtered afterwards."""
    engine = db.get_engine(installation)
    seen: list[tuple[str, list]] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        values = list(parameters.values()) if isinstance(parameters, dict) else list(parameters or ())
        seen.append((statement.lower(), values))

    event.listen(engine, "before_cursor_execute", record)
    try:
        compute_all(engine, Q1, by="team", scope=Scope.of(teams=[ZUID]), today=TODAY)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    reads = [(s, p) for s, p in seen if s.lstrip().startswith("select") and " group by " in s]
    case_reads = [(s, p) for s, p in reads if "from cases" in s or "join cases" in s]
    teamless_reads = [(s, p) for s, p in reads if "from signal_cases" in s or "from signals" in s]
    assert case_reads and teamless_reads
    for statement, params in case_reads:
        assert "team in" in statement and ZUID in params and NOORD not in params, statement
    for statement, params in teamless_reads:  # Zuid's municipalities
        assert "municipality in" in statement, statement
        assert {"9903", "9904"} <= set(params) and not {"9901", "9902"} & set(params), statement


# ---------------------------------------------------------------------------------------------- series

# caseload per month end (Jan 31: n1 n3 | z1 z3; Feb 28: n1 x2 | z1 z3 | b1; Mar 31: n1 x2 | z1 | b1)
# and registrations per month (Jan n1 x1 z1; Feb n2 b1 x2; Mar n4 z2)
MONTHLY = {
    "2025-01": {"caseload": {BBH: 0, NOORD: 2, ZUID: 2, N: 0}, "aanmeldingen": {BBH: 0, NOORD: 1, ZUID: 1, N: 1}},
    "2025-02": {"caseload": {BBH: 1, NOORD: 2, ZUID: 2, N: 0}, "aanmeldingen": {BBH: 1, NOORD: 2, ZUID: 0, N: 0}},
    "2025-03": {"caseload": {BBH: 1, NOORD: 2, ZUID: 1, N: 0}, "aanmeldingen": {BBH: 0, NOORD: 1, ZUID: 1, N: 0}},
}


def test_series_by_month_as_computed_by_hand(installation):
    results = compute_series(installation, ["2025-01", "2025-02", "2025-03"], by="team",
                             kpis=["caseload", "aanmeldingen"], today=TODAY)  # fmt: skip
    for month, expected in MONTHLY.items():
        of_month = [r for r in results if r.period == Period.parse(month)]
        assert {r.as_of for r in of_month} == {Period.parse(month).last_day}
        assert _as_expected(of_month, expected) == {}, month


def _key(r: KpiResult) -> tuple:
    return (r.kpi, str(r.period), r.group)


def _figures(results: list[KpiResult]) -> dict[tuple, tuple]:
    return {_key(r): (r.as_of, r.value, r.numerator, r.denominator, r.records, r.note) for r in results}


def _agree(together: list[KpiResult], separately: list[KpiResult]) -> None:
    """Results of one call for several periods against one call per period.

    One call lists every group that any of its periods has in each period (a steady set of lines for a
    chart); in a period where such a group has no records, its figures are empty.
    """
    one_call, one_by_one = _figures(together), _figures(separately)
    assert {k: one_call.get(k) for k in one_by_one} == one_by_one
    extra = {k: v for k, v in one_call.items() if k not in one_by_one}
    assert all(value in (0, None) and records == 0 for _, value, _, _, records, _ in extra.values()), extra


@pytest.mark.parametrize(
    ("last", "count", "by", "today"),
    [
        ("2025-06", 12, "team", TODAY),  # 12 consecutive months, all over
        ("2025-Q2", 6, "municipality", TODAY),  # quarters
        ("2025-04", 6, "consultant", date(2025, 3, 15)),  # the last months are not over (as_of = today)
        ("2025", 3, None, TODAY),
    ],
)
def test_series_gives_the_same_numbers_as_one_call_per_period(installation, last, count, by, today):
    periods = series(last, count)
    together = compute_series(installation, periods, by=by, today=today)
    one_by_one = [r for p in periods for r in compute_all(installation, p, by=by, today=today)]
    _agree(together, one_by_one)


# ---------------------------------------------------------------------------------------------- comparison

# kpi -> (current, previous, a year earlier); totals without breakdown
COMPARISONS = {
    # Q1 2025 against Q4 2024 and Q1 2024
    "2025-Q1": {
        "aanmeldingen": (8, 2, 1),  # Q4 2024: n3 z3; Q1 2024: y1
        "caseload": (4, 2, 0),  # 31 Dec 2024: n3 z3; 31 Mar 2024: y1 closed on 29 Mar
        "uitstroom": (4, 0, 1),  # Q1 2024: y1
        "doorlooptijd_mediaan": (63.5, N, 53.0),  # y1: 5 Feb -> 29 Mar 2024
    },
    # January 2025 against December 2024 and January 2024
    "2025-01": {
        "aanmeldingen": (3, 1, 0),  # Dec 2024: z3
        "caseload": (4, 2, 0),  # 31 Jan 2025: n1 n3 z1 z3; 31 Dec 2024: n3 z3
        "uitstroom": (1, 0, 0),  # x1
    },
}


@pytest.mark.parametrize("period", COMPARISONS)
def test_comparison_with_the_period_before_and_a_year_earlier(installation, period):
    kpis = list(COMPARISONS[period])
    comparison = compute_comparison(installation, period, kpis=kpis, today=TODAY)
    current = Period.parse(period)
    assert {r.period for r in comparison.current} == {current}
    assert {r.period for r in comparison.previous} == {current.previous()}
    assert {r.period for r in comparison.year_earlier} == {current.year_earlier()}
    parts = (comparison.current, comparison.previous, comparison.year_earlier)
    got = {kpi: tuple(next(r.value for r in part if r.kpi == kpi) for part in parts) for kpi in kpis}
    expected = COMPARISONS[period]
    assert all(all(_same(g, w) for g, w in zip(got[k], expected[k], strict=True)) for k in kpis), (got, expected)


def test_comparison_agrees_with_separate_calls_by_team(installation):
    comparison = compute_comparison(installation, Q1, by="team", today=TODAY)
    for part, period in ((comparison.current, "2025-Q1"), (comparison.previous, "2024-Q4"),
                         (comparison.year_earlier, "2024-Q1")):  # fmt: skip
        _agree(part, compute_all(installation, period, by="team", today=TODAY))
