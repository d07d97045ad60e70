"""Klanttevredenheid (``metrics.intervals``, ``metrics.satisfaction``): Student's t quantiles, the 95% interval of
a mean grade and of an NPS computed by hand, the score histogram query, and the intervals per quarter and team
on a tiny installation (SQLite and PostgreSQL). No interval under the small-number threshold (10 answers)."""

from __future__ import annotations

import math
from datetime import date

import pytest

from metrics.intervals import mean_interval, nps_counts, nps_interval, t_cdf, t_quantile
from metrics.satisfaction import survey_figures
from store import db
from store import metrics_queries as q
from store.metrics_queries import EVERYTHING, Dim, Scope
from tests.metrics_helpers import insert_rows

TODAY = date(2026, 1, 1)
NOORD, ZUID = "Schuldhulp Noord", "Schuldhulp Zuid"


@pytest.mark.parametrize(
    ("df", "expected"),  # two-sided 95% critical values, from any table of Student's t
    [(1, 12.7062), (2, 4.3027), (5, 2.5706), (9, 2.2622), (12, 2.1788), (29, 2.0452), (100, 1.9840), (10_000, 1.9602)],
)
def test_t_quantiles_match_the_tables(df, expected):
    assert t_quantile(0.975, df) == pytest.approx(expected, abs=1e-4)
    assert t_quantile(0.025, df) == pytest.approx(-expected, abs=1e-4)
    assert t_cdf(t_quantile(0.975, df), df) == pytest.approx(0.975, abs=1e-9)


def test_t_quantile_refuses_nonsense():
    with pytest.raises(ValueError):
        t_quantile(0.975, 0)
    with pytest.raises(ValueError):
        t_quantile(1.0, 5)


def test_interval_of_a_mean_by_hand():
    # scores 6, 8, 10: mean 8; s² = ((−2)² + 0² + 2²) / (3 − 1) = 4, s = 2;
    # margin = t(0.975, 2) × s / √3 = 4.3027 × 2 / 1.7321 = 4.968: 8 ± 4.97 (the top clipped to the scale's 10)
    interval = mean_interval({6.0: 1, 8.0: 1, 10.0: 1})
    assert interval.centre == 8.0
    assert interval.margin == pytest.approx(4.968, abs=1e-3)
    assert (interval.low, interval.high) == (pytest.approx(3.032, abs=1e-3), 10.0)


def test_no_interval_of_a_mean_under_two_answers():
    assert mean_interval({7.0: 1}) is None
    assert mean_interval({}) is None
    assert mean_interval({7.0: 4}).margin == 0.0  # four equal grades: no spread


def test_interval_of_an_nps_by_hand():
    # 10 answers: 5 promoters, 2 detractors: NPS 100 × (0.5 − 0.2) = 30;
    # variance (0.5 + 0.2 − 0.3²) / 10 = 0.061, √ = 0.24698; margin 1.96 × 0.24698 × 100 = 48.41
    interval = nps_interval(5, 2, 10)
    assert interval.centre == pytest.approx(30.0)
    assert interval.margin == pytest.approx(48.41, abs=0.01)
    assert (interval.low, interval.high) == (pytest.approx(-18.41, abs=0.01), pytest.approx(78.41, abs=0.01))
    assert nps_interval(0, 0, 0) is None
    assert nps_interval(10, 0, 10).high == 100.0  # all promoters: no spread, at the top of the scale


def test_nps_counts_from_a_histogram():
    # 9 and 10 promote, 0 to 6 detract, 7 and 8 are passive
    assert nps_counts({10: 2, 9: 1, 8: 4, 7: 1, 6: 3, 0: 1}) == (3, 4, 12)


def response(rid: str, on: str, score: float | None, nps: int | None, team: str = NOORD, municipality: str = "9901"):
    return {"response_id": rid, "responded_on": on, "team": team, "municipality": municipality, "score": score,
            "nps_score": nps}  # fmt: skip


NOORD_Q1 = [  # grades five 6s and five 8s; recommendation 9 9 10 10 (promoters) 0 3 6 (detractors) 7 7 8
    response(f"n{i}", f"2025-0{1 + i % 3}-{10 + i:02d}", grade, nps)
    for i, (grade, nps) in enumerate(zip([6, 6, 6, 6, 6, 8, 8, 8, 8, 8], [9, 9, 10, 10, 0, 3, 6, 7, 7, 8], strict=True))
]
RESPONSES = [
    *NOORD_Q1,
    response("n10", "2025-03-31", None, None),  # a response without any score: counted, not in mean or NPS
    response("z1", "2025-01-02", 6, 10, ZUID, "9903"),
    response("z2", "2025-02-02", 8, 10, ZUID, "9903"),
    response("z3", "2025-03-02", 10, 5, ZUID, "9904"),
    response("n11", "2025-04-01", 7.5, 8),  # Q2: one half grade
]


@pytest.fixture
def installation(db_url):
    insert_rows(db_url, "satisfaction", RESPONSES)
    return db_url


def test_score_histograms_per_quarter_and_team(installation):
    windows = [(date(2025, 1, 1), date(2025, 3, 31)), (date(2025, 4, 1), date(2025, 6, 30))]
    with db.get_engine(installation).connect() as conn:
        q1, q2 = q.score_histograms(conn, windows, Dim.TEAM, EVERYTHING)
    assert q1[NOORD].grades == {6.0: 5, 8.0: 5}
    assert q1[NOORD].nps == {9: 2, 10: 2, 0: 1, 3: 1, 6: 1, 7: 2, 8: 1}
    assert (q1[ZUID].grades, q1[ZUID].nps) == ({6.0: 1, 8.0: 1, 10.0: 1}, {10: 2, 5: 1})
    assert (q2[NOORD].grades, q2[NOORD].nps, set(q2)) == ({7.5: 1}, {8: 1}, {NOORD})
    with db.get_engine(installation).connect() as conn:
        (only,) = q.score_histograms(conn, windows[:1], Dim.MUNICIPALITY, Scope.of(municipalities=["9904"]))
    assert (only["9904"].grades, only["9904"].nps) == ({10.0: 1}, {5: 1})


def _by_team(figures):
    return {(f.period.index, f.group): f for f in figures}


def test_intervals_per_quarter_and_team_by_hand(installation):
    got = _by_team(survey_figures(installation, ["2025-Q1", "2025-Q2"], "team", EVERYTHING, today=TODAY))
    noord = got[(1, NOORD)]
    # 11 responses, 10 with a grade: mean (5 × 6 + 5 × 8) / 10 = 7; s² = 10 × 1² / 9, s / √10 = 1/3;
    # margin t(0.975, 9) / 3 = 2.2622 / 3 = 0.7541: 6.25 to 7.75
    assert (noord.responses.value, noord.grade.value, noord.grade.records) == (11, 7.0, 10)
    assert noord.grade_interval.margin == pytest.approx(2.262157 / 3, abs=1e-5)
    assert (noord.grade_interval.low, noord.grade_interval.high) == (
        pytest.approx(6.24595, abs=1e-4), pytest.approx(7.75405, abs=1e-4),
    )  # fmt: skip
    # NPS over 10 answers: 4 promoters, 3 detractors: 100 × (0.4 − 0.3) = 10;
    # variance (0.4 + 0.3 − 0.1²) / 10 = 0.069, √ = 0.262679; margin 1.959964 × 26.2679 = 51.48
    assert noord.nps.value == pytest.approx(10.0)
    assert noord.nps_interval.margin == pytest.approx(51.484, abs=1e-3)
    assert not noord.grade_too_few and not noord.nps_too_few
    zuid = got[(1, ZUID)]
    # three answers: mean 8, NPS 100 × (2 − 1) / 3; under 10 answers: no interval
    assert (zuid.grade.value, zuid.nps.value) == (8.0, pytest.approx(100 / 3))
    assert (zuid.grade_interval, zuid.nps_interval, zuid.grade_too_few, zuid.nps_too_few) == (None, None, True, True)
    budget = got[(1, "Budgetbeheer")]  # a configured team without answers
    assert (budget.responses.value, budget.grade.value, budget.grade_interval) == (0, None, None)
    half = got[(2, NOORD)]
    assert (half.grade.value, half.grade_interval) == (7.5, None)


def test_interval_of_the_whole_installation_by_hand(installation):
    (q1,) = survey_figures(installation, ["2025-Q1"], None, EVERYTHING, today=TODAY)
    # 13 grades: six 6s, six 8s, one 10: mean 94 / 13 = 7.2308;
    # squares 6 × 1.2308² + 6 × 0.7692² + 2.7692² = 9.0888 + 3.5503 + 7.6686 = 20.3077; s² = 20.3077 / 12 = 1.6923
    # margin t(0.975, 12) × √(1.6923 / 13) = 2.1788 × 0.36080 = 0.7861
    assert q1.grade.value == pytest.approx(94 / 13)
    assert q1.grade_interval.margin == pytest.approx(2.178813 * math.sqrt(20.307692 / 12 / 13), abs=1e-4)
    assert q1.grade_interval.margin == pytest.approx(0.7861, abs=1e-4)
    # NPS over 13 answers: promoters 4 + 2 = 6, detractors 3 + 1 = 4: 100 × 2 / 13 = 15.38
    assert q1.nps.value == pytest.approx(200 / 13)
    p, m = 6 / 13, 4 / 13
    assert q1.nps_interval.margin == pytest.approx(1.959964 * math.sqrt((p + m - (p - m) ** 2) / 13) * 100, abs=1e-3)


def test_the_threshold_is_the_small_number_setting(installation):
    from metrics.settings import encode

    with db.get_engine(installation).begin() as conn:
        q.write_setting(conn, "suppression_min_records", encode("suppression_min_records", 3), "tester")
    got = _by_team(survey_figures(installation, ["2025-Q1"], "team", EVERYTHING, today=TODAY))
    zuid = got[(1, ZUID)]
    # now three answers are enough: 8 ± 4.97 (see test_interval_of_a_mean_by_hand)
    assert zuid.grade_interval.margin == pytest.approx(4.968, abs=1e-3)
    assert not zuid.grade_too_few
