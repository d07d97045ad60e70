"""Reconciliation: the tracking system's own caseload and waiting list beside the figures derived from cases.

Where a caseload or waiting-list snapshot exists for a date, the difference per team (or another
breakdown) between the snapshot and the derived ``caseload`` / ``wachtlijst`` on that date is a
data-quality finding. ``reconcile`` returns the differences; ``save_findings`` puts them on the
data-quality list (``findings``), replacing open findings for the same date and group.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection

from metrics.compute import EngineLike, parse_dim, resolve_engine
from metrics.derived import ensure_derived, load_settings
from store import metrics_queries as q
from store.metrics_queries import EVERYTHING, Dim, Family, Scope

# snapshot dataset → (derived family, measure, Dutch name, finding code)
SNAPSHOTS = {
    "caseload": (Family.CASELOAD, "caseload", "lopende dossiers", "afwijking_caseload"),
    "waitlist": (Family.WAITLIST, "waiting", "wachtenden", "afwijking_wachtlijst"),
}


@dataclass(frozen=True)
class Difference:
    dataset: str  # "caseload" or "waitlist"
    as_of: date
    by: Dim | None
    group: str | None
    snapshot: int  # the tracking system's own figure
    derived: int  # computed from the cases

    @property
    def difference(self) -> int:
        return self.snapshot - self.derived

    @property
    def message(self) -> str:
        _, _, noun, _ = SNAPSHOTS[self.dataset]
        where = f" ({self.by.value} {self.group or 'onbekend'})" if self.by is not None else ""
        return (
            f"Op {self.as_of:%d-%m-%Y}{where} telt het eigen overzicht {self.snapshot} {noun}, de dossiers geven "
            f"{self.derived}: verschil {self.difference:+d}. Controleer de registratie van eerste gesprek en "
            "afsluiting."
        )


def reconcile(
    db: EngineLike,
    as_of: date | None = None,
    by: Dim | str | None = Dim.TEAM,
    scope: Scope | None = None,
    *,
    include_equal: bool = False,
    datasets: tuple[str, ...] = tuple(SNAPSHOTS),
) -> list[Difference]:
    """Differences between each snapshot (of ``as_of``, or of every snapshot date) and the derived figure.

    Only what a snapshot covers is compared: the teams its rows name on that date (a team without a list
    of its own, such as one whose system exports none, has no snapshot to differ from), with every group
    of ``by`` of those teams' cases or of the snapshot. So a municipality served by two teams, of which
    one exports a list, is compared on that team's cases only.
    """
    engine = resolve_engine(db)
    dim = parse_dim(by)
    visible = scope or EVERYTHING
    with engine.begin() as conn:
        ensure_derived(conn, load_settings(conn))
    out: list[Difference] = []
    with engine.connect() as conn:
        for dataset, (family, measure, _, _) in SNAPSHOTS.items():
            if dataset not in datasets or (dataset == "waitlist" and dim is Dim.CONSULTANT):
                continue  # the waiting list names no consultant
            dates = [d for d in q.snapshot_dates(conn, dataset) if as_of is None or d == as_of]
            coverage = {day: _covered(conn, dataset, day, visible) for day in dates}
            derived: dict[date, q.Tallies] = {}
            for covered in set(coverage.values()):  # usually one: the same teams on every date
                days = [d for d in dates if coverage[d] == covered]
                derived.update(q.interval_tallies(conn, family, days, dim, covered))
            for day in dates:
                own = q.snapshot_counts(conn, dataset, day, dim, visible)
                computed = {k: int(t.values.get(measure, 0)) for k, t in derived[day].items()}
                for group in sorted(set(own) | set(computed), key=lambda g: (g is None, g or "")):
                    diff = Difference(dataset, day, dim, group, own.get(group, 0), computed.get(group, 0))
                    if include_equal or diff.difference:
                        out.append(diff)
    return out


def caseload_beside_cases(
    db: EngineLike, first: date, last: date, by: Dim | str | None = Dim.CONSULTANT, scope: Scope | None = None
) -> list[Difference]:
    """The system's own caseload list of its latest date from ``first`` to ``last`` beside the caseload the
    cases give on that date, per group of ``by`` (every group, equal ones too); empty without such a list."""
    engine = resolve_engine(db)
    with engine.connect() as conn:
        days = [d for d in q.snapshot_dates(conn, "caseload") if first <= d <= last]
    if not days:
        return []
    return reconcile(engine, days[-1], by, scope, include_equal=True, datasets=("caseload",))


def _covered(conn: Connection, dataset: str, day: date, visible: Scope) -> Scope:
    """``visible`` narrowed to the teams the snapshot of ``day`` names (unchanged when a row names none)."""
    teams = set(q.snapshot_counts(conn, dataset, day, Dim.TEAM, visible))
    if None in teams:
        return visible
    allowed = frozenset(teams) if visible.teams is None else frozenset(teams) & visible.teams
    return Scope(allowed, visible.municipalities)


def _finding_key(d: Difference) -> tuple[str, str]:
    """The finding code and record key of a difference: one open finding per snapshot, date and group."""
    return SNAPSHOTS[d.dataset][3], f"{d.as_of.isoformat()}|{d.by.value if d.by else ''}|{d.group or ''}"


def save_findings(db: EngineLike, differences: list[Difference]) -> int:
    """Put the differences on the data-quality list; returns how many were stored.

    A difference replaces the open finding of the same snapshot, date and group. An equal pair (as
    ``reconcile(..., include_equal=True)`` returns them) closes that finding instead: after a corrected
    import the difference is gone, and so is its finding.
    """
    rows = [
        {
            "dataset": d.dataset,
            "code": _finding_key(d)[0],
            "record_key": _finding_key(d)[1],
            "value": f"{d.snapshot} / {d.derived}",
            "message": d.message,
        }
        for d in differences
        if d.difference
    ]
    cleared = [_finding_key(d) for d in differences if not d.difference]
    with resolve_engine(db).begin() as conn:
        return q.replace_reconciliation_findings(conn, rows, cleared)
