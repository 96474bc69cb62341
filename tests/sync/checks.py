"""Invariants shared by the convergence, fault and property tests."""

from __future__ import annotations

from typing import Any

from sync.protocol import CONFLICT_TYPE
from tests.sync.memreplica import MemReplica, OutboxEntry


def snapshot(replica: MemReplica) -> dict[str, tuple[str, dict[str, Any], bool, int]]:
    return {r.id: (r.type, r.fields, r.deleted, r.rev) for r in replica.records.values()}


def assert_converged(replicas: list[MemReplica]) -> None:
    """Every laptop shows the same records, fields and revisions, with nothing pending."""
    first = snapshot(replicas[0])
    for other in replicas[1:]:
        assert snapshot(other) == first, f"{other.user}@{other.device[:12]} differs"
    for replica in replicas:
        assert not [e for e in replica.outbox if not e.acked], "changes left unsent"


def all_changes(replicas: list[MemReplica]) -> list[OutboxEntry]:
    return [e for r in replicas for e in r.outbox]


def assert_no_lost_edit(final: MemReplica, entries: list[OutboxEntry]) -> None:
    """Each field value any laptop set is what the record shows now, or was replaced by a
    change made after seeing it (a later edit on the same laptop, or an edit based on a
    revision that included it), or is kept in a conflict record for a person to choose."""
    kept: dict[tuple[str, str], list[Any]] = {}
    for rec in final.records.values():
        if rec.type == CONFLICT_TYPE:
            key = (rec.fields["record_id"], rec.fields["field"])
            kept.setdefault(key, []).extend(v["value"] for v in rec.fields["values"])
    writers: dict[tuple[str, str], list[OutboxEntry]] = {}
    for entry in entries:
        assert entry.result is not None and entry.result["status"] != "rejected", entry.result
        for name in entry.change.fields:
            writers.setdefault((entry.change.record_id, name), []).append(entry)
    for (record_id, name), group in writers.items():
        record = final.records.get(record_id)
        assert record is not None, f"record {record_id} was lost"
        shown = record.fields.get(name)
        for entry in group:
            if any(_saw(later, entry) for later in group if later is not entry):
                continue
            value = entry.change.fields[name]
            assert value == shown or value in kept.get((record_id, name), []), (
                f"edit of {name} by {entry.change.user} ({value!r}) is neither shown "
                f"({shown!r}) nor kept in a conflict")


def _saw(later: OutboxEntry, earlier: OutboxEntry) -> bool:
    """Was ``later`` made by someone who had seen ``earlier``?"""
    if later.change.device == earlier.change.device:
        return later.change.hlc > earlier.change.hlc
    rev = (earlier.result or {}).get("rev") or 0
    return bool(rev) and later.change.base_rev >= rev
