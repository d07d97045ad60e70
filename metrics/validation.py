"""Named rules the KPI registry must keep. Each rule returns a list of Dutch problem descriptions."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from metrics.registry import FAMILY_DATASETS, Kpi, Statistic, Unit
from store.metrics_queries import FLOW_FAMILIES, INTERVAL_FAMILIES, Dim
from store.schema import DATASETS

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Rule:
    name: str
    check: Callable[[Sequence[Kpi]], list[str]]


def _duplicates(values: Sequence[str]) -> list[str]:
    return sorted(v for v, n in Counter(values).items() if n > 1)


def unique_ids(kpis: Sequence[Kpi]) -> list[str]:
    return [f"KPI-id '{d}' komt vaker voor." for d in _duplicates([k.id for k in kpis])]


def unique_labels(kpis: Sequence[Kpi]) -> list[str]:
    return [f"Label '{d}' komt vaker voor." for d in _duplicates([k.label for k in kpis])]


def well_formed_ids(kpis: Sequence[Kpi]) -> list[str]:
    return [f"KPI-id '{k.id}' is geen kleine-letter-code." for k in kpis if not ID_PATTERN.match(k.id)]


def definitions_present(kpis: Sequence[Kpi]) -> list[str]:
    return [f"{k.id}: definitie of label ontbreekt." for k in kpis if len(k.definition) < 20 or not k.label]


def units_match_statistics(kpis: Sequence[Kpi]) -> list[str]:
    allowed = {
        Statistic.COUNT: {Unit.COUNT},
        Statistic.PERCENTAGE: {Unit.PERCENT, Unit.NPS},
        Statistic.MEAN: {Unit.DAYS, Unit.GRADE},
        Statistic.MEDIAN: {Unit.DAYS},
        Statistic.PERCENTILE: {Unit.DAYS},
        Statistic.RATIO: {Unit.CASES_PER_FTE},
    }
    return [
        f"{k.id}: eenheid {k.unit.value} past niet bij {k.statistic.value}."
        for k in kpis
        if k.unit not in allowed[k.statistic]
    ]


def datasets_known(kpis: Sequence[Kpi]) -> list[str]:
    return [f"{k.id}: onbekende dataset {d}." for k in kpis for d in k.datasets if d not in DATASETS]


def family_datasets_declared(kpis: Sequence[Kpi]) -> list[str]:
    return [
        f"{k.id}: de datasets van familie {k.family.value} staan niet bij de KPI."
        for k in kpis
        if not set(FAMILY_DATASETS[k.family]) & set(k.datasets)
    ]


def _measures(kpi: Kpi) -> set[str]:
    if kpi.family in FLOW_FAMILIES:
        return {m.name for m in FLOW_FAMILIES[kpi.family].measures}
    return {m.name for m in INTERVAL_FAMILIES[kpi.family].measures}


def drill_measures_exist(kpis: Sequence[Kpi]) -> list[str]:
    return [
        f"{k.id}: maat '{m}' bestaat niet in familie {k.family.value}."
        for k in kpis
        for m in (k.numerator, k.denominator)
        if m is not None and m not in _measures(k)
    ]


def counts_and_percentages_drill(kpis: Sequence[Kpi]) -> list[str]:
    """Every count and every percentage can show the records behind it."""
    problems = []
    for k in kpis:
        if k.statistic is Statistic.COUNT and k.numerator is None:
            problems.append(f"{k.id}: een aantal zonder records voor de drill-down.")
        if k.statistic is Statistic.PERCENTAGE and k.denominator is None:
            problems.append(f"{k.id}: een percentage zonder noemer-records voor de drill-down.")
    return problems


def breakdowns_available(kpis: Sequence[Kpi]) -> list[str]:
    """A KPI offers only breakdowns its family's records carry (team-less signal records via municipality)."""
    problems = []
    for k in kpis:
        family = FLOW_FAMILIES.get(k.family) or INTERVAL_FAMILIES[k.family]
        carried = set(family.dims) | ({Dim.TEAM} if Dim.MUNICIPALITY in family.dims else set())
        problems += [f"{k.id}: uitsplitsing {d.value} niet in de gegevens." for d in k.breakdowns - carried]
        if Dim.TEAM not in k.breakdowns:
            problems.append(f"{k.id}: elke KPI is per team te tonen.")
    return problems


RULES: tuple[Rule, ...] = (
    Rule("unieke ids", unique_ids),
    Rule("unieke labels", unique_labels),
    Rule("ids als code", well_formed_ids),
    Rule("definitie en label", definitions_present),
    Rule("eenheid past bij statistiek", units_match_statistics),
    Rule("bekende datasets", datasets_known),
    Rule("datasets van de familie", family_datasets_declared),
    Rule("maten bestaan", drill_measures_exist),
    Rule("drill-down voor aantallen en percentages", counts_and_percentages_drill),
    Rule("uitsplitsingen bestaan", breakdowns_available),
)


def validate(kpis: Sequence[Kpi]) -> dict[str, list[str]]:
    """Every rule's problems, by rule name (empty lists when the registry is sound)."""
    return {rule.name: rule.check(kpis) for rule in RULES}
