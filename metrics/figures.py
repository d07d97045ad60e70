"""What a KPI computes for one group: value, numerator, denominator and the number of records behind it.

``numerator`` and ``denominator`` are given where the value is their quotient (times 100 for a
percentage and the NPS): counts have neither, medians and percentiles neither. ``records`` is how many
records the figure is over (the denominator of a percentage, the number of values of a median or mean,
the count itself for a count); small-number suppression looks at it.

The functions below build a KPI's compute function from the names of the measures it uses.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from metrics import stats
from store.metrics_queries import Tally


@dataclass(frozen=True)
class Figure:
    value: float | None
    numerator: float | None = None
    denominator: float | None = None
    records: int = 0


@dataclass(frozen=True)
class Inputs:
    """What a compute function gets: the family's tally for one group, and the fte where needed."""

    tally: Tally
    fte: float | None = None

    def get(self, measure: str) -> float:
        return self.tally.values.get(measure, 0)


Compute = Callable[[Inputs], Figure]


def count(measure: str) -> Compute:
    def compute(inputs: Inputs) -> Figure:
        n = int(inputs.get(measure))
        return Figure(value=n, records=n)

    return compute


def percentage(numerator: str, denominator: str) -> Compute:
    def compute(inputs: Inputs) -> Figure:
        num, den = int(inputs.get(numerator)), int(inputs.get(denominator))
        return Figure(value=100 * num / den if den else None, numerator=num, denominator=den, records=den)

    return compute


def mean(total: str, number: str) -> Compute:
    def compute(inputs: Inputs) -> Figure:
        s, n = inputs.get(total), int(inputs.get(number))
        return Figure(value=s / n if n else None, numerator=s, denominator=n, records=n)

    return compute


def percentile_days(q: float) -> Compute:
    def compute(inputs: Inputs) -> Figure:
        histogram = inputs.tally.histogram
        return Figure(value=stats.percentile(histogram, q), records=stats.size(histogram))

    return compute


def per_fte(measure: str) -> Compute:
    def compute(inputs: Inputs) -> Figure:
        n = int(inputs.get(measure))
        fte = inputs.fte
        if not fte:
            return Figure(value=None, numerator=n, denominator=fte, records=n)
        return Figure(value=n / fte, numerator=n, denominator=fte, records=n)

    return compute


def net_promoter(promoters: str, detractors: str, answers: str) -> Compute:
    def compute(inputs: Inputs) -> Figure:
        net = int(inputs.get(promoters)) - int(inputs.get(detractors))
        n = int(inputs.get(answers))
        return Figure(value=100 * net / n if n else None, numerator=net, denominator=n, records=n)

    return compute
