"""How the targets page shows a target: the overview row, the measured value against the target, the
projection with its chart, the status history and the earlier versions. For the council role every
measured figure goes through small-number suppression."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from metrics.periods import Period
from metrics.registry import Unit
from metrics.suppression import Thresholds, suppress
from metrics.target_progress import Progress, month_number
from metrics.targets import StatusUpdate, Target, latest
from ui import charts
from ui.format import day, kpi_value, period_short


def target_text(t: Target) -> str:
    return f"{t.comparison.symbol} {kpi_value(t.kpi, t.value)}"


def measured_text(p: Progress, thresholds: Thresholds | None) -> str:
    """The measured value; with ``thresholds`` (the council role) suppressed where the catalogue says so."""
    if p.measured.as_of < Period.whole_year(p.target.plan_year).first_day:
        return "jaar nog niet begonnen"
    if thresholds is not None and (shown := suppress(p.measured, thresholds).value).suppressed:
        return str(shown.text)
    return f"{kpi_value(p.target.kpi, p.measured.value)} (t/m {day(p.measured.as_of)})"


def met_text(p: Progress, thresholds: Thresholds | None) -> str:
    """Whether the target is met; not said for the council while the measured value is suppressed ("<5",
    target "≤ 1", "met" would give the count away)."""
    if p.met is None or (thresholds is not None and suppress(p.measured, thresholds).value.suppressed):
        return "nog niet te zeggen"
    return "gehaald" if p.met else "nog niet gehaald"


def projection_text(p: Progress, thresholds: Thresholds | None) -> str:
    if p.projection is None:
        return "deadline verstreken"
    if p.projection.value is None:
        return "te weinig maanden"
    if thresholds is not None and suppress(p.measured, thresholds).value.suppressed:
        return "–"
    verdict = "haalt het doel" if p.expected_met else "haalt het doel niet"
    return f"{kpi_value(p.target.kpi, p.projection.value)} in {p.projection.deadline_month.label} ({verdict})"


def status_text(update: StatusUpdate | None) -> str:
    if update is None:
        return "nog geen status"
    return f"{update.status.value} · {day(update.on_date)} · {update.author}"


def overview(
    progress: list[Progress], statuses: dict[str, list[StatusUpdate]], thresholds: Thresholds | None
) -> pd.DataFrame:
    rows = []
    for p in progress:
        t = p.target
        rows.append(
            {
                "KPI": t.kpi.label,
                "Voor": t.scope_label,
                "Doel": target_text(t),
                "Nulmeting": f"{kpi_value(t.kpi, t.baseline_value)} op {day(t.baseline_on)}",
                "Deadline": day(t.deadline),
                "Eigenaar": t.owner,
                "Gemeten": measured_text(p, thresholds),
                "Prognose": projection_text(p, thresholds),
                "Status": status_text(latest(statuses.get(t.key))),
            }
        )
    return pd.DataFrame(rows)


def projection_chart(p: Progress) -> None:
    projection = p.projection
    if projection is None or projection.line is None:
        return
    first = projection.months[0][0]
    months = [first.shift(k) for k in range(month_number(projection.deadline_month) - month_number(first) + 1)]
    measured = dict(projection.months)
    series = {
        "Gemeten per maand": [measured.get(m) for m in months],
        "Trendlijn": [projection.line.at(month_number(m)) for m in months],
    }
    lines = []
    if not p.target.is_flow_count:
        lines.append(charts.Line(p.target.value, f"Doel {target_text(p.target)}", charts.TARGET_COLOUR))
    fig = charts.trend(
        [period_short(m) for m in months], series, title=f"{p.target.kpi.label}: maandwaarden en trend",
        y_title=p.target.kpi.unit.label, percent=p.target.kpi.unit is Unit.PERCENT, lines=lines,
    )  # fmt: skip
    st.plotly_chart(fig, key=f"prognose_{p.target.key}")


def status_history(history: list[StatusUpdate], writes: bool) -> None:
    """The status updates, newest first; the invitation to add the first only for who may write one."""
    if not history:
        st.caption("Nog geen status: voeg de eerste toe." if writes else "Nog geen status.")
        return
    rows = [
        {"Datum": day(u.on_date), "Status": u.status.value, "Toelichting": u.note, "Auteur": u.author,
         "Geschreven op": day(u.created_at), "Bij versie": u.target_version}
        for u in reversed(history)
    ]  # fmt: skip
    st.dataframe(pd.DataFrame(rows), hide_index=True)


def version_history(versions: list[Target]) -> None:
    rows = [
        {
            "Versie": v.version, "Doel": target_text(v), "Voor": v.scope_label, "Deadline": day(v.deadline),
            "Eigenaar": v.owner, "Onderbouwing": v.rationale, "Vastgelegd": f"{day(v.created_at)} door {v.created_by}",
            "Vervangen": f"{day(v.superseded_at)} door {v.superseded_by}" if v.superseded_at else "",
        }
        for v in reversed(versions)
    ]  # fmt: skip
    st.dataframe(pd.DataFrame(rows), hide_index=True)


def label(p: Progress) -> str:
    return f"{p.target.kpi.label} · {p.target.scope_label} · {target_text(p.target)}"


def choices(progress: list[Progress]) -> dict[str, Progress]:
    """The targets by a readable label; two targets alike get a number, so none is hidden."""
    out: dict[str, Progress] = {}
    for p in progress:
        name = label(p)
        out[name if name not in out else f"{name} ({len(out) + 1})"] = p
    return out
