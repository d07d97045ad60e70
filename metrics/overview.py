"""The overview page's figures: KPI tiles with their change, and the list of what changed most.

Pure functions over :class:`metrics.compute.KpiResult` lists (computed once, cached by the page), so that
they can be tested on hand-made results.
"""

from __future__ import annotations

import enum
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from metrics import registry
from metrics.compute import Comparison, EngineLike, KpiResult, resolve_engine
from metrics.periods import Period
from metrics.registry import Direction, Kpi
from store import gateway
from store import report_queries as rq

MIN_HISTORY = 4  # changes needed before a movement is judged against its own history


class Verdict(enum.Enum):
    BETTER = "beter"
    WORSE = "slechter"
    SAME = "gelijk"
    NEUTRAL = "neutraal"  # the KPI has no direction
    UNKNOWN = "onbekend"  # no value now or before


def verdict(kpi: Kpi, change: float | None) -> Verdict:
    """Whether a change is good news, by the KPI's direction."""
    if change is None:
        return Verdict.UNKNOWN
    if kpi.direction is Direction.NONE:
        return Verdict.NEUTRAL
    if abs(change) < 1e-9:
        return Verdict.SAME
    better = change > 0 if kpi.direction is Direction.HIGHER else change < 0
    return Verdict.BETTER if better else Verdict.WORSE


@dataclass(frozen=True)
class TargetMark:
    """A target as a tile shows it (issue 5 fills these from the SMART targets)."""

    comparison: str  # "≥" or "≤"
    value: float
    label: str = ""  # e.g. "jaarplan 2025"

    def met_by(self, value: float | None) -> bool | None:
        if value is None:
            return None
        return value >= self.value if self.comparison == "≥" else value <= self.value


@dataclass(frozen=True)
class Tile:
    kpi: Kpi
    current: KpiResult
    previous: KpiResult | None
    target: TargetMark | None = None

    @property
    def change(self) -> float | None:
        if self.previous is None or self.current.value is None or self.previous.value is None:
            return None
        return self.current.value - self.previous.value

    @property
    def verdict(self) -> Verdict:
        return verdict(self.kpi, self.change)


def _totals(results: Iterable[KpiResult]) -> dict[str, KpiResult]:
    return {r.kpi: r for r in results if r.group is None}


def tiles(comparison: Comparison, targets: Mapping[str, TargetMark] | None = None) -> list[Tile]:
    """One tile per KPI of the current period (registry order), with the period before."""
    previous = _totals(comparison.previous)
    marks = targets or {}
    return [
        Tile(r.registry_entry, r, previous.get(r.kpi), marks.get(r.kpi))
        for r in comparison.current
        if r.group is None
    ]


@dataclass(frozen=True)
class Movement:
    kpi: Kpi
    period: Period
    value: float
    previous: float
    score: float  # how unusual: the change over the spread of earlier changes (or the relative change)
    judged_on_history: bool

    @property
    def change(self) -> float:
        return self.value - self.previous

    @property
    def verdict(self) -> Verdict:
        return verdict(self.kpi, self.change)


def movements(series: Sequence[KpiResult], period: Period, limit: int = 8) -> list[Movement]:
    """The largest movements of ``period`` against the period before, most unusual first.

    ``series`` holds the totals of consecutive periods ending with ``period`` (a year or more for a fair
    judgement). A movement is judged against the spread (standard deviation) of the KPI's earlier
    period-to-period changes in the series; with fewer than four earlier changes, or no spread, against the
    previous value (relative change). Unchanged figures and figures without two values are left out.
    """
    by_kpi: dict[str, dict[Period, float]] = {}
    for r in series:
        if r.group is None and r.value is not None:
            by_kpi.setdefault(r.kpi, {})[r.period] = float(r.value)
    before = period.previous()
    out: list[Movement] = []
    for kpi_id, values in by_kpi.items():
        if period not in values or before not in values:
            continue
        change = values[period] - values[before]
        if abs(change) < 1e-9:
            continue
        history = [
            values[p] - values[p.previous()]
            for p in sorted(values)
            if p < period and p.previous() in values
        ]
        spread = statistics.pstdev(history) if len(history) >= MIN_HISTORY else 0.0
        judged = spread > 1e-9
        score = abs(change) / spread if judged else abs(change) / max(abs(values[before]), 1.0)
        out.append(Movement(registry.kpi(kpi_id), period, values[period], values[before], score, judged))
    out.sort(key=lambda m: (-m.score, m.kpi.id))
    return out[:limit]


def first_record(db: EngineLike) -> date | None:
    """The day the store's records begin (the earliest registration, signal case, signal or response)."""
    with resolve_engine(db).connect() as conn:
        return rq.earliest_record_date(conn)


@dataclass(frozen=True)
class DataThrough:
    dataset: str
    imported_at: datetime | None
    data_through: date | None


def data_through(db: EngineLike) -> list[DataThrough]:
    """Per dataset the newest import and the date its data runs through ("data t/m")."""
    latest = gateway.latest_import_per_dataset(resolve_engine(db))
    return [
        DataThrough(name, info.get("imported_at"), info.get("data_through"))
        for name, info in sorted(latest.items())
    ]
