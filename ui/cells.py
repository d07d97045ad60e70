"""Figures as chart points and table cells, suppressed for the council where they must be.

A :class:`Cell` is what a chart plots (``value``; ``None`` leaves a gap) and what the chart's table shows
(``text``). For the council role every number passes :mod:`metrics.suppression` first: KPI results through
``for_council``, other counts and figures through the same rules (``count_shown``, ``figure_shown``); a
suppressed number is left out of the chart and shows as ``<5`` or ``–`` in the table.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from metrics.compute import KpiResult
from metrics.periods import Period
from metrics.registry import kpi
from metrics.results import by_period
from metrics.suppression import Shown, Thresholds, count_shown, figure_shown, for_council
from ui import data
from ui.annotations import marks_for
from ui.charts import Mark
from ui.format import MISSING, kpi_value, number, percent, period_short
from ui.page import Context

thresholds = data.thresholds  # the installation's small-number thresholds, cached per data version


@dataclass(frozen=True)
class Cell:
    value: float | None
    text: str
    suppressed: bool = False


def _cell(shown: Shown | None, value: float | None, render: Callable[[float | None], str]) -> Cell:
    if shown is not None and shown.suppressed:
        return Cell(None, str(shown.text), True)
    return Cell(value, render(value))


def kpi_cells(results: Sequence[KpiResult | None], council: bool, thresholds: Thresholds) -> list[Cell]:
    """KPI results (None: not computed) as cells; for the council through ``for_council``."""
    gated = iter(for_council([r for r in results if r is not None], thresholds)) if council else None
    cells = []
    for r in results:
        if r is None:
            cells.append(Cell(None, MISSING))
            continue
        shown = next(gated).value if gated is not None else None
        entry = kpi(r.kpi)
        cells.append(_cell(shown, r.value, lambda v, e=entry: kpi_value(e, v)))
    return cells


def count_cells(counts: Sequence[float | None], council: bool, thresholds: Thresholds) -> list[Cell]:
    """Counts of records as cells: ``<5`` for 1–4 for the council."""
    return [_cell(count_shown(n, thresholds) if council else None, n, number) for n in counts]


def figure_cells(
    values: Sequence[float | None],
    records: Sequence[int],
    council: bool,
    thresholds: Thresholds,
    render: Callable[[float | None], str] = percent,
) -> list[Cell]:
    """Percentages, means and rates over ``records`` records: ``–`` under the threshold for the council."""
    return [
        _cell(figure_shown(v, n, thresholds) if council else None, v, render)
        for v, n in zip(values, records, strict=True)
    ]


def guarded(derived: Sequence[Cell], parts: Sequence[Cell]) -> list[Cell]:
    """A figure derived from a count shown beside it (a share, a difference) is not shown where that count is
    suppressed: ``9,3%`` of 43 signals beside ``<5`` would give the count away."""
    return [
        Cell(None, "–", True) if p.suppressed and not d.suppressed else d for d, p in zip(derived, parts, strict=True)
    ]


def values(cells: Sequence[Cell]) -> list[float | None]:
    return [c.value for c in cells]


def table(index_label: str, index: Sequence[str], columns: dict[str, Sequence[Cell]]) -> pd.DataFrame:
    """The data of a chart as a table of texts (Dutch formats, suppressed cells as ``<5`` / ``–``)."""
    data: dict[str, list[str]] = {index_label: list(index)}
    data.update({name: [c.text for c in cells] for name, cells in columns.items()})
    return pd.DataFrame(data)


def chart_with_table(
    figures: object | Sequence[object],
    frame: pd.DataFrame,
    *,
    key: str,
    note: str | None = None,
    side_by_side: bool = False,
) -> None:
    """Charts (full width, one below the other, or side by side) and their data as one table behind an
    expander (``st.table``: no export button, so nothing leaves unlogged)."""
    shown = list(figures) if isinstance(figures, list | tuple) else [figures]
    places = st.columns(len(shown)) if side_by_side else [st.container() for _ in shown]
    for index, (place, fig) in enumerate(zip(places, shown, strict=True)):
        with place:
            st.plotly_chart(fig, key=f"{key}_{index}", config={"displaylogo": False})
    with st.expander("Tabel bij de grafiek" if len(shown) == 1 else "Tabel bij de grafieken"):
        st.table(frame, hide_index=True)
        if note:
            st.caption(note)


def any_suppressed(*groups: Sequence[Cell]) -> bool:
    return any(c.suppressed for cells in groups for c in cells)


@dataclass(frozen=True)
class Trend:
    """What the charts of a page share: the periods on the x axis, the viewer's role and the thresholds."""

    ctx: Context
    periods: tuple[Period, ...]  # oldest first
    limits: Thresholds

    @classmethod
    def of(cls, ctx: Context, periods: Sequence[Period]) -> Trend:
        return cls(ctx, tuple(periods), thresholds(ctx.version))

    @property
    def council(self) -> bool:
        return self.ctx.viewer.role.suppressed

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(str(p) for p in self.periods)

    @property
    def x(self) -> list[str]:
        return [period_short(p) for p in self.periods]

    def raw(self, results: Sequence[KpiResult], kpi_id: str, group: str | None = None) -> list[KpiResult | None]:
        """The results of ``kpi_id`` per period of the trend (unsuppressed: for derived figures)."""
        return by_period(results, kpi_id, self.periods, group)

    def kpi(self, results: Sequence[KpiResult], kpi_id: str, group: str | None = None) -> list[Cell]:
        return kpi_cells(self.raw(results, kpi_id, group), self.council, self.limits)

    def counts(self, counts: Sequence[float | None]) -> list[Cell]:
        return count_cells(counts, self.council, self.limits)

    def figures(
        self, values: Sequence[float | None], records: Sequence[int], render: Callable[[float | None], str] = percent
    ) -> list[Cell]:
        return figure_cells(values, records, self.council, self.limits, render)

    def marks(self, kpi_ids: Sequence[str]) -> list[Mark]:
        return marks_for(kpi_ids, self.periods, self.ctx.filters.scope)

    def period_notes(self, kpi_ids: Sequence[str]) -> None:
        """Registration changes in the chosen period, under a chart without a time axis."""
        period = self.ctx.filters.period
        for mark in marks_for(kpi_ids, [period], self.ctx.filters.scope):
            st.caption(f"ⓘ Registratiewijziging in {period.label}: {mark.text}")

    def table(self, columns: dict[str, Sequence[Cell]], index_label: str = "Periode") -> pd.DataFrame:
        return table(index_label, [p.label for p in self.periods], columns)
