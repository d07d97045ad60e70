"""The store's gateway for the accountability side: SMART targets, status history, explanations of
deviations, frozen reports and the extra counts of the annual report (``metrics.targets``,
``metrics.explanations``, ``metrics.freeze``, ``metrics.annual_report`` import from here only).

SQLAlchemy Core, bound parameters; the queries live in ``store/queries/plans.py``, ``frozen.py`` and
``report_counts.py``.
"""

from __future__ import annotations

from store.queries.frozen import FrozenRow, frozen_rows, insert_frozen
from store.queries.plans import (
    TARGET_FIELDS,
    ExplanationRow,
    StatusRow,
    TargetRow,
    copied_keys,
    current_targets,
    explanation_count,
    explanation_rows,
    insert_explanation,
    insert_status,
    insert_target,
    plan_years,
    plans_version,
    status_rows,
    supersede_target,
    target_versions,
    withdraw_target,
)
from store.queries.report_counts import (
    CategoryCounts,
    closures_by_reason,
    decisions_by_kind,
    earliest_data_through,
    earliest_record_date,
)

__all__ = [
    "TARGET_FIELDS",
    "CategoryCounts",
    "ExplanationRow",
    "FrozenRow",
    "StatusRow",
    "TargetRow",
    "closures_by_reason",
    "copied_keys",
    "current_targets",
    "decisions_by_kind",
    "earliest_data_through",
    "earliest_record_date",
    "explanation_count",
    "explanation_rows",
    "frozen_rows",
    "insert_explanation",
    "insert_frozen",
    "insert_status",
    "insert_target",
    "plan_years",
    "plans_version",
    "status_rows",
    "supersede_target",
    "target_versions",
    "withdraw_target",
]
