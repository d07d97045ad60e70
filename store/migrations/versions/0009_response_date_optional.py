"""satisfaction: responded_on may be empty, as exports.md marks only the key as required

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 18:00:00

exports.md lists ``responded_on`` among the satisfaction columns without "required" (it marks only a case's
``registered_on`` and a signal case's ``matched_on`` so). A survey answer without a date is stored with a
finding instead of being rejected; it counts in no period.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("satisfaction") as batch:
        batch.alter_column("responded_on", existing_type=sa.Date(), nullable=True)


def downgrade() -> None:
    op.execute("DELETE FROM satisfaction WHERE responded_on IS NULL")
    with op.batch_alter_table("satisfaction") as batch:
        batch.alter_column("responded_on", existing_type=sa.Date(), nullable=False)
