"""Annotations of registration changes as chart marks: every chart of an affected KPI shows them."""

from __future__ import annotations

from collections.abc import Sequence

from metrics.periods import Period
from store.metrics_queries import Scope
from ui import data
from ui.charts import Mark
from ui.format import period_short


def marks_for(kpi_ids: Sequence[str], periods: Sequence[Period], scope: Scope) -> list[Mark]:
    """Marks for the annotations that concern any of ``kpi_ids`` and fall in ``periods`` (x labels as
    :func:`ui.format.period_short` writes them)."""
    if not periods:
        return []
    ordered = sorted(periods)
    found = data.annotations(scope, ordered[0].first_day, ordered[-1].last_day)
    marks = []
    for note in found:
        if not any(note.concerns(k) for k in kpi_ids):
            continue
        period = next((p for p in ordered if note.on_date in p), None)
        if period is not None:
            marks.append(Mark(period_short(period), note.text))
    return marks
