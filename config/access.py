"""Who is looking: the viewer's role and the teams and municipalities they may see.

Roles follow the privacy rules of ``domain.md``: case ids only for the roles that work cases, consultant
names not for the council, small numbers suppressed for everything that leaves the team (the council
role). The viewer comes from the settings ``SHV_ROLE``, ``SHV_TEAMS`` and ``SHV_MUNICIPALITIES`` (one
installation or one server per audience: a council server runs with ``SHV_ROLE=raad``). The scope is
handed to every query of ``metrics/``, which applies it in SQL.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from config import settings
from store.queries.filters import Scope


class Role(enum.Enum):
    ADMIN = "beheerder"  # data steward and administrator: imports, settings, everything
    TEAM_LEADER = "teamleider"  # caseload meetings: exact figures, consultants, case ids
    CONSULTANT = "consulent"  # works cases: case ids of the own scope
    MANAGEMENT = "management"  # exact figures, consultants, no case ids
    COUNCIL = "raad"  # leaves the building: suppressed, no consultants, no case ids

    @property
    def label(self) -> str:
        return _ROLE_LABELS[self]

    @property
    def sees_case_ids(self) -> bool:
        """Case ids only for the roles that work the cases."""
        return self in (Role.ADMIN, Role.TEAM_LEADER, Role.CONSULTANT)

    @property
    def sees_consultants(self) -> bool:
        return self is not Role.COUNCIL

    @property
    def suppressed(self) -> bool:
        """Small numbers are suppressed in everything this role sees."""
        return self is Role.COUNCIL

    @property
    def imports(self) -> bool:
        return self is Role.ADMIN

    @property
    def writes_plans(self) -> bool:
        """May write targets, status updates, explanations and annotations."""
        return self in (Role.ADMIN, Role.TEAM_LEADER, Role.MANAGEMENT)


_ROLE_LABELS = {
    Role.ADMIN: "beheerder",
    Role.TEAM_LEADER: "teamleider",
    Role.CONSULTANT: "consulent",
    Role.MANAGEMENT: "management",
    Role.COUNCIL: "raad",
}


class AccessError(ValueError):
    """A role or scope setting that cannot be used; the message is Dutch."""


@dataclass(frozen=True)
class Viewer:
    user: str
    role: Role
    scope: Scope


def _names(text: str) -> frozenset[str] | None:
    parts = [p.strip() for p in text.split(",") if p.strip()]
    return frozenset(parts) if parts else None


def parse_role(text: str) -> Role:
    cleaned = text.strip().lower() or Role.TEAM_LEADER.value
    for role in Role:
        if role.value == cleaned:
            return role
    known = ", ".join(r.value for r in Role)
    raise AccessError(f"Onbekende rol '{text}' in SHV_ROLE: kies uit {known}.")


def current_viewer() -> Viewer:
    """The viewer as the settings describe them."""
    municipalities = _names(settings.get("SHV_MUNICIPALITIES"))
    if municipalities is not None:
        municipalities = frozenset(m.upper().removeprefix("GM").zfill(4) for m in municipalities)
    return Viewer(
        user=settings.current_user(),
        role=parse_role(settings.get("SHV_ROLE")),
        scope=Scope(teams=_names(settings.get("SHV_TEAMS")), municipalities=municipalities),
    )
