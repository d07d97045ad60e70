"""The annual report (jaarverslag): yearly totals and five-year trends, per theme and per municipality.

The figures are the registry's KPIs for whole years, plus two the catalogue does not define as a KPI and the
report derives here, with their definition in the report: admissions (decisions ``toelating``) and
outflow by close reason. :func:`compute` returns :class:`AnnualFigures` (unsuppressed, JSON-serialisable,
so that ``metrics.freeze`` can keep them); :func:`document` builds the report from them, every number
through small-number suppression (``for_council`` for KPIs, the same count rule for the derived counts).
Years before the store's first export are left empty: of those years only the cases still open later are
known, and their totals would be far too low.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from datetime import date

from sqlalchemy import Engine

from config import settings as app_settings
from metrics import registry
from metrics.codes import CloseReason, Decision
from metrics.compute import EngineLike, KpiResult, compute_periods, compute_split, in_memory, resolve_engine
from metrics.council_report import (
    NO_MUNICIPALITY,
    as_parts,
    covered_municipalities,
    day_text,
    describe_filters,
    footnotes,
    report_scope,
    with_found,
)
from metrics.derived import load_settings
from metrics.periods import Granularity, Period, PeriodError
from metrics.registry import Direction, Unit
from metrics.report_model import Cell, Chart, ChartKind, Definition, Number, Report, Section, Table, kpi_definition
from metrics.report_model import number as shown_number
from metrics.suppression import Shown, Thresholds, count_shown, for_council
from store import metrics_queries as mq
from store import report_queries as q
from store.metrics_queries import EVERYTHING, Dim, Scope

YEARS = 5
REPORT_DATASETS = ("cases", "case_guidance", "signal_cases", "signals", "satisfaction")  # what the figures count
ADMISSIONS = "toelatingen"
OUTFLOW_PREFIX = "uitstroom_reden_"
NO_REASON = "onbekend"
REASON_LABELS = {
    CloseReason.AFGEROND: "afgerond",
    CloseReason.ZELF: "zelf opgelost",
    CloseReason.INGETROKKEN: "ingetrokken",
    CloseReason.NIET_VERSCHENEN: "niet verschenen",
    CloseReason.VOLDOET_NIET: "voldoet niet aan verplichtingen",
    CloseReason.NIET_PASSEND: "dienstverlening niet passend",
    CloseReason.VERHUISD: "verhuisd",
    CloseReason.OVERLEDEN: "overleden",
    CloseReason.OVERIG: "overig",
}
REASONS: tuple[str, ...] = (*(r.value for r in CloseReason), NO_REASON)


def reason_label(code: str) -> str:
    return "zonder reden" if code == NO_REASON else REASON_LABELS[CloseReason(code)]


# The figures the report derives, with their Dutch definitions (everything else is a registry KPI).
DERIVED: dict[str, Definition] = {
    ADMISSIONS: Definition(
        "Toelatingen", ADMISSIONS,
        "Dossiers met een beschikkingsdatum in het jaar en beschikking = toelating (toelatingsbeschikking). "
        "Samen met de KPI Afwijzingen: alle beschikkingen van het jaar.",
        Unit.COUNT.label, Direction.NONE.label,
    ),
    **{
        f"{OUTFLOW_PREFIX}{code}": Definition(
            f"Uitstroom: {reason_label(code)}", f"{OUTFLOW_PREFIX}{code}",
            f"Dossiers met een datum afsluiting in het jaar en reden afsluiting {reason_label(code)}"
            + (" (geen reden, of een reden buiten de DDAS-lijst)." if code == NO_REASON else f" (code {code}).")
            + " Samen tellen de redenen op tot de KPI Uitstroom.",
            Unit.COUNT.label, Direction.NONE.label,
        )
        for code in REASONS
    },
}  # fmt: skip
OUTFLOW_REASONS = tuple(f"{OUTFLOW_PREFIX}{code}" for code in REASONS)


@dataclass(frozen=True)
class Theme:
    title: str
    figures: tuple[str, ...]
    charts: tuple[tuple[ChartKind, tuple[str, ...]], ...]


THEMES: tuple[Theme, ...] = (
    Theme("Toegang", ("aanmeldingen", "aanmeldingen_crisis", "eerste_gesprek_tijdig_pct",
                      "wachttijd_eerste_gesprek_mediaan"),
          ((ChartKind.BAR, ("aanmeldingen", "aanmeldingen_crisis")), (ChartKind.LINE, ("eerste_gesprek_tijdig_pct",)))),
    Theme("Toelating", (ADMISSIONS, "afwijzingen", "beschikking_tijdig_pct"),
          ((ChartKind.BAR, (ADMISSIONS, "afwijzingen")), (ChartKind.LINE, ("beschikking_tijdig_pct",)))),
    Theme("Schuldregeling", ("schuldregelingen_ingediend", "minnelijke_akkoorden", "dwangakkoorden",
                             "schuldregeling_slagingspct"),
          ((ChartKind.BAR, ("schuldregelingen_ingediend", "minnelijke_akkoorden", "dwangakkoorden")),
           (ChartKind.LINE, ("schuldregeling_slagingspct",)))),
    Theme("Uitstroom", ("uitstroom", *OUTFLOW_REASONS, "uitstroom_afgerond_pct", "uitval_pct", "doorlooptijd_mediaan"),
          ((ChartKind.BAR, OUTFLOW_REASONS), (ChartKind.LINE, ("uitstroom_afgerond_pct", "uitval_pct")))),
    Theme("Budgetbeheer", ("budgetbeheer_lopend",), ((ChartKind.BAR, ("budgetbeheer_lopend",)),)),
    Theme("Vroegsignalering", ("signalen", "meldingen", "meldingen_meervoudig", "opgepakt_pct", "bereik_pct",
                               "hulpacceptatie_pct"),
          ((ChartKind.BAR, ("signalen", "meldingen", "meldingen_meervoudig")),
           (ChartKind.LINE, ("opgepakt_pct", "bereik_pct", "hulpacceptatie_pct")))),
    Theme("Klanttevredenheid", ("kto_respons", "kto_gemiddeld", "nps"),
          ((ChartKind.LINE, ("kto_gemiddeld",)), (ChartKind.LINE, ("nps",)))),
)  # fmt: skip
FIGURES: tuple[str, ...] = tuple(f for theme in THEMES for f in theme.figures)
ANNUAL_KPIS: tuple[str, ...] = tuple(f for f in FIGURES if f not in DERIVED)
for _id in ANNUAL_KPIS:  # a typo must fail at import, not in a council report
    registry.kpi(_id)


@dataclass(frozen=True)
class FigureValue:
    figure: str  # a KPI id or a key of DERIVED
    period: str
    group: str | None  # the municipality code; None for the report's total
    value: float | None
    numerator: float | None
    denominator: float | None
    records: int
    as_of: date

    @property
    def key(self) -> tuple[str, str, str | None]:
        return (self.figure, self.period, self.group)


@dataclass(frozen=True)
class AnnualFigures:
    year: int
    years: tuple[int, ...]  # the five years of the trend, oldest first
    covered: tuple[int, ...]  # those the store has records for (from the year of its earliest record on)
    coverage_start: date | None  # the "data t/m" of the first export: years before it may be incomplete
    reference_date: date
    data_through: date | None
    team: str | None
    municipality: str | None
    municipalities: tuple[tuple[str, str], ...]  # code, name: when the report covers more than one
    values: tuple[FigureValue, ...]

    def lookup(self) -> dict[tuple[str, str, str | None], FigureValue]:
        return {v.key: v for v in self.values}

    def to_json(self) -> dict:
        data = asdict(self)
        data["values"] = [asdict(v) | {"as_of": v.as_of.isoformat()} for v in self.values]
        for name in ("coverage_start", "reference_date", "data_through"):
            data[name] = data[name].isoformat() if data[name] else None
        return data

    @classmethod
    def from_json(cls, data: dict) -> AnnualFigures:
        def day(text: str | None) -> date | None:
            return date.fromisoformat(text) if text else None

        values = tuple(FigureValue(**(v | {"as_of": date.fromisoformat(v["as_of"])})) for v in data["values"])
        return cls(
            data["year"], tuple(data["years"]), tuple(data["covered"]), day(data["coverage_start"]),
            date.fromisoformat(data["reference_date"]), day(data["data_through"]), data["team"],
            data["municipality"], tuple(tuple(m) for m in data["municipalities"]), values,
        )  # fmt: skip


def parse_year(text: str | int | Period) -> Period:
    period = Period.parse(str(text)) if not isinstance(text, Period) else text
    if period.granularity is not Granularity.YEAR:
        raise PeriodError(f"Het jaarverslag gaat over een jaar (bijvoorbeeld 2025), niet over '{text}'.")
    return period


def _from_result(r: KpiResult) -> FigureValue:
    return FigureValue(r.kpi, str(r.period), r.group, r.value, r.numerator, r.denominator, r.records, r.as_of)


Counts = tuple[q.CategoryCounts, q.CategoryCounts]  # decisions by kind, closures by reason


def _counts(engine: Engine, periods: Sequence[Period], split_year: Period | None, scope: Scope) -> dict:
    """The decision and closure counts of every year in total, and of ``split_year`` per municipality (its
    total then is the sum of the municipalities: the same records, grouped)."""
    out: dict[tuple[Period, Dim | None], Counts] = {}
    with engine.connect() as conn:
        for p in periods:
            dim = Dim.MUNICIPALITY if p == split_year else None
            out[(p, dim)] = (
                q.decisions_by_kind(conn, p.first_day, p.last_day, dim, scope),
                q.closures_by_reason(conn, p.first_day, p.last_day, dim, scope),
            )
            if dim is not None:
                out[(p, None)] = tuple(_summed(c) for c in out[(p, dim)])  # type: ignore[assignment]
                out[(p, dim)] = tuple(_as_parts(c) for c in out[(p, dim)])  # type: ignore[assignment]
    return out


def _as_parts(counts: q.CategoryCounts) -> q.CategoryCounts:
    """Counts per municipality with those without one under ``NO_MUNICIPALITY``, as ``as_parts`` does."""
    return {(NO_MUNICIPALITY if g is None else g, category): n for (g, category), n in counts.items()}


def _summed(counts: q.CategoryCounts) -> q.CategoryCounts:
    total: q.CategoryCounts = {}
    for (_, category), n in counts.items():
        total[(None, category)] = total.get((None, category), 0) + n
    return total


def _derived(period: Period, counts: Counts, groups: Sequence[str | None], as_of: date) -> list[FigureValue]:
    decisions, closures = counts
    out = []
    for group in groups:
        n = decisions.get((group, Decision.TOELATING.value), 0)
        out.append(FigureValue(ADMISSIONS, str(period), group, n, None, None, n, as_of))
        known = {r.value for r in CloseReason}
        for code in REASONS:
            if code == NO_REASON:  # empty, or a code outside the DDAS list
                n = sum(v for (g, reason), v in closures.items() if g == group and reason not in known)
            else:
                n = closures.get((group, code), 0)
            out.append(FigureValue(f"{OUTFLOW_PREFIX}{code}", str(period), group, n, None, None, n, as_of))
    return out


def compute(
    db: EngineLike,
    year: int | str | Period,
    *,
    team: str | None = None,
    municipality: str | None = None,
    viewer_scope: Scope = EVERYTHING,
    today: date | None = None,
) -> AnnualFigures:
    """The annual report's figures for ``year`` and the four years before, within the scope."""
    engine = resolve_engine(db)
    period = parse_year(year)
    scope = report_scope(viewer_scope, team, municipality)
    with engine.connect() as conn:
        # the first export of what the report counts (a staffing or snapshot import says nothing of it)
        start = q.earliest_data_through(conn, REPORT_DATASETS)
        first_record = q.earliest_record_date(conn)
        data_through = mq.latest_import_date(conn, REPORT_DATASETS)
    years = tuple(range(period.year - YEARS + 1, period.year + 1))
    # A year is covered from the first record on: one export of the whole history (its run date after the
    # year) covers every year it holds. Years before the first export's date are flagged as possibly
    # incomplete in the text, not hidden.
    covered = tuple(y for y in years if first_record is not None and y >= first_record.year)
    periods = [Period.whole_year(y) for y in covered]
    # the per-municipality part: the report year, without a chosen municipality
    split_year = period if period.year in covered and municipality is None else None
    kpis = list(ANNUAL_KPIS)
    with ThreadPoolExecutor(max_workers=1) as side:
        # the derived counts beside the KPIs, read meanwhile on their own connection
        pending = None if in_memory(engine) else side.submit(_counts, engine, periods, split_year, scope)
        split: list[KpiResult] = []
        if split_year is not None:
            results, split = compute_split(
                engine, periods, "municipality", scope, split_periods=[split_year], kpis=kpis, today=today
            )
        else:
            results = compute_periods(engine, periods, None, scope, kpis=kpis, today=today) if periods else []
        counts = pending.result() if pending is not None else _counts(engine, periods, split_year, scope)
    values = [_from_result(r) for r in results]
    listed = covered_municipalities(scope)
    reference = max((r.as_of for r in results if r.period == period), default=period.last_day)
    if split_year is not None:
        split = as_parts(split)
        listed = with_found(listed, split)
        codes = {code for code, _ in listed}
        values += [_from_result(r) for r in split if r.group in codes]
    municipalities = tuple(listed) if len(listed) > 1 else ()
    for p in periods:
        as_of = max((r.as_of for r in results if r.period == p), default=p.last_day)
        values += _derived(p, counts[(p, None)], [None], as_of)
        if p == split_year and municipalities:
            values += _derived(p, counts[(p, Dim.MUNICIPALITY)], [c for c, _ in municipalities], as_of)
    return AnnualFigures(
        period.year, years, covered, start, reference, data_through, team, municipality, municipalities, tuple(values)
    )


# ----------------------------------------------------------------------------------------------- document
def label(figure: str) -> str:
    return DERIVED[figure].label if figure in DERIVED else registry.kpi(figure).label


def shown(value: FigureValue | None, thresholds: Thresholds) -> Shown:
    """A figure as it may leave the building (the catalogue's small-number rule)."""
    if value is None:
        return Shown(None, None)
    if value.figure in DERIVED:
        return count_shown(value.value, thresholds)
    result = KpiResult(value.figure, Period.parse(value.period), value.as_of, None, value.group, value.value,
                       value.numerator, value.denominator, value.records)  # fmt: skip
    return for_council([result], thresholds)[0].value


def _number(figure: str, value: FigureValue | None, thresholds: Thresholds) -> Number:
    return shown_number(shown(value, thresholds), None if figure in DERIVED else registry.kpi(figure))


def _theme_section(theme: Theme, figures: AnnualFigures, thresholds: Thresholds) -> Section:
    found = figures.lookup()
    labels = tuple(str(y) for y in figures.years)

    def cell(figure: str, year: int) -> Cell:
        if year not in figures.covered:
            return "geen gegevens"
        return _number(figure, found.get((figure, str(year), None)), thresholds)

    rows = tuple((label(f), *(cell(f, y) for y in figures.years)) for f in theme.figures)
    charts = []
    for kind, ids in theme.charts:
        unit = Unit.COUNT if ids[0] in DERIVED else registry.kpi(ids[0]).unit
        series = tuple(
            (
                reason_label(f.removeprefix(OUTFLOW_PREFIX)) if f in OUTFLOW_REASONS else label(f),
                tuple(_number(f, found.get((f, str(y), None)), thresholds).value for y in figures.years),
            )
            for f in ids
        )
        title = label(ids[0]) if len(ids) == 1 else f"{theme.title}: {', '.join(label(f) for f in ids)}"
        if ids == OUTFLOW_REASONS:
            title = "Uitstroom naar reden"
        charts.append(Chart(title, labels, series, unit, kind))
    return Section(theme.title, (_theme_intro(theme, figures),), (Table(f"{theme.title} {labels[0]}–{labels[-1]}",
                   ("Cijfer", *labels), rows),), tuple(charts))  # fmt: skip


def _theme_intro(theme: Theme, figures: AnnualFigures) -> str:
    text = (
        f"{theme.title}: jaartotalen {figures.years[0]}–{figures.year}; lopende aantallen (zoals budgetbeheer) op "
        "de peildatum van het jaar."
    )
    missing = [y for y in figures.years if y not in figures.covered]
    if missing:
        text += f" Voor {', '.join(map(str, missing))} zijn er geen gegevens."
    start = figures.coverage_start
    partial = [y for y in figures.covered if start is not None and y < start.year]
    if partial and start is not None:
        text += (
            f" Cijfers over {', '.join(map(str, partial))} zijn mogelijk onvolledig: de eerste export loopt t/m "
            f"{day_text(start)}; bevatte die alleen de lopende dossiers, dan kent het dashboard van eerdere jaren "
            "alleen de dossiers die toen nog liepen."
        )
    return text


def _municipality_section(figures: AnnualFigures, thresholds: Thresholds) -> Section:
    found = figures.lookup()
    year = str(figures.year)

    def cell(figure: str, code: str) -> Cell:
        if figure not in DERIVED and Dim.MUNICIPALITY not in registry.kpi(figure).breakdowns:
            return "n.v.t."
        return _number(figure, found.get((figure, year, code)), thresholds)

    rows = tuple((label(f), *(cell(f, code) for code, _ in figures.municipalities)) for f in FIGURES)
    columns = ("Cijfer", *(name for _, name in figures.municipalities))
    return Section(f"Per gemeente {year}", (f"De cijfers van {year} per gemeente.",),
                   (Table(f"Per gemeente {year}", columns, rows),))  # fmt: skip


def document(figures: AnnualFigures, thresholds: Thresholds, status: str | None = None) -> Report:
    """The annual report as sections of tables and charts, ready for the writers."""
    sections = [_theme_section(theme, figures, thresholds) for theme in THEMES]
    if figures.municipalities and figures.year in figures.covered:
        sections.append(_municipality_section(figures, thresholds))
    through = day_text(figures.data_through) if figures.data_through else "–"
    definitions = tuple(DERIVED[f] if f in DERIVED else kpi_definition(registry.kpi(f)) for f in FIGURES)
    return Report(
        kind="jaarverslag",
        title=f"Jaarverslag schuldhulpverlening {figures.year}",
        organisation=app_settings.installation().name,
        period=Period.whole_year(figures.year),
        reference_date=figures.reference_date,
        data_through=figures.data_through,
        filters=describe_filters(figures.team, figures.municipality),
        status=status or f"Berekend uit de gegevens t/m {through}.",
        sections=tuple(sections),
        footnotes=footnotes(thresholds),
        definitions=definitions,
        summary=(("Vijfjarentrend", f"{figures.years[0]}–{figures.year}"),),
    )


def thresholds(db: EngineLike) -> Thresholds:
    with resolve_engine(db).connect() as conn:
        return Thresholds.from_settings(load_settings(conn))
