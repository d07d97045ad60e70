"""KPI families: the records behind a group of KPIs and the conditions that count them, as Core expressions.

A *flow family* counts records by a date in a period P (``registered_on`` in P, ``closed_on`` in P, …);
its measures may compare dates with ``as_of``. An *interval family* counts records that are in a state on
a reference date (waiting, in the caseload, in budget management): each record is in that state from an
entry date up to (not including) an exit date. The aggregate queries and the drill-down use the very same
expressions, so a figure and the list of records behind it cannot disagree.

Every comparison with a date that may be missing is written null-safe (``on_or_before``, ``not_by``):
a record that lacks the date a KPI needs is left out of that KPI; nothing is guessed.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import ColumnElement, Date, and_, literal, not_, or_, true
from sqlalchemy.sql.expression import ColumnClause, FromClause

from store.models import DATASET_TABLES
from store.queries.dialect import day_number, days_between
from store.queries.filters import Dim


class Family(enum.Enum):
    REGISTRATIONS = "registrations"
    FIRST_CONTACTS = "first_contacts"
    DECISIONS = "decisions"
    PLANS = "plans"
    CLOSURES = "closures"
    SETTLEMENTS = "settlements"
    SATISFACTION = "satisfaction"
    SIGNAL_CASES = "signal_cases"
    SIGNALS = "signals"
    WAITLIST = "waitlist"
    CASELOAD = "caseload"
    BUDGET_MANAGEMENT = "budget_management"


@dataclass(frozen=True)
class QueryParams:
    """The settings the conditions need (the catalogue's defaults unless an installation changed them)."""

    positive_close_reasons: frozenset[str] = frozenset({"afgerond", "zelf"})
    dropout_close_reasons: frozenset[str] = frozenset({"ingetrokken", "niet_verschenen", "voldoet_niet"})
    help_accepted_results: frozenset[str] = frozenset(
        {"advies_quick_fix", "vervolghulp_financieel", "vervolghulp_niet_financieel"}
    )


@dataclass(frozen=True)
class Window:
    """Period P (first and last day) and the reference date, as bound parameters."""

    first: date
    last: date
    as_of: date
    params: QueryParams = field(default_factory=QueryParams)

    @property
    def p0(self) -> ColumnElement[date]:
        return literal(self.first, Date())

    @property
    def p1(self) -> ColumnElement[date]:
        return literal(self.last, Date())

    @property
    def a(self) -> ColumnElement[date]:
        return literal(self.as_of, Date())


Condition = Callable[[Window], ColumnElement[bool]]


def in_period(column: ColumnClause, w: Window) -> ColumnElement[bool]:
    return and_(column.is_not(None), column >= w.p0, column <= w.p1)


def on_or_before(column: ColumnClause, bound: ColumnElement) -> ColumnElement[bool]:
    """``column <= bound``, false (never null) when ``column`` is missing; ``bound`` must be present."""
    return and_(column.is_not(None), column <= bound)


def not_by(column: ColumnClause, bound: ColumnElement) -> ColumnElement[bool]:
    """Not ``column <= bound``: the date is missing or later (never null)."""
    return or_(column.is_(None), column > bound)


@dataclass(frozen=True)
class Measure:
    """A counted condition, or with ``value`` the sum of ``value`` over the records meeting it."""

    name: str
    condition: Condition
    value: Callable[[Window], ColumnElement] | None = None


@dataclass(frozen=True)
class FlowPart:
    """One index range of a family whose records are those in any of several ranges (a date of several in
    P): the records with this range's date in P, and the measures that hold only for such records, each with
    the condition it has there. Over the parts, each measure adds up to the family's own measure."""

    where: Condition
    measures: tuple[Measure, ...]


@dataclass(frozen=True)
class FlowFamily:
    family: Family
    source: FromClause
    id_column: ColumnClause
    where: Condition  # the records of the family in P
    measures: tuple[Measure, ...]
    dims: dict[Dim, ColumnClause]
    team: ColumnClause | None  # for the scope
    municipality: ColumnClause | None
    record_columns: tuple[ColumnClause, ...]  # shown in the drill-down
    histogram: Callable[[Window], ColumnElement[int]] | None = None  # day differences, for medians
    # The tallies read part by part, each from its own covering index, instead of one query with an OR of
    # the ranges (which SQLite answers by looking every record up in the table). Drill-downs use `where`.
    parts: tuple[FlowPart, ...] = ()

    def measure(self, name: str) -> Measure:
        for m in self.measures:
            if m.name == name:
                return m
        raise KeyError(f"{self.family.value} has no measure {name}")


@dataclass(frozen=True)
class Bound:
    """A date as a bucket bound: ``strict`` counts reference dates on or before it (for ``x < a_i``)."""

    column: ColumnElement
    strict: bool = False


@dataclass(frozen=True)
class IntervalMeasure:
    """Records with ``max(entries) <= i < exit`` are counted on reference date ``i``.

    With ``days_since`` the measure is the sum of ``a_i - day`` over those records instead (``days_since``
    names a per-record day number in ``IntervalFamily.day_numbers``).
    """

    name: str
    entries: tuple[str, ...]
    exit: str
    days_since: str | None = None


@dataclass(frozen=True)
class IntervalFamily:
    family: Family
    source: FromClause
    id_column: ColumnClause
    where: ColumnElement[bool]
    access: Callable[[date], ColumnElement[bool]]  # narrows to records still in the state after a date
    bounds: dict[str, Bound]
    measures: tuple[IntervalMeasure, ...]
    dims: dict[Dim, ColumnClause]
    team: ColumnClause | None
    municipality: ColumnClause | None
    record_columns: tuple[ColumnClause, ...]
    day_numbers: dict[str, ColumnElement[int]] = field(default_factory=dict)
    # ``source`` without its joined table, for a count without breakdown or scope (which need no column of it)
    base: FromClause | None = None

    def measure(self, name: str) -> IntervalMeasure:
        for m in self.measures:
            if m.name == name:
                return m
        raise KeyError(f"{self.family.value} has no measure {name}")


# ----------------------------------------------------------------------------------------- case families
cases = DATASET_TABLES["cases"]
c = cases.c
CASE_DIMS = {Dim.TEAM: c.team, Dim.MUNICIPALITY: c.municipality, Dim.CONSULTANT: c.consultant}


def ALWAYS(_: Window) -> ColumnElement[bool]:
    return true()


def _first_contact_due(w: Window) -> ColumnElement[bool]:
    """Cases whose first-conversation deadline has passed by as_of, or that had it by as_of; without
    those that had no first conversation and were closed on or before their deadline."""
    deadline = c.first_contact_deadline
    return and_(
        deadline.is_not(None),
        or_(deadline <= w.a, on_or_before(c.first_contact_on, w.a)),
        not_(and_(not_by(c.first_contact_on, w.a), on_or_before(c.closed_on, deadline))),
    )


def _decision_due(w: Window) -> ColumnElement[bool]:
    deadline = c.decision_deadline
    return and_(
        deadline.is_not(None),
        or_(deadline <= w.a, on_or_before(c.decision_on, w.a)),
        not_(and_(not_by(c.decision_on, w.a), on_or_before(c.closed_on, deadline))),
    )


REGISTRATIONS = FlowFamily(
    family=Family.REGISTRATIONS,
    source=cases,
    id_column=c.case_id,
    where=lambda w: in_period(c.registered_on, w),
    measures=(
        Measure("registered", ALWAYS),
        Measure("crisis", lambda _: c.crisis.is_(True)),
        Measure("first_contact_due", _first_contact_due),
        Measure(
            "first_contact_on_time",
            lambda w: and_(_first_contact_due(w), on_or_before(c.first_contact_on, c.first_contact_deadline)),
        ),
    ),
    dims=CASE_DIMS,
    team=c.team,
    municipality=c.municipality,
    record_columns=(c.registered_on, c.crisis, c.first_contact_on, c.first_contact_deadline, c.closed_on),
)

FIRST_CONTACTS = FlowFamily(
    family=Family.FIRST_CONTACTS,
    source=cases,
    id_column=c.case_id,
    where=lambda w: in_period(c.first_contact_on, w),
    measures=(
        Measure("first_contacts", ALWAYS),
        Measure("decision_due", _decision_due),
        Measure(
            "decision_on_time", lambda w: and_(_decision_due(w), on_or_before(c.decision_on, c.decision_deadline))
        ),
    ),
    dims=CASE_DIMS,
    team=c.team,
    municipality=c.municipality,
    record_columns=(c.registered_on, c.first_contact_on, c.decision_on, c.decision_deadline, c.closed_on),
    histogram=lambda _: days_between(c.first_contact_on, c.registered_on),
)

DECISIONS = FlowFamily(
    family=Family.DECISIONS,
    source=cases,
    id_column=c.case_id,
    where=lambda w: in_period(c.decision_on, w),
    measures=(Measure("rejections", lambda _: c.decision == "afwijzing"),),
    dims=CASE_DIMS,
    team=c.team,
    municipality=c.municipality,
    record_columns=(c.registered_on, c.decision_on, c.decision),
)

PLANS = FlowFamily(
    family=Family.PLANS,
    source=cases,
    id_column=c.case_id,
    where=lambda w: in_period(c.plan_on, w),
    measures=(Measure("plans", ALWAYS),),
    dims=CASE_DIMS,
    team=c.team,
    municipality=c.municipality,
    record_columns=(c.registered_on, c.plan_on),
    histogram=lambda _: days_between(c.plan_on, c.registered_on),
)

CLOSURES = FlowFamily(
    family=Family.CLOSURES,
    source=cases,
    id_column=c.case_id,
    where=lambda w: in_period(c.closed_on, w),
    measures=(
        Measure("closed", ALWAYS),
        Measure("closed_positive", lambda w: c.close_reason.in_(sorted(w.params.positive_close_reasons))),
        Measure("closed_dropout", lambda w: c.close_reason.in_(sorted(w.params.dropout_close_reasons))),
    ),
    dims=CASE_DIMS,
    team=c.team,
    municipality=c.municipality,
    record_columns=(c.registered_on, c.closed_on, c.close_reason),
    histogram=lambda _: days_between(c.closed_on, c.registered_on),
)


def _earliest(this: ColumnClause, *others: ColumnClause, wins_ties_over: tuple[ColumnClause, ...] = ()) -> (
    ColumnElement[bool]
):
    """``this`` is the earliest settlement outcome: no other outcome before it (ties: see ``wins_ties_over``)."""
    return and_(
        *(or_(o.is_(None), this <= o) if o in wins_ties_over else or_(o.is_(None), this < o) for o in others)
    )


_GRANTED, _REJECTED, _WITHDRAWN = c.settlement_granted_on, c.settlement_rejected_on, c.settlement_withdrawn_on


# Ties between outcomes on the same day count in the order granted, rejected, withdrawn.
_GRANTED_FIRST = _earliest(_GRANTED, _REJECTED, _WITHDRAWN, wins_ties_over=(_REJECTED, _WITHDRAWN))
_REJECTED_FIRST = _earliest(_REJECTED, _GRANTED, _WITHDRAWN, wins_ties_over=(_WITHDRAWN,))
_WITHDRAWN_FIRST = _earliest(_WITHDRAWN, _GRANTED, _REJECTED)


def _granted_first(w: Window) -> ColumnElement[bool]:
    return and_(in_period(_GRANTED, w), _GRANTED_FIRST)


def _outcome_in_period(w: Window) -> ColumnElement[bool]:
    return or_(
        _granted_first(w),
        and_(in_period(_REJECTED, w), _REJECTED_FIRST),
        and_(in_period(_WITHDRAWN, w), _WITHDRAWN_FIRST),
    )


_NOT_FORCED = or_(c.forced_settlement.is_(None), c.forced_settlement.is_(False))
_IS_FORCED = c.forced_settlement.is_(True)
SETTLEMENTS = FlowFamily(
    family=Family.SETTLEMENTS,
    source=cases,
    id_column=c.case_id,
    where=lambda w: or_(
        in_period(c.settlement_submitted_on, w),
        in_period(_GRANTED, w),
        in_period(_REJECTED, w),
        in_period(_WITHDRAWN, w),
    ),
    measures=(
        Measure("submitted", lambda w: in_period(c.settlement_submitted_on, w)),
        Measure("amicable", lambda w: and_(in_period(_GRANTED, w), _NOT_FORCED)),
        Measure("forced", lambda w: and_(in_period(_GRANTED, w), _IS_FORCED)),
        Measure("settlement_decided", _outcome_in_period),
        Measure("settlement_succeeded", _granted_first),
    ),
    dims=CASE_DIMS,
    team=c.team,
    municipality=c.municipality,
    record_columns=(c.settlement_submitted_on, _GRANTED, _REJECTED, _WITHDRAWN, c.forced_settlement),
    # the outcome counted is the earliest one, so exactly one of the three outcome parts counts a decided case
    parts=(
        FlowPart(lambda w: in_period(c.settlement_submitted_on, w), (Measure("submitted", ALWAYS),)),
        FlowPart(lambda w: in_period(_GRANTED, w), (
            Measure("amicable", lambda _: _NOT_FORCED),
            Measure("forced", lambda _: _IS_FORCED),
            Measure("settlement_decided", lambda _: _GRANTED_FIRST),
            Measure("settlement_succeeded", lambda _: _GRANTED_FIRST),
        )),
        FlowPart(lambda w: in_period(_REJECTED, w), (Measure("settlement_decided", lambda _: _REJECTED_FIRST),)),
        FlowPart(lambda w: in_period(_WITHDRAWN, w), (Measure("settlement_decided", lambda _: _WITHDRAWN_FIRST),)),
    ),
)  # fmt: skip

# ----------------------------------------------------------------------------------------- other records
satisfaction = DATASET_TABLES["satisfaction"]
s = satisfaction.c
SATISFACTION = FlowFamily(
    family=Family.SATISFACTION,
    source=satisfaction,
    id_column=s.response_id,
    where=lambda w: in_period(s.responded_on, w),
    measures=(
        Measure("responses", ALWAYS),
        Measure("scored", lambda _: s.score.is_not(None)),
        Measure("score_sum", lambda _: s.score.is_not(None), value=lambda _: s.score),
        Measure("nps_answers", lambda _: s.nps_score.is_not(None)),
        Measure("promoters", lambda _: and_(s.nps_score.is_not(None), s.nps_score >= 9)),
        Measure("detractors", lambda _: and_(s.nps_score.is_not(None), s.nps_score <= 6)),
    ),
    dims={Dim.TEAM: s.team, Dim.MUNICIPALITY: s.municipality},
    team=s.team,
    municipality=s.municipality,
    record_columns=(s.responded_on, s.score, s.nps_score),
)

signal_cases = DATASET_TABLES["signal_cases"]
sc = signal_cases.c
SIGNAL_CASES = FlowFamily(
    family=Family.SIGNAL_CASES,
    source=signal_cases,
    id_column=sc.signal_case_id,
    where=lambda w: in_period(sc.matched_on, w),
    measures=(
        Measure("matched", ALWAYS),
        Measure("multiple", lambda _: and_(sc.signal_count.is_not(None), sc.signal_count >= 2)),
        Measure("picked_up", lambda w: on_or_before(sc.picked_up_on, w.a)),
        Measure("reached", lambda w: on_or_before(sc.reached_on, w.a)),
        Measure(
            "help_accepted",
            lambda w: and_(on_or_before(sc.reached_on, w.a), sc.result.in_(sorted(w.params.help_accepted_results))),
        ),
        Measure("followup_financial", lambda _: sc.result == "vervolghulp_financieel"),
    ),
    dims={Dim.MUNICIPALITY: sc.municipality},
    team=None,
    municipality=sc.municipality,
    record_columns=(sc.matched_on, sc.signal_count, sc.picked_up_on, sc.reached_on, sc.result),
)

signals = DATASET_TABLES["signals"]
sg = signals.c
SIGNALS = FlowFamily(
    family=Family.SIGNALS,
    source=signals,
    id_column=sg.signal_id,
    where=lambda w: in_period(sg.received_on, w),
    measures=(Measure("signals", ALWAYS),),
    dims={Dim.MUNICIPALITY: sg.municipality},
    team=None,
    municipality=sg.municipality,
    record_columns=(sg.received_on, sg.partner_type, sg.signal_case_id),
)

FLOW_FAMILIES: dict[Family, FlowFamily] = {
    f.family: f
    for f in (
        REGISTRATIONS, FIRST_CONTACTS, DECISIONS, PLANS, CLOSURES, SETTLEMENTS, SATISFACTION, SIGNAL_CASES, SIGNALS
    )
}

# ----------------------------------------------------------------------------------------- interval families
WAITLIST = IntervalFamily(
    family=Family.WAITLIST,
    source=cases,
    id_column=c.case_id,
    where=true(),
    # waiting_until is the earliest of first_contact_on and closed_on (FAR_FUTURE when neither)
    access=lambda after: c.waiting_until > literal(after, Date()),
    bounds={
        "registered": Bound(c.registered_on),
        "left": Bound(c.waiting_until),
        "overdue_from": Bound(c.first_contact_deadline, strict=True),  # deadline < as_of
    },
    measures=(
        IntervalMeasure("waiting", ("registered",), "left"),
        IntervalMeasure("waiting_overdue", ("registered", "overdue_from"), "left"),
        IntervalMeasure("waiting_days", ("registered",), "left", days_since="registered_on"),
    ),
    dims=CASE_DIMS,
    team=c.team,
    municipality=c.municipality,
    record_columns=(c.registered_on, c.crisis, c.first_contact_deadline),
    day_numbers={"registered_on": day_number(c.registered_on)},
)

CASELOAD = IntervalFamily(
    family=Family.CASELOAD,
    source=cases,
    id_column=c.case_id,
    where=true(),
    access=lambda after: c.open_until > literal(after, Date()),  # closed_on, FAR_FUTURE while open
    bounds={"first_contact": Bound(c.first_contact_on), "closed": Bound(c.open_until)},
    measures=(IntervalMeasure("caseload", ("first_contact",), "closed"),),
    dims=CASE_DIMS,
    team=c.team,
    municipality=c.municipality,
    record_columns=(c.registered_on, c.first_contact_on),
)

guidance = DATASET_TABLES["case_guidance"]
g = guidance.c
BUDGET_MANAGEMENT = IntervalFamily(
    family=Family.BUDGET_MANAGEMENT,
    source=guidance.outerjoin(cases, cases.c.case_id == g.case_id),
    id_column=g.case_id,
    where=g.kind == "budgetbeheer",
    access=lambda after: not_by(g.ended_on, literal(after, Date())),
    bounds={"started": Bound(g.started_on), "ended": Bound(g.ended_on)},
    measures=(IntervalMeasure("budget_management", ("started",), "ended"),),
    dims=CASE_DIMS,
    team=c.team,
    municipality=c.municipality,
    record_columns=(g.started_on, g.ended_on),
    base=guidance,
)

INTERVAL_FAMILIES: dict[Family, IntervalFamily] = {
    f.family: f for f in (WAITLIST, CASELOAD, BUDGET_MANAGEMENT)
}
