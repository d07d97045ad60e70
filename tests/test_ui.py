"""Presentation helpers: Dutch formats, the palette's contrast, Excel cells that never become formulas,
the viewer's role and scope, and the overview's tiles and movements (on hand-made results)."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from config.access import AccessError, Role, current_viewer, parse_role
from metrics.compute import Comparison, KpiResult
from metrics.overview import TargetMark, Verdict, movements, tiles, verdict
from metrics.periods import Period
from metrics.registry import kpi
from store.metrics_queries import Scope
from ui import charts, format
from ui.filters import Filters, default_index
from ui.xlsx import table_workbook


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [(1234.5, 1, "1.234,5"), (1234567, 0, "1.234.567"), (0.05, 1, "0,1"), (-3.25, 2, "-3,25"), (None, 0, "–"),
     (6.25, 1, "6,3"), (2.5, 0, "3"), (-2.5, 0, "-3"), (87.27272727, 1, "87,3"), (0.0, 1, "0,0")],
)
def test_number(value, decimals, text):
    assert format.number(value, decimals) == text


def test_kpi_values_and_changes_in_dutch():
    assert format.kpi_value(kpi("eerste_gesprek_tijdig_pct"), 87.2727) == "87,3%"
    assert format.kpi_value(kpi("wachttijd_eerste_gesprek_mediaan"), 28.5) == "28,5 dagen"
    assert format.kpi_value(kpi("wachttijd_eerste_gesprek_mediaan"), 12.0) == "12 dagen"
    assert format.kpi_value(kpi("aanmeldingen"), 1234) == "1.234"
    assert format.kpi_value(kpi("nps"), 33.333) == "33"
    assert format.kpi_change(kpi("uitval_pct"), -3.21) == "−3,2 procentpunt"
    assert format.kpi_change(kpi("aanmeldingen"), 12) == "+12"
    assert format.day(date(2025, 3, 1)) == "01-03-2025"
    assert format.long_day(date(2025, 3, 1)) == "1 maart 2025"
    assert format.period_short(Period.parse("2025-03")) == "mrt 2025"
    assert format.period_short(Period.parse("2025-Q2")) == "K2 2025"


def _contrast(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


@pytest.mark.parametrize(
    "colour", [*charts.PALETTE, charts.NORM_COLOUR, charts.TARGET_COLOUR, charts.ANNOTATION_COLOUR]
)
def test_chart_colours_have_wcag_aa_contrast_against_white(colour):
    assert _contrast(colour) >= 3.0  # WCAG 2.1 AA for graphical objects (1.4.11)


def test_palette_colours_are_distinct():
    assert len(set(charts.PALETTE)) == len(charts.PALETTE)


def test_trend_chart_draws_norm_and_annotation_and_uses_dutch_separators():
    fig = charts.trend(
        ["jan 2025", "feb 2025"], {"Noord": [80.0, None]}, title="t", y_title="%", percent=True,
        lines=[charts.Line(95, "norm")], marks=[charts.Mark("feb 2025", "nieuw intakeproces")],
    )
    assert fig.layout.separators == ",."
    assert [s.y0 for s in fig.layout.shapes if s.type == "line" and s.yref == "y"] == [95]
    assert any("nieuw intakeproces" in a.text for a in fig.layout.annotations)
    assert list(fig.data[0].y) == [80.0, None]


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://x\",\"klik\")", "+31612345678", "-1+2", "@SUM(A1)"])
def test_excel_text_never_becomes_a_formula(text):
    book = load_workbook(io.BytesIO(table_workbook("Lijst", ["Consulent", "Aantal"], [[text, 3]])))
    sheet = book.active
    cells = [c for row in sheet.iter_rows() for c in row if c.value == text]
    assert cells and all(c.data_type == "s" for c in cells)
    number_cells = [c for row in sheet.iter_rows() for c in row if c.value == 3]
    assert number_cells and number_cells[0].data_type == "n"


def test_roles(monkeypatch):
    assert parse_role("Raad") is Role.COUNCIL
    with pytest.raises(AccessError, match="Onbekende rol"):
        parse_role("koning")
    assert not Role.COUNCIL.sees_case_ids and not Role.COUNCIL.sees_consultants and Role.COUNCIL.suppressed
    assert Role.TEAM_LEADER.sees_case_ids and not Role.MANAGEMENT.sees_case_ids
    monkeypatch.setenv("SHV_ROLE", "management")
    monkeypatch.setenv("SHV_TEAMS", "Schuldhulp Noord, Budgetbeheer")
    monkeypatch.setenv("SHV_MUNICIPALITIES", "GM9901,902")
    viewer = current_viewer()
    assert viewer.role is Role.MANAGEMENT
    assert viewer.scope == Scope.of(["Schuldhulp Noord", "Budgetbeheer"], ["9901", "0902"])


def test_filters_narrow_the_viewers_scope_and_never_widen_it():
    limited = Scope.of(["Schuldhulp Zuid"])
    period = Period.parse("2025-03")
    assert Filters(period, None, None, None, limited).scope == limited
    assert Filters(period, "Schuldhulp Noord", None, None, limited).scope.teams == frozenset()
    assert Filters(period, None, "9903", None, limited).scope == Scope.of(["Schuldhulp Zuid"], ["9903"])


def test_default_period_is_the_newest_complete_one():
    months = ["2026-01", "2025-12", "2025-11"]
    assert default_index(months, date(2026, 1, 1)) == 1
    assert default_index(months, date(2026, 1, 31)) == 0
    assert default_index(["2026-01"], date(2026, 1, 5)) == 0


def _result(kpi_id: str, period: str, value: float | None) -> KpiResult:
    p = Period.parse(period)
    return KpiResult(kpi_id, p, p.last_day, None, None, value, None, None, 0)


def test_verdict_follows_the_direction():
    assert verdict(kpi("uitval_pct"), -2) is Verdict.BETTER
    assert verdict(kpi("eerste_gesprek_tijdig_pct"), -2) is Verdict.WORSE
    assert verdict(kpi("aanmeldingen"), 5) is Verdict.NEUTRAL
    assert verdict(kpi("uitval_pct"), None) is Verdict.UNKNOWN


def test_tiles_pair_each_kpi_with_the_period_before_and_its_target():
    comparison = Comparison(
        current=[_result("uitval_pct", "2025-03", 10.0), _result("aanmeldingen", "2025-03", 40)],
        previous=[_result("uitval_pct", "2025-02", 12.5), _result("aanmeldingen", "2025-02", None)],
        year_earlier=[],
    )
    made = tiles(comparison, {"uitval_pct": TargetMark("≤", 11.0)})
    assert [(t.kpi.id, t.change, t.verdict) for t in made] == [
        ("uitval_pct", -2.5, Verdict.BETTER),
        ("aanmeldingen", None, Verdict.UNKNOWN),
    ]
    assert made[0].target.met_by(10.0) is True and made[0].target.met_by(11.5) is False


def test_movements_are_judged_against_their_own_history():
    # aanmeldingen swings by ±10 every month (11 earlier changes: six of +10, five of -10; mean 10/11,
    # standard deviation sqrt(100 - (10/11)^2)), then moves by 12: ordinary (about 1.2).
    # uitval_pct is steady (changes of ±0.5: sd sqrt(0.25 - (0.5/11)^2)), then moves by 3: unusual (about 6).
    months = [f"2024-{m:02d}" for m in range(1, 13)] + ["2025-01"]
    aanmeldingen = [50, 60, 50, 60, 50, 60, 50, 60, 50, 60, 50, 60, 72]
    uitval = [10, 10.5, 10, 10.5, 10, 10.5, 10, 10.5, 10, 10.5, 10, 10.5, 13.5]
    series = [_result("aanmeldingen", m, v) for m, v in zip(months, aanmeldingen, strict=True)]
    series += [_result("uitval_pct", m, v) for m, v in zip(months, uitval, strict=True)]
    moves = movements(series, Period.parse("2025-01"))
    assert [m.kpi.id for m in moves] == ["uitval_pct", "aanmeldingen"]
    assert moves[0].score == pytest.approx(3 / (0.25 - (0.5 / 11) ** 2) ** 0.5) and moves[0].judged_on_history
    assert moves[1].score == pytest.approx(12 / (100 - (10 / 11) ** 2) ** 0.5)
    assert moves[0].verdict is Verdict.WORSE


def test_movements_without_history_use_the_relative_change():
    series = [_result("aanmeldingen", "2025-01", 40), _result("aanmeldingen", "2025-02", 50)]
    (move,) = movements(series, Period.parse("2025-02"))
    assert move.score == pytest.approx(10 / 40) and not move.judged_on_history


def test_the_data_version_changes_with_a_setting_or_a_holiday(sqlite_url):
    from store import db
    from store import metrics_queries as q

    engine = db.get_engine(sqlite_url)
    with engine.begin() as conn:
        before = q.data_version(conn)
        q.write_setting(conn, "suppression_min_count", "10", "tester")
        after_setting = q.data_version(conn)
        q.write_holiday_override(conn, date(2025, 6, 6), q.HolidayAction.ADD, "tester")
        after_holiday = q.data_version(conn)
    assert len({before, after_setting, after_holiday}) == 3


def test_thresholds_come_from_the_settings(sqlite_url, monkeypatch):
    from store import db
    from store import metrics_queries as q
    from ui import data

    monkeypatch.setenv("SHV_DATABASE_URL", sqlite_url)
    with db.get_engine(sqlite_url).begin() as conn:
        q.write_setting(conn, "suppression_min_count", "10", "tester")
    assert data.thresholds(data.version()).min_count == 10
