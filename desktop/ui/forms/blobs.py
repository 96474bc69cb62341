"""Pictures attached to form answers, kept inside the vault's ``blobs`` table.

These are jobs for the database thread (``db.run(lambda store: store_file(store, path))``):
the file is read there, hashed and stored encrypted; nothing decrypted is written to disk.
"""

from __future__ import annotations

import hashlib
import mimetypes
from pathlib import Path

from desktop.core.errors import KujdesError
from desktop.core.i18n import tr
from desktop.core.store import Store

MAX_BYTES = 20 * 1024 * 1024
ACCEPTED_MIME = ("image/jpeg", "image/png", "image/gif", "image/bmp", "image/webp",
                 "image/tiff", "application/pdf")


class AttachmentRefused(KujdesError):
    message = "The file cannot be attached: {reason}"


def put_blob(store: Store, data: bytes, mime: str) -> str:
    """Store ``data`` under its SHA-256 (once, however often it is attached)."""
    sha = hashlib.sha256(data).hexdigest()
    with store.transaction() as conn:
        conn.exec_driver_sql(
            "INSERT INTO blobs (sha256, mime, size, data, complete) VALUES (?, ?, ?, ?, 1) "
            "ON CONFLICT(sha256) DO NOTHING", (sha, mime, len(data), data))
    return sha


def get_blob(store: Store, sha: str) -> bytes | None:
    with store.reading() as conn:
        row = conn.exec_driver_sql("SELECT data FROM blobs WHERE sha256 = ? AND complete = 1",
                                   (sha,)).fetchone()
    return bytes(row[0]) if row else None


def store_file(store: Store, path: str | Path) -> str:
    """Read a picked file and keep it in the vault; returns its SHA-256."""
    path = Path(path)
    mime = mimetypes.guess_type(path.name)[0] or ""
    if mime not in ACCEPTED_MIME:
        raise AttachmentRefused(reason=tr("it is not a picture or a PDF"))
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise AttachmentRefused(reason=tr("it is larger than 20 MB"))
    return put_blob(store, path.read_bytes(), mime)

