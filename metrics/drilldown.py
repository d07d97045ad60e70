"""Drill-down: the records behind a KPI's numerator and denominator, for the team leader who acts on them.

For a count, ``numerator`` lists the counted records; for a percentage both lists are given; for a
median or mean, ``denominator`` lists the records it is over (with their day counts). Records carry the
case (or signal case, response, signal) id, team, municipality, consultant, the dates the KPI looks at and,
for the legal terms, the days past the term (until it was met, the case was closed, or the reference
date). The conditions are the very ones the aggregate queries count with.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection

from metrics import registry
from metrics.compute import (
    DIM_LABELS,
    TEAMLESS,
    EngineLike,
    parse_dim,
    resolve_engine,
    team_of_municipality,
    teamless_scope,
)
from metrics.derived import ensure_derived, load_settings
from metrics.periods import Period, as_of
from metrics.registry import FAMILY_DATASETS, Kpi
from store import metrics_queries as q
from store.metrics_queries import EVERYTHING, Dim, Family, Scope

# family → (deadline column, the date that meets it)
TERMS = {
    Family.REGISTRATIONS: ("first_contact_deadline", "first_contact_on"),
    Family.FIRST_CONTACTS: ("decision_deadline", "decision_on"),
    Family.WAITLIST: ("first_contact_deadline", None),
}
IDENTITY = ("record_id", "team", "municipality", "consultant")


@dataclass(frozen=True)
class DrillRecord:
    record_id: str
    team: str | None
    municipality: str | None
    consultant: str | None
    values: dict[str, object]  # the dates (and codes) the KPI looks at
    days: int | None = None  # the day count of a median's record
    days_over_term: int | None = None  # past the legal term until met, closed or the reference date (0: within)


@dataclass(frozen=True)
class Drilldown:
    kpi: str
    period: Period
    as_of: date
    group: tuple[Dim, str | None] | None
    numerator: list[DrillRecord] | None
    denominator: list[DrillRecord] | None


def _days_over(family: Family, row: dict, reference: date) -> int | None:
    """Days past the term: until the term was met, the case was closed, or else the reference date."""
    if family not in TERMS:
        return None
    deadline_column, met_column = TERMS[family]
    deadline = row.get(deadline_column)
    if deadline is None:
        return None
    met = row.get(met_column) if met_column else None
    # a case closed without meeting the term stopped waiting on the day it was closed
    end = min(d for d in (met, row.get("closed_on"), reference) if d is not None and d <= reference)
    return max(0, (end - deadline).days)


def _record(family: Family, row: dict, reference: date) -> DrillRecord:
    values = {k: v for k, v in row.items() if k not in IDENTITY and k != "days"}
    return DrillRecord(
        record_id=str(row["record_id"]),
        team=row["team"],
        municipality=row["municipality"],
        consultant=row["consultant"],
        values=values,
        days=row.get("days"),
        days_over_term=_days_over(family, row, reference),
    )


def drilldown(
    db: EngineLike,
    kpi_id: str,
    period: Period | str,
    scope: Scope | None = None,
    group: tuple[Dim | str, str | None] | None = None,
    *,
    today: date | None = None,
) -> Drilldown:
    """The records behind ``kpi_id`` in ``period`` (optionally for one group of a breakdown)."""
    kpi = registry.kpi(kpi_id)
    when = Period.parse(period)
    wanted = (parse_dim(group[0]), group[1]) if group is not None else None
    if wanted is not None and wanted[0] not in kpi.breakdowns:
        raise ValueError(f"{kpi.label} is niet uit te splitsen naar {DIM_LABELS[wanted[0]]}.")
    engine = resolve_engine(db)
    with engine.begin() as conn:
        settings = load_settings(conn)
        ensure_derived(conn, settings)
    with engine.connect() as conn:
        reference = as_of(when, today or date.today(), q.latest_import_date(conn, FAMILY_DATASETS[kpi.family]))
        params = q.QueryParams(
            settings.positive_close_reasons, settings.dropout_close_reasons, settings.help_accepted_results
        )

        window = q.Window(when.first_day, when.last_day, reference, params)

        def fetch(measure: str | None) -> list[DrillRecord] | None:
            if measure is None:
                return None
            rows = _rows(conn, kpi, measure, window, scope or EVERYTHING, wanted)
            return [_record(kpi.family, r, reference) for r in rows]

        return Drilldown(kpi.id, when, reference, wanted, fetch(kpi.numerator), fetch(kpi.denominator))


def _rows(
    conn: Connection,
    kpi: Kpi,
    measure: str,
    window: q.Window,
    scope: Scope,
    group: tuple[Dim, str | None] | None,
) -> list[dict]:
    if kpi.family in q.INTERVAL_FAMILIES:
        return q.interval_records(conn, kpi.family, measure, window.as_of, scope, group)
    if kpi.family not in TEAMLESS:
        return q.flow_records(conn, kpi.family, measure, window, scope, group)
    # records without a team: select by municipality, then name the team from the installation settings
    team_map = team_of_municipality()
    by_municipality = group if group is not None and group[0] is Dim.MUNICIPALITY else None
    rows = q.flow_records(conn, kpi.family, measure, window, teamless_scope(scope, team_map), by_municipality)
    for row in rows:
        row["team"] = team_map.get(row["municipality"]) if row["municipality"] else None
    if group is not None and group[0] is Dim.TEAM:
        rows = [r for r in rows if r["team"] == group[1]]
    return rows
