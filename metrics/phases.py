"""Phases of a case: turnaround per phase, waiting days, and the open cases that are past a term or stall.

* :func:`turnarounds`: per phase (registration → first conversation, first conversation → decision,
  decision → plan of action, plan → settlement submitted, submitted → granted, registration → closure) the
  median and 90th percentile of the days it took, over the cases that completed the phase in period P (its
  end date in P). Day counts are calendar-day differences; the median of an even count is the mean of the
  two middle values and the 90th percentile interpolates linearly, as the catalogue says. A case whose
  dates are in the wrong order (a negative count) is left out and counted apart.
* :func:`waiting_days`: ``first_contact_on − registered_on`` of the first conversations in P, crisis and
  other cases apart, in day buckets (the first-conversation term a bucket boundary).
* :func:`open_states`: on the reference date, per group, the open cases past their decision term and the
  cases that stall in a stage without a legal term (limits: settings ``stalled_*_days``);
  :func:`open_cases` lists them (case id, dates, days over the term or in the stage).

The reference date is the catalogue's ``as_of`` of P for the ``cases`` dataset.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Connection, Engine

from metrics import stats
from metrics.compute import EngineLike, parse_dim, resolve_engine
from metrics.derived import ensure_derived, load_settings
from metrics.drilldown import DrillRecord
from metrics.periods import Period, as_of
from metrics.settings import MetricSettings
from store import metrics_queries as q
from store.metrics_queries import EVERYTHING, Dim, Scope, Span, Stage

CASES = ("cases",)

SPAN_LABELS: dict[Span, str] = {
    Span.FIRST_CONTACT: "Aanmelding → eerste gesprek",
    Span.DECISION: "Eerste gesprek → beschikking",
    Span.PLAN: "Beschikking → plan van aanpak",
    Span.SUBMISSION: "Plan van aanpak → schuldregeling ingediend",
    Span.GRANT: "Schuldregeling ingediend → toegekend",
    Span.CLOSURE: "Aanmelding → afsluiting (hele traject)",
}
STAGE_LABELS: dict[Stage, str] = {
    Stage.PLAN: "Beschikking, nog geen plan van aanpak",
    Stage.STABILISATION: "Plan van aanpak, nog geen schuldregeling ingediend",
    Stage.SETTLEMENT: "Schuldregeling ingediend, nog geen uitkomst",
}


def prepare(engine: Engine) -> MetricSettings:
    """The installation's settings, with the derived case columns brought up to date first."""
    with engine.begin() as conn:
        settings = load_settings(conn)
        ensure_derived(conn, settings)
    return settings


def reference_day(conn: Connection, period: Period, today: date | None = None) -> date:
    """``as_of`` of ``period`` for the case figures (the latest import of ``cases`` for a running period)."""
    return as_of(period, today or date.today(), q.latest_import_date(conn, CASES))


# ----------------------------------------------------------------------------------------- turnaround
@dataclass(frozen=True)
class SpanFigure:
    span: Span
    records: int  # cases that completed the phase in P, with both dates in order
    median: float | None
    p90: float | None
    out_of_order: int  # cases left out: the end date lies before the start date

    @property
    def label(self) -> str:
        return SPAN_LABELS[self.span]


def span_figure(span: Span, histogram: Mapping[int, int]) -> SpanFigure:
    ordered = {days: n for days, n in histogram.items() if days >= 0}
    negative = sum(n for days, n in histogram.items() if days < 0)
    return SpanFigure(span, stats.size(ordered), stats.percentile(ordered, 50), stats.percentile(ordered, 90), negative)


def turnarounds(
    db: EngineLike, period: Period | str, scope: Scope | None = None, *, spans: Sequence[Span] = tuple(Span)
) -> list[SpanFigure]:
    """Median and 90th percentile of the days per phase, for the cases that completed it in ``period``."""
    when = Period.parse(period)
    engine = resolve_engine(db)
    with engine.connect() as conn:
        histograms = q.span_histograms(conn, tuple(spans), when.first_day, when.last_day, scope or EVERYTHING)
    return [span_figure(span, histograms[span]) for span in spans]


# ----------------------------------------------------------------------------------------- waiting days
@dataclass(frozen=True)
class DayBucket:
    low: int
    high: int | None  # inclusive; None: no upper bound

    @property
    def label(self) -> str:
        return f"meer dan {self.low - 1}" if self.high is None else f"{self.low}–{self.high}"

    def holds(self, days: int) -> bool:
        return days >= self.low and (self.high is None or days <= self.high)


def day_buckets(uppers: Sequence[int], term: int | None = None) -> list[DayBucket]:
    """Buckets 0–u1, (u1+1)–u2, …, and "more than" the last upper bound; ``term`` is always a boundary."""
    bounds = sorted(set(uppers) | ({term} if term is not None else set()))
    out, low = [], 0
    for high in bounds:
        out.append(DayBucket(low, high))
        low = high + 1
    out.append(DayBucket(low, None))
    return out


def bucket_counts(histogram: Mapping[int, int], buckets: Sequence[DayBucket]) -> list[int]:
    """How many of the histogram's records fall in each bucket (a negative count in the first)."""
    counts = [0] * len(buckets)
    for days, n in histogram.items():
        index = next((i for i, b in enumerate(buckets) if b.holds(max(days, 0))), len(buckets) - 1)
        counts[index] += n
    return counts


WAITING_UPPERS = (7, 14, 21, 28, 35, 42, 56, 84)


@dataclass(frozen=True)
class WaitingDays:
    period: Period
    term_days: int  # the first-conversation term (not in crisis)
    buckets: list[DayBucket]
    regular: list[int]  # per bucket: first conversations of cases not in crisis
    crisis: list[int]
    regular_median: float | None
    crisis_median: float | None

    @property
    def total(self) -> int:
        return sum(self.regular) + sum(self.crisis)


def waiting_days(db: EngineLike, period: Period | str, scope: Scope | None = None) -> WaitingDays:
    """The distribution of the days to the first conversation, for first conversations in ``period``."""
    when = Period.parse(period)
    engine = resolve_engine(db)
    settings = prepare(engine)
    with engine.connect() as conn:
        by_crisis = q.waiting_days_by_crisis(conn, when.first_day, when.last_day, scope or EVERYTHING)
    term = settings.terms.first_contact_days
    buckets = day_buckets(WAITING_UPPERS, term)
    return WaitingDays(
        when, term, buckets, bucket_counts(by_crisis[False], buckets), bucket_counts(by_crisis[True], buckets),
        stats.median(by_crisis[False]), stats.median(by_crisis[True]),
    )  # fmt: skip


# ----------------------------------------------------------------------------------------- open cases
def stall_limits(settings: MetricSettings) -> dict[Stage, int]:
    return {
        Stage.PLAN: settings.stalled_plan_days,
        Stage.STABILISATION: settings.stalled_stabilisation_days,
        Stage.SETTLEMENT: settings.stalled_settlement_days,
    }


def open_window(reference: date, settings: MetricSettings) -> q.OpenWindow:
    """Stalled: more than ``limit`` days in the stage on ``reference``, i.e. entered before reference − limit."""
    limits = stall_limits(settings)
    return q.OpenWindow(reference, {stage: reference - timedelta(days=days) for stage, days in limits.items()})


@dataclass(frozen=True)
class OpenStates:
    period: Period
    as_of: date
    by: Dim | None
    limits: dict[Stage, int]
    counts: dict[str | None, dict[str, int]]  # group → decision_overdue, stalled, stalled_<stage>

    def get(self, group: str | None, measure: str) -> int:
        return self.counts.get(group, {}).get(measure, 0)

    def total(self, measure: str) -> int:
        return sum(c.get(measure, 0) for c in self.counts.values())


def open_states(
    db: EngineLike,
    period: Period | str,
    scope: Scope | None = None,
    by: Dim | str | None = Dim.CONSULTANT,
    *,
    today: date | None = None,
) -> OpenStates:
    """Per group: the open cases past their decision term and the stalled cases on ``as_of`` of ``period``."""
    when = Period.parse(period)
    dim = parse_dim(by)
    engine = resolve_engine(db)
    settings = prepare(engine)
    with engine.connect() as conn:
        reference = reference_day(conn, when, today)
        counts = q.open_state_tallies(conn, open_window(reference, settings), dim, scope or EVERYTHING)
    return OpenStates(when, reference, dim, stall_limits(settings), counts)


def _open_record(row: dict, reference: date, limits: dict[Stage, int], measure: str) -> DrillRecord:
    values: dict[str, object] = {
        "registered_on": row["registered_on"],
        "first_contact_on": row["first_contact_on"],
    }
    if measure == "decision_overdue":
        deadline = row["decision_deadline"]
        values["decision_deadline"] = deadline
        over = (reference - deadline).days if deadline is not None else None
        return DrillRecord(row["record_id"], row["team"], row["municipality"], row["consultant"], values, None, over)
    stage = Stage(row["stage"])
    started = row["stage_started_on"]
    in_stage = (reference - started).days
    values.update(
        decision_on=row["decision_on"],
        plan_on=row["plan_on"],
        settlement_submitted_on=row["settlement_submitted_on"],
        stage=STAGE_LABELS[stage],
        stage_started_on=started,
        stage_limit=limits[stage],
        days_over_limit=in_stage - limits[stage],
    )
    return DrillRecord(row["record_id"], row["team"], row["municipality"], row["consultant"], values, in_stage)


@dataclass(frozen=True)
class OpenCases:
    measure: str
    period: Period
    as_of: date
    records: list[DrillRecord]


def open_cases(
    db: EngineLike,
    measure: str,
    period: Period | str,
    scope: Scope | None = None,
    group: tuple[Dim | str, str | None] | None = None,
    *,
    today: date | None = None,
) -> OpenCases:
    """The cases behind ``measure`` (``decision_overdue``, ``stalled`` or ``stalled_<stage>``) on ``as_of``.

    A decision-overdue record has the days past the decision deadline; a stalled one its stage, the day
    it entered it, the days in it (``days``) and the days past the limit.
    """
    when = Period.parse(period)
    wanted = (parse_dim(group[0]), group[1]) if group is not None else None
    engine = resolve_engine(db)
    settings = prepare(engine)
    limits = stall_limits(settings)
    with engine.connect() as conn:
        reference = reference_day(conn, when, today)
        rows = q.open_state_records(conn, open_window(reference, settings), measure, scope or EVERYTHING, wanted)
    return OpenCases(measure, when, reference, [_open_record(r, reference, limits, measure) for r in rows])
