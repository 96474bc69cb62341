"""Record identifiers made on the device: version 7 UUIDs, in the order they were made."""

from __future__ import annotations

import time
import uuid

import pytest

from sync import ids
from sync.ids import uuid7


def test_identifiers_are_version_7_uuids_in_the_order_made() -> None:
    made = [uuid7() for _ in range(5000)]
    assert made == sorted(made) and len(set(made)) == len(made)
    for text in made[:100]:
        value = uuid.UUID(text)
        assert (value.version, value.variant, str(value)) == (7, uuid.RFC_4122, text)


def test_more_than_4096_in_one_millisecond_stay_in_order(monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    frozen = time.time_ns() + 10**12  # later than any identifier made so far
    for name in ("_last_ms", "_counter"):  # put back afterwards: the clock is not frozen
        monkeypatch.setattr(ids, name, getattr(ids, name))
    monkeypatch.setattr(ids.time, "time_ns", lambda: frozen)
    made = [uuid7() for _ in range(5000)]
    assert made == sorted(made) and len(set(made)) == len(made)
    stamps = {uuid.UUID(t).int >> 80 for t in made}
    assert stamps <= {frozen // 1_000_000, frozen // 1_000_000 + 1, frozen // 1_000_000 + 2}
