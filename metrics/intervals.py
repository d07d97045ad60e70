"""95% confidence intervals for a mean grade and a Net Promoter Score, from counts of answers.

* Mean: ``mean ± t(0.975, n − 1) · s / √n`` with ``s`` the sample standard deviation (divisor ``n − 1``);
  Student's t quantile is computed here (the regularised incomplete beta function by its continued
  fraction, inverted by bisection), so no statistics package is needed.
* NPS: the normal approximation ``NPS ± z(0.975) · √((p₊ + p₋ − (p₊ − p₋)²) / n) · 100``, with ``p₊`` the
  share of promoters (9–10) and ``p₋`` of detractors (0–6).

Bounds are clipped to the scale (grades 1–10, NPS −100…100); ``margin`` is the unclipped half width.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from statistics import NormalDist

CONFIDENCE = 0.95
GRADE_SCALE = (1.0, 10.0)
NPS_SCALE = (-100.0, 100.0)


@dataclass(frozen=True)
class Interval:
    centre: float
    margin: float  # half width, before clipping
    low: float
    high: float

    @classmethod
    def around(cls, centre: float, margin: float, scale: tuple[float, float]) -> Interval:
        return cls(centre, margin, max(scale[0], centre - margin), min(scale[1], centre + margin))


def _continued_fraction(a: float, b: float, x: float) -> float:
    """The continued fraction of the incomplete beta function (modified Lentz)."""
    tiny, eps = 1e-300, 1e-15
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1.0)
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 100_000):
        for numerator in (
            m * (b - m) * x / ((a - 1.0 + 2 * m) * (a + 2 * m)),
            -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 1.0 + 2 * m)),
        ):
            d = 1.0 + numerator * d
            d = 1.0 / (d if abs(d) > tiny else tiny)
            c = 1.0 + numerator / c
            c = c if abs(c) > tiny else tiny
            h *= d * c
        if abs(d * c - 1.0) < eps:
            return h
    raise ArithmeticError("incomplete beta: no convergence")  # pragma: no cover - not reached for t


def incomplete_beta(a: float, b: float, x: float) -> float:
    """The regularised incomplete beta function I_x(a, b)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    front = math.exp(log_front)
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _continued_fraction(a, b, x) / a
    return 1.0 - front * _continued_fraction(b, a, 1.0 - x) / b


def t_cdf(t: float, df: int) -> float:
    """P(T ≤ t) for Student's t with ``df`` degrees of freedom."""
    tail = 0.5 * incomplete_beta(df / 2.0, 0.5, df / (df + t * t))
    return 1.0 - tail if t >= 0 else tail


@lru_cache(maxsize=512)
def t_quantile(p: float, df: int) -> float:
    """The ``p`` quantile of Student's t (``t_quantile(0.975, 2)`` = 4.3027)."""
    if df < 1:
        raise ValueError("degrees of freedom must be at least 1")
    if not 0.0 < p < 1.0:
        raise ValueError("p must lie strictly between 0 and 1")
    if p < 0.5:
        return -t_quantile(1.0 - p, df)
    low, high = 0.0, 1.0
    while t_cdf(high, df) < p:
        low, high = high, high * 2.0
    for _ in range(200):
        middle = (low + high) / 2.0
        if middle in (low, high):
            break
        if t_cdf(middle, df) < p:
            low = middle
        else:
            high = middle
    return (low + high) / 2.0


def mean_interval(grades: Mapping[float, int], centre: float | None = None) -> Interval | None:
    """The 95% interval of the mean of ``grades`` (grade → number of answers); None under two answers.

    ``centre`` is the mean as the KPI computed it (the same answers); without it the histogram's own.
    """
    n = sum(count for count in grades.values() if count > 0)
    if n < 2:
        return None
    mean = sum(grade * count for grade, count in grades.items()) / n
    squares = sum(count * (grade - mean) ** 2 for grade, count in grades.items())
    s = math.sqrt(squares / (n - 1))
    margin = t_quantile((1 + CONFIDENCE) / 2, n - 1) * s / math.sqrt(n)
    return Interval.around(mean if centre is None else centre, margin, GRADE_SCALE)


def nps_counts(scores: Mapping[int, int]) -> tuple[int, int, int]:
    """Promoters (9–10), detractors (0–6) and answers of a recommendation-score histogram."""
    promoters = sum(count for score, count in scores.items() if score >= 9)
    detractors = sum(count for score, count in scores.items() if score <= 6)
    return promoters, detractors, sum(scores.values())


def nps_interval(promoters: int, detractors: int, n: int) -> Interval | None:
    """The 95% interval of an NPS by the normal approximation; None without answers."""
    if n < 1:
        return None
    p_plus, p_minus = promoters / n, detractors / n
    variance = (p_plus + p_minus - (p_plus - p_minus) ** 2) / n
    z = NormalDist().inv_cdf((1 + CONFIDENCE) / 2)
    margin = z * math.sqrt(max(variance, 0.0)) * 100
    return Interval.around(100 * (p_plus - p_minus), margin, NPS_SCALE)


METHOD_TEXT = (
    "Betrouwbaarheidsinterval van 95%. Gemiddeld rapportcijfer: gemiddelde ± t(0,975; n − 1) × s / √n, met s "
    "de standaardafwijking van de steekproef (Student-t-verdeling). NPS: normale benadering, NPS ± 1,96 × "
    "√((p₊ + p₋ − (p₊ − p₋)²) / n) × 100, met p₊ het aandeel promotors (9–10) en p₋ het aandeel criticasters "
    "(0–6). Grenzen buiten de schaal (1–10, −100 tot 100) zijn afgekapt."
)
