"""Phases of a case: how long the phases took (turnaround per phase) and where open cases stand on a date.

*Spans* are the phases between two dates of a case (registration → first conversation, …, registration →
closure). A span is counted in period P when its end date is in P; its day count is ``end − start``.
:func:`span_histograms` returns, per span, a histogram of day counts (for exact medians and percentiles).

*Open-case state* on a reference date ``as_of``: a case that is not closed on or before ``as_of``
(``open_until > as_of``) is

* **decision-overdue** when it had its first conversation on or before ``as_of``, no decision on or before
  ``as_of``, and its decision deadline lies before ``as_of`` (meeting the deadline on the day is on time);
* in a **stage** without a legal term, by the furthest step it reached on or before ``as_of``:
  ``SETTLEMENT`` (settlement submitted, no grant, rejection or withdrawal yet), else ``STABILISATION``
  (plan of action, no settlement submitted yet), else ``PLAN`` (a decision that is not a rejection, no plan
  yet); it is **stalled** when it entered that stage before ``stalled_before[stage]`` (the caller passes
  ``as_of − limit``, so a case exactly ``limit`` days in the stage is not stalled).

Every comparison with a date that may be missing is null-safe (``on_or_before``, ``not_by``). The counts
read the covering index ``ix_cases_open_state`` only; the records look up the few cases they list.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, Connection, Date, Integer, and_, case, func, literal, or_, select, true
from sqlalchemy.sql.expression import ColumnClause

from store.models import DATASET_TABLES
from store.queries.dialect import days_between
from store.queries.drill import LIMIT
from store.queries.families import not_by, on_or_before
from store.queries.filters import Dim, Scope, scope_clause

cases = DATASET_TABLES["cases"]
c = cases.c
DIMS = {Dim.TEAM: c.team, Dim.MUNICIPALITY: c.municipality, Dim.CONSULTANT: c.consultant}
GroupKey = str | None


# ------------------------------------------------------------------------------------------- turnaround
class Span(enum.Enum):
    FIRST_CONTACT = "first_contact"  # registration → first conversation
    DECISION = "decision"  # first conversation → decision
    PLAN = "plan"  # decision → plan of action
    SUBMISSION = "submission"  # plan of action → settlement submitted
    GRANT = "grant"  # settlement submitted → settlement granted
    CLOSURE = "closure"  # registration → closure


SPAN_DATES: dict[Span, tuple[ColumnClause, ColumnClause]] = {  # (start, end)
    Span.FIRST_CONTACT: (c.registered_on, c.first_contact_on),
    Span.DECISION: (c.first_contact_on, c.decision_on),
    Span.PLAN: (c.decision_on, c.plan_on),
    Span.SUBMISSION: (c.plan_on, c.settlement_submitted_on),
    Span.GRANT: (c.settlement_submitted_on, c.settlement_granted_on),
    Span.CLOSURE: (c.registered_on, c.closed_on),
}


def _in(column: ColumnClause, first: date, last: date) -> ColumnElement[bool]:
    return and_(column.is_not(None), column >= literal(first, Date()), column <= literal(last, Date()))


def span_histograms(
    conn: Connection, spans: tuple[Span, ...], first: date, last: date, scope: Scope
) -> dict[Span, dict[int, int]]:
    """Per span: day count → number of cases whose span ended between ``first`` and ``last``."""
    out: dict[Span, dict[int, int]] = {}
    for span in spans:
        start, end = SPAN_DATES[span]
        days = days_between(end, start).label("days")
        query = (
            select(days, func.count().label("n"))
            .select_from(cases)
            .where(_in(end, first, last), start.is_not(None), scope_clause(scope, c.team, c.municipality))
            .group_by(days)
        )
        out[span] = {int(r.days): int(r.n) for r in conn.execute(query) if r.days is not None}
    return out


def waiting_days_by_crisis(conn: Connection, first: date, last: date, scope: Scope) -> dict[bool, dict[int, int]]:
    """``first_contact_on − registered_on`` of the first conversations between ``first`` and ``last``, per
    crisis flag (unknown counts as no crisis, as for the deadline)."""
    crisis = func.coalesce(c.crisis, literal(False)).label("crisis")
    days = days_between(c.first_contact_on, c.registered_on).label("days")
    query = (
        select(crisis, days, func.count().label("n"))
        .select_from(cases)
        .where(_in(c.first_contact_on, first, last), scope_clause(scope, c.team, c.municipality))
        .group_by(crisis, days)
    )
    out: dict[bool, dict[int, int]] = {False: {}, True: {}}
    for row in conn.execute(query):
        if row.days is not None:
            histogram = out[bool(row.crisis)]
            histogram[int(row.days)] = histogram.get(int(row.days), 0) + int(row.n)
    return out


# ------------------------------------------------------------------------------------------- open cases
class Stage(enum.Enum):
    PLAN = "plan"  # decision (not a rejection), no plan of action yet
    STABILISATION = "stabilisation"  # plan of action, no settlement submitted yet
    SETTLEMENT = "settlement"  # settlement submitted, no outcome yet


STAGE_START: dict[Stage, ColumnClause] = {
    Stage.PLAN: c.decision_on,
    Stage.STABILISATION: c.plan_on,
    Stage.SETTLEMENT: c.settlement_submitted_on,
}


@dataclass(frozen=True)
class OpenWindow:
    """The reference date, and per stage the day before which entering it means: stalled."""

    as_of: date
    stalled_before: dict[Stage, date]

    @property
    def a(self) -> ColumnElement[date]:
        return literal(self.as_of, Date())


def _open(w: OpenWindow) -> ColumnElement[bool]:
    return c.open_until > w.a  # closed_on, FAR_FUTURE while open


def decision_overdue(w: OpenWindow) -> ColumnElement[bool]:
    return and_(
        on_or_before(c.first_contact_on, w.a),
        not_by(c.decision_on, w.a),
        c.decision_deadline.is_not(None),
        c.decision_deadline < w.a,
    )


def in_stage(stage: Stage, w: OpenWindow) -> ColumnElement[bool]:
    a = w.a
    match stage:
        case Stage.SETTLEMENT:
            return and_(
                on_or_before(c.settlement_submitted_on, a),
                not_by(c.settlement_granted_on, a),
                not_by(c.settlement_rejected_on, a),
                not_by(c.settlement_withdrawn_on, a),
            )
        case Stage.STABILISATION:
            return and_(on_or_before(c.plan_on, a), not_by(c.settlement_submitted_on, a))
        case Stage.PLAN:
            return and_(
                on_or_before(c.decision_on, a),
                or_(c.decision.is_(None), c.decision != "afwijzing"),
                not_by(c.plan_on, a),
                not_by(c.settlement_submitted_on, a),
            )
    raise AssertionError(stage)  # pragma: no cover - exhaustive


def stalled_in(stage: Stage, w: OpenWindow) -> ColumnElement[bool]:
    return and_(in_stage(stage, w), STAGE_START[stage] < literal(w.stalled_before[stage], Date()))


def stalled(w: OpenWindow) -> ColumnElement[bool]:
    return or_(*(stalled_in(s, w) for s in Stage))


def _measures(w: OpenWindow) -> dict[str, ColumnElement[bool]]:
    return {"decision_overdue": decision_overdue(w), **{f"stalled_{s.value}": stalled_in(s, w) for s in Stage}}


OPEN_MEASURES = ("decision_overdue", "stalled", *(f"stalled_{s.value}" for s in Stage))


def open_state_tallies(
    conn: Connection, window: OpenWindow, dim: Dim | None, scope: Scope
) -> dict[GroupKey, dict[str, int]]:
    """Per group of ``dim``: decision-overdue cases and stalled cases (in all and per stage) on ``as_of``.

    The stages are exclusive, so ``stalled`` is the sum of the ``stalled_<stage>`` counts.
    """
    key = DIMS[dim].label("k") if dim is not None else literal(None).label("k")
    measures = _measures(window)
    one, zero = literal(1, Integer()), literal(0, Integer())
    query = select(key, *(func.sum(case((cond, one), else_=zero)).label(name) for name, cond in measures.items()))
    query = query.select_from(cases).where(_open(window), scope_clause(scope, c.team, c.municipality))
    if dim is not None:
        query = query.group_by(DIMS[dim])
    out: dict[GroupKey, dict[str, int]] = {}
    for row in conn.execute(query).mappings():
        counts = {name: int(row[name] or 0) for name in measures}
        counts["stalled"] = sum(counts[f"stalled_{s.value}"] for s in Stage)
        if any(counts.values()) or dim is None:
            out[row["k"]] = counts
    return out


def _group_condition(group: tuple[Dim, str | None] | None) -> ColumnElement[bool]:
    if group is None:
        return true()
    column = DIMS[group[0]]
    return column.is_(None) if group[1] is None else column == group[1]


def open_state_records(
    conn: Connection,
    window: OpenWindow,
    measure: str,
    scope: Scope,
    group: tuple[Dim, str | None] | None = None,
) -> list[dict]:
    """The cases behind ``measure`` (``decision_overdue``, ``stalled`` or ``stalled_<stage>``) on ``as_of``,
    with the stage they are in and the day they entered it (None for decision-overdue cases)."""
    conditions = {**_measures(window), "stalled": stalled(window)}
    if measure not in conditions:
        raise KeyError(f"onbekende maat {measure}")
    stage_case = [(in_stage(s, window), literal(s.value)) for s in Stage]
    start_case = [(in_stage(s, window), STAGE_START[s]) for s in Stage]
    query = (
        select(
            c.case_id.label("record_id"),
            c.team,
            c.municipality,
            c.consultant,
            c.registered_on,
            c.first_contact_on,
            c.decision_on,
            c.decision_deadline,
            c.plan_on,
            c.settlement_submitted_on,
            case(*stage_case, else_=None).label("stage"),
            case(*start_case, else_=None).label("stage_started_on"),
        )
        .select_from(cases)
        .where(
            _open(window),
            conditions[measure],
            scope_clause(scope, c.team, c.municipality),
            _group_condition(group),
        )
        .order_by(c.case_id)
        .limit(LIMIT)
    )
    rows = [dict(r) for r in conn.execute(query).mappings()]
    for row in rows:  # a CASE over dates comes back as text on SQLite
        started = row["stage_started_on"]
        if isinstance(started, str):
            row["stage_started_on"] = date.fromisoformat(started[:10])
    return rows
