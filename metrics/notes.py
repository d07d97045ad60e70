"""Annotations of registration changes, and the log of who exported what.

A registration change (a new intake procedure, a system migration) explains a jump in a trend; recorded
once, it appears on every chart of the KPIs it names, for the teams and municipalities it concerns.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from metrics import names, registry
from metrics.compute import EngineLike, resolve_engine
from store import metrics_queries as q
from store.metrics_queries import EVERYTHING, AnnotationRow, Scope

MAX_TEXT = 500


class NoteError(ValueError):
    """An annotation that cannot be saved; the message is Dutch."""


@dataclass(frozen=True)
class Annotation:
    id: int
    on_date: date
    kpis: tuple[str, ...]  # empty: every KPI
    team: str | None
    municipality: str | None
    text: str
    created_by: str

    def concerns(self, kpi_id: str) -> bool:
        return not self.kpis or kpi_id in self.kpis


def _annotation(row: AnnotationRow) -> Annotation:
    return Annotation(row.id, row.on_date, row.kpis, row.team, row.municipality, row.text, row.created_by)


def add_annotation(
    db: EngineLike,
    on_date: date,
    text: str,
    user: str,
    kpis: tuple[str, ...] | list[str] = (),
    team: str | None = None,
    municipality: str | None = None,
) -> int:
    """Record a registration change; every KPI id must be in the registry."""
    cleaned = " ".join(text.split())
    if not cleaned:
        raise NoteError("Een aantekening heeft een tekst nodig.")
    if len(cleaned) > MAX_TEXT:
        raise NoteError(f"Een aantekening is hoogstens {MAX_TEXT} tekens lang.")
    if not isinstance(on_date, date):
        raise NoteError("Een aantekening heeft een datum nodig.")
    for kpi_id in kpis:
        registry.kpi(kpi_id)  # raises UnknownKpi with a Dutch message
    with resolve_engine(db).begin() as conn:
        found = names.named(cleaned, names.consultant_names(conn))  # the marks are on the council's charts too
        if found:
            raise NoteError(names.refusal(found))
        return q.add_annotation(conn, on_date, cleaned, user, tuple(kpis), team or None, municipality or None)


def remove_annotation(db: EngineLike, annotation_id: int, user: str) -> bool:
    """Take an annotation off the charts (it stays in the database, marked removed by ``user``)."""
    with resolve_engine(db).begin() as conn:
        return q.remove_annotation(conn, annotation_id, user)


def annotations(
    db: EngineLike,
    scope: Scope | None = None,
    first: date | None = None,
    last: date | None = None,
    kpi_id: str | None = None,
) -> list[Annotation]:
    """The annotations ``scope`` may see between ``first`` and ``last`` (of ``kpi_id`` when given)."""
    with resolve_engine(db).connect() as conn:
        rows = [_annotation(r) for r in q.list_annotations(conn, scope or EVERYTHING, first, last)]
    return [a for a in rows if kpi_id is None or a.concerns(kpi_id)]


def log_export(
    db: EngineLike, user: str, role: str, what: str, detail: str | None = None, rows: int | None = None
) -> None:
    """Write down who exported what (privacy: every download of figures or case lists)."""
    with resolve_engine(db).begin() as conn:
        q.log_export(conn, user, role, what, detail, rows)


def exports(db: EngineLike, limit: int = 200) -> list[dict]:
    with resolve_engine(db).connect() as conn:
        return q.list_exports(conn, limit)
