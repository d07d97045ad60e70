"""Picking KPI results for charts and tables, and shares of one count KPI in another.

A share such as "crisis share of help requests" or "multiple meldingen of all meldingen" is the quotient
of two registry KPIs over the same records; it is computed from their results here, not recounted.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from metrics.compute import KpiResult
from metrics.periods import Granularity, Period, series


def by_period(
    results: Iterable[KpiResult], kpi_id: str, periods: Sequence[Period], group: str | None = None
) -> list[KpiResult | None]:
    """The result of ``kpi_id`` for each period (for ``group``), in the order of ``periods``."""
    found = {r.period: r for r in results if r.kpi == kpi_id and r.group == group}
    return [found.get(p) for p in periods]


def by_group(results: Iterable[KpiResult], kpi_id: str, period: Period) -> dict[str | None, KpiResult]:
    """The results of ``kpi_id`` for ``period``, per group."""
    return {r.group: r for r in results if r.kpi == kpi_id and r.period == period}


@dataclass(frozen=True)
class Share:
    """100 × part / whole, over ``records`` (the whole) records."""

    value: float | None
    part: float | None
    whole: float | None

    @property
    def records(self) -> int:
        return int(self.whole or 0)


def share(part: KpiResult | None, whole: KpiResult | None) -> Share:
    """The share of one count KPI's records in another's (the part must be a subset of the whole)."""
    p = part.value if part is not None else None
    w = whole.value if whole is not None else None
    value = 100 * p / w if p is not None and w else None
    return Share(value, p, w)


def difference(whole: KpiResult | None, part: KpiResult | None) -> float | None:
    """The records of one count KPI that are not in another (single meldingen: all minus multiple)."""
    if whole is None or part is None or whole.value is None or part.value is None:
        return None
    return whole.value - part.value


def months_through(period: Period, count: int) -> list[Period]:
    """``count`` months ending with the last month of ``period`` (the trend beside a month, quarter or year)."""
    last = period.last_day
    return series(Period.containing(last, Granularity.MONTH), count)


def quarters_through(period: Period, count: int) -> list[Period]:
    """``count`` quarters ending with the quarter of the last day of ``period``."""
    return series(Period.containing(period.last_day, Granularity.QUARTER), count)
