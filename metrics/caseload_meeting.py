"""The caseload meeting: per consultant where the team stands, and the cases behind every figure.

A row per consultant (and one for the cases without one) with the catalogue's KPIs by consultant (caseload,
caseload per fte, waiting list, waiting past the term, turnaround and waiting-time medians) and two figures
of :mod:`metrics.phases` (open cases past their decision term, stalled cases); the total row holds the same
KPIs for the whole scope. :func:`cases_behind` lists the cases behind any figure of a row: the KPIs' own
drill-down where the figure is a KPI, so a figure and its list cannot disagree.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine

from metrics import phases, registry
from metrics.compute import EngineLike, KpiResult, compute_all, parse_dim, resolve_engine
from metrics.drilldown import DrillRecord, drilldown
from metrics.figures import Inputs
from metrics.periods import Period
from store import metrics_queries as q
from store.metrics_queries import EVERYTHING, Dim, Scope, Stage, Tally

KPIS = (
    "caseload",
    "caseload_per_fte",
    "wachtlijst",
    "wachtlijst_over_termijn",
    "doorlooptijd_mediaan",
    "wachttijd_eerste_gesprek_mediaan",
)


class Figure(enum.Enum):
    """A figure of the meeting table that can be opened as a list of cases."""

    CASELOAD = "caseload"
    WAITING = "waiting"
    WAITING_OVERDUE = "waiting_overdue"
    DECISION_OVERDUE = "decision_overdue"
    STALLED = "stalled"
    CLOSED = "closed"
    FIRST_CONTACTS = "first_contacts"

    @property
    def label(self) -> str:
        return FIGURE_LABELS[self]


FIGURE_LABELS = {
    Figure.CASELOAD: "Lopende dossiers",
    Figure.WAITING: "Wachtenden",
    Figure.WAITING_OVERDUE: "Wachtenden over de termijn",
    Figure.DECISION_OVERDUE: "Beschikking over de termijn",
    Figure.STALLED: "Stilstaand",
    Figure.CLOSED: "Afgesloten (doorlooptijd)",
    Figure.FIRST_CONTACTS: "Eerste gesprekken (wachttijd)",
}
FIGURE_DEFINITIONS = {
    Figure.CASELOAD: "Dossiers met een eerste gesprek op of voor de peildatum, niet afgesloten op de peildatum.",
    Figure.WAITING: "Dossiers aangemeld op of voor de peildatum, zonder eerste gesprek en niet afgesloten.",
    Figure.WAITING_OVERDUE: "Wachtenden waarvan de termijn voor het eerste gesprek (28 dagen, bij crisis 3 "
    "werkdagen, naar een werkdag geschoven) voor de peildatum ligt. Dagen over termijn: peildatum − termijn.",
    Figure.DECISION_OVERDUE: "Lopende dossiers met een eerste gesprek maar zonder beschikking op de peildatum, "
    "waarvan de beslistermijn (eerste gesprek + 56 dagen, naar een werkdag) voor de peildatum ligt. Dagen over "
    "termijn: peildatum − beslistermijn.",
    Figure.STALLED: "Lopende dossiers die langer dan de ingestelde grens in een fase zonder wettelijke termijn "
    "staan: beschikking zonder plan van aanpak, plan van aanpak zonder ingediende schuldregeling, ingediende "
    "schuldregeling zonder uitkomst.",
    Figure.CLOSED: "Dossiers afgesloten in de periode, met hun doorlooptijd (afsluiting − aanmelding).",
    Figure.FIRST_CONTACTS: "Dossiers met een eerste gesprek in de periode, met hun wachttijd (eerste gesprek − "
    "aanmelding).",
}
# figure → (KPI, which list of its drill-down)
KPI_LISTS = {
    Figure.CASELOAD: ("caseload", "numerator"),
    Figure.WAITING: ("wachtlijst", "numerator"),
    Figure.WAITING_OVERDUE: ("wachtlijst_over_termijn", "numerator"),
    Figure.CLOSED: ("doorlooptijd_mediaan", "denominator"),
    Figure.FIRST_CONTACTS: ("wachttijd_eerste_gesprek_mediaan", "denominator"),
}
OPEN_MEASURES = {Figure.DECISION_OVERDUE: "decision_overdue", Figure.STALLED: "stalled"}


@dataclass(frozen=True)
class Row:
    """One consultant (``consultant`` None: cases without one), or the total of the scope (``total``)."""

    consultant: str | None
    total: bool
    caseload: int
    fte: float | None
    per_fte: float | None
    waiting: int
    waiting_overdue: int
    decision_overdue: int
    stalled: int
    closed: int
    turnaround_median: float | None
    first_contacts: int
    wait_median: float | None

    def count(self, figure: Figure) -> int:
        """How many cases the figure's list holds."""
        return {
            Figure.CASELOAD: self.caseload,
            Figure.WAITING: self.waiting,
            Figure.WAITING_OVERDUE: self.waiting_overdue,
            Figure.DECISION_OVERDUE: self.decision_overdue,
            Figure.STALLED: self.stalled,
            Figure.CLOSED: self.closed,
            Figure.FIRST_CONTACTS: self.first_contacts,
        }[figure]

    @property
    def group(self) -> tuple[str, str | None] | None:
        """The group for :func:`cases_behind`: None for the total."""
        return None if self.total else (Dim.CONSULTANT.value, self.consultant)


@dataclass(frozen=True)
class MeetingTable:
    period: Period
    as_of: date
    rows: list[Row]  # consultants by name, the cases without a consultant last
    total: Row
    limits: dict[Stage, int]  # the stalled limits in days
    per_fte_note: str | None  # why caseload per fte is missing for the total, if it is


def _by_kpi(results: list[KpiResult]) -> dict[str | None, dict[str, KpiResult]]:
    out: dict[str | None, dict[str, KpiResult]] = {}
    for r in results:
        out.setdefault(r.group, {})[r.kpi] = r
    return out


def _count(result: KpiResult | None) -> int:
    return int(result.value or 0) if result is not None else 0


def _row(consultant: str | None, kpis: dict[str, KpiResult], states: phases.OpenStates) -> Row:
    per_fte = kpis.get("caseload_per_fte")
    closed = kpis.get("doorlooptijd_mediaan")
    contacts = kpis.get("wachttijd_eerste_gesprek_mediaan")
    return Row(
        consultant=consultant,
        total=False,
        caseload=_count(kpis.get("caseload")),
        fte=per_fte.denominator if per_fte is not None and per_fte.denominator else None,
        per_fte=per_fte.value if per_fte is not None else None,
        waiting=_count(kpis.get("wachtlijst")),
        waiting_overdue=_count(kpis.get("wachtlijst_over_termijn")),
        decision_overdue=states.get(consultant, "decision_overdue"),
        stalled=states.get(consultant, "stalled"),
        closed=closed.records if closed is not None else 0,
        turnaround_median=closed.value if closed is not None else None,
        first_contacts=contacts.records if contacts is not None else 0,
        wait_median=contacts.value if contacts is not None else None,
    )


def _order(consultant: str | None) -> tuple[int, str]:
    return (1, "") if consultant is None else (0, consultant.casefold())


def meeting_table(
    db: EngineLike, period: Period | str, scope: Scope | None = None, *, today: date | None = None
) -> MeetingTable:
    """The caseload meeting's table for ``period`` (the stocks on its reference date, the flows in it).

    The total row adds up the consultants' counts (every case has one consultant or none, so the groups
    partition the scope); its medians and its caseload per fte are computed for the whole scope.
    """
    when = Period.parse(period)
    engine = resolve_engine(db)
    results = compute_all(engine, when, Dim.CONSULTANT, scope, kpis=KPIS, today=today)
    by_consultant = _by_kpi(results)
    medians = _by_kpi(compute_all(engine, when, None, scope, kpis=MEDIANS, today=today)).get(None, {})
    states = phases.open_states(engine, when, scope, Dim.CONSULTANT, today=today)
    consultants = set(by_consultant) | set(states.counts)
    rows = [_row(name, by_consultant.get(name, {}), states) for name in sorted(consultants, key=_order)]
    rows = [r for r in rows if r.consultant is not None or _has_cases(r)]
    total = _total_row(engine, rows, medians, states, scope)
    notes = [r.note for r in results if r.kpi == "caseload_per_fte" and r.note]
    note = None if total.per_fte is not None else (notes[0] if notes else NO_STAFFING)
    return MeetingTable(when, states.as_of, rows, total, states.limits, note)


MEDIANS = ("doorlooptijd_mediaan", "wachttijd_eerste_gesprek_mediaan")  # medians do not add up over groups
NO_STAFFING = "Geen formatie voor deze maand."


def _total_row(
    engine: Engine, rows: list[Row], medians: dict[str, KpiResult], states: phases.OpenStates, scope: Scope | None
) -> Row:
    caseload = sum(r.caseload for r in rows)
    fte = _scope_fte(engine, states.as_of, scope)
    per_fte_kpi = registry.kpi("caseload_per_fte")
    per_fte = per_fte_kpi.compute(Inputs(Tally({per_fte_kpi.numerator or "caseload": caseload}), fte)).value
    closed, contacts = medians.get("doorlooptijd_mediaan"), medians.get("wachttijd_eerste_gesprek_mediaan")
    return Row(
        consultant=None,
        total=True,
        caseload=caseload,
        fte=fte or None,
        per_fte=per_fte,
        waiting=sum(r.waiting for r in rows),
        waiting_overdue=sum(r.waiting_overdue for r in rows),
        decision_overdue=states.total("decision_overdue"),
        stalled=states.total("stalled"),
        closed=sum(r.closed for r in rows),
        turnaround_median=closed.value if closed is not None else None,
        first_contacts=sum(r.first_contacts for r in rows),
        wait_median=contacts.value if contacts is not None else None,
    )


def _scope_fte(engine: Engine, as_of: date, scope: Scope | None) -> float | None:
    """Total fte in the staffing of the month of ``as_of`` (staffing has no municipality: None then)."""
    visible = scope or EVERYTHING
    if visible.municipalities is not None:
        return None
    with engine.connect() as conn:
        months = q.staffing_fte(conn, [as_of], None, visible)
    return months.get(as_of.replace(day=1), {}).get(None)


def _has_cases(row: Row) -> bool:
    return any(row.count(f) for f in Figure)


@dataclass(frozen=True)
class CaseList:
    figure: Figure
    period: Period
    as_of: date
    group: tuple[Dim, str | None] | None
    records: list[DrillRecord]


def cases_behind(
    db: EngineLike,
    figure: Figure | str,
    period: Period | str,
    scope: Scope | None = None,
    group: tuple[Dim | str, str | None] | None = None,
    *,
    today: date | None = None,
) -> CaseList:
    """The cases behind ``figure`` for one consultant (``group``), or for the whole scope (None)."""
    chosen = Figure(figure)
    when = Period.parse(period)
    wanted = (parse_dim(group[0]), group[1]) if group is not None else None
    engine = resolve_engine(db)
    if chosen in KPI_LISTS:
        kpi_id, side = KPI_LISTS[chosen]
        drill = drilldown(engine, kpi_id, when, scope, wanted, today=today)
        return CaseList(chosen, when, drill.as_of, wanted, getattr(drill, side) or [])
    found = phases.open_cases(engine, OPEN_MEASURES[chosen], when, scope, wanted, today=today)
    return CaseList(chosen, when, found.as_of, wanted, found.records)
