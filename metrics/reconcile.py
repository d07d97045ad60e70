"""Reconciliation: the tracking system's own caseload and waiting list beside the figures derived from cases.

Where a caseload or waiting-list snapshot exists for a date, the difference per team (or another
breakdown) between the snapshot and the derived ``caseload`` / ``wachtlijst`` on that date is a
data-quality finding. ``reconcile`` returns the differences; ``save_findings`` puts them on the
data-quality list (``findings``), replacing open findings for the same date and group.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

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
) -> list[Difference]:
    """Differences between each snapshot (of ``as_of``, or of every snapshot date) and the derived figure.

    Only what a snapshot covers is compared: the groups its rows name on that date (a team without a list
    of its own, such as one whose system exports none, has no snapshot to differ from). Without a
    breakdown the total is that of the teams the snapshot names.
    """
    engine = resolve_engine(db)
    dim = parse_dim(by)
    visible = scope or EVERYTHING
    with engine.begin() as conn:
        ensure_derived(conn, load_settings(conn))
    out: list[Difference] = []
    by_group = dim if dim is not None else Dim.TEAM  # a total adds up the teams the snapshot covers
    with engine.connect() as conn:
        for dataset, (family, measure, _, _) in SNAPSHOTS.items():
            if dataset == "waitlist" and dim is Dim.CONSULTANT:
                continue  # the waiting list names no consultant
            dates = [d for d in q.snapshot_dates(conn, dataset) if as_of is None or d == as_of]
            derived = q.interval_tallies(conn, family, dates, by_group, visible)
            for day in dates:
                own = q.snapshot_counts(conn, dataset, day, by_group, visible)
                computed = {k: int(t.values.get(measure, 0)) for k, t in derived[day].items()}
                pairs = {g: (own[g], computed.get(g, 0)) for g in own}
                if dim is None and pairs:
                    pairs = {None: (sum(p[0] for p in pairs.values()), sum(p[1] for p in pairs.values()))}
                for group in sorted(pairs, key=lambda g: (g is None, g or "")):
                    diff = Difference(dataset, day, dim, group, *pairs[group])
                    if include_equal or diff.difference:
                        out.append(diff)
    return out


def save_findings(db: EngineLike, differences: list[Difference]) -> int:
    """Put the differences on the data-quality list; returns how many were stored."""
    rows = [
        {
            "dataset": d.dataset,
            "code": SNAPSHOTS[d.dataset][3],
            "record_key": f"{d.as_of.isoformat()}|{d.by.value if d.by else ''}|{d.group or ''}",
            "value": f"{d.snapshot} / {d.derived}",
            "message": d.message,
        }
        for d in differences
        if d.difference
    ]
    with resolve_engine(db).begin() as conn:
        return q.replace_reconciliation_findings(conn, rows)
