"""Drill-down: the records behind a KPI's numerator and denominator (case ids, dates, consultant, days over
the term), and that they agree with the figures for every KPI.

``WHO_WAITED`` lists, on the hand-computed installation of ``test_metrics_kpis``, which cases are behind
the legal-term KPIs and how many days each was past its term on the reference date (the day the term was
met, the case was closed, or else the reference date itself); the comments give the arithmetic. The
agreement tests run every KPI on that installation and on the one of ``test_metrics_breakdowns`` (per team
and per municipality), on SQLite and PostgreSQL.
"""

from __future__ import annotations

import statistics
from datetime import date

import pytest

from metrics.compute import KpiResult, compute_all
from metrics.drilldown import Drilldown, DrillRecord, drilldown
from metrics.registry import KPIS, Statistic, Unit
from tests import test_metrics_breakdowns as breakdowns
from tests import test_metrics_kpis as kpis
from tests.metrics_helpers import insert_rows

TODAY = date(2026, 6, 1)

# (kpi, period) -> {"numerator": {case: days over the term}, "denominator": {...}}
WHO_WAITED = {
    # 2025, as_of 31 Dec. First conversation (deadlines in test_metrics_kpis): late are c (29 Apr, deadline
    # 28 Apr: 1 day), f1 (9 May, crisis deadline 8 May: 1), i (no conversation, closed 15 Sep, deadline
    # 29 Aug: 17 days until it was closed), k (still waiting, deadline 1 Dec: 30 days on 31 Dec).
    ("eerste_gesprek_tijdig_pct", "2025"): {
        "numerator": {"a": 0, "b": 0, "d": 0, "e": 0, "f2": 0, "g": 0, "j": 0},
        "denominator": {"a": 0, "b": 0, "d": 0, "e": 0, "f2": 0, "g": 0, "j": 0, "c": 1, "f1": 1, "i": 17, "k": 30},
    },
    # Decision: late are b (24 Jun, deadline 23 Jun: 1), f1 (15 Jul, deadline 4 Jul: 11), g (none, deadline
    # 25 Aug: 128 days on 31 Dec), j (conversation 10 Sep, deadline Wed 5 Nov, none: 56 days).
    ("beschikking_tijdig_pct", "2025"): {
        "numerator": {"a": 0, "e": 0, "f2": 0, "m": 0},
        "denominator": {"a": 0, "e": 0, "f2": 0, "m": 0, "b": 1, "f1": 11, "g": 128, "j": 56},
    },
    ("wachtlijst", "2025"): {"numerator": {"k": 30, "l": 0}, "denominator": None},
    ("wachtlijst_over_termijn", "2025"): {"numerator": {"k": 30}, "denominator": None},
    # the second quarter, as_of 30 June: f1 is the only late first conversation (1 day); of the decisions,
    # b was one day late (a, f1 and g not yet due; c and d closed before their deadline without one)
    ("eerste_gesprek_tijdig_pct", "2025-Q2"): {
        "numerator": {"a": 0, "d": 0, "f2": 0, "g": 0},
        "denominator": {"a": 0, "d": 0, "f2": 0, "g": 0, "f1": 1},
    },
    ("beschikking_tijdig_pct", "2025-Q2"): {
        "numerator": {"e": 0, "f2": 0},
        "denominator": {"e": 0, "f2": 0, "b": 1},
    },
}


@pytest.fixture
def kpi_installation(db_url):
    for dataset, rows in kpis.ROWS.items():
        insert_rows(db_url, dataset, rows)
    return db_url


@pytest.fixture
def breakdown_installation(db_url):
    for dataset, rows in breakdowns.ROWS.items():
        insert_rows(db_url, dataset, rows)
    return db_url


def _over(records: list[DrillRecord] | None) -> dict[str, int | None] | None:
    return None if records is None else {r.record_id: r.days_over_term for r in records}


def test_which_cases_waited_past_the_term(kpi_installation):
    for (kpi, period), expected in WHO_WAITED.items():
        drill = drilldown(kpi_installation, kpi, period, today=TODAY)
        assert {"numerator": _over(drill.numerator), "denominator": _over(drill.denominator)} == expected, (kpi, period)


def test_a_record_carries_id_consultant_and_dates(kpi_installation):
    drill = drilldown(kpi_installation, "wachtlijst_over_termijn", "2025", today=TODAY)
    assert drill.as_of == date(2025, 12, 31)
    (k,) = drill.numerator
    assert (k.record_id, k.team, k.municipality, k.consultant) == ("k", "Schuldhulp Noord", "9901", "Consulent A")
    assert k.values["registered_on"] == date(2025, 11, 3)
    assert k.values["first_contact_deadline"] == date(2025, 12, 1)
    assert k.days_over_term == 30

    (f1,) = [r for r in drilldown(kpi_installation, "eerste_gesprek_tijdig_pct", "2025-Q2", today=TODAY).denominator
             if r.record_id == "f1"]  # fmt: skip
    assert f1.values["crisis"] is True
    assert (f1.values["first_contact_on"], f1.values["first_contact_deadline"]) == (date(2025, 5, 9), date(2025, 5, 8))


def test_a_median_lists_its_records_with_their_day_counts(kpi_installation):
    drill = drilldown(kpi_installation, "wachttijd_eerste_gesprek_mediaan", "2025", today=TODAY)
    assert drill.numerator is None
    assert {r.record_id: r.days for r in drill.denominator} == {
        "a": 30, "b": 30, "c": 30, "d": 29, "e": 29, "f1": 7, "f2": 6, "g": 28, "j": 9, "m": 21}  # fmt: skip


def test_a_group_of_a_breakdown(breakdown_installation):
    # Q1 2025, team Schuldhulp Noord: waiting n2 (deadline 3 Mar, 28 days over on 31 Mar)
    drill = drilldown(breakdown_installation, "wachtlijst", "2025-Q1", group=("team", "Schuldhulp Noord"),
                      today=TODAY)  # fmt: skip
    assert _over(drill.numerator) == {"n2": 28}
    assert drill.numerator[0].consultant == "Consulent B"
    # signal cases have no team: team Schuldhulp Zuid is that of 9903 and 9904
    drill = drilldown(breakdown_installation, "meldingen", "2025-Q1", group=("team", "Schuldhulp Zuid"), today=TODAY)
    assert [(r.record_id, r.team, r.municipality) for r in drill.numerator] == [
        ("s3", "Schuldhulp Zuid", "9903"), ("s4", "Schuldhulp Zuid", "9904")]  # fmt: skip
    # the records without a team: the case without one
    drill = drilldown(breakdown_installation, "uitstroom", "2025-Q1", group=("team", None), today=TODAY)
    assert [r.record_id for r in drill.numerator] == ["x1"]
    with pytest.raises(ValueError, match="consulent"):
        drilldown(breakdown_installation, "signalen", "2025-Q1", group=("consultant", "Consulent A"), today=TODAY)


# ---------------------------------------------------------------------------------------------- agreement


def _p90(values: list[float]) -> float:
    """Linear interpolation between the nearest ranks (numpy's default), in plain Python."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * 0.9
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _close(a: float | None, b: float | None) -> bool:
    return (a is None) == (b is None) and (a is None or abs(a - b) < 1e-9)


def _count(result: KpiResult, num: list | None, den: list | None) -> list[str]:
    if len(num) != result.value or den is not None:
        return [f"count {result.value}, {len(num)} records"]
    return []


def _net_promoter(result: KpiResult, num: list | None, den: list | None) -> list[str]:
    scores = [r.values["nps_score"] for r in den]
    net = sum(s >= 9 for s in scores) - sum(s <= 6 for s in scores)
    if len(den) != result.denominator or net != result.numerator or num is not None:
        return [f"nps {result.numerator}/{result.denominator}, records {net}/{len(den)}"]
    return []


def _percentage(result: KpiResult, num: list | None, den: list | None) -> list[str]:
    problems = []
    if len(num) != result.numerator or len(den) != result.denominator:
        problems.append(f"{result.numerator}/{result.denominator}, records {len(num)}/{len(den)}")
    if not {r.record_id for r in num} <= {r.record_id for r in den}:
        problems.append("a numerator record outside the denominator")
    return problems


def _mean(result: KpiResult, num: list | None, den: list | None, as_of: date) -> list[str]:
    if result.kpi == "wachtlijst_wachttijd_gem":
        values = [(as_of - r.values["registered_on"]).days for r in den]
    else:
        values = [r.values["score"] for r in den]
    mean = sum(values) / len(values) if values else None
    if len(den) != result.denominator or not _close(mean, result.value) or num is not None:
        return [f"mean {result.value} over {result.denominator}, records {mean} over {len(den)}"]
    return []


def _middle(result: KpiResult, num: list | None, den: list | None) -> list[str]:
    days = [r.days for r in den]
    median = result.registry_entry.statistic is Statistic.MEDIAN
    want = None if not days else statistics.median(days) if median else _p90(days)
    if not _close(want, result.value) or len(days) != result.records or num is not None:
        return [f"{result.registry_entry.statistic.value} {result.value} over {result.records}, records {want}"]
    return []


def _per_fte(result: KpiResult, num: list | None, den: list | None) -> list[str]:
    if len(num) != result.numerator or den is not None:
        return [f"cases per fte: {result.numerator} cases, {len(num)} records"]
    return []


def disagreements(result: KpiResult, drill: Drilldown) -> list[str]:
    """How the records of ``drill`` disagree with ``result`` (nothing when they agree)."""
    kpi = result.registry_entry
    num, den = drill.numerator, drill.denominator
    problems = []
    if drill.as_of != result.as_of:
        problems.append(f"reference date {drill.as_of} != {result.as_of}")
    for records in (num, den):
        if records is not None and len({r.record_id for r in records}) != len(records):
            problems.append("a record twice")
    match kpi.statistic:
        case Statistic.COUNT:
            problems += _count(result, num, den)
        case Statistic.PERCENTAGE if kpi.unit is Unit.NPS:
            problems += _net_promoter(result, num, den)
        case Statistic.PERCENTAGE:
            problems += _percentage(result, num, den)
        case Statistic.MEAN:
            problems += _mean(result, num, den, drill.as_of)
        case Statistic.MEDIAN | Statistic.PERCENTILE:
            problems += _middle(result, num, den)
        case Statistic.RATIO:
            problems += _per_fte(result, num, den)
    return problems


def _check(url: str, period: str, by: str | None) -> dict:
    problems = {}
    for result in compute_all(url, period, by=by, today=TODAY):
        if result.value is None and result.note and "uit te splitsen" in result.note:
            continue  # not available for this breakdown
        group = (by, result.group) if by is not None else None
        found = disagreements(result, drilldown(url, result.kpi, period, group=group, today=TODAY))
        if found:
            problems[(result.kpi, result.group)] = found
    return problems


@pytest.mark.parametrize("period", ["2025", "2025-Q2", "2025-06"])
def test_drilldown_agrees_with_every_kpi(kpi_installation, period):
    assert _check(kpi_installation, period, None) == {}


@pytest.mark.parametrize("by", ["team", "municipality"])
def test_drilldown_agrees_with_every_kpi_per_group(breakdown_installation, by):
    assert _check(breakdown_installation, "2025-Q1", by) == {}


def test_every_kpi_has_records_behind_it():
    for kpi in KPIS:
        assert kpi.numerator is not None or kpi.denominator is not None, kpi.id
