"""The distribution of survey answers per period and group, for confidence intervals (not every response).

One grouped query over consecutive periods reads the covering index ``ix_satisfaction_kpi_responded``
(responded_on, team, municipality, score, nps_score) and returns, per period and group, how many
responses gave each grade and each recommendation score. That is all a mean's standard deviation and an
NPS's promoter and detractor shares need.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import Connection, Date, and_, func, literal, select

from store.models import DATASET_TABLES
from store.queries.aggregate import BreakdownUnavailable, GroupKey
from store.queries.buckets import count_before
from store.queries.categories import DayRange, check_windows
from store.queries.filters import Dim, Scope, scope_clause


@dataclass
class ScoreCounts:
    """Responses per grade (1–10, halves allowed) and per recommendation score (0–10)."""

    grades: dict[float, int] = field(default_factory=dict)
    nps: dict[int, int] = field(default_factory=dict)


def score_histograms(
    conn: Connection, windows: Sequence[DayRange], dim: Dim | None, scope: Scope
) -> list[dict[GroupKey, ScoreCounts]]:
    """For each window (consecutive periods, oldest first): the score counts per group of ``dim``."""
    check_windows(windows)
    out: list[dict[GroupKey, ScoreCounts]] = [{} for _ in windows]
    if not windows:
        return out
    s = DATASET_TABLES["satisfaction"].c
    dims = {Dim.TEAM: s.team, Dim.MUNICIPALITY: s.municipality}
    if dim is not None and dim not in dims:
        raise BreakdownUnavailable(f"satisfaction by {dim.value}")
    key = dims[dim] if dim is not None else literal(None)
    inner = (
        select(
            count_before(s.responded_on, [last for _, last in windows[:-1]]).label("b"),
            key.label("k"),
            s.score.label("score"),
            s.nps_score.label("nps"),
        )
        .where(
            and_(s.responded_on >= literal(windows[0][0], Date()), s.responded_on <= literal(windows[-1][1], Date())),
            scope_clause(scope, s.team, s.municipality),
        )
        .subquery()
    )
    groups = (inner.c.b, inner.c.k, inner.c.score, inner.c.nps)
    for row in conn.execute(select(*groups, func.count().label("n")).group_by(*groups)):
        counts = out[int(row.b)].setdefault(row.k, ScoreCounts())
        n = int(row.n)
        if row.score is not None:
            grade = float(row.score)
            counts.grades[grade] = counts.grades.get(grade, 0) + n
        if row.nps is not None:
            counts.nps[int(row.nps)] = counts.nps.get(int(row.nps), 0) + n
    return out
