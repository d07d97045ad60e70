"""settlements: covering partial indexes, one per outcome date; guidance index with the case id

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 15:00:00

The settlement family counts records with any of four dates in the period. Read in one query, SQLite
answers the OR by collecting the records of four single-column indexes and looking each up in the table;
the annual report spent a fifth of its time there. The family is now read part by part, one per date
(``store/queries/families.py``), and each part needs its index to hold the breakdown (team, municipality,
consultant) and the dates that decide which outcome came first.

The budget-management figures join each guidance record to its case; with ``case_id`` in the guidance
index they no longer read the guidance table.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

BY = ["team", "municipality", "consultant"]
COVERED = {
    "settlement_submitted_on": [],
    "settlement_granted_on": ["forced_settlement", "settlement_rejected_on", "settlement_withdrawn_on"],
    "settlement_rejected_on": ["settlement_granted_on", "settlement_withdrawn_on"],
    "settlement_withdrawn_on": ["settlement_granted_on", "settlement_rejected_on"],
}


def _create(column: str, columns: list[str]) -> None:
    present = sa.text(f"{column} IS NOT NULL")
    op.create_index(f"ix_cases_kpi_{column}", "cases", columns, sqlite_where=present, postgresql_where=present)


GUIDANCE = "ix_case_guidance_kpi_kind"


def upgrade() -> None:
    for column, also in COVERED.items():
        op.drop_index(f"ix_cases_kpi_{column}", table_name="cases")
        _create(column, [column, *BY, *also])
    op.drop_index(GUIDANCE, table_name="case_guidance")
    op.create_index(GUIDANCE, "case_guidance", ["kind", "started_on", "ended_on", "case_id"])


def downgrade() -> None:
    op.drop_index(GUIDANCE, table_name="case_guidance")
    op.create_index(GUIDANCE, "case_guidance", ["kind", "started_on", "ended_on"])
    for column in COVERED:
        op.drop_index(f"ix_cases_kpi_{column}", table_name="cases")
        _create(column, [column])
