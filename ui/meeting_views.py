"""Charts and their tables for the pages Termijnen en doorlooptijden and Wachtlijst.

Each builder turns figures of ``metrics/`` into a plotly figure (``ui.charts``) and the table of the same
data in Dutch text; :func:`show` puts both on the page, the table in an expander. For the council role, KPI
values come through ``metrics.suppression.for_council`` (a suppressed value is a gap in the chart and
``<5`` or ``–`` in the table).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from metrics import registry
from metrics.compute import KpiResult
from metrics.forecast import WaitlistForecast
from metrics.periods import Period
from metrics.phases import SpanFigure, WaitingDays
from metrics.reconcile import Difference
from metrics.suppression import CouncilFigure, Thresholds, for_council
from metrics.waitlist import AgeDistribution, SystemFigures
from ui import charts
from ui.charts import Line, Mark
from ui.format import MISSING, day, kpi_value, number, period_short

FORECAST = "Prognose"


def show(fig: go.Figure, frame: pd.DataFrame, key: str) -> None:
    """The chart, and its data as a table under "Tabel"."""
    st.plotly_chart(fig, key=f"grafiek_{key}", config={"displaylogo": False})
    with st.expander("Tabel"):
        st.dataframe(frame, hide_index=True, key=f"tabel_{key}")


def _days(value: float | None) -> str:
    return MISSING if value is None else number(value, 0 if float(value).is_integer() else 1)


# ------------------------------------------------------------------------------------------ KPI trends
def kpi_trend(
    results: Sequence[KpiResult],
    kpi_ids: Sequence[str],
    periods: Sequence[Period],
    *,
    council: bool,
    title: str,
    y_title: str,
    lines: Sequence[Line] = (),
    marks: Sequence[Mark] = (),
    extra: dict[str, dict[Period, float | None]] | None = None,
    thresholds: Thresholds | None = None,
) -> tuple[go.Figure, pd.DataFrame]:
    """One line per KPI (totals) over ``periods``; ``extra`` adds series that are no KPI (the system's list)."""
    totals = [r for r in results if r.group is None and r.kpi in kpi_ids and r.period in periods]
    shown = {(f.result.kpi, f.result.period): f for f in for_council(totals, thresholds)} if council else {}
    by_key = {(r.kpi, r.period): r for r in totals}
    x = [period_short(p) for p in periods]
    series: dict[str, list[float | None]] = {}
    table: dict[str, list[str]] = {"Periode": [p.label for p in periods]}
    for kpi_id in kpi_ids:
        kpi = registry.kpi(kpi_id)
        values, texts = [], []
        for p in periods:
            result = by_key.get((kpi_id, p))
            value = result.value if result is not None else None
            if council and (kpi_id, p) in shown and shown[(kpi_id, p)].value.suppressed:
                values.append(None)
                texts.append(str(shown[(kpi_id, p)].value.text))
                continue
            values.append(value)
            percent = result is not None and kpi.unit is registry.Unit.PERCENT
            detail = _fraction(result, shown.get((kpi_id, p))) if percent else ""  # type: ignore[arg-type]
            texts.append(kpi_value(kpi, value) + detail)
        series[kpi.label], table[kpi.label] = values, texts
    for name, points in (extra or {}).items():
        series[name] = [points.get(p) for p in periods]
        table[name] = [number(points[p]) if points.get(p) is not None else "" for p in periods]
    percent = all(registry.kpi(k).unit is registry.Unit.PERCENT for k in kpi_ids)
    fig = charts.trend(
        x, series, title=title, y_title=y_title, percent=percent, lines=lines, marks=marks,
        value_format=",.1f" if percent else ",.0f",
    )  # fmt: skip
    return fig, pd.DataFrame(table)


def _fraction(result: KpiResult, council: CouncilFigure | None = None) -> str:
    """`` (3 van 15)`` behind a percentage; for the council its counts as they may be shown (``<5 van 15``)."""
    if result.numerator is None or not result.denominator:
        return ""
    if council is None:
        return f" ({number(result.numerator)} van {number(result.denominator)})"
    numerator, denominator = (c.text or number(c.value) for c in (council.numerator, council.denominator))
    return f" ({numerator} van {denominator})"


# ------------------------------------------------------------------------------------------ turnaround
def span_table(figures: Sequence[SpanFigure]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Fase": [f.label for f in figures],
            "Dossiers": [number(f.records) for f in figures],
            "Mediaan (dagen)": [_days(f.median) for f in figures],
            "90e percentiel (dagen)": [_days(f.p90) for f in figures],
            "Datums in verkeerde volgorde (niet meegeteld)": [number(f.out_of_order) for f in figures],
        }
    )


def span_chart(figures: Sequence[SpanFigure], period: Period) -> go.Figure:
    labels = [f.label for f in figures]
    return charts.bars(
        labels,
        {"Mediaan": [f.median for f in figures], "90e percentiel": [f.p90 for f in figures]},
        title=f"Doorlooptijd per fase, afgerond in {period.label}",
        y_title="Dagen",
        horizontal=True,
    )


# ------------------------------------------------------------------------------------------ day buckets
def waiting_days_view(waiting: WaitingDays) -> tuple[go.Figure, pd.DataFrame]:
    labels = [b.label for b in waiting.buckets]
    term_bucket = next(b.label for b in waiting.buckets if b.high == waiting.term_days)
    fig = charts.day_histogram(
        labels,
        {"Geen crisis": waiting.regular, "Crisis": waiting.crisis},
        title=f"Dagen tot het eerste gesprek, eerste gesprekken in {waiting.period.label}",
        y_title="Eerste gesprekken",
        term_after=term_bucket,
        term_label=f"Termijn {waiting.term_days} dagen",
    )
    frame = pd.DataFrame(
        {
            "Dagen": labels,
            "Geen crisis": [number(n) for n in waiting.regular],
            "Crisis": [number(n) for n in waiting.crisis],
        }
    )
    return fig, frame


def ages_view(ages: AgeDistribution) -> tuple[go.Figure, pd.DataFrame]:
    labels = [b.label for b in ages.buckets]
    term_bucket = next(b.label for b in ages.buckets if b.high == ages.term_days)
    fig = charts.day_histogram(
        labels,
        {"Binnen de termijn": ages.within, "Over de termijn": ages.overdue},
        title=f"Hoe lang de wachtenden wachten, op {day(ages.as_of)}",
        y_title="Wachtenden",
        term_after=term_bucket,
        term_label=f"Termijn {ages.term_days} dagen",
    )
    frame = pd.DataFrame(
        {
            "Dagen gewacht": labels,
            "Binnen de termijn": [number(n) for n in ages.within],
            "Over de termijn": [number(n) for n in ages.overdue],
        }
    )
    return fig, frame


# ------------------------------------------------------------------------------------------ system list
def system_series(figures: SystemFigures, periods: Sequence[Period]) -> dict[Period, float | None]:
    """The system's own count per period whose reference date has a snapshot (the month end)."""
    out: dict[Period, float | None] = {}
    for p in periods:
        snapshot = figures.get(p.last_day)
        if snapshot is not None:
            out[p] = snapshot.system_total
    return out


def system_table(figures: SystemFigures) -> pd.DataFrame:
    rows = []
    for snapshot in figures.values():
        for team in sorted(snapshot.system, key=lambda t: (t is None, t or "")):
            own, derived = snapshot.system[team], snapshot.derived.get(team, 0)
            rows.append(
                {
                    "Peildatum": day(snapshot.as_of),
                    "Team": team or "(geen team)",
                    "Eigen overzicht systeem": number(own),
                    "Afgeleid uit de dossiers": number(derived),
                    "Verschil": number(own - derived),
                }
            )
    return pd.DataFrame(rows)


def caseload_table(differences: Sequence[Difference]) -> pd.DataFrame:
    """The system's own caseload per consultant beside the one the cases give, with the difference."""
    return pd.DataFrame(
        [
            {
                "Consulent": d.group or "(geen consulent)",
                "Eigen overzicht systeem": number(d.snapshot),
                "Afgeleid uit de dossiers": number(d.derived),
                "Verschil": number(d.difference),
            }
            for d in differences
        ]
    )


# ------------------------------------------------------------------------------------------ forecast
def forecast_view(result: WaitlistForecast, history: dict[Period, float | None]) -> tuple[go.Figure, pd.DataFrame]:
    """The measured waiting list of the window months and the start month, then the forecast (dashed)."""
    measured = [*(m.period for m in result.window if m.period != result.period), result.period]
    months = [m.period for m in result.months]
    x = [period_short(p) for p in (*measured, *months)]
    actual = [history.get(p) for p in measured] + [m.actual for m in result.months]
    start = result.inputs.waiting if result.inputs is not None else None
    projected = [None] * (len(measured) - 1) + [start] + [m.waiting for m in result.months]
    fig = charts.trend(
        x, {"Wachtenden (gemeten)": actual, FORECAST: projected},
        title="Wachtlijst: gemeten en prognose", y_title="Wachtenden", value_format=",.0f",
    )  # fmt: skip
    charts.dashed(fig, [FORECAST])
    frame = pd.DataFrame(
        {
            "Maand": [m.period.label for m in result.months],
            "Prognose wachtenden": [number(m.waiting) for m in result.months],
            "Verwachte wachttijd (dagen)": [_days(_round(m.expected_wait_days)) for m in result.months],
            "Werkelijk (als bekend)": [number(m.actual) if m.actual is not None else "" for m in result.months],
        }
    )
    return fig, frame


def _round(value: float | None) -> float | None:
    return None if value is None else round(value)


def assumptions(result: WaitlistForecast) -> list[str]:
    """The model and its inputs in Dutch, one line each."""
    inputs = result.inputs
    if inputs is None:
        return []
    first, last = result.window[0].period, result.window[-1].period
    span = f"{first.label} t/m {last.label}" if first != last else first.label
    months = len(result.window)
    wait = (
        f"{_days(_round(result.wait_now_days))} dagen"
        if result.wait_now_days is not None
        else "niet te bepalen (geen eerste gesprekken)"
    )
    return [
        f"**Startpunt**: {number(inputs.waiting)} wachtenden op {day(result.as_of)}.",
        f"**Instroom**: gemiddeld {number(inputs.inflow, 1)} aanmeldingen per maand ({span}, {months} "
        f"{'maand' if months == 1 else 'maanden'}; instelling: {result.window_setting}).",
        f"**Capaciteit**: gemiddeld {number(inputs.capacity, 1)} eerste gesprekken per maand met iemand van de "
        "wachtlijst.",
        f"**Uitval van de wachtlijst**: gemiddeld {number(inputs.withdrawals, 1)} per maand afgesloten zonder "
        "eerste gesprek.",
        "**Wachtlijst volgende maand** = max(0; wachtlijst + instroom − capaciteit − uitval): "
        f"{'+' if inputs.net_change >= 0 else '−'}{number(abs(inputs.net_change), 1)} per maand.",
        f"**Verwachte wachttijd** ≈ wachtlijst ÷ capaciteit × 30,4 dagen (wet van Little): nu {wait}.",
        "**Aannames**: instroom en capaciteit blijven gelijk aan het gemiddelde (geen seizoen, vakantie of extra "
        "formatie); crisisaanmeldingen staan in dezelfde rij; wie eerst komt, wordt eerst gesproken.",
    ]
