"""Computing the KPIs of the registry: for periods, a breakdown and a scope, in as few queries as possible.

``compute_all(db, "2025-Q1", by="team", scope=Scope.of(teams=["Schuldhulp Noord"]))`` returns one
:class:`KpiResult` per KPI, period and group. Every KPI of the request is in the result, with ``value``
``None`` (and a Dutch ``note``) where it cannot be computed.

How it works: before reading, the derived columns of changed cases are brought up to date
(``metrics.derived``); then each KPI family is queried once per period (flow families) or once for all
reference dates (interval families), grouped by the breakdown, with the scope in the WHERE clause; the
registry's compute functions turn the tallies into figures.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Connection, Engine

from config import settings as app_settings
from metrics import registry
from metrics.derived import ensure_derived, load_settings
from metrics.figures import Figure, Inputs
from metrics.periods import Period, as_of
from metrics.registry import Kpi
from metrics.settings import MetricSettings
from store import metrics_queries as q
from store.db import ready_engine
from store.metrics_queries import EVERYTHING, Dim, Family, Scope, Tallies, Tally

EngineLike = Engine | str | None
TEAMLESS = frozenset({Family.SIGNALS, Family.SIGNAL_CASES})  # records with a municipality but no team


@dataclass(frozen=True)
class KpiResult:
    kpi: str
    period: Period
    as_of: date
    by: Dim | None
    group: str | None  # the team, municipality code or consultant; None for the total or an unknown group
    value: float | None
    numerator: float | None
    denominator: float | None
    records: int
    note: str | None = None  # why there is no value, in Dutch

    @property
    def registry_entry(self) -> Kpi:
        return registry.kpi(self.kpi)


@dataclass(frozen=True)
class Comparison:
    """A period with the period before and the same period a year earlier (for the council report)."""

    current: list[KpiResult]
    previous: list[KpiResult]
    year_earlier: list[KpiResult]


def resolve_engine(db: EngineLike) -> Engine:
    """An engine for ``db``: an Engine as is, else a URL (or the configured database), migrated."""
    return db if isinstance(db, Engine) else ready_engine(db)


def in_memory(engine: Engine) -> bool:
    """Whether the database lives in the connection's memory: private to it, so no other connection (thread)
    can read it."""
    return engine.url.database in (None, "", ":memory:")


def parse_dim(by: Dim | str | None) -> Dim | None:
    if by is None or isinstance(by, Dim):
        return by
    try:
        return Dim(by)
    except ValueError:
        raise ValueError(f"Onbekende uitsplitsing '{by}': kies team, municipality of consultant.") from None


def team_of_municipality() -> dict[str, str]:
    """Municipality code → the team serving it, from the installation settings."""
    return {m.code: m.team for m in app_settings.installation().municipalities if m.team}


def teamless_scope(scope: Scope, team_map: dict[str, str]) -> Scope:
    """``scope`` for records without a team: a team restriction becomes one on the teams' municipalities."""
    if scope.teams is None:
        return scope
    allowed = {m for m, team in team_map.items() if team in scope.teams}
    if scope.municipalities is not None:
        allowed &= scope.municipalities
    return Scope(teams=None, municipalities=frozenset(allowed))


@dataclass
class _Run:
    """One computation: a connection, the settings, and caches of everything queried so far."""

    conn: Connection
    settings: MetricSettings
    dim: Dim | None
    scope: Scope
    today: date
    team_map: dict[str, str]
    periods: list[Period]
    # the periods whose reference dates an interval query reads (default: ``periods``); a split run reads those
    # of the totals too, so that the totals' interval tallies can be summed from its groups
    interval_periods: list[Period] | None = None
    _as_of: dict[tuple[Period, tuple[str, ...]], date] = field(default_factory=dict)
    _imports: dict[tuple[str, ...], date | None] = field(default_factory=dict)
    _flows: dict[tuple[Family, Period], Tallies] = field(default_factory=dict)
    _intervals: dict[Family, dict[date, Tallies]] = field(default_factory=dict)
    _fte: dict[date, dict[str | None, float]] | None = None

    @property
    def params(self) -> q.QueryParams:
        s = self.settings
        return q.QueryParams(s.positive_close_reasons, s.dropout_close_reasons, s.help_accepted_results)

    def as_of(self, period: Period, family: Family) -> date:
        datasets = registry.FAMILY_DATASETS[family]
        if datasets not in self._imports:
            self._imports[datasets] = q.latest_import_date(self.conn, datasets)
        return as_of(period, self.today, self._imports[datasets])

    # -- scope and breakdown for records without a team -------------------------------------------------
    def _teamless_scope(self) -> Scope:
        return teamless_scope(self.scope, self.team_map)

    def _roll_up(self, tallies: Tallies) -> Tallies:
        out: Tallies = {}
        for municipality, tally in tallies.items():
            out.setdefault(self.team_map.get(municipality) if municipality else None, Tally()).merge(tally)
        return out

    # -- queries --------------------------------------------------------------------------------------
    def flow(self, family: Family, period: Period) -> Tallies:
        key = (family, period)
        if key not in self._flows:
            self._flows[key] = self.query_flow(self.conn, family, period)
        return self._flows[key]

    def query_flow(self, conn: Connection, family: Family, period: Period) -> Tallies:
        """The tallies of a flow family for ``period``, read on ``conn`` (``as_of`` must be known already
        when this runs on another thread: see :func:`_prefetch`)."""
        window = q.Window(period.first_day, period.last_day, self.as_of(period, family), self.params)
        if family in TEAMLESS and self.dim is Dim.TEAM:
            tallies = q.flow_tallies(conn, family, window, Dim.MUNICIPALITY, self._teamless_scope())
            return self._roll_up(tallies)
        scope = self._teamless_scope() if family in TEAMLESS else self.scope
        return q.flow_tallies(conn, family, window, self.dim, scope)

    def interval(self, family: Family, period: Period) -> Tallies:
        if family not in self._intervals:
            self._intervals[family] = self.query_interval(self.conn, family)
        return self._intervals[family][self.as_of(period, family)]

    def query_interval(self, conn: Connection, family: Family) -> dict[date, Tallies]:
        dates = [self.as_of(p, family) for p in self.interval_periods or self.periods]
        return q.interval_tallies(conn, family, dates, self.dim, self.scope)

    def tallies(self, family: Family, period: Period) -> Tallies:
        if family in q.INTERVAL_FAMILIES:
            return self.interval(family, period)
        return self.flow(family, period)

    def fte(self, period: Period, family: Family) -> dict[str | None, float]:
        if self._fte is None:
            months = [self.as_of(p, family) for p in self.periods]
            self._fte = q.staffing_fte(self.conn, months, self.dim, self.scope)
        return self._fte[self.as_of(period, family).replace(day=1)]


def _unavailable(kpi: Kpi, run: _Run) -> str | None:
    """Why ``kpi`` cannot be shown for this breakdown and scope, or None."""
    if run.dim is not None and run.dim not in kpi.breakdowns:
        return f"{kpi.label} is niet uit te splitsen naar {DIM_LABELS[run.dim]}."
    if kpi.needs_staffing and run.scope.municipalities is not None:
        return "De formatie kent geen gemeente: dossiers per fte is niet te tonen voor een selectie van gemeenten."
    return None


DIM_LABELS = {Dim.TEAM: "team", Dim.MUNICIPALITY: "gemeente", Dim.CONSULTANT: "consulent"}


def _configured_groups(dim: Dim | None, scope: Scope, team_map: dict[str, str]) -> set[str | None]:
    inst = app_settings.installation()
    if dim is Dim.TEAM:
        teams = set(inst.teams) | set(team_map.values())
        return {t for t in teams if scope.teams is None or t in scope.teams}
    if dim is Dim.MUNICIPALITY:
        return {
            m.code
            for m in inst.municipalities
            if (scope.municipalities is None or m.code in scope.municipalities)
            and (scope.teams is None or m.team in scope.teams)
        }
    return set()


def _group_order(group: str | None) -> tuple[int, str]:
    return (1, "") if group is None else (0, group)


def _figure(kpi: Kpi, run: _Run, period: Period, group: str | None) -> Figure:
    tally = run.tallies(kpi.family, period).get(group, Tally())
    fte = run.fte(period, kpi.family).get(group) if kpi.needs_staffing else None
    return kpi.compute(Inputs(tally, fte))


def _results_for(kpi: Kpi, run: _Run, groups: list[str | None]) -> list[KpiResult]:
    out = []
    reason = _unavailable(kpi, run)
    for period in run.periods:
        stamp = run.as_of(period, kpi.family)
        if reason is not None:
            out.append(KpiResult(kpi.id, period, stamp, run.dim, None, None, None, None, 0, reason))
            continue
        for group in groups:
            fig = _figure(kpi, run, period, group)
            note = "Geen formatie voor deze maand." if kpi.needs_staffing and not fig.denominator else None
            out.append(
                KpiResult(
                    kpi.id, period, stamp, run.dim, group, fig.value, fig.numerator, fig.denominator, fig.records,
                    note,
                )
            )
    return out


def _groups(run: _Run, kpis: Sequence[Kpi]) -> list[str | None]:
    if run.dim is None:
        return [None]
    found = _configured_groups(run.dim, run.scope, run.team_map)
    for kpi in kpis:
        if _unavailable(kpi, run) is None:
            for period in run.periods:
                found.update(run.tallies(kpi.family, period))
    return sorted(found, key=_group_order)


PARALLEL_QUERIES = min(4, os.cpu_count() or 1)  # connections reading at once (the database works outside the GIL)


@dataclass
class _Jobs:
    """The queries a run still needs: interval families (one query each) and flow families per period."""

    run: _Run
    intervals: list[Family]
    flows: list[tuple[Family, Period]]


def _jobs(run: _Run, kpis: Sequence[Kpi]) -> _Jobs:
    """What ``run`` has to read for ``kpis`` and has not read yet. The reference dates are looked up here,
    on the run's own connection, so that the queries themselves only read."""
    families = {k.family for k in kpis if _unavailable(k, run) is None}
    for family in families:
        for period in {*run.periods, *(run.interval_periods or ())}:
            run.as_of(period, family)
    intervals = [f for f in families if f in q.INTERVAL_FAMILIES and f not in run._intervals]
    flows = [
        (f, p) for f in families if f not in q.INTERVAL_FAMILIES for p in run.periods if (f, p) not in run._flows
    ]
    return _Jobs(run, intervals, flows)


def _prefetch(engine: Engine, jobs: Sequence[_Jobs]) -> None:
    """Read every family and period the runs need at once, each query on its own connection, so that a
    series or a report uses every core; the results land in the runs' caches, read as before."""
    count = sum(len(j.intervals) + len(j.flows) for j in jobs)
    if PARALLEL_QUERIES < 2 or count < 2 or in_memory(engine):
        return

    def read_interval(job: tuple[_Run, Family]) -> dict[date, Tallies]:
        with engine.connect() as conn:
            return job[0].query_interval(conn, job[1])

    def read_flow(job: tuple[_Run, Family, Period]) -> Tallies:
        with engine.connect() as conn:
            return job[0].query_flow(conn, job[1], job[2])

    intervals = [(j.run, f) for j in jobs for f in j.intervals]
    flows = [(j.run, f, p) for j in jobs for f, p in j.flows]
    with ThreadPoolExecutor(max_workers=PARALLEL_QUERIES) as pool:
        interval_results = pool.map(read_interval, intervals)  # the longest first
        flow_results = pool.map(read_flow, flows)
        for (run, family), result in zip(intervals, interval_results, strict=True):
            run._intervals[family] = result
        for (run, family, period), result in zip(flows, flow_results, strict=True):
            run._flows[(family, period)] = result


def _summed(tallies: Tallies) -> Tallies:
    """The groups' tallies as one total (every tally is a sum of counts, sums and a histogram)."""
    if not tallies:
        return {}
    total = Tally()
    for tally in tallies.values():
        total.merge(tally)
    return {None: total}


def _take_totals(total: _Run, split: _Run) -> None:
    """Fill ``total``'s caches with the sums of what ``split`` read: the same records, grouped."""
    for key, tallies in split._flows.items():
        total._flows.setdefault(key, _summed(tallies))
    for family, by_date in split._intervals.items():
        total._intervals.setdefault(family, {d: _summed(t) for d, t in by_date.items()})


def compute_periods(
    db: EngineLike,
    periods: Iterable[Period | str],
    by: Dim | str | None = None,
    scope: Scope | None = None,
    *,
    kpis: Sequence[str] | None = None,
    today: date | None = None,
) -> list[KpiResult]:
    """Every selected KPI for every period, per group of ``by``, within ``scope``."""
    engine = resolve_engine(db)
    chosen = registry.select(kpis)
    metric_settings = _ready(engine)
    with engine.connect() as conn:
        run = _Run(conn, metric_settings, parse_dim(by), *_context(scope, today), _periods(periods))
        _prefetch(engine, [_jobs(run, chosen)])
        return _results(run, chosen)


def _ready(engine: Engine) -> MetricSettings:
    """The calculation's settings, with the derived columns of changed cases brought up to date first."""
    with engine.begin() as conn:
        metric_settings = load_settings(conn)
        ensure_derived(conn, metric_settings)
    return metric_settings


def _context(scope: Scope | None, today: date | None) -> tuple[Scope, date, dict[str, str]]:
    """A run's scope, day and team map (``_Run`` fields after the breakdown)."""
    return scope or EVERYTHING, today or date.today(), team_of_municipality()


def _periods(periods: Iterable[Period | str]) -> list[Period]:
    return sorted({Period.parse(p) for p in periods})


def _results(run: _Run, kpis: Sequence[Kpi]) -> list[KpiResult]:
    groups = _groups(run, kpis)
    return [r for kpi in kpis for r in _results_for(kpi, run, groups)]


def compute_split(
    db: EngineLike,
    periods: Iterable[Period | str],
    by: Dim | str,
    scope: Scope | None = None,
    *,
    split_periods: Iterable[Period | str] | None = None,
    kpis: Sequence[str] | None = None,
    today: date | None = None,
) -> tuple[list[KpiResult], list[KpiResult]]:
    """The totals of ``periods`` and, per group of ``by``, the figures of ``split_periods`` (default: all of
    ``periods``), as :func:`compute_periods` gives them, in one computation (for a report with its parts).

    A family read per group is not read again for the total: the total's tallies are the sums of the groups'
    (the same records, every tally a sum). So the split periods' flows and every interval family are read
    once, grouped; only what the split cannot give (a KPI without this breakdown, the total-only periods)
    is read ungrouped.
    """
    engine = resolve_engine(db)
    chosen = registry.select(kpis)
    wanted = _periods(periods)
    parts = wanted if split_periods is None else _periods(split_periods)
    metric_settings = _ready(engine)
    with engine.connect() as conn:
        context = _context(scope, today)
        every = _periods([*wanted, *parts])
        split = _Run(conn, metric_settings, parse_dim(by), *context, parts, interval_periods=every)
        total = _Run(conn, metric_settings, None, *context, wanted)
        split_jobs, total_jobs = _jobs(split, chosen), _jobs(total, chosen)
        covered = set(split_jobs.flows)  # what the split reads, the total takes from it
        total_jobs.flows = [job for job in total_jobs.flows if job not in covered]
        total_jobs.intervals = [f for f in total_jobs.intervals if f not in split_jobs.intervals]
        _prefetch(engine, [split_jobs, total_jobs])
        split_results = _results(split, chosen)  # reads whatever the prefetch did not (one core, in-memory)
        _take_totals(total, split)
        return _results(total, chosen), split_results


def compute_all(
    db: EngineLike,
    period: Period | str,
    by: Dim | str | None = None,
    scope: Scope | None = None,
    *,
    kpis: Sequence[str] | None = None,
    today: date | None = None,
) -> list[KpiResult]:
    """Every KPI of the registry (or of ``kpis``) for one period."""
    return compute_periods(db, [period], by, scope, kpis=kpis, today=today)


def compute(
    db: EngineLike,
    kpi_id: str,
    period: Period | str,
    by: Dim | str | None = None,
    scope: Scope | None = None,
    *,
    today: date | None = None,
) -> list[KpiResult]:
    """One KPI for one period (one result per group)."""
    return compute_periods(db, [period], by, scope, kpis=[kpi_id], today=today)


def compute_series(
    db: EngineLike,
    periods: Sequence[Period | str],
    by: Dim | str | None = None,
    scope: Scope | None = None,
    *,
    kpis: Sequence[str] | None = None,
    today: date | None = None,
) -> list[KpiResult]:
    """KPIs over consecutive periods in one call (for trend charts); see ``metrics.periods.series``."""
    return compute_periods(db, periods, by, scope, kpis=kpis, today=today)


def compute_comparison(
    db: EngineLike,
    period: Period | str,
    by: Dim | str | None = None,
    scope: Scope | None = None,
    *,
    kpis: Sequence[str] | None = None,
    today: date | None = None,
) -> Comparison:
    """A period, the period before and the same period a year earlier, in one computation."""
    current = Period.parse(period)
    previous, earlier = current.previous(), current.year_earlier()
    results = compute_periods(db, [current, previous, earlier], by, scope, kpis=kpis, today=today)
    return Comparison(
        current=[r for r in results if r.period == current],
        previous=[r for r in results if r.period == previous],
        year_earlier=[r for r in results if r.period == earlier],
    )
