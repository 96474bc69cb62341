"""Pictures attached to form answers, kept inside the vault's ``blobs`` table.

:func:`store_picked_file` runs on the vault's database thread: the file the worker picked is
read there, hashed and stored encrypted; nothing decrypted is written to disk. The answer of
the picture field is the SHA-256; ``store.get_blob(sha)`` gives the bytes back. Qt-free.
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
# What the file chooser offers (the same types, by their usual endings).
PICTURE_PATTERNS = "*.jpg *.jpeg *.png *.gif *.bmp *.webp *.tif *.tiff *.pdf"


class AttachmentRefused(KujdesError):
    message = "The file cannot be attached: {reason}"


def store_picked_file(store: Store, path: str | Path) -> str:
    """Read a picked file and keep it in the vault; returns its SHA-256."""
    path = Path(path)
    mime = mimetypes.guess_type(path.name)[0] or ""
    if mime not in ACCEPTED_MIME:
        raise AttachmentRefused(reason=tr("it is not a picture or a PDF"))
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise AttachmentRefused(reason=tr("it is larger than 20 MB"))
    return store.put_blob(path.read_bytes(), mime)
