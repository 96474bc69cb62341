"""Token idle time, attachment content owners, per-user uploads, the laptops' audit logs.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-06 23:50:00
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("tokens", schema=None) as batch_op:
        batch_op.add_column(sa.Column("last_used", sa.DateTime(), nullable=True))
    with op.batch_alter_table("records", schema=None) as batch_op:
        batch_op.add_column(sa.Column("content_sha", sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f("ix_records_content_sha"), ["content_sha"],
                              unique=False)
    # Partial uploads become per user; one in progress is simply sent again from the start.
    op.drop_table("blob_chunks")
    op.create_table(
        "blob_chunks",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("owner", sa.String(length=80), nullable=False),
        sa.Column("offset", sa.BigInteger(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("sha256", "owner", "offset"),
    )
    op.create_table(
        "blob_owners",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("username", sa.String(length=80), nullable=False),
        sa.PrimaryKeyConstraint("sha256", "username"),
    )
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("device", sa.String(length=64), nullable=False),
        sa.Column("user", sa.String(length=80), nullable=False),
        sa.Column("chain", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("at", sa.String(length=40), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("record_type", sa.String(length=40), nullable=True),
        sa.Column("record_id", sa.String(length=36), nullable=True),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("device", "user", "chain", "seq", name="uq_audit_chain_seq"),
    )
    with op.batch_alter_table("audit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_record_id"), ["record_id"], unique=False)
    _backfill_attachments()


def _backfill_attachments() -> None:
    """Project each attachment's content hash; whoever set it on content the server holds
    is its owner (they uploaded it under the old rules)."""
    conn = op.get_bind()
    records = sa.table("records", sa.column("id"), sa.column("type"), sa.column("fields"),
                       sa.column("stamps"), sa.column("content_sha"))
    blobs = {r[0] for r in conn.execute(sa.text("SELECT sha256 FROM blobs"))}
    owners: set[tuple[str, str]] = set()
    rows = conn.execute(sa.select(records.c.id, records.c.fields, records.c.stamps)
                        .where(records.c.type == "attachment")).all()
    for rid, fields, stamps in rows:
        fields = json.loads(fields) if isinstance(fields, str) else fields or {}
        stamps = json.loads(stamps) if isinstance(stamps, str) else stamps or {}
        sha = fields.get("sha256")
        if not isinstance(sha, str):
            continue
        sha = sha.lower()
        conn.execute(records.update().where(records.c.id == rid).values(content_sha=sha))
        stamp = stamps.get("sha256")
        if sha in blobs and isinstance(stamp, list) and len(stamp) > 3:
            owners.add((sha, str(stamp[3])))
    if owners:
        conn.execute(sa.text("INSERT INTO blob_owners (sha256, username) VALUES (:s, :u)"),
                     [{"s": s, "u": u} for s, u in sorted(owners)])


def downgrade() -> None:
    op.drop_table("audit")
    op.drop_table("blob_owners")
    op.drop_table("blob_chunks")
    op.create_table(
        "blob_chunks",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("offset", sa.BigInteger(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("sha256", "offset"),
    )
    with op.batch_alter_table("records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_records_content_sha"))
        batch_op.drop_column("content_sha")
    with op.batch_alter_table("tokens", schema=None) as batch_op:
        batch_op.drop_column("last_used")
