"""The sync protocol's shared constants and body encoding (both ends import this).

Bodies are compact JSON compressed with gzip (``Content-Encoding: gzip`` on requests; the
server compresses replies when asked by ``Accept-Encoding``). Every request names the protocol
version it speaks in the ``Kujdes-Protocol`` header; each end supports a range
``[PROTOCOL_MIN, PROTOCOL_MAX]`` and the highest common version is used. See
docs/sync-protocol.md.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterable
from typing import Any

PROTOCOL_MIN = 1
PROTOCOL_MAX = 2  # 2: laptops send their audit logs (POST /api/audit)
PROTOCOL_HEADER = "Kujdes-Protocol"
DEVICE_HEADER = "Kujdes-Device"

PUSH_BATCH_MIN = 100
PUSH_BATCH_MAX = 500
PULL_PAGE_DEFAULT = 500
PULL_PAGE_MAX = 2000
BLOB_CHUNK = 256 * 1024
MAX_BODY_BYTES = 32 * 1024 * 1024  # decompressed request body
MAX_BLOB_BYTES = 64 * 1024 * 1024

# Record types every end knows besides the profile's: the server writes them.
CONFLICT_TYPE = "conflict"
FORM_TYPE = "form_definition"  # an XLSForm the municipality published (sync/server/forms.py)
INDICATOR_TYPE = "indicator_definition"  # report indicators (sync/server/indicators.py)
CATALOG_TYPES = ("village", "service_provider", FORM_TYPE, INDICATOR_TYPE)
# Projection columns of the server-made record types, for the laptop's store.
SYSTEM_PROJECTIONS = {CONFLICT_TYPE: {"case_id": "case_id", "status": "status",
                                      "subtype": "record_type", "title": "field"}}
CHILD_TYPES = ("assessment", "plan", "plan_action", "visit", "referral", "measure", "consent",
               "note", "attachment")

SYSTEM_PROJECTIONS[FORM_TYPE] = {}  # form definitions are found by type and id only
SYSTEM_PROJECTIONS[INDICATOR_TYPE] = {}

# Error codes in the JSON body ``{"error": code, "message": text}`` of a 4xx reply.
E_PROTOCOL = "protocol_unsupported"
E_AUTH = "bad_credentials"
E_TOKEN = "token_invalid"
E_REVOKED = "device_revoked"
E_DISABLED = "user_disabled"
E_RATE = "rate_limited"
E_SCOPE = "out_of_scope"
E_INVALID = "invalid_request"
E_TOO_LARGE = "too_large"
WIPE_ERRORS = (E_REVOKED, E_DISABLED)


def negotiate(client_min: int, client_max: int, server_min: int, server_max: int) -> int | None:
    """The highest version both ends speak, or None."""
    best = min(client_max, server_max)
    return best if best >= max(client_min, server_min) else None


def encode_body(value: Any) -> bytes:
    """Compact JSON, gzip-compressed."""
    raw = json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return gzip.compress(raw, compresslevel=6, mtime=0)


class BodyTooLarge(ValueError):
    """A request body over :data:`MAX_BODY_BYTES`, as sent or once decompressed."""


TOO_LARGE = ("The request body is larger than 32 MiB; the server refused it. Send fewer "
             "changes per request.")
TOO_LARGE_UNZIPPED = ("The request body is larger than 32 MiB once decompressed; the server "
                      "refused it. Send fewer changes per request.")


def decode_body(data: bytes, encoding: str | None, limit: int = MAX_BODY_BYTES) -> Any:
    """Decode a request body; raises ValueError with a clear message when it is not valid
    (:class:`BodyTooLarge` when it is too large)."""
    if encoding and encoding.strip().lower() == "gzip":
        try:
            data = _gunzip(data, limit)
        except (OSError, EOFError) as exc:
            raise ValueError("the body is not valid gzip") from exc
    elif encoding and encoding.strip().lower() not in ("identity", ""):
        raise ValueError(f"unsupported Content-Encoding {encoding!r} (use gzip)")
    if len(data) > limit:
        raise BodyTooLarge(TOO_LARGE)
    try:
        return json.loads(data.decode("utf-8")) if data else None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"the body is not valid JSON ({exc})") from exc
    except RecursionError:
        raise ValueError("the body is nested too deeply") from None


def _gunzip(data: bytes, limit: int) -> bytes:
    import zlib

    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    out = inflater.decompress(data, limit + 1)
    if len(out) > limit:
        raise BodyTooLarge(TOO_LARGE_UNZIPPED)
    if not inflater.eof:
        raise EOFError("truncated gzip body")
    return out


def caseload_digest(pairs: Iterable[tuple[str, int]]) -> tuple[int, str]:
    """Count and SHA-256 of a caseload given as (record id, revision) pairs, in any order."""
    digest = hashlib.sha256()
    count = 0
    for record_id, rev in sorted(pairs):
        digest.update(f"{record_id}:{rev}\n".encode())
        count += 1
    return count, digest.hexdigest()
