"""Attachment content: addressed by SHA-256, uploaded and downloaded in resumable chunks.

Knowing a hash gives nothing. A user holds a blob (is one of its *owners*) after uploading all
of its content, or after attaching it to a record while they could already see an attachment
of it. Content is served to its owners and to users who may see an attachment record whose
content hash was set by an owner. An attachment record naming content the server holds is
accepted only from an owner or from a user who may already see it (see
:func:`check_attachment`), and its declared size must be the content's size.
"""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from sync.profile import Profile
from sync.protocol import E_INVALID, E_SCOPE, MAX_BLOB_BYTES
from sync.server.errors import ApiError
from sync.server.models import Blob, BlobChunk, BlobOwner, RecordRow
from sync.server.scope import ScopeIndex, UserScope

NOT_YOURS = "no attachment you may see has this content"


def check_sha(sha: str) -> str:
    sha = sha.lower()
    if len(sha) != 64 or any(c not in "0123456789abcdef" for c in sha):
        raise ApiError(400, E_INVALID, "a blob is named by the 64 hex digits of its SHA-256")
    return sha


def owners(session: Session, sha: str) -> set[str]:
    return set(session.scalars(select(BlobOwner.username).where(BlobOwner.sha256 == sha)))


def add_owner(session: Session, sha: str, username: str) -> None:
    pending = any(isinstance(o, BlobOwner) and (o.sha256, o.username) == (sha, username)
                  for o in session.new)
    if not pending and session.get(BlobOwner, (sha, username)) is None:
        session.add(BlobOwner(sha256=sha, username=username))


def _visible_attachments(session: Session, index: ScopeIndex, sha: str) -> list[RecordRow]:
    rows = session.scalars(select(RecordRow).where(RecordRow.content_sha == sha,
                                                   RecordRow.type == "attachment",
                                                   RecordRow.deleted.is_(False))).all()
    index.prepare([(row.id, row.type, row.fields) for row in rows])
    return [row for row in rows if index.row_visible(row)]


def _set_by(row: RecordRow) -> str | None:
    stamp = (row.stamps or {}).get("sha256")
    return str(stamp[3]) if isinstance(stamp, list) and len(stamp) > 3 else None


def may_download(session: Session, user: UserScope, profile: Profile, sha: str,
                 index: ScopeIndex | None = None) -> bool:
    held_by = owners(session, sha)
    if user.username in held_by:
        return True
    index = index or ScopeIndex.lazy(session, user, profile)
    return any(_set_by(row) in held_by for row in _visible_attachments(session, index, sha))


def _require_attachment(session: Session, user: UserScope, profile: Profile,
                        sha: str) -> list[RecordRow]:
    rows = _visible_attachments(session, ScopeIndex.lazy(session, user, profile), sha)
    if not rows:
        raise ApiError(403, E_SCOPE, NOT_YOURS)
    return rows


def received(session: Session, sha: str, owner: str) -> int:
    return session.scalar(select(func.coalesce(func.sum(func.length(BlobChunk.data)), 0))
                          .where(BlobChunk.sha256 == sha, BlobChunk.owner == owner)) or 0


def status(session: Session, user: UserScope, profile: Profile, sha: str) -> dict[str, object]:
    """Complete only for those who may download it; others see their own upload's progress."""
    sha = check_sha(sha)
    _require_attachment(session, user, profile, sha)
    blob = session.get(Blob, sha)
    if blob is not None and may_download(session, user, profile, sha):
        return {"sha256": sha, "complete": True, "size": blob.size, "received": blob.size}
    return {"sha256": sha, "complete": False, "received": received(session, sha, user.username)}


def upload_chunk(session: Session, user: UserScope, profile: Profile, sha: str, offset: int,
                 total: int, data: bytes) -> dict[str, object]:
    sha = check_sha(sha)
    rows = _require_attachment(session, user, profile, sha)
    if user.username in owners(session, sha):
        return {"sha256": sha, "complete": True, "received": total}
    if not 0 < total <= MAX_BLOB_BYTES:
        raise ApiError(413, E_INVALID, f"attachments may be at most {MAX_BLOB_BYTES} bytes")
    declared = {row.fields.get("size") for row in rows}
    if total not in declared:
        raise ApiError(422, E_INVALID, f"the attachment record declares a size of "
                       f"{_sizes(declared)} bytes, not {total}")
    have = received(session, sha, user.username)
    if offset != have:
        raise ApiError(409, E_INVALID, f"expected the chunk at offset {have}",
                       {"Kujdes-Received": str(have)})
    if not data or offset + len(data) > total:
        raise ApiError(400, E_INVALID, "the chunk is empty or runs past the declared size")
    session.add(BlobChunk(sha256=sha, owner=user.username, offset=offset, data=data))
    session.flush()
    if offset + len(data) < total:
        return {"sha256": sha, "complete": False, "received": offset + len(data)}
    return _assemble(session, sha, user.username, total)


def _sizes(declared: set[Any]) -> str:
    return " or ".join(str(s) for s in sorted(declared, key=str))


def _assemble(session: Session, sha: str, owner: str, total: int) -> dict[str, object]:
    chunks = session.scalars(select(BlobChunk.data).where(
        BlobChunk.sha256 == sha, BlobChunk.owner == owner).order_by(BlobChunk.offset)).all()
    content = b"".join(chunks)
    session.execute(delete(BlobChunk).where(BlobChunk.sha256 == sha, BlobChunk.owner == owner))
    if hashlib.sha256(content).hexdigest() != sha or len(content) != total:
        session.commit()
        raise ApiError(422, E_INVALID, "the content does not match its SHA-256; send it again")
    if session.get(Blob, sha) is None:
        session.add(Blob(sha256=sha, size=total, data=content))
    add_owner(session, sha, owner)
    return {"sha256": sha, "complete": True, "received": total}


def download(session: Session, user: UserScope, profile: Profile, sha: str, offset: int,
             length: int) -> tuple[bytes, int]:
    sha = check_sha(sha)
    _require_attachment(session, user, profile, sha)
    if not may_download(session, user, profile, sha):  # before saying whether it is here
        raise ApiError(403, E_SCOPE, NOT_YOURS)
    blob = session.get(Blob, sha)
    if blob is None:
        raise ApiError(404, E_INVALID, "the server does not have this content yet")
    if offset < 0 or length <= 0 or offset > blob.size:
        raise ApiError(400, E_INVALID, "offset and length must lie within the content")
    return blob.data[offset:offset + length], blob.size


def check_attachment(session: Session, index: ScopeIndex, user: UserScope, profile: Profile,
                     fields: dict[str, Any]) -> str | None:
    """Why an attachment record's new state may not be accepted from ``user``, or None.

    Called for a pushed change that sets the content hash or the size. Content the server
    does not hold yet is accepted: the user must then upload all of it themselves.
    """
    sha = fields.get("sha256")
    if not isinstance(sha, str):
        return None
    sha = sha.lower()
    blob = session.get(Blob, sha)
    if blob is None:
        return None
    size = fields.get("size")
    if size != blob.size:
        return (f"the attachment declares a size of {size} bytes but its content has "
                f"{blob.size} bytes")
    if user.username in owners(session, sha):
        return None
    if may_download(session, user, profile, sha, index):
        add_owner(session, sha, user.username)
        return None
    return ("this attachment names content that was not uploaded from your account; attach "
            "the file again from the laptop that has it")
