"""Pictures attached to form answers, kept inside the vault's ``blobs`` table.

These are jobs for the database thread (``db.run(lambda store: store_file(store, path))``):
the file is read there, hashed and stored encrypted; nothing decrypted is written to disk.
"""

from __future__ import annotations

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
    return store.put_blob(data, mime)


def get_blob(store: Store, sha: str) -> bytes | None:
    return store.get_blob(sha)


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

