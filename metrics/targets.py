"""SMART targets: what management steers on, per jaarplan, with an auditable status history.

A target names a KPI of the registry, a scope (everything, a team or a municipality), a comparison (at least
or at most), a value, a baseline with its date, a deadline in the plan year, an owner and a rationale. It
can only be saved complete (:func:`check` returns the Dutch problems). Editing writes a new version and
keeps the old one; status updates (date, author, status, note) are a history, never overwritten; a year's
targets can be copied to the next year.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Connection

from config import settings as app_settings
from metrics import names, registry
from metrics.compute import EngineLike, resolve_engine
from metrics.overview import TargetMark
from metrics.periods import Granularity, Period
from metrics.registry import Kpi, Unit
from store import report_queries as q
from store.metrics_queries import EVERYTHING, Dim, Family, Scope

MAX_OWNER = 120
MAX_TEXT = 2000
MAX_NOTE = 1000
FLOW_COUNT_FAMILIES = frozenset(set(Family) - {Family.WAITLIST, Family.CASELOAD, Family.BUDGET_MANAGEMENT})


class Comparison(enum.Enum):
    AT_LEAST = "ge"
    AT_MOST = "le"

    @property
    def symbol(self) -> str:
        return "≥" if self is Comparison.AT_LEAST else "≤"

    @property
    def label(self) -> str:
        return "ten minste" if self is Comparison.AT_LEAST else "ten hoogste"

    def met_by(self, value: float | None, target: float) -> bool | None:
        if value is None:
            return None
        return value >= target if self is Comparison.AT_LEAST else value <= target


class TargetStatus(enum.Enum):
    ON_TRACK = "op koers"
    AT_RISK = "risico"
    BEHIND = "achter"
    ACHIEVED = "behaald"
    NOT_ACHIEVED = "niet behaald"

    @property
    def final(self) -> bool:
        """Whether the status closes the target (behaald, niet behaald)."""
        match self:
            case TargetStatus.ACHIEVED | TargetStatus.NOT_ACHIEVED:
                return True
            case TargetStatus.ON_TRACK | TargetStatus.AT_RISK | TargetStatus.BEHIND:
                return False
        raise AssertionError(self)  # pragma: no cover - exhaustive


class TargetError(ValueError):
    """A target or status update that cannot be saved; ``messages`` are Dutch, one per problem."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__(" ".join(messages))
        self.messages = messages


@dataclass(frozen=True)
class TargetDraft:
    """What a person fills in; anything may be missing until :func:`check` says it is complete."""

    plan_year: int | None = None
    kpi: str | None = None
    team: str | None = None
    municipality: str | None = None
    comparison: Comparison | str | None = None
    value: float | None = None
    baseline_value: float | None = None
    baseline_on: date | None = None
    deadline: date | None = None
    owner: str | None = None
    rationale: str | None = None


@dataclass(frozen=True)
class Target:
    key: str
    version: int
    plan_year: int
    kpi_id: str
    team: str | None
    municipality: str | None
    comparison: Comparison
    value: float
    baseline_value: float
    baseline_on: date
    deadline: date
    owner: str
    rationale: str
    copied_from: str | None
    created_at: datetime
    created_by: str
    superseded_at: datetime | None = None
    superseded_by: str | None = None
    withdrawn_at: datetime | None = None
    withdrawn_by: str | None = None

    @property
    def kpi(self) -> Kpi:
        return registry.kpi(self.kpi_id)

    @property
    def scope(self) -> Scope:
        """The records the target is about."""
        return Scope.of(
            teams=[self.team] if self.team else None, municipalities=[self.municipality] if self.municipality else None
        )

    @property
    def scope_label(self) -> str:
        if self.municipality:
            return f"gemeente {municipality_name(self.municipality)}"
        if self.team:
            return f"team {self.team}"
        return "alle teams en gemeenten"

    @property
    def is_flow_count(self) -> bool:
        """A count of events in a period (help requests): its value over a year is the sum of its months."""
        return self.kpi.statistic.is_count and self.kpi.family in FLOW_COUNT_FAMILIES

    def draft(self) -> TargetDraft:
        return TargetDraft(
            self.plan_year, self.kpi_id, self.team, self.municipality, self.comparison, self.value,
            self.baseline_value, self.baseline_on, self.deadline, self.owner, self.rationale,
        )  # fmt: skip

    def visible_to(self, scope: Scope) -> bool:
        """Whether a viewer limited to ``scope`` may see this target (and the figures behind it)."""
        team = self.team or (team_of(self.municipality) if self.municipality else None)
        if scope.teams is not None and team not in scope.teams:
            return False
        return scope.municipalities is None or self.municipality in scope.municipalities


@dataclass(frozen=True)
class StatusUpdate:
    target_key: str
    target_version: int
    on_date: date
    status: TargetStatus
    note: str
    author: str
    created_at: datetime


# ----------------------------------------------------------------------------------------------- scope names
def municipality_name(code: str) -> str:
    names = {m.code: m.name for m in app_settings.installation().municipalities}
    return names.get(code, code)


def team_of(municipality: str | None) -> str | None:
    return {m.code: m.team for m in app_settings.installation().municipalities}.get(municipality or "")


def known_teams() -> list[str]:
    inst = app_settings.installation()
    return list(dict.fromkeys([*inst.teams, *(m.team for m in inst.municipalities if m.team)]))


def known_municipalities() -> list[str]:
    return [m.code for m in app_settings.installation().municipalities]


# ----------------------------------------------------------------------------------------------- validation
_RANGES: dict[Unit, tuple[float | None, float | None, str]] = {
    Unit.COUNT: (0, None, "een aantal is 0 of meer"),
    Unit.PERCENT: (0, 100, "een percentage ligt tussen 0 en 100"),
    Unit.DAYS: (0, None, "een aantal dagen is 0 of meer"),
    Unit.CASES_PER_FTE: (0, None, "dossiers per fte is 0 of meer"),
    Unit.GRADE: (1, 10, "een rapportcijfer ligt tussen 1 en 10"),
    Unit.NPS: (-100, 100, "een NPS ligt tussen −100 en 100"),
}


def _range_problem(kpi: Kpi, value: float, what: str) -> str | None:
    low, high, rule = _RANGES[kpi.unit]
    if (low is not None and value < low) or (high is not None and value > high):
        return f"De {what} past niet bij {kpi.label}: {rule}."
    return None


def _text(value: str | None) -> str:
    return " ".join((value or "").split())


def _comparison(value: Comparison | str | None) -> Comparison | None:
    if isinstance(value, Comparison) or value is None:
        return value
    for c in Comparison:
        if value in (c.value, c.symbol):
            return c
    return None


def _check_kpi(draft: TargetDraft) -> tuple[Kpi | None, list[str]]:
    if not draft.kpi:
        return None, ["Kies de KPI waar het doel over gaat."]
    try:
        return registry.kpi(draft.kpi), []
    except registry.UnknownKpi as exc:
        return None, [str(exc)]


def _check_scope(draft: TargetDraft, kpi: Kpi | None) -> list[str]:
    problems = []
    if draft.team and draft.municipality:
        problems.append("Kies een team of een gemeente, niet allebei.")
    if draft.team and draft.team not in known_teams():
        problems.append(f"Onbekend team '{draft.team}'.")
    if draft.municipality and draft.municipality not in known_municipalities():
        problems.append(f"Onbekende gemeente '{draft.municipality}'.")
    if kpi is not None and draft.municipality and Dim.MUNICIPALITY not in kpi.breakdowns:
        problems.append(f"{kpi.label} is niet per gemeente te meten: kies een team of alle gemeenten.")
    if kpi is not None and draft.municipality and kpi.needs_staffing:
        problems.append(f"{kpi.label} is niet per gemeente te meten: de formatie kent geen gemeente.")
    return problems


def _check_numbers(draft: TargetDraft, kpi: Kpi | None) -> list[str]:
    problems = []
    for value, what, missing in (
        (draft.value, "doelwaarde", "Vul de doelwaarde in."),
        (draft.baseline_value, "nulmeting", "Vul de nulmeting in (de waarde bij de start)."),
    ):
        if value is None or isinstance(value, bool) or not isinstance(value, int | float) or value != value:
            problems.append(missing)
        elif kpi is not None and (problem := _range_problem(kpi, float(value), what)):
            problems.append(problem)
    return problems


def _check_dates(draft: TargetDraft) -> list[str]:
    problems = []
    year = draft.plan_year
    if year is None or isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= 2100:
        problems.append("Vul het jaar van het jaarplan in (bijvoorbeeld 2025).")
        year = None
    if not isinstance(draft.baseline_on, date):
        problems.append("Vul de datum van de nulmeting in.")
    if not isinstance(draft.deadline, date):
        problems.append("Vul de deadline in.")
    elif year is not None and draft.deadline.year != year:
        problems.append(f"De deadline ligt in het jaar van het jaarplan ({year}).")
    if isinstance(draft.baseline_on, date) and isinstance(draft.deadline, date) and draft.baseline_on >= draft.deadline:
        problems.append("De nulmeting ligt voor de deadline.")
    return problems


def _check_texts(draft: TargetDraft) -> list[str]:
    problems = []
    owner, rationale = _text(draft.owner), _text(draft.rationale)
    if not owner:
        problems.append("Vul de eigenaar in (wie is verantwoordelijk voor het doel).")
    elif len(owner) > MAX_OWNER:
        problems.append(f"De eigenaar is hoogstens {MAX_OWNER} tekens lang.")
    if not rationale:
        problems.append("Vul de onderbouwing in (waarom dit doel, waarom deze waarde).")
    elif len(rationale) > MAX_TEXT:
        problems.append(f"De onderbouwing is hoogstens {MAX_TEXT} tekens lang.")
    return problems


def check(draft: TargetDraft) -> list[str]:
    """Every reason the target cannot be saved, in Dutch; empty when it is complete and sound."""
    kpi, problems = _check_kpi(draft)
    if _comparison(draft.comparison) is None:
        problems.append("Kies of de waarde ten minste (≥) of ten hoogste (≤) moet zijn.")
    return problems + _check_numbers(draft, kpi) + _check_dates(draft) + _check_scope(draft, kpi) + _check_texts(draft)


def _fields(draft: TargetDraft) -> dict[str, object]:
    problems = check(draft)
    if problems:
        raise TargetError(problems)
    comparison = _comparison(draft.comparison)
    assert comparison is not None
    return {
        "plan_year": draft.plan_year,
        "kpi": draft.kpi,
        "team": draft.team or None,
        "municipality": draft.municipality or None,
        "comparison": comparison.value,
        "value": float(draft.value),  # type: ignore[arg-type]
        "baseline_value": float(draft.baseline_value),  # type: ignore[arg-type]
        "baseline_on": draft.baseline_on,
        "deadline": draft.deadline,
        "owner": _text(draft.owner),
        "rationale": _text(draft.rationale),
    }


def _target(row: q.TargetRow) -> Target:
    return Target(
        row.target_key, row.version, row.plan_year, row.kpi, row.team, row.municipality, Comparison(row.comparison),
        row.value, row.baseline_value, row.baseline_on, row.deadline, row.owner, row.rationale, row.copied_from,
        row.created_at, row.created_by, row.superseded_at, row.superseded_by, row.withdrawn_at, row.withdrawn_by,
    )  # fmt: skip


# ----------------------------------------------------------------------------------------------- writing
def _no_consultants(conn: Connection, text: str) -> None:
    """Refuse a text the council sees (owner, rationale, status) that names a consultant of the data."""
    found = names.named(text, names.consultant_names(conn))
    if found:
        raise TargetError([names.refusal(found)])


def create(db: EngineLike, draft: TargetDraft, user: str) -> Target:
    """Save a new target (version 1); raises :class:`TargetError` with every problem."""
    fields = _fields(draft)
    with resolve_engine(db).begin() as conn:
        _no_consultants(conn, f"{fields['owner']} {fields['rationale']}")
        return _target(q.insert_target(conn, uuid.uuid4().hex, 1, fields, user))


def edit(db: EngineLike, key: str, draft: TargetDraft, user: str) -> Target:
    """Save a new version of a target; the old version stays, marked superseded."""
    fields = _fields(draft)
    with resolve_engine(db).begin() as conn:
        _no_consultants(conn, f"{fields['owner']} {fields['rationale']}")
        rows = q.target_versions(conn, key)
        current = next((v for v in rows if v.superseded_at is None and v.withdrawn_at is None), None)
        if current is None:
            raise TargetError(["Dit doel bestaat niet (meer): het is ingetrokken of nooit opgeslagen."])
        if all(getattr(current, name) == fields[name] for name in q.TARGET_FIELDS):
            raise TargetError(["Er is niets gewijzigd."])
        if not q.supersede_target(conn, current.id, user):
            raise TargetError(["Dit doel is intussen door iemand anders gewijzigd; laad de pagina opnieuw."])
        return _target(q.insert_target(conn, key, current.version + 1, fields, user, current.copied_from))


def withdraw(db: EngineLike, key: str, user: str) -> bool:
    """Take a target out of the jaarplan; its versions and statuses stay readable."""
    with resolve_engine(db).begin() as conn:
        return q.withdraw_target(conn, key, user)


def _next_year(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


@dataclass(frozen=True)
class CopyResult:
    created: list[Target]
    skipped: int  # already copied before


def copy_to_next_year(db: EngineLike, year: int, user: str) -> CopyResult:
    """Copy every current target of jaarplan ``year`` to ``year + 1`` (deadline a year later; baseline,
    value, owner and rationale as they were, to be adjusted). A target copied before is not copied again."""
    created: list[Target] = []
    skipped = 0
    with resolve_engine(db).begin() as conn:
        done = q.copied_keys(conn, year + 1)
        for row in q.current_targets(conn, year):
            if row.target_key in done:
                skipped += 1
                continue
            fields = {name: getattr(row, name) for name in q.TARGET_FIELDS}
            fields["plan_year"] = year + 1
            fields["deadline"] = _next_year(row.deadline)
            created.append(_target(q.insert_target(conn, uuid.uuid4().hex, 1, fields, user, row.target_key)))
    return CopyResult(created, skipped)


def add_status(
    db: EngineLike,
    key: str,
    on_date: date | None,
    status: TargetStatus | str | None,
    note: str | None,
    author: str | None,
    *,
    today: date | None = None,
) -> StatusUpdate:
    """Add a status update to a target's history (never overwrites an earlier one)."""
    problems = []
    chosen = status if isinstance(status, TargetStatus) else next((s for s in TargetStatus if s.value == status), None)
    if chosen is None:
        problems.append(f"Kies een status: {', '.join(s.value for s in TargetStatus)}.")
    if not isinstance(on_date, date):
        problems.append("Vul de datum van de status in.")
    elif on_date > (today or date.today()):
        problems.append("De datum van de status ligt in de toekomst.")
    text, who = _text(note), _text(author)
    if not text:
        problems.append("Licht de status toe: wat is er gedaan, wat is het vervolg.")
    elif len(text) > MAX_NOTE:
        problems.append(f"De toelichting is hoogstens {MAX_NOTE} tekens lang.")
    if not who:
        problems.append("Een status heeft een auteur nodig.")
    with resolve_engine(db).begin() as conn:
        current = next((v for v in q.target_versions(conn, key) if v.superseded_at is None), None)
        if current is None or current.withdrawn_at is not None:
            problems.append("Dit doel bestaat niet (meer): het is ingetrokken of nooit opgeslagen.")
        if problems:
            raise TargetError(problems)
        _no_consultants(conn, text)
        assert current is not None and chosen is not None and isinstance(on_date, date)
        new_id = q.insert_status(conn, key, current.version, on_date, chosen.value, text, who)
        return next(_status(r) for r in q.status_rows(conn, [key]) if r.id == new_id)


def _status(row: q.StatusRow) -> StatusUpdate:
    return StatusUpdate(
        row.target_key, row.target_version, row.on_date, TargetStatus(row.status), row.note, row.author,
        row.created_at,
    )  # fmt: skip


# ----------------------------------------------------------------------------------------------- reading
def current(db: EngineLike, plan_year: int | None = None, scope: Scope | None = None) -> list[Target]:
    """The current targets (of one jaarplan when given) that a viewer limited to ``scope`` may see."""
    with resolve_engine(db).connect() as conn:
        rows = q.current_targets(conn, plan_year)
    return [t for t in map(_target, rows) if t.visible_to(scope or EVERYTHING)]


def versions(db: EngineLike, key: str) -> list[Target]:
    """Every version of a target, oldest first (the last one is current unless withdrawn)."""
    with resolve_engine(db).connect() as conn:
        return [_target(r) for r in q.target_versions(conn, key)]


def plans_version(db: EngineLike) -> str:
    """Changes with every target, status, explanation or freeze written: a cache key for the pages."""
    with resolve_engine(db).connect() as conn:
        return q.plans_version(conn)


def plan_years(db: EngineLike) -> list[int]:
    with resolve_engine(db).connect() as conn:
        return q.plan_years(conn)


def statuses(db: EngineLike, keys: Iterable[str] | None = None) -> dict[str, list[StatusUpdate]]:
    """Status history per target key, oldest first (by status date, then by when it was written)."""
    with resolve_engine(db).connect() as conn:
        rows = q.status_rows(conn, None if keys is None else list(keys))
    out: dict[str, list[StatusUpdate]] = {}
    for row in rows:
        out.setdefault(row.target_key, []).append(_status(row))
    return out


def latest(history: list[StatusUpdate] | None) -> StatusUpdate | None:
    """The current status: the newest by date (the last written among the same date)."""
    return history[-1] if history else None


# ----------------------------------------------------------------------------------------------- matching
def for_scope(targets: Iterable[Target], team: str | None, municipality: str | None) -> dict[str, Target]:
    """The targets set for exactly this scope (a team, a municipality, or everything), by KPI id."""
    return {t.kpi_id: t for t in targets if t.team == (team or None) and t.municipality == (municipality or None)}


def comparable(target: Target, period: Period) -> bool:
    """Whether the KPI's value for ``period`` can be held against the target: a count of events over a year
    only for the whole plan year; states (waiting list) and rates for any period of the plan year."""
    if period.year != target.plan_year:
        return False
    return not target.is_flow_count or period.granularity is Granularity.YEAR


def marks(
    targets: Iterable[Target], period: Period, team: str | None, municipality: str | None
) -> Mapping[str, TargetMark]:
    """Tile marks for the overview: the targets of this period's plan year set for exactly this scope."""
    chosen = for_scope((t for t in targets if comparable(t, period)), team, municipality)
    return {kpi_id: TargetMark(t.comparison.symbol, t.value, f"jaarplan {t.plan_year}") for kpi_id, t in chosen.items()}


__all__ = [
    "Comparison",
    "CopyResult",
    "StatusUpdate",
    "Target",
    "TargetDraft",
    "TargetError",
    "TargetStatus",
    "add_status",
    "check",
    "comparable",
    "copy_to_next_year",
    "create",
    "current",
    "edit",
    "for_scope",
    "latest",
    "marks",
    "plan_years",
    "plans_version",
    "statuses",
    "versions",
    "withdraw",
]
