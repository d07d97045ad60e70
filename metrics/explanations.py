"""The team leader's explanation of a deviation in the council report: per quarter, KPI and scope.

Written in the app, kept as a history (who wrote what when); the newest is the one the report shows. The
scope is the report's team filter for its total row and the municipality for a municipality's row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from metrics import names, registry
from metrics.compute import EngineLike, resolve_engine
from metrics.periods import Granularity, Period, PeriodError
from store import report_queries as q

MAX_TEXT = 600

ScopeKey = tuple[str | None, str | None]  # (team, municipality) of a report row


class ExplanationError(ValueError):
    """An explanation that cannot be saved; the message is Dutch."""


@dataclass(frozen=True)
class Explanation:
    period: str
    kpi: str
    team: str | None
    municipality: str | None
    text: str
    author: str
    created_at: datetime


def row_scope(team: str | None, municipality: str | None) -> ScopeKey:
    """The key of a report row: a municipality's row is the municipality's, whatever team filter is on."""
    return (None, municipality) if municipality else (team or None, None)


def add(
    db: EngineLike, period: Period | str, kpi_id: str, team: str | None, municipality: str | None, text: str,
    author: str,
) -> Explanation:  # fmt: skip
    """Save an explanation (a new row: the earlier ones stay in the history)."""
    try:
        quarter = Period.parse(period)
    except PeriodError as exc:
        raise ExplanationError(str(exc)) from None
    if quarter.granularity is not Granularity.QUARTER:
        raise ExplanationError("Een toelichting hoort bij een kwartaal van de raadsrapportage.")
    try:
        registry.kpi(kpi_id)
    except registry.UnknownKpi as exc:
        raise ExplanationError(str(exc)) from None
    cleaned = " ".join((text or "").split())
    if not cleaned:
        raise ExplanationError("Schrijf een toelichting: waardoor wijkt het cijfer af, en wat wordt eraan gedaan?")
    if len(cleaned) > MAX_TEXT:
        raise ExplanationError(f"Een toelichting is hoogstens {MAX_TEXT} tekens lang (nu {len(cleaned)}).")
    if not " ".join((author or "").split()):
        raise ExplanationError("Een toelichting heeft een auteur nodig.")
    team_key, municipality_key = row_scope(team, municipality)
    with resolve_engine(db).begin() as conn:
        found = names.named(cleaned, names.consultant_names(conn))
        if found:
            raise ExplanationError(names.refusal(found))
        q.insert_explanation(conn, str(quarter), kpi_id, team_key, municipality_key, cleaned, author.strip())
        rows = q.explanation_rows(conn, str(quarter))
    row = rows[-1]
    return Explanation(row.period, row.kpi, row.team, row.municipality, row.text, row.author, row.created_at)


def history(db: EngineLike, period: Period | str) -> dict[tuple[str, ScopeKey], list[Explanation]]:
    """Every explanation of the quarter by (KPI, row scope), oldest first: the last one is current."""
    with resolve_engine(db).connect() as conn:
        rows = q.explanation_rows(conn, str(Period.parse(period)))
    out: dict[tuple[str, ScopeKey], list[Explanation]] = {}
    for r in rows:
        out.setdefault((r.kpi, (r.team, r.municipality)), []).append(
            Explanation(r.period, r.kpi, r.team, r.municipality, r.text, r.author, r.created_at)
        )
    return out
