"""metrics layer: derived case columns, KPI indexes, settings, holiday overrides, deadline cache

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 08:00:00

The derived columns of ``cases`` (deadlines, the dates a case leaves the waiting list and the caseload)
are written only by the metrics layer; the KPI indexes are covering indexes for the KPI queries.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

BY = ["team", "municipality", "consultant"]
CASE_INDEXES = {
    "ix_cases_kpi_registered": ["registered_on", *BY, "crisis", "first_contact_on", "first_contact_deadline",
                                "closed_on"],
    "ix_cases_kpi_first_contact": ["first_contact_on", *BY, "registered_on", "decision_on", "decision_deadline",
                                   "closed_on"],
    "ix_cases_kpi_decision": ["decision_on", *BY, "decision"],
    "ix_cases_kpi_plan": ["plan_on", *BY, "registered_on"],
    "ix_cases_kpi_closed": ["closed_on", *BY, "registered_on", "close_reason"],
    "ix_cases_kpi_waiting": ["waiting_until", *BY, "registered_on", "first_contact_deadline"],
    "ix_cases_kpi_open": ["open_until", *BY, "first_contact_on"],
}
SETTLEMENT_DATES = ["settlement_submitted_on", "settlement_granted_on", "settlement_rejected_on",
                    "settlement_withdrawn_on"]
OTHER_INDEXES = {
    ("signal_cases", "ix_signal_cases_kpi_matched"): ["matched_on", "municipality", "signal_count", "picked_up_on",
                                                      "reached_on", "result"],
    ("signals", "ix_signals_kpi_received"): ["received_on", "municipality"],
    ("satisfaction", "ix_satisfaction_kpi_responded"): ["responded_on", "team", "municipality", "score",
                                                        "nps_score"],
    ("case_guidance", "ix_case_guidance_kpi_kind"): ["kind", "started_on", "ended_on"],
}
STALE = "derived_batch_id IS NULL OR derived_batch_id != batch_id"


def upgrade() -> None:
    for name in ("first_contact_deadline", "decision_deadline", "waiting_until", "open_until"):
        op.add_column("cases", sa.Column(name, sa.Date(), nullable=True))
    op.add_column("cases", sa.Column("derived_batch_id", sa.Integer(), nullable=True))
    for name, columns in CASE_INDEXES.items():
        op.create_index(name, "cases", columns)
    for column in SETTLEMENT_DATES:
        where = sa.text(f"{column} IS NOT NULL")
        op.create_index(f"ix_cases_kpi_{column}", "cases", [column], sqlite_where=where, postgresql_where=where)
    op.create_index("ix_cases_derived_stale", "cases", ["case_id"], sqlite_where=sa.text(STALE),
                    postgresql_where=sa.text(STALE))
    for (table, name), columns in OTHER_INDEXES.items():
        op.create_index(name, table, columns)

    op.create_table(
        "metric_settings",
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=80), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_metric_settings")),
    )
    op.create_table(
        "holiday_overrides",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("action", sa.String(length=12), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=80), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_holiday_overrides")),
    )
    op.create_table(
        "metric_state",
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_metric_state")),
    )
    op.create_table(
        "deadline_days",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("first_contact_deadline", sa.Date(), nullable=False),
        sa.Column("crisis_deadline", sa.Date(), nullable=False),
        sa.Column("decision_deadline", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_deadline_days")),
    )


def downgrade() -> None:
    for table in ("deadline_days", "metric_state", "holiday_overrides", "metric_settings"):
        op.drop_table(table)
    for (table, name) in OTHER_INDEXES:
        op.drop_index(name, table_name=table)
    op.drop_index("ix_cases_derived_stale", table_name="cases")
    for column in SETTLEMENT_DATES:
        op.drop_index(f"ix_cases_kpi_{column}", table_name="cases")
    for name in CASE_INDEXES:
        op.drop_index(name, table_name="cases")
    with op.batch_alter_table("cases") as batch_op:
        for name in ("derived_batch_id", "open_until", "waiting_until", "decision_deadline", "first_contact_deadline"):
            batch_op.drop_column(name)
