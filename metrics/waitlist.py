"""The waiting list on a date: how long the waiting cases have waited, and the system's own list beside it.

* :func:`age_distribution`: the cases of the ``wachtlijst`` KPI on ``as_of`` of P, by the days they have
  waited (``as_of − registered_on``) in buckets 0–7, 8–14, 15–21, 22–28 and more (the first-conversation
  term a boundary), those past their term (``wachtlijst_over_termijn``) apart. The buckets add up to the KPI.
* :func:`system_figures`: where the tracking system delivered its own waiting list (``waitlist`` snapshot)
  for a date, its count beside the ``wachtlijst`` KPI for the same teams: only the teams the snapshot names
  are compared (a team whose system exports no list has nothing to differ from), as in
  :mod:`metrics.reconcile`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from metrics import registry
from metrics.compute import EngineLike, resolve_engine
from metrics.periods import Period
from metrics.phases import DayBucket, day_buckets, prepare, reference_day
from store import metrics_queries as q
from store.metrics_queries import EVERYTHING, Dim, Family, Scope

AGE_UPPERS = (7, 14, 21, 28)


@dataclass(frozen=True)
class AgeDistribution:
    period: Period
    as_of: date
    term_days: int
    buckets: list[DayBucket]
    within: list[int]  # per bucket: waiting, the first-conversation term not yet passed
    overdue: list[int]  # per bucket: waiting past the term (wachtlijst_over_termijn)

    @property
    def total(self) -> int:
        return sum(self.within) + sum(self.overdue)


def age_distribution(
    db: EngineLike, period: Period | str, scope: Scope | None = None, *, today: date | None = None
) -> AgeDistribution:
    """The waiting cases on ``as_of`` of ``period`` by the days they have waited."""
    when = Period.parse(period)
    engine = resolve_engine(db)
    settings = prepare(engine)
    with engine.connect() as conn:
        reference = reference_day(conn, when, today)
        ages = q.waiting_ages(conn, reference, scope or EVERYTHING)
    term = settings.terms.first_contact_days
    buckets = day_buckets(AGE_UPPERS, term)
    within, overdue = [0] * len(buckets), [0] * len(buckets)
    for (days, past), n in ages.items():
        index = next(i for i, b in enumerate(buckets) if b.holds(max(days, 0)))
        (overdue if past else within)[index] += n
    return AgeDistribution(when, reference, term, buckets, within, overdue)


@dataclass(frozen=True)
class SnapshotDay:
    """The system's own waiting list of one date beside the ``wachtlijst`` KPI, for the teams it covers."""

    as_of: date
    system: dict[str | None, int]  # per team named in the snapshot (None: rows without a team)
    derived: dict[str | None, int]  # the KPI per covered team

    @property
    def teams(self) -> list[str]:
        return sorted(t for t in self.system if t is not None)

    @property
    def system_total(self) -> int:
        return sum(self.system.values())

    @property
    def derived_total(self) -> int:
        return sum(self.derived.values())

    @property
    def difference(self) -> int:
        return self.system_total - self.derived_total


SystemFigures = dict[date, SnapshotDay]


def system_figures(db: EngineLike, dates: Iterable[date], scope: Scope | None = None) -> SystemFigures:
    """For each of ``dates`` with a ``waitlist`` snapshot in ``scope``: the system's count and the KPI's."""
    visible = scope or EVERYTHING
    engine = resolve_engine(db)
    prepare(engine)
    measure = registry.kpi("wachtlijst").numerator or "waiting"
    with engine.connect() as conn:
        own = q.snapshot_counts_per_team(conn, "waitlist", list(dates), visible)
        if not own:
            return {}
        tallies = q.interval_tallies(conn, Family.WAITLIST, sorted(own), Dim.TEAM, visible)
    out: SystemFigures = {}
    for day, per_team in sorted(own.items()):
        computed = {team: int(t.values.get(measure, 0)) for team, t in tallies[day].items()}
        # a row without a team: the snapshot covers the whole scope; else only the teams it names
        derived = computed if None in per_team else {team: computed.get(team, 0) for team in per_team}
        out[day] = SnapshotDay(day, dict(per_team), derived)
    return out
