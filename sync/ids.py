"""Identifiers made on the device: UUIDv7 (time-ordered, unique without a connection)."""

from __future__ import annotations

import datetime as dt
import os
import threading
import time
import uuid

_lock = threading.Lock()
_last_ms = 0
_counter = 0


def uuid7() -> str:
    """A RFC 9562 version 7 UUID as a string; monotonic within this process."""
    global _last_ms, _counter
    with _lock:
        ms = time.time_ns() // 1_000_000
        random = int.from_bytes(os.urandom(10), "big")  # 16 bits for the counter, 62 below
        if ms <= _last_ms:
            ms = _last_ms
            _counter += 1
            if _counter > 0xFFF:
                ms += 1
                _counter = 0
        else:
            _counter = (random >> 64) & 0x3FF
        _last_ms = ms
        value = (ms & ((1 << 48) - 1)) << 80
        value |= 0x7 << 76
        value |= (_counter & 0xFFF) << 64
        value |= 0b10 << 62
        value |= random & ((1 << 62) - 1)
    text = f"{value:032x}"  # as str(uuid.UUID(int=value)), without making the object
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


def uuid7_time(text: str) -> dt.datetime | None:
    """When a version 7 UUID was made (UTC, to the millisecond); None for other identifiers."""
    try:
        value = uuid.UUID(text)
    except (ValueError, AttributeError, TypeError):
        return None
    if value.version != 7:
        return None
    return dt.datetime.fromtimestamp((value.int >> 80) / 1000, tz=dt.UTC)
