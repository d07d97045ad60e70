"""caseload meeting: covering index for the state of open cases, partial index on consultant

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 21:00:00

``ix_cases_open_state`` lets the caseload meeting count, per consultant, the open cases past their decision
term and the cases that stall in a stage from the index alone (no table reads for 100,000+ open cases).
``ix_cases_consultant`` (only cases with a consultant) serves the lists of one consultant and the consultant
list of the filters; being partial, a ``GROUP BY consultant`` without that condition cannot pick it over its
date index.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

BY = ["team", "municipality", "consultant"]
INDEXES = {
    "ix_cases_open_state": [
        "open_until",
        *BY,
        "first_contact_on",
        "decision_on",
        "decision_deadline",
        "decision",
        "plan_on",
        "settlement_submitted_on",
        "settlement_granted_on",
        "settlement_rejected_on",
        "settlement_withdrawn_on",
    ],
}


NAMED = "consultant IS NOT NULL"


def upgrade() -> None:
    for name, columns in INDEXES.items():
        op.create_index(name, "cases", columns)
    op.create_index("ix_cases_consultant", "cases", ["consultant", "team", "municipality"],
                    sqlite_where=sa.text(NAMED), postgresql_where=sa.text(NAMED))  # fmt: skip


def downgrade() -> None:
    op.drop_index("ix_cases_consultant", table_name="cases")
    for name in INDEXES:
        op.drop_index(name, table_name="cases")
