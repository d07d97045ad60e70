"""The store's gateway for the metrics layer: every query the KPIs, drill-downs and reconciliation need.

The metrics layer imports from here only; the queries live in ``store/queries/`` (SQLAlchemy Core, bound
parameters, the SQLite/PostgreSQL differences in ``store/queries/dialect.py``).
"""

from __future__ import annotations

from store.queries.aggregate import (
    BreakdownUnavailable,
    GroupKey,
    Tallies,
    Tally,
    flow_tallies,
    interval_tallies,
    staffing_fte,
)
from store.queries.catalog import active_batches, consultants, data_version, first_registration, stored_values
from store.queries.categories import Categories, NotConsecutive, category_counts
from store.queries.derived import refresh_derived, stale_count
from store.queries.drill import flow_records, interval_records
from store.queries.families import FLOW_FAMILIES, INTERVAL_FAMILIES, Family, QueryParams, Window
from store.queries.filters import EVERYTHING, Dim, Scope
from store.queries.notes import (
    AnnotationRow,
    add_annotation,
    list_annotations,
    list_exports,
    log_export,
    remove_annotation,
)
from store.queries.phases import (
    OpenWindow,
    Span,
    Stage,
    open_state_records,
    open_state_tallies,
    span_histograms,
    waiting_days_by_crisis,
)
from store.queries.satisfaction import ScoreCounts, score_histograms
from store.queries.settings_io import (
    ACTIVE_BATCH,
    HolidayAction,
    HolidayOverride,
    delete_holiday_override,
    delete_setting,
    latest_import_date,
    read_holiday_overrides,
    read_settings,
    write_holiday_override,
    write_setting,
)
from store.queries.snapshots import replace_reconciliation_findings, snapshot_counts, snapshot_dates
from store.queries.waiting import MonthFlow, month_flows, snapshot_counts_per_team, waiting_ages

__all__ = [
    "ACTIVE_BATCH",
    "EVERYTHING",
    "FLOW_FAMILIES",
    "INTERVAL_FAMILIES",
    "AnnotationRow",
    "BreakdownUnavailable",
    "Categories",
    "Dim",
    "Family",
    "GroupKey",
    "HolidayAction",
    "HolidayOverride",
    "MonthFlow",
    "NotConsecutive",
    "OpenWindow",
    "QueryParams",
    "Scope",
    "ScoreCounts",
    "Span",
    "Stage",
    "Tallies",
    "Tally",
    "Window",
    "active_batches",
    "add_annotation",
    "category_counts",
    "consultants",
    "data_version",
    "delete_holiday_override",
    "delete_setting",
    "first_registration",
    "flow_records",
    "flow_tallies",
    "interval_records",
    "interval_tallies",
    "latest_import_date",
    "list_annotations",
    "list_exports",
    "log_export",
    "month_flows",
    "open_state_records",
    "open_state_tallies",
    "read_holiday_overrides",
    "read_settings",
    "refresh_derived",
    "remove_annotation",
    "replace_reconciliation_findings",
    "score_histograms",
    "snapshot_counts",
    "snapshot_counts_per_team",
    "snapshot_dates",
    "span_histograms",
    "staffing_fte",
    "stale_count",
    "stored_values",
    "waiting_ages",
    "waiting_days_by_crisis",
    "write_holiday_override",
    "write_setting",
]
