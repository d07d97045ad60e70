"""Small-number suppression for everything that leaves the team (council role, council and annual report).

As the catalogue defines it: a count from 1 to 4 is shown as ``<5``; a percentage, mean, median (or
percentile, ratio) over fewer than 10 records is not shown (``–``, with a footnote). The thresholds are
settings (``suppression_min_count``, ``suppression_min_records``). A numerator or denominator is a count
too and is suppressed by the same rule. Team leaders' own pages show exact figures: they do not call this.

:func:`for_council` is the one function every council output goes through.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from metrics import registry
from metrics.compute import KpiResult
from metrics.settings import MetricSettings

NOT_SHOWN = "–"
FOOTNOTE = "– niet getoond: berekend over minder dan {n} dossiers of reacties (kleine aantallen)."


@dataclass(frozen=True)
class Thresholds:
    min_count: int = 5  # counts 1 .. min_count-1 become "<min_count"
    min_records: int = 10  # other figures over fewer records are not shown

    @classmethod
    def from_settings(cls, settings: MetricSettings) -> Thresholds:
        return cls(settings.suppression_min_count, settings.suppression_min_records)


@dataclass(frozen=True)
class Shown:
    """A number as it may leave the team: ``value`` is None when it must not be shown as a number."""

    value: float | None
    text: str | None  # "<5" or "–" when suppressed, None when the number itself is shown
    footnote: bool = False

    @property
    def suppressed(self) -> bool:
        return self.text is not None


@dataclass(frozen=True)
class CouncilFigure:
    result: KpiResult
    value: Shown
    numerator: Shown
    denominator: Shown


def count_shown(n: float | None, thresholds: Thresholds) -> Shown:
    """A count: exact from ``min_count`` up, and 0; ``<5`` for 1–4."""
    if n is None:
        return Shown(None, None)
    if 0 < n < thresholds.min_count:
        return Shown(None, f"<{thresholds.min_count}")
    return Shown(n, None)


def figure_shown(value: float | None, records: int, thresholds: Thresholds) -> Shown:
    """A percentage, mean, median, percentile or ratio: not shown over fewer than ``min_records`` records."""
    if value is None:
        return Shown(None, None)
    if records < thresholds.min_records:
        return Shown(None, NOT_SHOWN, footnote=True)
    return Shown(value, None)


def _parts_are_counts(kpi: registry.Kpi) -> tuple[bool, bool]:
    """Whether a KPI's numerator and denominator are counts of records (else figures such as a day sum)."""
    match kpi.statistic:
        case registry.Statistic.PERCENTAGE:
            return kpi.unit is not registry.Unit.NPS, True  # the NPS numerator is a difference
        case registry.Statistic.MEAN:
            return False, True  # a sum of days or grades over a count
        case registry.Statistic.RATIO:
            return True, False  # cases over fte
        case registry.Statistic.COUNT | registry.Statistic.MEDIAN | registry.Statistic.PERCENTILE:
            return True, True  # (no numerator or denominator)
    raise AssertionError(kpi.statistic)  # pragma: no cover - exhaustive


def suppress(result: KpiResult, thresholds: Thresholds) -> CouncilFigure:
    """One result as it may leave the team."""
    kpi = registry.kpi(result.kpi)
    if kpi.statistic.is_count:
        value = count_shown(result.value, thresholds)
    else:
        value = figure_shown(result.value, result.records, thresholds)
    numerator_is_count, denominator_is_count = _parts_are_counts(kpi)

    def part(amount: float | None, is_count: bool) -> Shown:
        return count_shown(amount, thresholds) if is_count else figure_shown(amount, result.records, thresholds)

    return CouncilFigure(
        result, value, part(result.numerator, numerator_is_count), part(result.denominator, denominator_is_count)
    )


def for_council(results: Iterable[KpiResult], thresholds: Thresholds | None = None) -> list[CouncilFigure]:
    """Every result as it may be shown to the council: the one gate for council outputs."""
    limits = thresholds or Thresholds()
    return [suppress(r, limits) for r in results]
