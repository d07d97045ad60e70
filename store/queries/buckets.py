"""Bucket expressions: on how many reference dates of a sorted list has a date already passed?

For reference dates ``a_0 < a_1 < ... < a_{n-1}``:

* ``count_before(x)`` is the number of ``a_j < x``, so ``x <= a_i`` exactly when ``i >= count_before(x)``
  and ``a_i < x`` exactly when ``i < count_before(x)``;
* ``count_on_or_before(x)`` is the number of ``a_j <= x``, so ``x < a_i`` exactly when
  ``i >= count_on_or_before(x)``.

A missing date counts as never reached: ``n``. The expression is a binary tree of CASEs (log2 n
comparisons per row), so a series of 36 reference dates costs a handful of comparisons.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import ColumnElement, Date, Integer, case, literal
from sqlalchemy.sql.expression import ColumnClause


def _tree(x: ColumnClause, bounds: Sequence[date], offset: int, inclusive: bool) -> ColumnElement[int]:
    if not bounds:
        return literal(offset, Integer())
    m = len(bounds) // 2
    pivot = literal(bounds[m], Date())
    left_side = x < pivot if inclusive else x <= pivot
    return case(
        (left_side, _tree(x, bounds[:m], offset, inclusive)),
        else_=_tree(x, bounds[m + 1 :], offset + m + 1, inclusive),
    )


def count_before(x: ColumnClause, bounds: Sequence[date]) -> ColumnElement[int]:
    """The number of reference dates before ``x`` (``len(bounds)`` when ``x`` is null)."""
    return case((x.is_(None), literal(len(bounds), Integer())), else_=_tree(x, list(bounds), 0, False))


def count_on_or_before(x: ColumnClause, bounds: Sequence[date]) -> ColumnElement[int]:
    """The number of reference dates on or before ``x`` (``len(bounds)`` when ``x`` is null)."""
    return case((x.is_(None), literal(len(bounds), Integer())), else_=_tree(x, list(bounds), 0, True))
