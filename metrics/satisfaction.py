"""Satisfaction (Klanttevredenheid): mean grade and NPS with the number of responses and a 95% interval.

The figures are the registry's KPIs (``kto_respons``, ``kto_gemiddeld``, ``nps``); the intervals
(``metrics.intervals``) come from the distribution of the answers per period and group, read with one
grouped query (``store.queries.satisfaction``), never response by response. Under the catalogue's
small-number threshold (``suppression_min_records``, 10) there is no interval: a team is not judged on
five surveys.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from metrics.compute import EngineLike, KpiResult, compute_periods, parse_dim, resolve_engine
from metrics.derived import load_settings
from metrics.intervals import Interval, mean_interval, nps_counts, nps_interval
from metrics.periods import Period
from store import metrics_queries as q
from store.metrics_queries import Dim, Scope, ScoreCounts

SATISFACTION_KPIS = ("kto_respons", "kto_gemiddeld", "nps")


@dataclass(frozen=True)
class SurveyFigures:
    period: Period
    group: str | None
    responses: KpiResult
    grade: KpiResult
    nps: KpiResult
    grade_interval: Interval | None
    nps_interval: Interval | None
    min_records: int  # the threshold under which there is no interval

    @property
    def grade_too_few(self) -> bool:
        return self.grade.records < self.min_records

    @property
    def nps_too_few(self) -> bool:
        return self.nps.records < self.min_records


def survey_figures(
    db: EngineLike,
    periods: Sequence[Period | str],
    by: Dim | str | None,
    scope: Scope,
    *,
    today: date | None = None,
) -> list[SurveyFigures]:
    """Responses, mean grade and NPS per period (consecutive, oldest first) and group, with their intervals."""
    chosen = [Period.parse(p) for p in periods]
    dim = parse_dim(by)
    engine = resolve_engine(db)
    results = compute_periods(engine, chosen, dim, scope, kpis=SATISFACTION_KPIS, today=today)
    with engine.connect() as conn:
        minimum = load_settings(conn).suppression_min_records
        histograms = q.score_histograms(conn, [(p.first_day, p.last_day) for p in chosen], dim, scope)
    found = {(r.kpi, r.period, r.group): r for r in results}
    groups = list(dict.fromkeys(r.group for r in results if r.kpi == "kto_respons"))
    out = []
    for index, period in enumerate(chosen):
        for group in groups:
            grade, nps = found[("kto_gemiddeld", period, group)], found[("nps", period, group)]
            counts = histograms[index].get(group, ScoreCounts())
            grade_ci = mean_interval(counts.grades, grade.value) if grade.records >= minimum else None
            nps_ci = nps_interval(*nps_counts(counts.nps)) if nps.records >= minimum else None
            out.append(
                SurveyFigures(
                    period, group, found[("kto_respons", period, group)], grade, nps, grade_ci, nps_ci, minimum
                )
            )
    return out


SMALL_WARNING = (
    "Minder dan {n} reacties: geen betrouwbaarheidsinterval. Een gemiddelde of NPS over zo weinig reacties kan "
    "door één reactie flink verschuiven; beoordeel een team er niet op."
)
