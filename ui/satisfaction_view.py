"""The sections of the page Klanttevredenheid: mean grade and NPS per quarter with their 95% intervals and
the number of responses, and the teams (or municipalities) of the chosen period side by side."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from metrics.intervals import GRADE_SCALE, METHOD_TEXT, NPS_SCALE, Interval
from metrics.satisfaction import SATISFACTION_KPIS, SMALL_WARNING, SurveyFigures
from ui import cells, charts, satisfaction_data
from ui.cells import Cell, Trend, values
from ui.filters import municipality_names
from ui.format import number

BREAKDOWNS = {"team": "team", "gemeente": "municipality"}


def _bounds(intervals: Sequence[Interval | None], shown: Sequence[Cell]) -> tuple[list, list]:
    """Interval bounds where the estimate itself is shown."""
    low = [i.low if i is not None and c.value is not None else None for i, c in zip(intervals, shown, strict=True)]
    high = [i.high if i is not None and c.value is not None else None for i, c in zip(intervals, shown, strict=True)]
    return low, high


def _interval_cells(intervals: Sequence[Interval | None], shown: Sequence[Cell], decimals: int) -> list[Cell]:
    out = []
    for interval, cell in zip(intervals, shown, strict=True):
        if cell.value is None:
            out.append(Cell(None, cell.text if cell.suppressed else "–"))
        elif interval is None:
            out.append(Cell(None, "geen (te weinig reacties)"))
        else:
            out.append(Cell(None, f"{_bound(interval.low, decimals)} tot {_bound(interval.high, decimals)}"))
    return out


def _bound(value: float, decimals: int) -> str:
    return number(round(value, decimals) + 0.0, decimals)  # + 0.0: no "-0" for a bound just under zero


def _columns(t: Trend, figures: Sequence[SurveyFigures]) -> tuple[dict[str, list[Cell]], list, list]:
    responses = cells.kpi_cells([f.responses for f in figures], t.council, t.limits)
    grade = cells.kpi_cells([f.grade for f in figures], t.council, t.limits)
    nps = cells.kpi_cells([f.nps for f in figures], t.council, t.limits)
    columns = {
        "Reacties": responses,
        "Met cijfer": cells.count_cells([f.grade.records for f in figures], t.council, t.limits),
        "Met NPS": cells.count_cells([f.nps.records for f in figures], t.council, t.limits),
        "Gemiddeld rapportcijfer": grade,
        "95%-interval cijfer": _interval_cells([f.grade_interval for f in figures], grade, 1),
        "NPS": nps,
        "95%-interval NPS": _interval_cells([f.nps_interval for f in figures], nps, 0),
    }
    return columns, _bounds([f.grade_interval for f in figures], grade), _bounds([f.nps_interval for f in figures], nps)


def _charts(
    x: list[str],
    columns: dict[str, list[Cell]],
    grade_bounds: tuple,
    nps_bounds: tuple,
    what: str,
    marks: Sequence[charts.Mark] = (),
) -> list:
    grade = charts.estimates(
        _with_n(x, columns["Met cijfer"]),
        values(columns["Gemiddeld rapportcijfer"]),
        *grade_bounds,
        name="Gemiddeld cijfer",
        title=f"Gemiddeld rapportcijfer {what}",
        y_title="rapportcijfer",
        y_range=GRADE_SCALE,
        marks=_moved(marks, x, columns["Met cijfer"]),
    )
    nps = charts.estimates(
        _with_n(x, columns["Met NPS"]),
        values(columns["NPS"]),
        *nps_bounds,
        name="NPS",
        title=f"Net Promoter Score {what}",
        y_title="NPS",
        y_range=NPS_SCALE,
        marks=_moved(marks, x, columns["Met NPS"]),
        decimals=0,
    )
    return [grade, nps]


def _with_n(x: Sequence[str], counts: Sequence[Cell]) -> list[str]:
    """Axis labels with the number of answers, so that nobody reads a figure without its n."""
    return [f"{label} · n {count.text}" for label, count in zip(x, counts, strict=True)]


def _moved(marks: Sequence[charts.Mark], x: Sequence[str], counts: Sequence[Cell]) -> list[charts.Mark]:
    axis = dict(zip(x, _with_n(x, counts), strict=True))
    return [charts.Mark(axis[m.x], m.text) for m in marks if m.x in axis]


def _warn_small(labels: Sequence[str], figures: Sequence[SurveyFigures]) -> None:
    small = [label for label, f in zip(labels, figures, strict=True) if f.grade_too_few or f.nps_too_few]
    if small and figures:
        st.warning(
            f"{SMALL_WARNING.format(n=figures[0].min_records)} Het gaat om: {', '.join(small)}.",
            icon=":material/warning:",
        )


def per_quarter(t: Trend) -> None:
    figures = satisfaction_data.survey(t.ctx.version, t.keys, None, t.ctx.scope_key)
    columns, grade_bounds, nps_bounds = _columns(t, figures)
    figs = _charts(t.x, columns, grade_bounds, nps_bounds, "per kwartaal", t.marks(SATISFACTION_KPIS))
    _warn_small([p.label for p in t.periods], figures)
    cells.chart_with_table(figs, t.table(columns, "Kwartaal"), key="kto_kwartaal", note=METHOD_TEXT, side_by_side=True)


def per_group(t: Trend) -> None:
    period = t.ctx.filters.period
    st.subheader(f"Vergelijken, {period.label}")
    choice = st.segmented_control(
        "Per", list(BREAKDOWNS), default="team", key="kto_per", bind="query-params", required=True
    )
    by = BREAKDOWNS[choice or "team"]
    figures = [
        f
        for f in satisfaction_data.survey(t.ctx.version, (str(period),), by, t.ctx.scope_key)
        if f.responses.value or f.group is not None
    ]
    if not figures:
        st.write("Geen reacties in deze periode.")
        return
    names = municipality_names()
    labels = [(names.get(f.group, f.group) if by == "municipality" else f.group) or "Onbekend" for f in figures]
    columns, grade_bounds, nps_bounds = _columns(t, figures)
    _warn_small(labels, figures)
    cells.chart_with_table(
        _charts(labels, columns, grade_bounds, nps_bounds, f"per {choice}"),
        cells.table(choice.capitalize(), labels, columns),
        key="kto_groepen",
        note="Overlappen de intervallen van twee teams, dan is het verschil tussen hen niet aangetoond.",
        side_by_side=True,
    )
    t.period_notes(SATISFACTION_KPIS)
