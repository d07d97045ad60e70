"""Statistics over histograms of day counts (value → how many records), exact and without expanding them.

The median of an even count is the mean of the two middle values; a percentile interpolates linearly
between the two nearest ranks, as numpy's default (``method="linear"``) does.
"""

from __future__ import annotations

import math
from collections.abc import Mapping


def size(histogram: Mapping[int, int]) -> int:
    return sum(histogram.values())


def _nth(items: list[tuple[int, int]], rank: int) -> int:
    """The value at 0-based ``rank`` in the sorted expansion of ``items``."""
    seen = 0
    for value, count in items:
        seen += count
        if rank < seen:
            return value
    raise IndexError(rank)


def percentile(histogram: Mapping[int, int], q: float) -> float | None:
    """The ``q``-th percentile (0–100) with linear interpolation; ``None`` for an empty histogram."""
    if not 0 <= q <= 100:
        raise ValueError("q must lie between 0 and 100")
    items = sorted((v, n) for v, n in histogram.items() if n > 0)
    total = sum(n for _, n in items)
    if total == 0:
        return None
    position = (total - 1) * q / 100
    lower, upper = math.floor(position), math.ceil(position)
    low_value = _nth(items, lower)
    if upper == lower:
        return float(low_value)
    high_value = _nth(items, upper)
    return low_value + (high_value - low_value) * (position - lower)


def median(histogram: Mapping[int, int]) -> float | None:
    return percentile(histogram, 50)
