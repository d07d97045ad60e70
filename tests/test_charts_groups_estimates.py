"""The chart builders of the inflow, early-warning and satisfaction pages: colours by group with WCAG AA
contrast, national figures as dotted reference lines, estimates with asymmetric error bars, a funnel of flows
without shares of the first stage, and small-number cells for the council."""

from __future__ import annotations

import pytest

from metrics.compute import KpiResult
from metrics.periods import Period
from metrics.suppression import Thresholds
from tests.test_ui import _contrast
from ui import cells, charts


@pytest.mark.parametrize("colour", [charts.REFERENCE_COLOUR, *(c for cs in charts.GROUP_COLOURS.values() for c in cs)])
def test_new_colours_have_wcag_aa_contrast_against_white(colour):
    assert _contrast(colour) >= 3.0


def test_reference_line_is_dotted_and_not_the_norm_colour():
    line = charts.reference_line(4.0, "landelijk 2023: 4,0")
    assert (line.colour, line.dash) == (charts.REFERENCE_COLOUR, "dot")
    assert line.colour != charts.NORM_COLOUR


def test_stacked_groups_colour_by_group_and_differ_by_pattern():
    fig = charts.stacked_groups(
        ["jan 2025", "feb 2025"],
        [("positief", "Afgerond", [3, 4]), ("positief", "Zelf", [1, None]), ("uitval", "Ingetrokken", [2, 2])],
        title="t", y_title="aantal", group_labels={"positief": "Positief afgerond", "uitval": "Uitval"},
        marks=[charts.Mark("feb 2025", "nieuw systeem")],
    )  # fmt: skip
    colours = [t.marker.color for t in fig.data]
    assert colours == [charts.GROUP_COLOURS["positief"][0], charts.GROUP_COLOURS["positief"][1],
                       charts.GROUP_COLOURS["uitval"][0]]  # fmt: skip
    assert [t.marker.pattern.shape for t in fig.data] == ["", "/", ""]
    assert fig.layout.barmode == "stack" and fig.data[0].legendgrouptitle.text == "Positief afgerond"
    assert list(fig.data[1].y) == [1, None]
    assert any("nieuw systeem" in a.text for a in fig.layout.annotations)


def test_estimates_have_error_bars_only_with_bounds():
    fig = charts.estimates(
        ["K1 2025", "K2 2025"], [7.0, 8.0], [6.24, None], [7.76, None], title="t", y_title="cijfer", name="Cijfer",
        y_range=(1, 10),
    )  # fmt: skip
    trace = fig.data[0]
    assert list(trace.error_y.array) == [pytest.approx(0.76), None]
    assert list(trace.error_y.arrayminus) == [pytest.approx(0.76), None]
    assert list(trace.hovertext) == ["7,0 (6,2 tot 7,8)", "8,0 (geen interval)"]
    assert list(fig.layout.yaxis.range) == [1, 10]


def test_funnel_of_flows_shows_values_only():
    assert charts.funnel(["a", "b"], [10, 12], title="t", textinfo="value").data[0].textinfo == "value"
    assert charts.funnel(["a", "b"], [10, 5], title="t").data[0].textinfo == "value+percent initial"


def _result(kpi: str, value: float | None, records: int) -> KpiResult:
    p = Period.parse("2025-01")
    return KpiResult(kpi, p, p.last_day, None, None, value, None, None, records)


def test_cells_for_the_council_and_for_the_team():
    limits = Thresholds()
    results = [_result("aanmeldingen", 3, 3), _result("aanmeldingen", 12, 12), None]
    assert [c.text for c in cells.kpi_cells(results, True, limits)] == ["<5", "12", "–"]
    assert [c.value for c in cells.kpi_cells(results, True, limits)] == [None, 12, None]
    assert [c.text for c in cells.kpi_cells(results, False, limits)] == ["3", "12", "–"]
    shares = cells.figure_cells([50.0, 25.0], [4, 40], True, limits)
    assert [c.text for c in shares] == ["–", "25,0%"]
    counts = cells.count_cells([0, 4, 1234], True, limits)
    assert [c.text for c in counts] == ["0", "<5", "1.234"]
    guarded = cells.guarded(cells.figure_cells([10.0, 30.0], [40, 40], True, limits), counts[1:])
    assert [c.text for c in guarded] == ["–", "30,0%"]  # 10% of 40 beside "<5" would give the 4 away
