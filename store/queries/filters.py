"""Scopes and breakdowns: which rows a caller may see, and how rows are grouped.

A scope is applied in the WHERE clause of every query, so access control can rely on it.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, false, true
from sqlalchemy.sql.expression import ColumnClause


class Dim(enum.Enum):
    """A breakdown of a KPI."""

    TEAM = "team"
    MUNICIPALITY = "municipality"
    CONSULTANT = "consultant"


@dataclass(frozen=True)
class Scope:
    """The teams and municipalities a caller may see; ``None`` means: no restriction on that axis.

    A record is visible when its team is in ``teams`` (if given) and its municipality is in
    ``municipalities`` (if given). A record without a team or municipality is invisible to a scope that
    restricts that axis. An empty set shows nothing.
    """

    teams: frozenset[str] | None = None
    municipalities: frozenset[str] | None = None

    @classmethod
    def of(cls, teams: Iterable[str] | None = None, municipalities: Iterable[str] | None = None) -> Scope:
        return cls(
            None if teams is None else frozenset(teams),
            None if municipalities is None else frozenset(municipalities),
        )

    @property
    def is_everything(self) -> bool:
        return self.teams is None and self.municipalities is None

    def allows(self, team: str | None, municipality: str | None) -> bool:
        """The same rule as the SQL clause, for rows already in Python."""
        if self.teams is not None and team not in self.teams:
            return False
        return self.municipalities is None or municipality in self.municipalities


EVERYTHING = Scope()


def scope_clause(
    scope: Scope, team: ColumnClause | None, municipality: ColumnClause | None
) -> ColumnElement[bool]:
    """The WHERE condition of ``scope`` for a table with these columns.

    A table without a team column cannot show a team-restricted caller anything it could attribute to a
    team: callers translate team scopes to municipalities first (see ``metrics.compute``); here a team
    restriction on such a table shows nothing.
    """
    conditions: list[ColumnElement[bool]] = []
    if scope.teams is not None:
        conditions.append(team.in_(sorted(scope.teams)) if team is not None else false())
    if scope.municipalities is not None:
        conditions.append(
            municipality.in_(sorted(scope.municipalities)) if municipality is not None else false()
        )
    return and_(true(), *conditions)
