"""filters: the teams and municipalities each batch wrote, so the filters need not scan the records

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 06:00:00

``stored_scopes`` holds the distinct (team, municipality) pairs of the rows each batch wrote, per dataset.
The sidebar filters offer the teams and municipalities the data hold besides the settings (a DDAS delivery
for another municipality); reading them from the records took about a second per page on a million cases.
The upgrade fills it from the records already stored.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# the dataset tables and which of the two columns each has (as in 0001)
TABLES = {
    "cases": ("team", "municipality"),
    "signal_cases": (None, "municipality"),
    "signals": (None, "municipality"),
    "satisfaction": ("team", "municipality"),
    "caseload": ("team", "municipality"),
    "waitlist": ("team", "municipality"),
    "staffing": ("team", None),
}


def upgrade() -> None:
    op.create_table(
        "stored_scopes",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("batch_id", sa.Integer, nullable=False),
        sa.Column("dataset", sa.String(40), nullable=False),
        sa.Column("team", sa.String(120)),
        sa.Column("municipality", sa.String(80)),
    )
    op.create_index("ix_stored_scopes_batch_id", "stored_scopes", ["batch_id"])
    for table, (team, municipality) in TABLES.items():
        team_sql, municipality_sql = team or "NULL", municipality or "NULL"
        present = " OR ".join(f"{c} IS NOT NULL" for c in (team, municipality) if c)
        op.execute(
            f"INSERT INTO stored_scopes (batch_id, dataset, team, municipality) "  # noqa: S608 - constants only
            f"SELECT DISTINCT batch_id, '{table}', {team_sql}, {municipality_sql} FROM {table} WHERE {present}"
        )


def downgrade() -> None:
    op.drop_index("ix_stored_scopes_batch_id", table_name="stored_scopes")
    op.drop_table("stored_scopes")
