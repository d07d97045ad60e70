"""Property-based tests (hypothesis) of the KPI layer on random small installations in SQLite.

Invariants that hold for any data: a breakdown's counts (and a percentage's or mean's numerator and
denominator) add up to the total; percentages stay within 0–100 (the NPS within −100…100); a numerator
never exceeds its denominator; on any reference date the waiting list and the caseload are exactly the
cases the catalogue's definitions name, so a case moves from the waiting list to the caseload on its
first-conversation date; medians and the 90th percentile are those of the records' day counts
(``statistics.median``, and numpy's linear interpolation written out in plain Python here).

One SQLite database serves the whole module; every example empties the tables and inserts its own rows.
"""

from __future__ import annotations

import statistics
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete

from metrics import compute
from metrics.compute import KpiResult, compute_all
from metrics.drilldown import drilldown
from metrics.periods import Granularity, Period
from metrics.registry import Statistic, Unit
from store import db
from store.models import DATASET_TABLES
from tests.metrics_helpers import insert_rows

TEAMS = ["Schuldhulp Noord", "Schuldhulp Zuid", "Budgetbeheer", None]
MUNICIPALITIES = ["9901", "9902", "9903", "9904", None]
CONSULTANTS = ["Consulent A", "Consulent B", None]
REASONS = ["afgerond", "zelf", "ingetrokken", "niet_verschenen", "voldoet_niet", "verhuisd", "overig", None]
RESULTS = ["advies_quick_fix", "vervolghulp_financieel", "geen_contact", "geen_hulp_nodig", None]
START = date(2024, 11, 1)  # registrations from here, over about eight months
PERIODS = ["2025-02", "2025-Q1", "2025"]
TODAY = date(2026, 6, 1)
RUN = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

day_offsets = st.integers(min_value=0, max_value=240)


def later(base: date, low: int, high: int) -> st.SearchStrategy[date | None]:
    return st.none() | st.integers(min_value=low, max_value=high).map(lambda n: base + timedelta(days=n))


@st.composite
def case_rows(draw: st.DrawFn, case_id: str) -> dict:
    registered = START + timedelta(days=draw(day_offsets))
    first = draw(later(registered, 0, 60))
    decision_on = draw(later(first, 0, 90)) if first else None
    return {
        "case_id": case_id,
        "team": draw(st.sampled_from(TEAMS)),
        "municipality": draw(st.sampled_from(MUNICIPALITIES)),
        "consultant": draw(st.sampled_from(CONSULTANTS)),
        "registered_on": registered,
        "crisis": draw(st.sampled_from([True, False, None])),
        "first_contact_on": first,
        "decision_on": decision_on,
        "decision": draw(st.sampled_from(["toelating", "afwijzing"])) if decision_on else None,
        "plan_on": draw(later(registered, 0, 150)),
        "settlement_submitted_on": draw(later(registered, 0, 300)),
        "settlement_granted_on": draw(later(registered, 0, 300)),
        "settlement_rejected_on": draw(later(registered, 0, 300)),
        "settlement_withdrawn_on": draw(later(registered, 0, 300)),
        "forced_settlement": draw(st.sampled_from([True, False, None])),
        "closed_on": (closed := draw(later(registered, 0, 200))),
        "close_reason": draw(st.sampled_from(REASONS)) if closed else None,
    }


@st.composite
def installations(draw: st.DrawFn) -> dict[str, list[dict]]:
    n = draw(st.integers(min_value=0, max_value=14))
    cases = [draw(case_rows(f"c{i:02d}")) for i in range(n)]
    guidance = [
        {"case_id": c["case_id"], "kind": "budgetbeheer", "started_on": start,
         "ended_on": draw(later(start, 0, 200)) if start else None}
        for c in cases
        if draw(st.booleans())
        for start in [draw(later(c["registered_on"], 0, 60))]
    ]  # fmt: skip
    signal_cases = []
    for i in range(draw(st.integers(min_value=0, max_value=8))):
        matched = START + timedelta(days=draw(day_offsets))
        picked = draw(later(matched, 0, 40))
        signal_cases.append({
            "signal_case_id": f"s{i}", "municipality": draw(st.sampled_from(MUNICIPALITIES)), "matched_on": matched,
            "signal_count": draw(st.sampled_from([1, 2, 3, None])), "picked_up_on": picked,
            "reached_on": draw(later(picked, 0, 30)) if picked else None, "result": draw(st.sampled_from(RESULTS)),
        })  # fmt: skip
    responses = [
        {"response_id": f"r{i}", "responded_on": START + timedelta(days=draw(day_offsets)),
         "team": draw(st.sampled_from(TEAMS)), "municipality": draw(st.sampled_from(MUNICIPALITIES)),
         "score": draw(st.none() | st.integers(1, 10).map(float)), "nps_score": draw(st.none() | st.integers(0, 10))}
        for i in range(draw(st.integers(min_value=0, max_value=6)))
    ]  # fmt: skip
    return {"cases": cases, "case_guidance": guidance, "signal_cases": signal_cases, "satisfaction": responses}


@pytest.fixture(scope="module")
def store_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('properties') / 'store.sqlite'}"
    db.ready_engine(url)
    yield url
    db.get_engine(url).dispose()


def load(url: str, rows: dict[str, list[dict]]) -> None:
    """Replace the installation's records with ``rows``."""
    with db.get_engine(url).begin() as conn:
        for dataset in ("cases", "case_guidance", "signal_cases", "signals", "satisfaction", "staffing"):
            conn.execute(delete(DATASET_TABLES[dataset]))
    for dataset, records in rows.items():
        insert_rows(url, dataset, records)


def _by_kpi(results: list[KpiResult]) -> dict[str, list[KpiResult]]:
    out: dict[str, list[KpiResult]] = {}
    for r in results:
        out.setdefault(r.kpi, []).append(r)
    return out


# ---------------------------------------------------------------------------------------------- sums


@RUN
@given(rows=installations(), period=st.sampled_from(PERIODS), by=st.sampled_from(["team", "municipality", "consultant"]))
def test_a_breakdown_adds_up_to_the_total(store_url, rows, period, by):
    load(store_url, rows)
    total = {r.kpi: r for r in compute_all(store_url, period, today=TODAY)}
    for kpi, parts in _by_kpi(compute_all(store_url, period, by=by, today=TODAY)).items():
        entry = parts[0].registry_entry
        if any(p.note for p in parts) or entry.needs_staffing:
            continue  # not available for this breakdown, or fte that only some groups have
        if entry.statistic is Statistic.COUNT:
            assert sum(p.value for p in parts) == total[kpi].value, kpi
        if entry.statistic in (Statistic.PERCENTAGE, Statistic.MEAN):
            assert sum(p.numerator for p in parts) == pytest.approx(total[kpi].numerator), kpi
            assert sum(p.denominator for p in parts) == total[kpi].denominator, kpi
        # the records a median is over are split over the groups too
        assert sum(p.records for p in parts) == total[kpi].records, kpi


@RUN
@given(
    rows=installations(),
    split=st.lists(st.sampled_from(PERIODS), min_size=1, max_size=2, unique=True),
    by=st.sampled_from(["team", "municipality", "consultant"]),
    parallel=st.sampled_from([1, 2]),
)
def test_a_split_computation_gives_what_two_computations_give(store_url, rows, split, by, parallel):
    """compute_split takes the totals of the split periods from the groups' sums: the figures must be those of
    compute_periods without and with the breakdown, KPI for KPI, on one core (lazy reads) or several."""
    load(store_url, rows)
    periods = ["2024-12", *PERIODS]
    saved = compute.PARALLEL_QUERIES
    compute.PARALLEL_QUERIES = parallel
    try:
        totals, parts = compute.compute_split(store_url, periods, by, split_periods=split, today=TODAY)
    finally:
        compute.PARALLEL_QUERIES = saved
    assert totals == compute.compute_periods(store_url, periods, today=TODAY)
    assert parts == compute.compute_periods(store_url, split, by, today=TODAY)


# ---------------------------------------------------------------------------------------------- ranges


@RUN
@given(rows=installations(), period=st.sampled_from(PERIODS), by=st.sampled_from([None, "team", "consultant"]))
def test_percentages_stay_in_range_and_numerators_within_denominators(store_url, rows, period, by):
    load(store_url, rows)
    for r in compute_all(store_url, period, by=by, today=TODAY):
        entry = r.registry_entry
        if entry.statistic is Statistic.PERCENTAGE and entry.unit is Unit.NPS:
            assert r.value is None or -100 <= r.value <= 100, r
            assert r.numerator is None or abs(r.numerator) <= r.denominator, r
        elif entry.statistic is Statistic.PERCENTAGE:
            assert r.value is None or 0 <= r.value <= 100, r
            assert r.numerator is None or 0 <= r.numerator <= r.denominator, r
            assert (r.value is None) == (not r.denominator), r
        elif entry.statistic is Statistic.COUNT:
            assert r.value is None or (r.value >= 0 and r.value == int(r.value)), r
        elif r.value is not None and entry.unit is Unit.DAYS:
            assert r.value >= 0, r  # no date before its registration in these rows


# ---------------------------------------------------------------------------------------------- states


def _waiting(c: dict, day: date) -> bool:
    def by(d: date | None) -> bool:
        return d is not None and d <= day

    return c["registered_on"] <= day and not by(c["first_contact_on"]) and not by(c["closed_on"])


def _in_caseload(c: dict, day: date) -> bool:
    fc, closed = c["first_contact_on"], c["closed_on"]
    return fc is not None and fc <= day and not (closed is not None and closed <= day)


def _state_on(url: str, day: date) -> tuple[set[str], set[str]]:
    """The waiting list and the caseload on ``day`` (as the reference date of a period not over yet)."""
    month = Period.containing(day, Granularity.MONTH)
    waiting = drilldown(url, "wachtlijst", month, today=day)
    caseload = drilldown(url, "caseload", month, today=day)
    assert waiting.as_of == caseload.as_of == day
    return {r.record_id for r in waiting.numerator}, {r.record_id for r in caseload.numerator}


@RUN
@given(rows=installations(), offset=st.integers(min_value=1, max_value=200), wait=st.integers(1, 40),
       stays_open=st.booleans(), day=st.integers(min_value=0, max_value=300))  # fmt: skip
def test_a_case_moves_from_the_waiting_list_to_the_caseload_on_its_first_conversation(
    store_url, rows, offset, wait, stays_open, day
):
    # the case followed: registered, first conversation `wait` days later, open or closed long after
    registered = START + timedelta(days=offset)
    first = registered + timedelta(days=wait)
    subject = {"case_id": "subject", "registered_on": registered, "first_contact_on": first,
               "closed_on": None if stays_open else first + timedelta(days=30), "team": "Schuldhulp Noord"}  # fmt: skip
    cases = [*rows["cases"], subject]
    load(store_url, {**rows, "cases": cases})

    waiting, caseload = _state_on(store_url, first - timedelta(days=1))
    assert "subject" in waiting and "subject" not in caseload
    waiting, caseload = _state_on(store_url, first)
    assert "subject" in caseload and "subject" not in waiting

    # and on any day, both lists are exactly what the definitions name
    on = START + timedelta(days=day)
    waiting, caseload = _state_on(store_url, on)
    assert waiting == {c["case_id"] for c in cases if _waiting(c, on)}
    assert caseload == {c["case_id"] for c in cases if _in_caseload(c, on)}


# ---------------------------------------------------------------------------------------------- statistics


def p90(values: list[int]) -> float:
    """numpy.percentile(values, 90) with its default linear interpolation, in plain Python."""
    ordered = sorted(values)
    rank = (len(ordered) - 1) * 90 / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def _days(cases: list[dict], date_column: str, period: Period) -> list[int]:
    return [(c[date_column] - c["registered_on"]).days for c in cases
            if c[date_column] is not None and c[date_column] in period]  # fmt: skip


@RUN
@given(rows=installations(), period=st.sampled_from(PERIODS))
def test_medians_and_the_90th_percentile(store_url, rows, period):
    load(store_url, rows)
    got = {r.kpi: r.value for r in compute_all(store_url, period, today=TODAY)}
    when = Period.parse(period)
    cases = rows["cases"]
    closed = _days(cases, "closed_on", when)
    expected = {
        "doorlooptijd_mediaan": statistics.median(closed) if closed else None,
        "doorlooptijd_p90": p90(closed) if closed else None,
        "wachttijd_eerste_gesprek_mediaan": statistics.median(d) if (d := _days(cases, "first_contact_on", when))
        else None,
        "tijd_tot_plan_mediaan": statistics.median(d) if (d := _days(cases, "plan_on", when)) else None,
    }
    for kpi, want in expected.items():
        assert (got[kpi] is None) == (want is None), kpi
        assert want is None or got[kpi] == pytest.approx(want, abs=1e-9), kpi

