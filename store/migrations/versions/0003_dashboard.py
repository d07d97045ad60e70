"""dashboard: annotations of registration changes, export log

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 20:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "annotations",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("on_date", sa.Date, nullable=False),
        sa.Column("kpis", sa.Text, nullable=False),
        sa.Column("team", sa.String(120)),
        sa.Column("municipality", sa.String(80)),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("created_by", sa.String(80), nullable=False),
        sa.Column("removed_at", sa.DateTime),
        sa.Column("removed_by", sa.String(80)),
        sa.PrimaryKeyConstraint("id", name="pk_annotations"),
    )
    op.create_index("ix_annotations_on_date", "annotations", ["on_date"])
    op.create_table(
        "export_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("created_by", sa.String(80), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("what", sa.String(120), nullable=False),
        sa.Column("detail", sa.Text),
        sa.Column("rows", sa.Integer),
        sa.PrimaryKeyConstraint("id", name="pk_export_log"),
    )
    op.create_index("ix_export_log_created_at", "export_log", ["created_at"])


def downgrade() -> None:
    op.drop_table("export_log")
    op.drop_table("annotations")
