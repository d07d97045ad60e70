"""Checks of the satisfaction intervals and the waiting-list forecast, on small hand-made data.

The first part pins figures that were checked by hand and against scipy. The second part holds two faults
found in the forecast (fixed): months counted from the chosen month when the data stop before it, and a
window cut by the whole store's first case instead of the chosen team's.
"""

from __future__ import annotations

from datetime import date

import pytest

from metrics.forecast import DAYS_PER_MONTH, QueueInputs, project, waitlist_forecast
from metrics.intervals import mean_interval, nps_counts, nps_interval
from metrics.periods import Period
from store.metrics_queries import Scope
from tests.metrics_helpers import case, insert_rows
from tests.test_forecast import import_batch


# ------------------------------------------------------------------------------- verified: mean grade
@pytest.mark.parametrize(
    ("grades", "centre", "margin", "low", "high"),
    [
        # mean ± t(0.975, n − 1) · s / √n; reference values from scipy.stats.t.ppf and scipy.stats.sem
        ({6.0: 1, 8.0: 1}, 7.0, 12.706205, 1.0, 10.0),  # n = 2: s = √2, 12.7062 · √2 / √2; clipped both sides
        ({1.0: 1, 10.0: 1}, 5.5, 57.177921, 1.0, 10.0),  # n = 2 at the bounds: s = 6.364, 12.7062 · 4.5
        ({5.0: 1, 6.0: 1, 7.0: 2, 9.0: 1}, 6.8, 1.841685, 4.958315, 8.641685),  # n = 5: s² = 8.8 / 4
        # n = 30, grades 1..10 with counts 1 1 2 3 4 5 6 4 2 2: mean 183 / 30 = 6.1, t(0.975, 29) = 2.04523
        ({float(g): c for g, c in zip(range(1, 11), [1, 1, 2, 3, 4, 5, 6, 4, 2, 2], strict=True)}, 6.1, 0.839842,
         5.260158, 6.939842),
        ({7.0: 12}, 7.0, 0.0, 7.0, 7.0),  # zero variance: a zero-width interval
        ({10.0: 15}, 10.0, 0.0, 10.0, 10.0),  # all at the top of the scale
        ({1.0: 15}, 1.0, 0.0, 1.0, 1.0),  # all at the bottom of the scale
    ],
)
def test_mean_interval_matches_scipy(grades, centre, margin, low, high):
    got = mean_interval(grades)
    assert (got.centre, got.margin, got.low, got.high) == pytest.approx((centre, margin, low, high), abs=1e-6)


def test_mean_interval_needs_two_answers():
    assert mean_interval({7.0: 1}) is None  # n = 1: no s, no t with 0 degrees of freedom


# ------------------------------------------------------------------------------------- verified: NPS
def test_nps_by_hand():
    # X = +1 (9–10), 0 (7–8), −1 (0–6): Var X = E[X²] − E[X]² = p₊ + p₋ − (p₊ − p₋)²
    # 1000 answers, 300 promoters, 120 detractors: NPS 18; var (0.42 − 0.0324) / 1000 = 3.876e-4;
    # margin 1.959964 × 0.019688 × 100 = 3.8587
    got = nps_interval(300, 120, 1000)
    assert (got.centre, got.margin) == pytest.approx((18.0, 3.8587), abs=1e-4)
    # n = 2, one promoter, one detractor: NPS 0, var (1 − 0) / 2, margin 1.96 × 0.7071 × 100 = 138.59, clipped
    got = nps_interval(1, 1, 2)
    assert (got.margin, got.low, got.high) == (pytest.approx(138.590, abs=1e-3), -100.0, 100.0)
    # all promoters: 100 ± 0 (the Wald interval collapses; see the report's ambiguities)
    assert (nps_interval(10, 0, 10).low, nps_interval(10, 0, 10).high) == (100.0, 100.0)
    # 6 is a detractor, 7 and 8 passive, 9 a promoter; every answer counts in n
    assert nps_counts({6: 1, 7: 1, 8: 1, 9: 1}) == (1, 1, 4)


# ------------------------------------------------------------------------------ verified: queue model
def test_queue_model_by_hand():
    # W = 6, λ = 4, μ = 3, ω = 0: +1 a month; wait = W / μ × 30.4375
    got = project(QueueInputs(6, 4, 3, 0), [Period.month(2025, m) for m in (7, 8, 9)])
    assert [m.waiting for m in got] == [7, 8, 9]
    assert [m.expected_wait_days for m in got] == pytest.approx([7 / 3 * 30.4375, 8 / 3 * 30.4375, 3 * 30.4375])
    # a list that would go negative: 2 + 1 − 3 − 0.5 = −0.5 → 0, and stays 0; the wait is then 0 days
    got = project(QueueInputs(2, 1, 3, 0.5), [Period.month(2025, m) for m in (7, 8)])
    assert [(m.waiting, m.expected_wait_days) for m in got] == [(0, 0), (0, 0)]


# ------------------------------------------------------------------------------------------ the data
def _steady_team(months, team="Schuldhulp Noord", municipality="9901", prefix="c"):
    """Per month: three help requests that keep waiting (days 1, 11, 21) and one seen the next day."""
    rows = []
    for m in months:
        rows += [case(f"{prefix}{m}-{k}", f"2025-{m:02d}-{k:02d}", team=team, municipality=municipality)
                 for k in (1, 11, 21)]  # fmt: skip
        rows.append(case(f"{prefix}{m}-s", f"2025-{m:02d}-02", team=team, municipality=municipality,
                         first_contact_on=f"2025-{m:02d}-03"))  # fmt: skip
    return rows


def test_forecast_months_follow_the_start_state_when_the_data_stop_before_the_chosen_month(db_url):
    """BUG: when the chosen month's as_of lies before the month (cases imported through 31 July, August
    chosen on 5 August: another dataset's newer import puts August in the period choice), the forecast starts
    from the list on 31 July but labels its first step September, one month too late.

    Data Feb–Jul 2025: per month 4 registrations, 1 first conversation (same month), 0 withdrawals;
    the list grows by 3 a month: W(31 Jul) = 6 × 3 = 18. Window Feb–Jul: λ = 4, μ = 1, ω = 0, net +3.
    By the model, from 31 July: end of August 18 + 3 = 21, September 24, October 27, November 30.
    Choosing July (as_of 31 July too) gives exactly that; choosing August must not give September = 21.
    Fix: take the start month from the reference date (``Period.containing(reference, MONTH)`` whenever
    ``reference`` lies before the chosen month, in ``_month``), so the window, the start and the months ahead
    all count from the month that as_of closes; or say on the page that the forecast starts at as_of's month.
    """
    insert_rows(db_url, "cases", _steady_team(range(2, 8)))
    import_batch(db_url, "2025-07-31")
    july = waitlist_forecast(db_url, "2025-07", today=date(2025, 8, 5))
    assert (july.inputs.waiting, july.inputs.inflow, july.inputs.capacity, july.inputs.withdrawals) == (18, 4, 1, 0)
    assert {str(m.period): m.waiting for m in july.months} == {"2025-08": 21, "2025-09": 24, "2025-10": 27}
    august = waitlist_forecast(db_url, "2025-08", today=date(2025, 8, 5))
    assert august.as_of == date(2025, 7, 31) and august.inputs.waiting == 18
    # the same data, the same start (18 on 31 July), the same model: September is 18 + 2 × 3 = 24
    by_month = {str(m.period): m.waiting for m in august.months}
    assert by_month.get("2025-09") == 24, by_month  # the product says 21 (one step from 31 July)


def test_forecast_window_starts_where_the_chosen_teams_data_begin(db_url):
    """BUG (the docstring: "over the last N complete months … fewer when the data is younger"): the window is
    cut at the first registration of the whole store (``q.first_registration`` has no scope), so a team or
    municipality whose data starts later gets months with no data at all counted as zero inflow and zero
    capacity.

    Noord: one case a month Jan–Jun, seen the same month. Zuid (9903) only from May: per month 4 registrations,
    1 first conversation. Zuid's data covers May and June: λ = 8 / 2 = 4, μ = 2 / 2 = 1, ω = 0;
    W(30 Jun) = 2 × 3 = 6; wait now 6 / 1 × 30.4375 = 182.6 days; July 6 + 3 = 9.
    The product averages over Jan–Jun: λ = 8 / 6 = 1.33, μ = 0.33, wait 6 / 0.333 × 30.44 = 547.9 days
    (three times too long) and July 7.
    Fix: give ``first_registration`` the forecast's scope (min(registered_on) under ``scope_clause``) and cut
    the window with it.
    """
    noord = [case(f"n{m}", f"2025-{m:02d}-05", first_contact_on=f"2025-{m:02d}-20") for m in range(1, 7)]
    insert_rows(db_url, "cases", [*noord, *_steady_team((5, 6), "Schuldhulp Zuid", "9903", "z")])
    got = waitlist_forecast(db_url, "2025-06", Scope.of(teams=["Schuldhulp Zuid"]), today=date(2026, 1, 1))
    assert got.inputs.waiting == 6
    assert [str(m.period) for m in got.window] == ["2025-05", "2025-06"]
    assert (got.inputs.inflow, got.inputs.capacity, got.inputs.withdrawals) == (4, 1, 0)
    assert got.wait_now_days == pytest.approx(6 * DAYS_PER_MONTH)
    assert [m.waiting for m in got.months] == [9, 12, 15]
