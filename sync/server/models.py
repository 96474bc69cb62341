"""The server's tables (SQLAlchemy 2). Alembic migrations in ``migrations/`` create them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    pass


class Setting(Base):
    """Server-wide settings: municipality, country."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(400))


class Counter(Base):
    """The commit sequence: one row, bumped at the end of every write (see ``revs.py``)."""

    __tablename__ = "counter"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


class RevClaim(Base):
    """Revisions taken by a PostgreSQL write transaction still running (see ``revs.py``)."""

    __tablename__ = "rev_claims"
    first_rev: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    last_rev: Mapped[int] = mapped_column(BigInteger)
    owner: Mapped[int] = mapped_column(BigInteger)


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(64))
    units: Mapped[list[str]] = mapped_column(JSON, default=list)
    password_hash: Mapped[str] = mapped_column(String(200))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Device(Base):
    __tablename__ = "devices"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    first_seen: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    last_seen: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    last_sync: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    last_user: Mapped[str | None] = mapped_column(String(80), nullable=True)


class Token(Base):
    """A bearer token (stored as its SHA-256) bound to one user on one device."""

    __tablename__ = "tokens"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(Integer, index=True)
    device_id: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    last_used: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)


class LoginAttempt(Base):
    __tablename__ = "login_attempts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(80), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    ok: Mapped[bool] = mapped_column(Boolean, default=False)


class RecordRow(Base):
    """The current state of a record; ``rev`` is its place in the commit sequence."""

    __tablename__ = "records"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    type: Mapped[str] = mapped_column(String(40))  # indexed with the unit, or the status
    rev: Mapped[int] = mapped_column(BigInteger, unique=True)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    fields: Mapped[dict[str, Any]] = mapped_column(JSON)
    stamps: Mapped[dict[str, Any]] = mapped_column(JSON)
    creator_device: Mapped[str | None] = mapped_column(String(64), nullable=True)
    admin_unit: Mapped[str | None] = mapped_column(String(120), nullable=True)
    case_type: Mapped[str | None] = mapped_column(String(64), nullable=True)
    case_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    person_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    household_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    target_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    status: Mapped[str | None] = mapped_column(String(40), nullable=True)
    content_sha: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class ChangeRow(Base):
    """Every change received, with the result it was given (idempotency by change id)."""

    __tablename__ = "changes"
    change_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    record_id: Mapped[str] = mapped_column(String(36), index=True)
    record_type: Mapped[str] = mapped_column(String(40))
    base_rev: Mapped[int] = mapped_column(BigInteger)
    fields: Mapped[dict[str, Any]] = mapped_column(JSON)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    hlc: Mapped[str] = mapped_column(String(80))
    user: Mapped[str] = mapped_column(String(80))
    device: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    result: Mapped[dict[str, Any]] = mapped_column(JSON)


class Blob(Base):
    """An attachment's content, addressed by its SHA-256."""

    __tablename__ = "blobs"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class BlobChunk(Base):
    """Part of one user's upload in progress; assembled and checked when the last byte
    arrives. Each user uploads on their own, so whoever completes it sent all of it."""

    __tablename__ = "blob_chunks"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    owner: Mapped[str] = mapped_column(String(80), primary_key=True)
    offset: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class BlobOwner(Base):
    """A user who showed they hold a blob's content: they uploaded all of it, or attached it
    while they could see an attachment of it."""

    __tablename__ = "blob_owners"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    username: Mapped[str] = mapped_column(String(80), primary_key=True)


class AuditEntry(Base):
    """One entry of a laptop's audit log, as the laptop chained it (append-only).

    ``chain`` names one vault's log (the hash of its first entry); ``seq`` is the entry's
    place in it. Each entry's ``hash`` covers the previous one's, checked on arrival.
    """

    __tablename__ = "audit"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    device: Mapped[str] = mapped_column(String(64))
    user: Mapped[str] = mapped_column(String(80))
    chain: Mapped[str] = mapped_column(String(64))
    seq: Mapped[int] = mapped_column(BigInteger)
    at: Mapped[str] = mapped_column(String(40))
    action: Mapped[str] = mapped_column(String(40))
    record_type: Mapped[str | None] = mapped_column(String(40), nullable=True)
    record_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    detail: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (UniqueConstraint("device", "user", "chain", "seq",
                                       name="uq_audit_chain_seq"),)


Index("ix_records_type_status", RecordRow.type, RecordRow.status)
# by type and unit: the cases of a user's units, read by a pull's scan (migration 0005)
Index("ix_records_type_unit", RecordRow.type, RecordRow.admin_unit, postgresql_include=["id"])
