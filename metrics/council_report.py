"""The quarterly council report (raadsrapportage): the fixed KPI set of the settings for a quarter.

Each KPI with the quarter before and the same quarter a year earlier (taken from the trend; per
municipality from ``compute_split``), the target of the plan year and its current status, whether it
deviates and the team leader's explanation; per municipality when the report covers more than one; the last
eight quarters as a trend. Everything goes through :func:`metrics.suppression.for_council`; no consultant
names (free texts are redacted) and no case ids. :func:`document` turns the report into the file-independent
:class:`metrics.report_model.Report`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from config import settings as app_settings
from metrics import explanations, names, registry, targets
from metrics.compute import Comparison, EngineLike, KpiResult, compute_series, compute_split, resolve_engine
from metrics.derived import load_settings
from metrics.explanations import Explanation, ScopeKey, row_scope
from metrics.periods import Granularity, Period, PeriodError, series
from metrics.registry import Direction, Kpi, Unit
from metrics.report_model import Cell, Chart, Number, Report, Section, Table, kpi_definition, number
from metrics.suppression import FOOTNOTE, CouncilFigure, Shown, Thresholds, for_council
from metrics.targets import StatusUpdate, Target
from store import metrics_queries as q
from store import report_queries as rq
from store.metrics_queries import EVERYTHING, Scope

TREND_QUARTERS = 8  # two years: it holds the quarter before and the same quarter a year earlier
DEVIATION_POINTS = 5.0  # percentage points, for percentages
DEVIATION_SHARE = 0.10  # relative change, for the other figures
DEVIATION_RULE = (
    "Afwijking: het doel van het jaarplan is niet gehaald, of (zonder vergelijkbaar doel) het cijfer is ten "
    "opzichte van hetzelfde kwartaal vorig jaar de verkeerde kant op gegaan, met meer dan 5 procentpunt "
    "(percentages) of meer dan 10% (andere cijfers). Een afgeschermd cijfer wordt niet beoordeeld."
)


@dataclass(frozen=True)
class Row:
    kpi_id: str  # (an id, not the registry entry: a report is cached, and the entry holds functions)
    scope: ScopeKey  # (team, municipality) of the row, the key of its explanation
    current: CouncilFigure
    previous: CouncilFigure
    year_earlier: CouncilFigure
    target: Target | None
    status: StatusUpdate | None
    deviation: bool | None  # None: cannot be judged (no value, or suppressed)
    explanation: Explanation | None

    @property
    def kpi(self) -> Kpi:
        return registry.kpi(self.kpi_id)


@dataclass(frozen=True)
class CouncilReport:
    quarter: Period
    reference_date: date
    data_through: date | None
    team: str | None
    municipality: str | None
    filters: str
    rows: list[Row]  # the report's total
    municipalities: list[tuple[str, str, list[Row]]]  # code, name, rows: when it covers more than one
    trend: list[Period]
    trend_figures: dict[str, list[CouncilFigure]]  # KPI id → one figure per trend quarter
    targets: list[tuple[Target, StatusUpdate | None]]
    thresholds: Thresholds
    consultants: tuple[str, ...]  # for redaction of free texts, never shown
    history_start: date | None = None  # the store's first record: quarters that end before it have no figures

    def before_data(self, period: Period) -> bool:
        """Whether ``period`` ends before the store's first record (its figures are not zeros but unknown)."""
        return self.history_start is not None and not period.in_data(self.history_start)


def parse_quarter(text: str | Period) -> Period:
    quarter = Period.parse(text)
    if quarter.granularity is not Granularity.QUARTER:
        raise PeriodError(f"De raadsrapportage gaat over een kwartaal (bijvoorbeeld 2025-Q3), niet over '{text}'.")
    return quarter


def report_scope(base: Scope, team: str | None, municipality: str | None) -> Scope:
    """``base`` (the viewer's scope) narrowed to the chosen team and municipality."""
    teams = base.teams
    if team:
        teams = frozenset({team}) if teams is None or team in teams else frozenset()
    municipalities = base.municipalities
    if municipality:
        allowed = municipalities is None or municipality in municipalities
        municipalities = frozenset({municipality}) if allowed else frozenset()
    return Scope(teams, municipalities)


def describe_filters(team: str | None, municipality: str | None) -> str:
    where = targets.municipality_name(municipality) if municipality else "alle"
    return f"Team: {team or 'alle teams'} · Gemeente: {where}"


def covered_municipalities(scope: Scope) -> list[tuple[str, str]]:
    """The installation's municipalities (code, name) that ``scope`` covers."""
    return [
        (m.code, m.name)
        for m in app_settings.installation().municipalities
        if (scope.municipalities is None or m.code in scope.municipalities)
        and (scope.teams is None or m.team in scope.teams)
    ]


NO_MUNICIPALITY = ""  # the part of the records without a municipality (no CBS code is empty)
NO_MUNICIPALITY_LABEL = "Gemeente onbekend"


def as_parts(results: Sequence[KpiResult]) -> list[KpiResult]:
    """The results of a municipality split as report parts: the records without a municipality (group
    None, which in a report means the total) under :data:`NO_MUNICIPALITY`."""
    return [replace(r, group=NO_MUNICIPALITY) if r.group is None else r for r in results]


def with_found(covered: list[tuple[str, str]], parts: Sequence[KpiResult]) -> list[tuple[str, str]]:
    """The covered municipalities and, after them, the others the data hold (a municipality of another team
    under its name, a delivery for a code the settings do not know) and the records without a
    municipality: the sections then add up to the total. ``parts`` as :func:`as_parts` gives them."""
    known = {code for code, _ in covered}
    names = {m.code: m.name for m in app_settings.installation().municipalities}
    extra = sorted({r.group for r in parts if r.group is not None and r.group not in known} - {NO_MUNICIPALITY})
    listed = [*covered, *((g, names.get(g) or unknown_municipality_label(g)) for g in extra)]
    if any(r.group == NO_MUNICIPALITY and r.records for r in parts):
        listed.append((NO_MUNICIPALITY, NO_MUNICIPALITY_LABEL))
    return listed


def unknown_municipality_label(code: str) -> str:
    """How a report (and the filter) names a municipality the settings do not know: ``Gemeente 0111`` for a
    CBS code, else the name as the export gave it."""
    return f"Gemeente {code}" if code.isdigit() else code


def deviates(kpi: Kpi, current: CouncilFigure, year_earlier: CouncilFigure | None, target: Target | None,
             quarter: Period) -> bool | None:  # fmt: skip
    """Whether a row deviates (see :data:`DEVIATION_RULE`), judged only on figures that are shown; without a
    year-earlier figure (``None``: that quarter lies before the data) only against the target."""
    value = current.value.value
    if value is None:
        return None
    if target is not None and targets.comparable(target, quarter):
        return not target.comparison.met_by(value, target.value)
    before = year_earlier.value.value if year_earlier is not None else None
    if kpi.direction is Direction.NONE or before is None:
        return False
    change = value - before
    worse = change < 0 if kpi.direction is Direction.HIGHER else change > 0
    if not worse:
        return False
    if kpi.unit is Unit.PERCENT:
        return abs(change) > DEVIATION_POINTS
    return before == 0 or abs(change) / abs(before) > DEVIATION_SHARE  # from 0, any worsening counts


def _by_kpi(results: Sequence[KpiResult], group: str | None) -> dict[str, KpiResult]:
    return {r.kpi: r for r in results if r.group == group}


def _rows(
    kpis: Sequence[Kpi], quarter: Period, comparison: tuple[list[KpiResult], list[KpiResult], list[KpiResult]],
    group: str | None, scope_key: ScopeKey, context: _Context,
) -> list[Row]:  # fmt: skip
    current, previous, earlier = (_by_kpi(part, group) for part in comparison)
    chosen = targets.for_scope(context.targets, *scope_key)
    rows = []
    for kpi in kpis:
        now, before, year = (
            for_council([part[kpi.id]], context.thresholds)[0] for part in (current, previous, earlier)
        )
        target = chosen.get(kpi.id)
        compared = year if quarter.year_earlier().in_data(context.history_start) else None
        status = targets.latest(context.statuses.get(target.key)) if target else None
        history = context.explanations.get((kpi.id, scope_key))
        rows.append(
            Row(kpi.id, scope_key, now, before, year, target, status, deviates(kpi, now, compared, target, quarter),
                history[-1] if history else None)
        )  # fmt: skip
    return rows


@dataclass(frozen=True)
class _Context:
    thresholds: Thresholds
    targets: list[Target]
    statuses: dict[str, list[StatusUpdate]]
    explanations: dict[tuple[str, ScopeKey], list[Explanation]]
    history_start: date | None  # the store's first record: a quarter before it is no comparison


def build(
    db: EngineLike,
    quarter: Period | str,
    *,
    team: str | None = None,
    municipality: str | None = None,
    viewer_scope: Scope = EVERYTHING,
    today: date | None = None,
) -> CouncilReport:
    """The council report for ``quarter`` within the viewer's scope, narrowed to a team or municipality."""
    engine = resolve_engine(db)
    chosen_quarter = parse_quarter(quarter)
    scope = report_scope(viewer_scope, team, municipality)
    with engine.connect() as conn:
        metric_settings = load_settings(conn)
        consultants = tuple(names.consultant_names(conn))
    kpis = [registry.kpi(k) for k in metric_settings.council_report_kpis]
    ids = [k.id for k in kpis]
    with engine.connect() as conn:
        data_through = q.latest_import_date(conn, sorted({d for k in kpis for d in k.datasets}))
        first_record = rq.earliest_record_date(conn)
    plan = [t for t in targets.current(engine, chosen_quarter.year) if t.visible_to(scope)]
    context = _Context(
        Thresholds.from_settings(metric_settings), plan, targets.statuses(engine, [t.key for t in plan]),
        explanations.history(engine, chosen_quarter),
        first_record,
    )  # fmt: skip
    # The trend holds the quarter, the quarter before and the same quarter a year earlier: the comparison of the
    # totals is taken from it. Per municipality only those three quarters are needed; with a municipality
    # split, the totals of the figures that can be split are its sums (one computation, each family read once).
    trend = series(chosen_quarter, TREND_QUARTERS)
    compared = [chosen_quarter, chosen_quarter.previous(), chosen_quarter.year_earlier()]
    split_results: list[KpiResult] = []
    if municipality is None:
        trend_results, split_results = compute_split(
            engine, trend, "municipality", scope, split_periods=compared, kpis=ids, today=today
        )
    else:
        trend_results = compute_series(engine, trend, None, scope, kpis=ids, today=today)
    totals = Comparison(
        current=[r for r in trend_results if r.period == chosen_quarter],
        previous=[r for r in trend_results if r.period == chosen_quarter.previous()],
        year_earlier=[r for r in trend_results if r.period == chosen_quarter.year_earlier()],
    )
    total_key = row_scope(team, municipality)
    rows = _rows(kpis, chosen_quarter, (totals.current, totals.previous, totals.year_earlier), None, total_key, context)
    per_municipality: list[tuple[str, str, list[Row]]] = []
    if municipality is None:
        parts = tuple(as_parts([r for r in split_results if r.period == p]) for p in compared)
        listed = with_found(covered_municipalities(scope), [r for part in parts for r in part])
        for code, name in listed if len(listed) > 1 else ():
            per_municipality.append((code, name, _rows(kpis, chosen_quarter, parts, code, (None, code), context)))
    trend_figures = {
        k: for_council(sorted((r for r in trend_results if r.kpi == k), key=lambda r: r.period), context.thresholds)
        for k in ids
    }
    reference = max(r.as_of for r in totals.current)
    return CouncilReport(
        chosen_quarter, reference, data_through, team, municipality, describe_filters(team, municipality), rows,
        per_municipality, trend, trend_figures,
        [(t, targets.latest(context.statuses.get(t.key))) for t in plan], context.thresholds, consultants,
        first_record,
    )  # fmt: skip


# ----------------------------------------------------------------------------------------------- document
def quarter_short(period: Period) -> str:
    return f"K{period.index} {period.year}"


def day_text(day: date) -> str:
    return day.strftime("%d-%m-%Y")


def status_text(status: StatusUpdate | None) -> str:
    if status is None:
        return "nog geen status"
    return f"{status.status.value} ({day_text(status.on_date)}, {status.author})"


def _deviation_text(deviation: bool | None) -> str:
    return "–" if deviation is None else ("ja" if deviation else "nee")


def target_number(target: Target) -> Number:
    base = number(Shown(target.value, None), target.kpi)
    return Number(base.shown, base.unit, 1 if target.value % 1 else 0, prefix=f"{target.comparison.symbol} ")


NO_DATA = "geen gegevens"


def _row_cells(row: Row, report: CouncilReport) -> tuple[Cell, ...]:
    consultants = report.consultants
    explanation = (
        f"{names.redact(row.explanation.text, consultants)} ({row.explanation.author}, "
        f"{day_text(row.explanation.created_at.date())})"
        if row.explanation
        else ""
    )
    return (
        row.kpi.label,
        number(row.current.value, row.kpi),
        NO_DATA if report.before_data(report.quarter.previous()) else number(row.previous.value, row.kpi),
        NO_DATA if report.before_data(report.quarter.year_earlier()) else number(row.year_earlier.value, row.kpi),
        target_number(row.target) if row.target else "geen doel",
        status_text(row.status) if row.target else "",
        _deviation_text(row.deviation),
        explanation,
    )


def _columns(quarter: Period) -> tuple[str, ...]:
    return (
        "KPI", quarter.label, f"Vorig kwartaal ({quarter_short(quarter.previous())})",
        f"Vorig jaar ({quarter_short(quarter.year_earlier())})", f"Doel {quarter.year}", "Status doel",
        "Afwijking", "Toelichting",
    )  # fmt: skip


def _target_rows(report: CouncilReport) -> tuple[tuple[Cell, ...], ...]:
    rows = []
    for target, status in report.targets:
        rows.append(
            (
                target.kpi.label, target.scope_label, target_number(target),
                number(Shown(target.baseline_value, None), target.kpi), target.baseline_on, target.deadline,
                names.redact(target.owner, report.consultants), status.status.value if status else "nog geen status",
                status.on_date if status else None,
                status.author if status else "", names.redact(status.note, report.consultants) if status else "",
                names.redact(target.rationale, report.consultants),
            )
        )  # fmt: skip
    return tuple(rows)


TARGET_COLUMNS = (
    "KPI", "Voor", "Doel", "Nulmeting", "Datum nulmeting", "Deadline", "Eigenaar", "Status", "Datum status",
    "Auteur status", "Toelichting status", "Onderbouwing",
)  # fmt: skip


def _key_figures(report: CouncilReport) -> Section:
    quarter = report.quarter
    intro = (
        f"De vaste KPI's van de raadsrapportage over het {quarter.label}, met het kwartaal ervoor, hetzelfde "
        f"kwartaal vorig jaar en het doel uit het jaarplan {quarter.year} met de laatste status."
    )
    rows = tuple(_row_cells(r, report) for r in report.rows)
    return Section(
        "Kerncijfers", (intro, DEVIATION_RULE), (Table(f"Kerncijfers {quarter.label}", _columns(quarter), rows),)
    )


def _per_municipality(report: CouncilReport) -> Section:
    tables = tuple(
        Table(name, _columns(report.quarter), tuple(_row_cells(r, report) for r in rows))
        for _, name, rows in report.municipalities
    )
    return Section("Per gemeente", ("Dezelfde KPI's per gemeente van het gedeelde team.",), tables)


def _trend(report: CouncilReport) -> Section:
    labels = tuple(quarter_short(p) for p in report.trend)
    kpis = [r.kpi for r in report.rows]
    known = [not report.before_data(p) for p in report.trend]
    # per KPI, its figure per trend quarter; None for a quarter before the data
    figures = {k.id: [f if ok else None for f, ok in zip(report.trend_figures[k.id], known, strict=True)] for k in kpis}
    rows = tuple((k.label, *(NO_DATA if f is None else number(f.value, k) for f in figures[k.id])) for k in kpis)
    charts = tuple(
        Chart(k.label, labels, ((k.label, tuple(None if f is None else f.value.value for f in figures[k.id])),), k.unit)
        for k in kpis
    )
    intro = f"De KPI's over de laatste {len(report.trend)} kwartalen; een afgeschermd cijfer ontbreekt in de grafiek."
    return Section("Trend", (intro,), (Table("Trend per kwartaal", ("KPI", *labels), rows),), charts)


def _targets(report: CouncilReport) -> Section:
    year = report.quarter.year
    intro = f"De SMART-doelen van het jaarplan {year} met hun laatste status: wie die wanneer schreef."
    if not report.targets:
        intro += " Er zijn voor dit jaar nog geen doelen vastgelegd."
    return Section(f"Doelen {year}", (intro,), (Table(f"SMART-doelen {year}", TARGET_COLUMNS, _target_rows(report)),))


def document(report: CouncilReport, status: str | None = None) -> Report:
    """The council report as sections of tables and charts, ready for the writers."""
    sections = [_key_figures(report)]
    if report.municipalities:
        sections.append(_per_municipality(report))
    sections += [_trend(report), _targets(report)]
    through = day_text(report.data_through) if report.data_through else "–"
    return Report(
        kind="raadsrapportage",
        title=f"Raadsrapportage schuldhulpverlening, {report.quarter.label}",
        organisation=app_settings.installation().name,
        period=report.quarter,
        reference_date=report.reference_date,
        data_through=report.data_through,
        filters=report.filters,
        status=status or f"Berekend uit de gegevens t/m {through}.",
        sections=tuple(sections),
        footnotes=footnotes(report.thresholds),
        definitions=tuple(kpi_definition(r.kpi) for r in report.rows),
    )


def footnotes(thresholds: Thresholds) -> tuple[str, ...]:
    return (
        FOOTNOTE.format(n=thresholds.min_records),
        f"Aantallen van 1 tot {thresholds.min_count - 1} staan als <{thresholds.min_count}.",
        "Geen namen van consulenten en geen dossiernummers: de rapportage verlaat het team.",
    )


__all__ = ["CouncilReport", "Row", "build", "document", "parse_quarter"]
