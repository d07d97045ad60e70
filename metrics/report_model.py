"""What a report says, independent of the file it is written to: sections of tables, charts and text.

The council report (``metrics.council_report``) and the annual report (``metrics.annual_report``) build a
:class:`Report`; the writers in ``reports/`` turn it into an Excel workbook or a Word document without
computing anything. Every number in a report is a :class:`Number` that has been through small-number
suppression already: either a value, or the text (``<5``, ``–``) that replaces it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date

from metrics.periods import Period
from metrics.registry import Kpi, Statistic, Unit
from metrics.suppression import Shown


@dataclass(frozen=True)
class Number:
    shown: Shown
    unit: Unit
    decimals: int
    prefix: str = ""  # e.g. "≥ " before a target value

    @property
    def value(self) -> float | None:
        return self.shown.value


def decimals(unit: Unit, statistic: Statistic, value: float | None) -> int:
    """Counts and the NPS without decimals, day counts that are whole numbers too, the rest with one."""
    if statistic.is_count or unit is Unit.NPS:
        return 0
    if unit is Unit.DAYS and value is not None and float(value).is_integer():
        return 0
    return 1


def number(shown: Shown, kpi: Kpi | None = None) -> Number:
    """A shown figure of ``kpi`` (a count when None)."""
    unit = kpi.unit if kpi is not None else Unit.COUNT
    statistic = kpi.statistic if kpi is not None else Statistic.COUNT
    return Number(shown, unit, decimals(unit, statistic, shown.value))


Cell = str | Number | date | None


@dataclass(frozen=True)
class Table:
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


class ChartKind(enum.Enum):
    LINE = "lijn"
    BAR = "staaf"


@dataclass(frozen=True)
class Chart:
    title: str
    categories: tuple[str, ...]  # the x axis (periods, oldest first)
    series: tuple[tuple[str, tuple[float | None, ...]], ...]  # name, values (None: not shown)
    unit: Unit
    kind: ChartKind = ChartKind.LINE


@dataclass(frozen=True)
class Section:
    title: str  # also the sheet name in Excel: at most 31 characters
    paragraphs: tuple[str, ...] = ()
    tables: tuple[Table, ...] = ()
    charts: tuple[Chart, ...] = ()


@dataclass(frozen=True)
class Definition:
    label: str
    code: str  # the KPI id, or the id of a figure the report derives
    definition: str
    unit: str
    direction: str


@dataclass(frozen=True)
class Report:
    kind: str  # "raadsrapportage" or "jaarverslag"
    title: str
    organisation: str
    period: Period
    reference_date: date  # the peildatum of the figures
    data_through: date | None  # the newest "data t/m" the figures were computed from
    filters: str  # the active filters, in words
    status: str  # "berekend uit de gegevens t/m …" or "bevroren op … door …"
    sections: tuple[Section, ...]
    footnotes: tuple[str, ...] = ()
    definitions: tuple[Definition, ...] = ()
    summary: tuple[tuple[str, str], ...] = field(default=())  # extra lines for the front page (label, text)


def kpi_definition(kpi: Kpi) -> Definition:
    return Definition(kpi.label, kpi.id, kpi.definition, kpi.unit.label, kpi.direction.label)
