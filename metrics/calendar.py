"""The working-day calendar of the Algemene termijnenwet (Atw), computed from its rules.

Working days exclude Saturdays, Sundays and the days the Atw treats as holidays:

* art. 3: New Year's Day, Good Friday (equated by art. 3 itself), Easter Monday, King's Day (27 April, or
  26 April when the 27th is a Sunday), Liberation Day (5 May, every year), Ascension Day, Whit Monday,
  Christmas Day and Boxing Day;
* the days equated by royal decree (Besluit gelijkstelling dagen Algemene termijnenwet). The decrees for
  2023–2028 follow one rule, applied here to every year: the Friday after Ascension Day, and the Friday
  after New Year's Day, King's Day or Boxing Day when that day is a Thursday. For years outside
  2023–2028 the rule is the best available reading; an administrator corrects single dates.

Easter follows the Gregorian computus. An administrator can add single non-working dates or remove
computed holidays (``holiday_overrides`` table) to follow the current decree; weekends always stay
non-working days.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache

# Part of the terms version: change it when a rule below changes, so stored deadlines are recomputed.
RULES_VERSION = "atw-art3+gelijkstelling-2023-2028/1"

ONE_DAY = timedelta(days=1)
THURSDAY, FRIDAY, SATURDAY, SUNDAY = 3, 4, 5, 6


def easter_sunday(year: int) -> date:
    """Easter Sunday by the Gregorian computus (the anonymous algorithm of Meeus, Jones and Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return date(year, month, day + 1)


def kings_day(year: int) -> date:
    """27 April, or 26 April when the 27th is a Sunday."""
    day = date(year, 4, 27)
    return day - ONE_DAY if day.weekday() == SUNDAY else day


@cache
def statutory_holidays(year: int) -> dict[date, str]:
    """The holidays of Atw art. 3 in ``year``, with their Dutch names."""
    easter = easter_sunday(year)
    return {
        date(year, 1, 1): "Nieuwjaarsdag",
        easter - timedelta(days=2): "Goede Vrijdag",
        easter + timedelta(days=1): "Tweede Paasdag",
        kings_day(year): "Koningsdag",
        date(year, 5, 5): "Bevrijdingsdag",
        easter + timedelta(days=39): "Hemelvaartsdag",
        easter + timedelta(days=50): "Tweede Pinksterdag",
        date(year, 12, 25): "Eerste Kerstdag",
        date(year, 12, 26): "Tweede Kerstdag",
    }


@cache
def equated_days(year: int) -> dict[date, str]:
    """The days equated by royal decree, by the rule of the 2023–2028 decrees."""
    ascension = easter_sunday(year) + timedelta(days=39)
    days = {ascension + ONE_DAY: "Vrijdag na Hemelvaartsdag"}
    for holiday, name in ((date(year, 1, 1), "Nieuwjaarsdag"), (kings_day(year), "Koningsdag"),
                          (date(year, 12, 26), "Tweede Kerstdag")):  # fmt: skip
        if holiday.weekday() == THURSDAY:
            days[holiday + ONE_DAY] = f"Vrijdag na {name}"
    return days


@dataclass(frozen=True)
class WorkingDayCalendar:
    """Working days under the Atw, with an administrator's added and removed dates."""

    added: frozenset[date] = field(default_factory=frozenset)  # extra non-working days
    removed: frozenset[date] = field(default_factory=frozenset)  # computed holidays that are working days

    @classmethod
    def with_overrides(cls, added: Iterable[date] = (), removed: Iterable[date] = ()) -> WorkingDayCalendar:
        return cls(frozenset(added), frozenset(removed))

    def holidays(self, year: int) -> dict[date, str]:
        """Every non-working day of ``year`` other than weekends, with its Dutch name."""
        days = {**statutory_holidays(year), **equated_days(year)}
        for day in self.removed:
            days.pop(day, None)
        for day in self.added:
            if day.year == year:
                days.setdefault(day, "Toegevoegd door beheerder")
        return dict(sorted(days.items()))

    def is_holiday(self, day: date) -> bool:
        if day in self.added:
            return True
        if day in self.removed:
            return False
        return day in statutory_holidays(day.year) or day in equated_days(day.year)

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < SATURDAY and not self.is_holiday(day)

    def on_or_after(self, day: date) -> date:
        """``day`` itself when it is a working day, else the next working day (Atw art. 1)."""
        while not self.is_working_day(day):
            day += ONE_DAY
        return day

    def add_working_days(self, day: date, count: int) -> date:
        """The ``count``-th working day after ``day`` (``day`` itself not counted)."""
        if count < 0:
            raise ValueError("count must be zero or more")
        for _ in range(count):
            day = self.on_or_after(day + ONE_DAY)
        return day

    @property
    def fingerprint(self) -> str:
        """Identifies the rules and overrides, so stored deadlines know what they were computed with."""
        added = ",".join(sorted(d.isoformat() for d in self.added))
        removed = ",".join(sorted(d.isoformat() for d in self.removed))
        return f"{RULES_VERSION};+{added};-{removed}"
