"""Attachment content: addressed by SHA-256, uploaded and downloaded in resumable chunks.

A user may upload or download a blob only when an attachment record they may see names it.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from sync.profile import Profile
from sync.protocol import E_INVALID, E_SCOPE, MAX_BLOB_BYTES
from sync.server.errors import ApiError
from sync.server.models import Blob, BlobChunk, RecordRow
from sync.server.scope import ScopeIndex, UserScope


def check_sha(sha: str) -> str:
    sha = sha.lower()
    if len(sha) != 64 or any(c not in "0123456789abcdef" for c in sha):
        raise ApiError(400, E_INVALID, "a blob is named by the 64 hex digits of its SHA-256")
    return sha


def may_access(session: Session, user: UserScope, profile: Profile, sha: str) -> bool:
    rows = [row for row in session.scalars(select(RecordRow).where(
        RecordRow.type == "attachment")) if row.fields.get("sha256") == sha]
    index = ScopeIndex.lazy(session, user, profile)
    index.prepare([(row.id, row.type, row.fields) for row in rows])
    return any(index.row_visible(row) for row in rows)


def _require_access(session: Session, user: UserScope, profile: Profile, sha: str) -> None:
    if not may_access(session, user, profile, sha):
        raise ApiError(403, E_SCOPE, "no attachment you may see has this content")


def received(session: Session, sha: str) -> int:
    return session.scalar(select(func.coalesce(func.sum(func.length(BlobChunk.data)), 0))
                          .where(BlobChunk.sha256 == sha)) or 0


def status(session: Session, user: UserScope, profile: Profile, sha: str) -> dict[str, object]:
    sha = check_sha(sha)
    _require_access(session, user, profile, sha)
    blob = session.get(Blob, sha)
    if blob is not None:
        return {"sha256": sha, "complete": True, "size": blob.size, "received": blob.size}
    return {"sha256": sha, "complete": False, "received": received(session, sha)}


def upload_chunk(session: Session, user: UserScope, profile: Profile, sha: str, offset: int,
                 total: int, data: bytes) -> dict[str, object]:
    sha = check_sha(sha)
    _require_access(session, user, profile, sha)
    if session.get(Blob, sha) is not None:
        return {"sha256": sha, "complete": True, "received": total}
    if not 0 < total <= MAX_BLOB_BYTES:
        raise ApiError(413, E_INVALID, f"attachments may be at most {MAX_BLOB_BYTES} bytes")
    have = received(session, sha)
    if offset != have:
        raise ApiError(409, E_INVALID, f"expected the chunk at offset {have}",
                       {"Kujdes-Received": str(have)})
    if not data or offset + len(data) > total:
        raise ApiError(400, E_INVALID, "the chunk is empty or runs past the declared size")
    session.add(BlobChunk(sha256=sha, offset=offset, data=data))
    session.flush()
    if offset + len(data) < total:
        return {"sha256": sha, "complete": False, "received": offset + len(data)}
    return _assemble(session, sha, total)


def _assemble(session: Session, sha: str, total: int) -> dict[str, object]:
    chunks = session.scalars(select(BlobChunk.data).where(BlobChunk.sha256 == sha)
                             .order_by(BlobChunk.offset)).all()
    content = b"".join(chunks)
    session.execute(delete(BlobChunk).where(BlobChunk.sha256 == sha))
    if hashlib.sha256(content).hexdigest() != sha or len(content) != total:
        session.commit()
        raise ApiError(422, E_INVALID, "the content does not match its SHA-256; send it again")
    session.add(Blob(sha256=sha, size=total, data=content))
    return {"sha256": sha, "complete": True, "received": total}


def download(session: Session, user: UserScope, profile: Profile, sha: str, offset: int,
             length: int) -> tuple[bytes, int]:
    sha = check_sha(sha)
    _require_access(session, user, profile, sha)
    blob = session.get(Blob, sha)
    if blob is None:
        raise ApiError(404, E_INVALID, "the server does not have this content yet")
    if offset < 0 or length <= 0 or offset > blob.size:
        raise ApiError(400, E_INVALID, "offset and length must lie within the content")
    return blob.data[offset:offset + length], blob.size
