"""The differences between SQLite and PostgreSQL that the KPI queries meet, in one place.

Dates are ISO text on SQLite and DATE on PostgreSQL. Each construct below compiles to the right SQL for
either, so the queries themselves are written once.
"""

from __future__ import annotations

from sqlalchemy import Integer
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement

EPOCH_JULIAN_DAY = 2440587.5  # julianday('1970-01-01') in SQLite


class days_between(FunctionElement):
    """``later - earlier`` in calendar days (an integer)."""

    type = Integer()
    inherit_cache = True
    name = "days_between"


@compiles(days_between, "sqlite")
def _days_between_sqlite(element: days_between, compiler, **kw) -> str:  # noqa: ANN001
    later, earlier = list(element.clauses)
    return (
        f"CAST(julianday({compiler.process(later, **kw)}) - julianday({compiler.process(earlier, **kw)}) AS INTEGER)"
    )


@compiles(days_between)
def _days_between_default(element: days_between, compiler, **kw) -> str:  # noqa: ANN001
    later, earlier = list(element.clauses)
    return f"(CAST({compiler.process(later, **kw)} AS DATE) - CAST({compiler.process(earlier, **kw)} AS DATE))"


class day_number(FunctionElement):
    """Days since 1970-01-01 (an integer), for sums of dates."""

    type = Integer()
    inherit_cache = True
    name = "day_number"


@compiles(day_number, "sqlite")
def _day_number_sqlite(element: day_number, compiler, **kw) -> str:  # noqa: ANN001
    (value,) = list(element.clauses)
    return f"CAST(julianday({compiler.process(value, **kw)}) - {EPOCH_JULIAN_DAY} AS INTEGER)"


@compiles(day_number)
def _day_number_default(element: day_number, compiler, **kw) -> str:  # noqa: ANN001
    (value,) = list(element.clauses)
    return f"(CAST({compiler.process(value, **kw)} AS DATE) - DATE '1970-01-01')"


class greatest(FunctionElement):
    """The largest of non-null integer arguments (SQLite's scalar max, PostgreSQL's GREATEST)."""

    type = Integer()
    inherit_cache = True
    name = "greatest"


@compiles(greatest, "sqlite")
def _greatest_sqlite(element: greatest, compiler, **kw) -> str:  # noqa: ANN001
    return f"max({compiler.process(element.clauses, **kw)})"


@compiles(greatest)
def _greatest_default(element: greatest, compiler, **kw) -> str:  # noqa: ANN001
    return f"GREATEST({compiler.process(element.clauses, **kw)})"


def latest_of(*values: ColumnElement[int]) -> ColumnElement[int]:
    """``greatest`` that accepts a single argument too."""
    return values[0] if len(values) == 1 else greatest(*values)
