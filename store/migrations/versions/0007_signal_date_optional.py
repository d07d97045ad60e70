"""signals: received_on (signaaldatum) may be empty, as the DDAS VS schema allows

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 06:30:00

The VS v0.9 schema requires of a signal only ``ID``, ``client`` and ``signaalpartner``, and exports.md does
not mark ``received_on`` as required: a signal without ``signaaldatum`` is stored (with a finding) instead
of being rejected. It counts in no period.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("signals") as batch:
        batch.alter_column("received_on", existing_type=sa.Date(), nullable=True)


def downgrade() -> None:
    op.execute("DELETE FROM signals WHERE received_on IS NULL")
    with op.batch_alter_table("signals") as batch:
        batch.alter_column("received_on", existing_type=sa.Date(), nullable=False)
