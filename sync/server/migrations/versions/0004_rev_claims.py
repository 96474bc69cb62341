"""Claims on revisions of write transactions still running (PostgreSQL's commit horizon).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07 09:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # owner: the claiming transaction's id (pg_current_xact_id() as a number); see
    # sync/server/revs.py. SQLite keeps the table empty (its writers take turns).
    op.create_table(
        "rev_claims",
        sa.Column("first_rev", sa.BigInteger(), nullable=False),
        sa.Column("last_rev", sa.BigInteger(), nullable=False),
        sa.Column("owner", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("first_rev"),
    )


def downgrade() -> None:
    op.drop_table("rev_claims")
