"""How a SMART target is doing: the measured value against the target, and a projection to the deadline.

The measured value is the KPI over the plan year up to its reference date (for a state such as the waiting
list: on the reference date). The projection draws the least-squares line through the last
:data:`MAX_MONTHS` complete monthly values (at least :data:`MIN_MONTHS`) and extends it to the deadline's
month. For a count of events (help requests) the target is about the year's total, so the projection is
the sum of the plan year's measured months plus the line's values for the months still to come.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from metrics.compute import EngineLike, KpiResult, compute_periods, resolve_engine
from metrics.periods import Granularity, Period, series
from metrics.targets import Target
from store.metrics_queries import Scope

MIN_MONTHS = 6
MAX_MONTHS = 12


@dataclass(frozen=True)
class Line:
    intercept: float
    slope: float  # per month

    def at(self, x: float) -> float:
        return self.intercept + self.slope * x


def least_squares(points: Sequence[tuple[float, float]]) -> Line:
    """The ordinary least-squares line through ``points`` (x, y); needs two distinct x values."""
    n = len(points)
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    sxx = sum((x - mean_x) ** 2 for x, _ in points)
    if sxx == 0:
        raise ValueError("Een lijn heeft minstens twee verschillende maanden nodig.")
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in points)
    slope = sxy / sxx
    return Line(mean_y - slope * mean_x, slope)


def month_number(month: Period) -> int:
    return month.year * 12 + month.index - 1


@dataclass(frozen=True)
class Projection:
    value: float | None  # None: too few monthly values
    months: tuple[tuple[Period, float], ...]  # the monthly values the line is drawn through
    line: Line | None
    deadline_month: Period
    explanation: str  # Dutch, for the screen


@dataclass(frozen=True)
class Progress:
    target: Target
    measured: KpiResult  # the plan year up to its reference date
    met: bool | None  # the measured value meets the target (None: no value)
    projection: Projection | None  # None once the deadline has passed
    expected_met: bool | None

    @property
    def deadline_passed(self) -> bool:
        return self.projection is None


def last_complete_month(as_of: date) -> Period:
    """The newest month whose every day lies on or before ``as_of``."""
    month = Period.containing(as_of, Granularity.MONTH)
    return month if month.last_day == as_of else month.previous()


def project(target: Target, monthly: Sequence[tuple[Period, float | None]]) -> Projection:
    """The projection of ``target`` from its KPI's complete monthly values (oldest first)."""
    deadline_month = Period.containing(target.deadline, Granularity.MONTH)
    known = [(m, v) for m, v in monthly if v is not None][-MAX_MONTHS:]
    if len(known) < MIN_MONTHS:
        text = f"Geen prognose: er zijn {len(known)} maanden met een waarde, er zijn er minstens {MIN_MONTHS} nodig."
        return Projection(None, tuple(known), None, deadline_month, text)  # type: ignore[arg-type]
    line = least_squares([(month_number(m), float(v)) for m, v in known])  # type: ignore[arg-type]
    last = known[-1][0]
    span = f"{known[0][0].label} t/m {last.label}"
    if target.is_flow_count:
        so_far = sum(float(v) for m, v in known if m.year == target.plan_year)  # type: ignore[arg-type]
        to_come = [last.shift(k) for k in range(1, month_number(deadline_month) - month_number(last) + 1)]
        to_come = [m for m in to_come if m.year == target.plan_year]
        value = so_far + sum(max(line.at(month_number(m)), 0.0) for m in to_come)
        text = (
            f"Prognose: de gemeten maanden van {target.plan_year} opgeteld, plus voor de {len(to_come)} maanden tot "
            f"en met {deadline_month.label} de waarde van de rechte lijn (kleinste kwadraten) door de "
            f"maandwaarden van {span}."
        )
    else:
        value = line.at(month_number(deadline_month))
        text = (
            f"Prognose: de rechte lijn (kleinste kwadraten) door de maandwaarden van {span}, doorgetrokken tot "
            f"{deadline_month.label}."
        )
    return Projection(value, tuple(known), line, deadline_month, text)  # type: ignore[arg-type]


def _months_for(as_of: date) -> list[Period]:
    return series(last_complete_month(as_of), MAX_MONTHS)


def progress(db: EngineLike, targets: Sequence[Target], *, today: date | None = None) -> list[Progress]:
    """The progress of each target; one computation per distinct scope."""
    engine = resolve_engine(db)
    by_scope: dict[Scope, list[Target]] = {}
    for t in targets:
        by_scope.setdefault(t.scope, []).append(t)
    found: dict[str, Progress] = {}
    for scope, group in by_scope.items():
        kpis = sorted({t.kpi_id for t in group})
        years = sorted({Period.whole_year(t.plan_year) for t in group})
        yearly = {(r.kpi, r.period): r for r in compute_periods(engine, years, None, scope, kpis=kpis, today=today)}
        months = sorted({m for r in yearly.values() for m in _months_for(r.as_of)})
        monthly = {(r.kpi, r.period): r.value for r in compute_periods(engine, months, None, scope, kpis=kpis,
                                                                        today=today)}  # fmt: skip
        for t in group:
            measured = yearly[(t.kpi_id, Period.whole_year(t.plan_year))]
            started = measured.as_of >= Period.whole_year(t.plan_year).first_day
            met = t.comparison.met_by(measured.value, t.value) if started else None
            last = last_complete_month(measured.as_of)
            if last.last_day >= t.deadline:
                found[t.key] = Progress(t, measured, met, None, None)
                continue
            values = [(m, monthly.get((t.kpi_id, m))) for m in _months_for(measured.as_of)]
            projection = project(t, values)
            expected = t.comparison.met_by(projection.value, t.value)
            found[t.key] = Progress(t, measured, met, projection, expected)
    return [found[t.key] for t in targets]
