"""Frozen annual reports: the figures kept as they were when someone froze them.

A late correction (a case registered in December that reaches the export in February) changes the live
figures but not a frozen report; :func:`changes` lists the figures that would change if it were frozen
again. Every freeze is a new row: who froze what when stays visible.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import date, datetime

from metrics import annual_report
from metrics.annual_report import AnnualFigures, FigureValue
from metrics.compute import EngineLike, resolve_engine
from metrics.suppression import Shown, Thresholds
from store import report_queries as q
from store.metrics_queries import Scope

KIND = "jaarverslag"
MAX_NOTE = 500


class FreezeError(ValueError):
    """A freeze that cannot be made; the message is Dutch."""


def scope_text(scope: Scope) -> str:
    """The stored (JSON) form of the scope a report was computed for."""
    return json.dumps(
        {
            "teams": None if scope.teams is None else sorted(scope.teams),
            "municipalities": None if scope.municipalities is None else sorted(scope.municipalities),
        },
        sort_keys=True,
    )


@dataclass(frozen=True)
class FrozenReport:
    id: int
    period: str
    figures: AnnualFigures
    reference_date: date
    data_through: date | None
    frozen_at: datetime
    frozen_by: str
    note: str | None

    @property
    def status(self) -> str:
        through = self.data_through.strftime("%d-%m-%Y") if self.data_through else "–"
        return (
            f"Bevroren op {self.frozen_at.strftime('%d-%m-%Y %H:%M')} door {self.frozen_by}, met de gegevens t/m "
            f"{through}; latere correcties veranderen deze cijfers niet."
        )


def freeze(
    db: EngineLike, figures: AnnualFigures, scope: Scope, user: str, note: str | None = None,
    frozen_at: datetime | None = None,
) -> FrozenReport:  # fmt: skip
    """Keep ``figures`` as the annual report of their year for ``scope``."""
    if not (user or "").strip():
        raise FreezeError("Wie bevriest het jaarverslag? Er is geen gebruiker bekend.")
    if figures.year not in figures.covered:
        raise FreezeError(f"Er zijn geen gegevens over {figures.year}: er valt niets te bevriezen.")
    cleaned = " ".join((note or "").split()) or None
    if cleaned and len(cleaned) > MAX_NOTE:
        raise FreezeError(f"Een opmerking is hoogstens {MAX_NOTE} tekens lang.")
    with resolve_engine(db).begin() as conn:
        new_id = q.insert_frozen(
            conn,
            KIND,
            str(figures.year),
            scope_text(scope),
            figures.reference_date,
            figures.data_through,
            json.dumps(figures.to_json(), sort_keys=True),
            user.strip(),
            cleaned,
            frozen_at,
        )
        row = next(r for r in q.frozen_rows(conn, KIND, str(figures.year)) if r.id == new_id)
    return _frozen(row)


def _frozen(row: q.FrozenRow) -> FrozenReport:
    figures = AnnualFigures.from_json(json.loads(row.figures))
    return FrozenReport(row.id, row.period, figures, row.reference_date, row.data_through, row.frozen_at,
                        row.frozen_by, row.note)  # fmt: skip


def frozen(db: EngineLike, year: int | None = None, scope: Scope | None = None) -> list[FrozenReport]:
    """Frozen annual reports, newest first (of one year and scope when given)."""
    with resolve_engine(db).connect() as conn:
        rows = q.frozen_rows(
            conn, KIND, None if year is None else str(year), None if scope is None else scope_text(scope)
        )
    return [_frozen(r) for r in rows]


def latest(db: EngineLike, year: int, scope: Scope) -> FrozenReport | None:
    found = frozen(db, year, scope)
    return found[0] if found else None


@dataclass(frozen=True)
class Change:
    figure: str
    label: str
    period: str
    group: str | None
    frozen: Shown
    now: Shown


def _same(a: FigureValue | None, b: FigureValue | None) -> bool:
    if a is None or b is None:
        return a is b
    pairs = ((a.value, b.value), (a.numerator, b.numerator), (a.denominator, b.denominator))
    return a.records == b.records and all(
        (x is None and y is None) or (x is not None and y is not None and math.isclose(x, y, abs_tol=1e-9))
        for x, y in pairs
    )


def changes(kept: AnnualFigures, live: AnnualFigures, thresholds: Thresholds) -> list[Change]:
    """The figures that differ between a frozen report and the figures now (in report order), shown as
    they may leave the building."""
    before, now = kept.lookup(), live.lookup()
    order = {f: i for i, f in enumerate(annual_report.FIGURES)}
    keys = sorted(set(before) | set(now), key=lambda k: (order.get(k[0], len(order)), k[1], k[2] or ""))
    return [
        Change(
            k[0],
            annual_report.label(k[0]),
            k[1],
            k[2],
            annual_report.shown(before.get(k), thresholds),
            annual_report.shown(now.get(k), thresholds),
        )
        for k in keys
        if not _same(before.get(k), now.get(k))
    ]
