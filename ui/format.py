"""Dutch number and date formats for the screen and the downloads: ``1.234,5``, ``87,3%``, ``31-03-2025``.

Pure functions, no Streamlit: the pages, the charts and the report writers format through here.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from metrics.periods import MONTH_NAMES, Granularity, Period
from metrics.registry import Kpi, Statistic, Unit

MISSING = "–"  # a figure that cannot be computed (no records)
SHORT_MONTHS = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


def number(value: float | None, decimals: int = 0) -> str:
    """``1234.5`` → ``1.234,5`` (thousands with a dot, decimals with a comma); ``None`` → ``–``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return MISSING
    # halves away from zero, as people round (6,25 → 6,3); repr() gives the shortest exact decimal text
    rounded = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    text = f"{rounded:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def percent(value: float | None, decimals: int = 1) -> str:
    """``87.27`` → ``87,3%``."""
    return MISSING if value is None else f"{number(value, decimals)}%"


def signed(value: float | None, decimals: int = 0) -> str:
    """A change with its sign: ``+12``, ``−3,5`` (a real minus sign), ``0``."""
    if value is None:
        return MISSING
    if round(value, decimals) == 0:
        return number(0, decimals)
    text = number(abs(value), decimals)
    return f"+{text}" if value > 0 else f"−{text}"


def decimals_for(kpi: Kpi, value: float | None = None) -> int:
    """How many decimals a KPI is shown with: none for counts and the NPS, one for the rest; day counts
    that are whole numbers (most medians) without decimals."""
    if kpi.statistic is Statistic.COUNT or kpi.unit is Unit.NPS:
        return 0
    if kpi.unit is Unit.DAYS and value is not None and float(value).is_integer():
        return 0
    return 1


def kpi_value(kpi: Kpi, value: float | None) -> str:
    """A KPI's value with its unit as the screen shows it: ``87,3%``, ``12 dagen``, ``7,4``."""
    if value is None:
        return MISSING
    decimals = decimals_for(kpi, value)
    if kpi.unit is Unit.PERCENT:
        return percent(value, decimals)
    if kpi.unit is Unit.DAYS:
        return f"{number(value, decimals)} dagen"
    return number(value, decimals)


def kpi_change(kpi: Kpi, change: float | None) -> str:
    """A change of a KPI: percentage points for percentages."""
    if change is None:
        return MISSING
    decimals = decimals_for(kpi, change)
    if kpi.unit is Unit.PERCENT:
        return f"{signed(change, decimals)} procentpunt"
    if kpi.unit is Unit.DAYS:
        return f"{signed(change, decimals)} dagen"
    return signed(change, decimals)


def day(value: date | datetime | None) -> str:
    """``31-03-2025``; a date-time as ``31-03-2025 07:02``."""
    if value is None:
        return MISSING
    if isinstance(value, datetime):
        return value.strftime("%d-%m-%Y %H:%M")
    return value.strftime("%d-%m-%Y")


def long_day(value: date | None) -> str:
    """``31 maart 2025``."""
    return MISSING if value is None else f"{value.day} {MONTH_NAMES[value.month - 1]} {value.year}"


def period_short(period: Period) -> str:
    """Short labels for chart axes: ``mrt 2025``, ``K1 2025``, ``2025``."""
    match period.granularity:
        case Granularity.MONTH:
            return f"{SHORT_MONTHS[period.index - 1]} {period.year}"
        case Granularity.QUARTER:
            return f"K{period.index} {period.year}"
        case Granularity.YEAR:
            return str(period.year)
    raise AssertionError(period.granularity)  # pragma: no cover - exhaustive


# plotly: decimal comma and thousands dot in every chart
PLOTLY_SEPARATORS = ",."
