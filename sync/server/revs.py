"""Revisions: each write's place in the order pulls follow, and how far a pull may read.

A pull must never pass a revision that a transaction still running holds: if revision 10 were
committed after 11 and a laptop had pulled 11 in between, it would never receive 10. See
docs/sync-protocol.md, "Why the cursor follows commit order".

* SQLite: the database lock serialises writers, so revisions are taken from the one-row
  ``counter`` table inside the write transaction and the counter is the horizon.
* PostgreSQL: a write takes its revisions from the counter in a statement of its own,
  committed at once (the counter's row lock is held for that statement only), which also
  records a **claim**: the revisions and the id of the write transaction. The write deletes
  its claim in its own transaction, so the claim disappears exactly when its records appear.
  A pull reads the **commit horizon** in one statement: the counter, less everything from the
  oldest claim whose transaction is still running. Every revision up to the horizon is
  committed (or was rolled back: a rolled-back write leaves its claim, which is ignored once
  its transaction has ended and deleted by the next claim).
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

_CLAIM = text(
    "WITH ended AS (DELETE FROM rev_claims WHERE pg_xact_status(owner::text::xid8) "
    "IS DISTINCT FROM 'in progress'), "
    "taken AS (UPDATE counter SET value = value + :n WHERE id = 1 RETURNING value) "
    "INSERT INTO rev_claims (first_rev, last_rev, owner) "
    "SELECT value - :n + 1, value, :owner FROM taken RETURNING first_rev")
_OWNER = text("SELECT pg_current_xact_id()::text::bigint")
_RELEASE = text("DELETE FROM rev_claims WHERE first_rev = :first")
_HORIZON = text(
    "SELECT (SELECT value FROM counter WHERE id = 1), (SELECT min(first_rev) - 1 FROM "
    "rev_claims WHERE NOT pg_visible_in_snapshot(owner::text::xid8, pg_current_snapshot()))")
_COUNTER = text("SELECT value FROM counter WHERE id = 1")
_BUMP = text("UPDATE counter SET value = value + :n WHERE id = 1 RETURNING value")


def _postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def transaction_id(session: Session) -> int | None:
    """The write transaction's id, which its claim names (PostgreSQL; None elsewhere): read
    before the transaction locks records, so that :func:`allocate_revs` does not wait for it
    while they are locked."""
    if not _postgres(session):
        return None
    return int(session.connection().execute(_OWNER).scalar_one())


def allocate_revs(session: Session, count: int, owner: int | None = None) -> int:
    """Take ``count`` consecutive revisions for this write transaction; returns the first.

    Call it as late as the write allows: on PostgreSQL pulls stop short of the claim until
    the transaction ends. ``owner`` is :func:`transaction_id` when already read."""
    conn = session.connection()
    if not _postgres(session):  # the counter row stays locked until the commit
        return int(conn.execute(_BUMP, {"n": count}).scalar_one()) - count + 1
    if owner is None:
        owner = conn.execute(_OWNER).scalar_one()
    with session.get_bind().connect().execution_options(isolation_level="AUTOCOMMIT") as own:
        first = int(own.execute(_CLAIM, {"n": count, "owner": owner}).scalar_one())
    conn.execute(_RELEASE, {"first": first})  # committed with the records, or not at all
    return first


def horizon(session: Session) -> int:
    """The newest revision a pull may read: every revision up to it is committed."""
    conn = session.connection()
    if not _postgres(session):
        return int(conn.execute(_COUNTER).scalar() or 0)
    top, before_claim = conn.execute(_HORIZON).one()
    return int(before_claim if before_claim is not None else top or 0)
