"""An index of records by type and administrative unit: the cases of a user's units.

A pull of a user of some units leaves out, in the database, the records of cases outside
them (sync/server/pull_rows.py): PostgreSQL reads the cases of the user's units once per page.
With only an index by type it read every case of the municipality from the table to keep
those of the user's units; by type and unit (with the id, PostgreSQL only) it reads just the
user's cases, from the index. The index by type alone goes: the two indexes that begin with
the type serve its queries, and every record written kept it up to date.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07 13:20:00
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_records_type_unit", "records", ["type", "admin_unit"], unique=False,
                    postgresql_include=["id"])
    op.drop_index("ix_records_type", table_name="records")


def downgrade() -> None:
    op.create_index("ix_records_type", "records", ["type"], unique=False)
    op.drop_index("ix_records_type_unit", table_name="records")
