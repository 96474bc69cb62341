"""The audit log's hash chain, computed alike by the laptop that writes it and the server
that receives it.

Every entry's hash covers the previous entry's hash and the entry itself, so an entry changed,
removed or inserted later breaks every hash after it. A vault's log is one chain, named by the
hash of its first entry.
"""

from __future__ import annotations

import hashlib

from sync.records import dumps

GENESIS_HASH = "0" * 64
AUDIT_BATCH = 1000  # entries per request
ENTRY_FIELDS = ("seq", "at", "user", "device", "action", "record_type", "record_id", "detail",
                "prev_hash", "hash")


def audit_hash(prev_hash: str, at: str, user: str, device: str, action: str,
               record_type: str | None, record_id: str | None, detail: str) -> str:
    payload = dumps([prev_hash, at, user, device, action, record_type, record_id, detail])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
