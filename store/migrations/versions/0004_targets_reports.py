"""accountability: SMART targets (versions), status history, explanations of deviations, frozen reports

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 21:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "targets",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("target_key", sa.String(40), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("plan_year", sa.Integer, nullable=False),
        sa.Column("kpi", sa.String(80), nullable=False),
        sa.Column("team", sa.String(120)),
        sa.Column("municipality", sa.String(80)),
        sa.Column("comparison", sa.String(2), nullable=False),
        sa.Column("value", sa.Float, nullable=False),
        sa.Column("baseline_value", sa.Float, nullable=False),
        sa.Column("baseline_on", sa.Date, nullable=False),
        sa.Column("deadline", sa.Date, nullable=False),
        sa.Column("owner", sa.String(120), nullable=False),
        sa.Column("rationale", sa.Text, nullable=False),
        sa.Column("copied_from", sa.String(40)),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("created_by", sa.String(80), nullable=False),
        sa.Column("superseded_at", sa.DateTime),
        sa.Column("superseded_by", sa.String(80)),
        sa.Column("withdrawn_at", sa.DateTime),
        sa.Column("withdrawn_by", sa.String(80)),
        sa.PrimaryKeyConstraint("id", name="pk_targets"),
        sa.UniqueConstraint("target_key", "version", name="uq_targets_target_key"),
    )
    op.create_index("ix_targets_plan_year", "targets", ["plan_year"])
    op.create_table(
        "target_status",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("target_key", sa.String(40), nullable=False),
        sa.Column("target_version", sa.Integer, nullable=False),
        sa.Column("on_date", sa.Date, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("author", sa.String(80), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_target_status"),
    )
    op.create_index("ix_target_status_target_key", "target_status", ["target_key"])
    op.create_table(
        "explanations",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("period", sa.String(10), nullable=False),
        sa.Column("kpi", sa.String(80), nullable=False),
        sa.Column("team", sa.String(120)),
        sa.Column("municipality", sa.String(80)),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("author", sa.String(80), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_explanations"),
    )
    op.create_index("ix_explanations_period_kpi", "explanations", ["period", "kpi"])
    op.create_table(
        "frozen_reports",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("period", sa.String(10), nullable=False),
        sa.Column("scope", sa.Text, nullable=False),
        sa.Column("reference_date", sa.Date, nullable=False),
        sa.Column("data_through", sa.Date),
        sa.Column("figures", sa.Text, nullable=False),
        sa.Column("frozen_at", sa.DateTime, nullable=False),
        sa.Column("frozen_by", sa.String(80), nullable=False),
        sa.Column("note", sa.Text),
        sa.PrimaryKeyConstraint("id", name="pk_frozen_reports"),
    )
    op.create_index("ix_frozen_reports_kind_period", "frozen_reports", ["kind", "period"])


def downgrade() -> None:
    op.drop_table("frozen_reports")
    op.drop_table("explanations")
    op.drop_table("target_status")
    op.drop_table("targets")
