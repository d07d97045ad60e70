"""Periods of the catalogue: a month (``2025-03``), a quarter (``2025-Q1``) or a year (``2025``).

A period is every day from its first to its last, inclusive. ``as_of`` (peildatum) is the last day of the
period; for a period that is not over yet it is the date of the latest import of the dataset concerned,
see :func:`as_of`.
"""

from __future__ import annotations

import calendar
import enum
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime


class Granularity(enum.Enum):
    MONTH = "maand"
    QUARTER = "kwartaal"
    YEAR = "jaar"

    @property
    def months(self) -> int:
        """Length in months."""
        match self:
            case Granularity.MONTH:
                return 1
            case Granularity.QUARTER:
                return 3
            case Granularity.YEAR:
                return 12
        raise AssertionError(self)  # pragma: no cover - exhaustive


_PATTERNS: tuple[tuple[re.Pattern[str], Granularity], ...] = (
    (re.compile(r"^(\d{4})-(\d{1,2})$"), Granularity.MONTH),
    (re.compile(r"^(\d{4})-?[Qq]([1-4])$"), Granularity.QUARTER),
    (re.compile(r"^(\d{4})$"), Granularity.YEAR),
)


class PeriodError(ValueError):
    """A period text that is not a month, a quarter or a year; the message is Dutch."""


@dataclass(frozen=True)
class Period:
    """A month, quarter or year. ``index`` is the month (1–12), the quarter (1–4) or 1 for a year."""

    year: int
    granularity: Granularity
    index: int = 1

    def __post_init__(self) -> None:
        limit = 12 // self.granularity.months
        if not 1 <= self.index <= limit:
            raise PeriodError(f"Ongeldige periode: {self.granularity.value} {self.index} in {self.year}.")
        if not 1 <= self.year <= 9998:
            raise PeriodError(f"Ongeldig jaar in periode: {self.year}.")

    # -- construction -------------------------------------------------------------------------------
    @classmethod
    def parse(cls, text: str | Period) -> Period:
        """``2025-03`` (month), ``2025-Q1`` (quarter) or ``2025`` (year)."""
        if isinstance(text, Period):
            return text
        cleaned = str(text).strip()
        for pattern, granularity in _PATTERNS:
            m = pattern.match(cleaned)
            if m:
                index = int(m.group(2)) if m.lastindex and m.lastindex > 1 else 1
                return cls(int(m.group(1)), granularity, index)
        raise PeriodError(
            f"Onbekende periode '{text}': gebruik een maand (2025-03), een kwartaal (2025-Q1) of een jaar (2025)."
        )

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        return cls(year, Granularity.MONTH, month)

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        return cls(year, Granularity.QUARTER, quarter)

    @classmethod
    def whole_year(cls, year: int) -> Period:
        return cls(year, Granularity.YEAR, 1)

    @classmethod
    def containing(cls, day: date, granularity: Granularity) -> Period:
        """The period of ``granularity`` that contains ``day``."""
        return cls(day.year, granularity, (day.month - 1) // granularity.months + 1)

    # -- days ---------------------------------------------------------------------------------------
    @property
    def first_month(self) -> int:
        return (self.index - 1) * self.granularity.months + 1

    @property
    def first_day(self) -> date:
        return date(self.year, self.first_month, 1)

    @property
    def last_day(self) -> date:
        month = self.first_month + self.granularity.months - 1
        return date(self.year, month, calendar.monthrange(self.year, month)[1])

    def __contains__(self, day: object) -> bool:
        if isinstance(day, datetime):
            day = day.date()
        return isinstance(day, date) and self.first_day <= day <= self.last_day

    def is_over(self, today: date) -> bool:
        """True when every day of the period lies before ``today``."""
        return self.last_day < today

    def in_data(self, first_record: date | None) -> bool:
        """True when the period ends on or after the store's first record (``None``: there are no records):
        before it, a figure is unknown rather than zero."""
        return first_record is not None and self.last_day >= first_record

    # -- neighbours ---------------------------------------------------------------------------------
    def shift(self, steps: int) -> Period:
        """The period ``steps`` periods of the same granularity later (earlier when negative)."""
        per_year = 12 // self.granularity.months
        ordinal = self.year * per_year + (self.index - 1) + steps
        return Period(ordinal // per_year, self.granularity, ordinal % per_year + 1)

    def previous(self) -> Period:
        """The period just before (2025-Q1 → 2024-Q4)."""
        return self.shift(-1)

    def year_earlier(self) -> Period:
        """The same period a year earlier (2025-Q1 → 2024-Q1)."""
        return Period(self.year - 1, self.granularity, self.index)

    def __lt__(self, other: Period) -> bool:
        return (self.first_day, self.last_day) < (other.first_day, other.last_day)

    def __le__(self, other: Period) -> bool:
        return self == other or self < other

    def overlaps(self, other: Period) -> bool:
        return self.first_day <= other.last_day and other.first_day <= self.last_day

    def __str__(self) -> str:
        match self.granularity:
            case Granularity.MONTH:
                return f"{self.year:04d}-{self.index:02d}"
            case Granularity.QUARTER:
                return f"{self.year:04d}-Q{self.index}"
            case Granularity.YEAR:
                return f"{self.year:04d}"
        raise AssertionError(self.granularity)  # pragma: no cover - exhaustive

    @property
    def label(self) -> str:
        """Dutch text for the screen: ``maart 2025``, ``1e kwartaal 2025``, ``2025``."""
        match self.granularity:
            case Granularity.MONTH:
                return f"{MONTH_NAMES[self.index - 1]} {self.year}"
            case Granularity.QUARTER:
                return f"{self.index}e kwartaal {self.year}"
            case Granularity.YEAR:
                return str(self.year)
        raise AssertionError(self.granularity)  # pragma: no cover - exhaustive


MONTH_NAMES = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip


def series(last: Period | str, count: int) -> list[Period]:
    """``count`` consecutive periods ending with ``last`` (oldest first), e.g. 36 months for a trend."""
    end = Period.parse(last)
    if count < 1:
        raise PeriodError("Een reeks heeft minstens één periode.")
    return [end.shift(-k) for k in range(count - 1, -1, -1)]


def between(first: Period | str, last: Period | str) -> list[Period]:
    """Every period from ``first`` to ``last`` inclusive; both of the same granularity."""
    start, end = Period.parse(first), Period.parse(last)
    if start.granularity is not end.granularity:
        raise PeriodError("Begin en einde van een reeks moeten even lange perioden zijn.")
    if end < start:
        raise PeriodError(f"Het einde ({end}) ligt voor het begin ({start}).")
    return list(_walk(start, end))


def _walk(start: Period, end: Period) -> Iterator[Period]:
    current = start
    while current <= end:
        yield current
        current = current.shift(1)


def as_of(period: Period, today: date, latest_import: date | None) -> date:
    """The reference date (peildatum) of ``period``, as the catalogue defines it.

    The last day of the period once it is over. For a period that is not over yet: the date of the latest
    import of the dataset concerned (``latest_import``, see ``store.metrics_queries.latest_import_date``:
    the newest ``data_through`` of its batches, else the day of the import), never later than the period's
    last day; without any import, ``today``. "Over" is the calendar's: a past month's peildatum is its last
    day even when its export ran through an earlier date, as the catalogue defines it.
    """
    if period.is_over(today):
        return period.last_day
    known = latest_import if latest_import is not None else today
    return min(known, period.last_day)
