"""Small-number suppression as the catalogue defines it, for every kind of figure (``Statistic``).

In everything for the council: a count from 1 to 4 is shown as ``<5`` (0 stays 0); a percentage, mean or
median (and so a percentile or a ratio) over fewer than 10 records is not shown (``–``, with a footnote).
The thresholds are settings. ``CASES`` is the table of results and what may be shown of them.
"""

from __future__ import annotations

from datetime import date

import pytest

from metrics.compute import KpiResult, compute_all
from metrics.derived import load_settings
from metrics.periods import Period
from metrics.registry import KPIS, Statistic
from metrics.settings import load as load_metric_settings
from metrics.suppression import FOOTNOTE, NOT_SHOWN, Thresholds, count_shown, figure_shown, for_council, suppress
from store import db
from store import metrics_queries as q
from tests.metrics_helpers import case, insert_rows

N = None
DEFAULT = Thresholds()
STRICT = Thresholds(min_count=3, min_records=20)  # an installation's own settings
P = Period.parse("2025-Q1")


def result(kpi: str, value: float | None, numerator: float | None = None, denominator: float | None = None,
           records: int = 0) -> KpiResult:  # fmt: skip
    return KpiResult(kpi, P, P.last_day, None, None, value, numerator, denominator, records)


# what is shown: a number, "<5" / "–" (with "f" when a footnote goes with it), or None (nothing to show)
def shown(s) -> object:
    if s.text is None:
        return s.value
    return s.text + (" f" if s.footnote else "")


# (result, thresholds) -> (value, numerator, denominator) as shown
CASES = {
    # --- counts: 1..4 become "<5", 0 stays 0, 5 and more are exact
    "count 0": (result("aanmeldingen", 0, records=0), DEFAULT, (0, N, N)),
    "count 1": (result("aanmeldingen", 1, records=1), DEFAULT, ("<5", N, N)),
    "count 4": (result("wachtlijst", 4, records=4), DEFAULT, ("<5", N, N)),
    "count 5": (result("wachtlijst", 5, records=5), DEFAULT, (5, N, N)),
    "count 123": (result("signalen", 123, records=123), DEFAULT, (123, N, N)),
    "count 2, threshold 3": (result("aanmeldingen", 2, records=2), STRICT, ("<3", N, N)),
    "count 3, threshold 3": (result("aanmeldingen", 3, records=3), STRICT, (3, N, N)),
    "count not computable": (result("signalen", N, records=0), DEFAULT, (N, N, N)),
    # --- percentages over their denominator; numerator and denominator are counts themselves
    "percentage over 9": (result("eerste_gesprek_tijdig_pct", 100 * 7 / 9, 7, 9, 9), DEFAULT, ("– f", 7, 9)),
    "percentage over 10": (result("eerste_gesprek_tijdig_pct", 70.0, 7, 10, 10), DEFAULT, (70.0, 7, 10)),
    "percentage 3 of 8": (result("uitval_pct", 37.5, 3, 8, 8), DEFAULT, ("– f", "<5", 8)),
    "percentage 4 of 40": (result("uitval_pct", 10.0, 4, 40, 40), DEFAULT, (10.0, "<5", 40)),
    "percentage 0 of 12": (result("opgepakt_pct", 0.0, 0, 12, 12), DEFAULT, (0.0, 0, 12)),
    "percentage over 0": (result("opgepakt_pct", N, 0, 0, 0), DEFAULT, (N, 0, 0)),
    "percentage over 19, threshold 20": (result("bereik_pct", 100 * 10 / 19, 10, 19, 19), STRICT, ("– f", 10, 19)),
    "percentage over 20, threshold 20": (result("bereik_pct", 50.0, 10, 20, 20), STRICT, (50.0, 10, 20)),
    # the NPS numerator is a difference of shares, not a count: it follows the figure's rule
    "nps over 9": (result("nps", 100 * 2 / 9, 2, 9, 9), DEFAULT, ("– f", "– f", 9)),
    "nps over 12": (result("nps", 100 * 2 / 12, 2, 12, 12), DEFAULT, (100 * 2 / 12, 2, 12)),
    "negative nps over 12": (result("nps", -25.0, -3, 12, 12), DEFAULT, (-25.0, -3, 12)),
    # --- means: the numerator is a sum of days or grades, the denominator the count of records
    "mean over 9": (result("wachtlijst_wachttijd_gem", 20.0, 180, 9, 9), DEFAULT, ("– f", "– f", 9)),
    "mean over 3": (result("kto_gemiddeld", 7.0, 21.0, 3, 3), DEFAULT, ("– f", "– f", "<5")),
    "mean over 10": (result("kto_gemiddeld", 7.5, 75.0, 10, 10), DEFAULT, (7.5, 75.0, 10)),
    "mean over 15, threshold 20": (result("kto_gemiddeld", 7.0, 105.0, 15, 15), STRICT, ("– f", "– f", 15)),
    # --- medians and percentiles: over the records they are computed from
    "median over 9": (result("doorlooptijd_mediaan", 120.0, records=9), DEFAULT, ("– f", N, N)),
    "median over 10": (result("doorlooptijd_mediaan", 120.0, records=10), DEFAULT, (120.0, N, N)),
    "median over 1": (result("wachttijd_eerste_gesprek_mediaan", 12.0, records=1), DEFAULT, ("– f", N, N)),
    "median of an empty period": (result("tijd_tot_plan_mediaan", N, records=0), DEFAULT, (N, N, N)),
    "percentile over 9": (result("doorlooptijd_p90", 300.0, records=9), DEFAULT, ("– f", N, N)),
    "percentile over 11": (result("doorlooptijd_p90", 300.0, records=11), DEFAULT, (300.0, N, N)),
    # --- cases per fte: a mean number of cases, over the cases; the fte is not a count
    "ratio over 8 cases": (result("caseload_per_fte", 8 / 0.5, 8, 0.5, 8), DEFAULT, ("– f", 8, "– f")),
    "ratio over 30 cases": (result("caseload_per_fte", 30 / 2.5, 30, 2.5, 30), DEFAULT, (12.0, 30, 2.5)),
    "ratio without staffing": (result("caseload_per_fte", N, 3, N, 3), DEFAULT, (N, "<5", N)),
}


def test_the_table_covers_every_kind_of_figure():
    kinds = {next(k for k in KPIS if k.id == r.kpi).statistic for r, _, _ in CASES.values()}
    assert kinds == set(Statistic)


@pytest.mark.parametrize("name", CASES)
def test_small_numbers_are_suppressed_as_the_catalogue_says(name):
    r, thresholds, expected = CASES[name]
    figure = suppress(r, thresholds)
    assert (shown(figure.value), shown(figure.numerator), shown(figure.denominator)) == expected
    assert figure.result is r
    # nothing that is suppressed still carries its number
    for part in (figure.value, figure.numerator, figure.denominator):
        assert part.suppressed is (part.text is not None)
        if part.suppressed:
            assert part.value is None


def test_count_and_figure_rules_at_their_edges():
    assert [shown(count_shown(n, DEFAULT)) for n in (0, 1, 2, 3, 4, 5, 6)] == [0, "<5", "<5", "<5", "<5", 5, 6]
    assert [shown(figure_shown(50.0, n, DEFAULT)) for n in (0, 1, 9, 10, 11)] == ["– f"] * 3 + [50.0, 50.0]
    assert NOT_SHOWN == "–"
    assert "10" in FOOTNOTE.format(n=DEFAULT.min_records)


def test_thresholds_come_from_the_settings():
    assert Thresholds.from_settings(load_metric_settings({})) == Thresholds(5, 10)
    stored = {"suppression_min_count": "3", "suppression_min_records": "20"}
    assert Thresholds.from_settings(load_metric_settings(stored)) == STRICT


@pytest.fixture
def installation(sqlite_url):
    # Q1 2025: three registrations (one closed "afgerond" after 40 days), nothing else
    insert_rows(sqlite_url, "cases", [
        case("a", "2025-01-06", first_contact_on="2025-01-13", closed_on="2025-02-15", close_reason="afgerond"),
        case("b", "2025-01-07", first_contact_on="2025-01-14"),
        case("c", "2025-02-03"),
    ])  # fmt: skip
    return sqlite_url


def test_council_figures_of_a_computation(installation):
    """The one gate: every result of a computation, as it may leave the team (default thresholds)."""
    results = compute_all(installation, "2025-Q1", today=date(2026, 1, 1))
    figures = {f.result.kpi: f for f in for_council(results)}
    assert set(figures) == {k.id for k in KPIS}
    assert shown(figures["aanmeldingen"].value) == "<5"  # 3
    assert shown(figures["aanmeldingen_crisis"].value) == 0
    assert shown(figures["uitstroom"].value) == "<5"  # 1
    # a: registered Mon 6 Jan, deadline Mon 3 Feb, conversation 13 Jan; b the same; c deadline Mon 3 Mar,
    # no conversation: 2 of 3 on time, over fewer than 10 records
    assert (shown(figures["eerste_gesprek_tijdig_pct"].value), shown(figures["eerste_gesprek_tijdig_pct"].numerator),
            shown(figures["eerste_gesprek_tijdig_pct"].denominator)) == ("– f", "<5", "<5")  # fmt: skip
    assert shown(figures["doorlooptijd_mediaan"].value) == "– f"  # one record: 40 days
    assert shown(figures["uitval_pct"].value) == "– f"
    assert shown(figures["tijd_tot_plan_mediaan"].value) is None  # nothing to show, no footnote


def test_council_figures_with_the_installations_thresholds(installation):
    engine = db.get_engine(installation)
    with engine.begin() as conn:
        q.write_setting(conn, "suppression_min_count", "3", "tester")
        q.write_setting(conn, "suppression_min_records", "2", "tester")
    with engine.connect() as conn:
        thresholds = Thresholds.from_settings(load_settings(conn))
    assert thresholds == Thresholds(3, 2)
    results = compute_all(installation, "2025-Q1", today=date(2026, 1, 1))
    figures = {f.result.kpi: f for f in for_council(results, thresholds)}
    assert shown(figures["aanmeldingen"].value) == 3  # 3 is not below 3
    assert shown(figures["uitstroom"].value) == "<3"
    assert shown(figures["eerste_gesprek_tijdig_pct"].value) == pytest.approx(200 / 3)  # over 3 >= 2 records
    assert shown(figures["doorlooptijd_mediaan"].value) == "– f"  # over 1 < 2 records
