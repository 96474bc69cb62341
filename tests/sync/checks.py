"""Invariants shared by the convergence, fault and property tests."""

from __future__ import annotations

from typing import Any

from sync.protocol import CONFLICT_TYPE
from sync.records import Change
from tests.sync.memreplica import MemReplica


def snapshot(replica: MemReplica) -> dict[str, tuple[str, dict[str, Any], bool, int]]:
    return {r.id: (r.type, r.fields, r.deleted, r.rev) for r in replica.records.values()}


def assert_converged(replicas: list[MemReplica]) -> None:
    """Every laptop shows the same records, fields and revisions, with nothing pending."""
    first = snapshot(replicas[0])
    for other in replicas[1:]:
        assert snapshot(other) == first, f"{other.user}@{other.device[:12]} differs"
    for replica in replicas:
        assert not [e for e in replica.outbox if not e.acked], "changes left unsent"


def all_changes(replicas: list[MemReplica]) -> list[Change]:
    return [e.change for r in replicas for e in r.outbox]


def assert_no_lost_edit(final: MemReplica, changes: list[Change]) -> None:
    """Each field value any laptop set is either what the record shows now, was replaced by a
    later change of the same field, or is kept in a conflict record for a person to choose."""
    kept: dict[tuple[str, str], list[Any]] = {}
    for rec in final.records.values():
        if rec.type == CONFLICT_TYPE:
            key = (rec.fields["record_id"], rec.fields["field"])
            kept.setdefault(key, []).extend(v["value"] for v in rec.fields["values"])
    last_writer: dict[tuple[str, str], list[Change]] = {}
    for change in changes:
        for name in change.fields:
            last_writer.setdefault((change.record_id, name), []).append(change)
    for (record_id, name), writers in last_writer.items():
        record = final.records.get(record_id)
        assert record is not None, f"record {record_id} was lost"
        shown = record.fields.get(name)
        by_device: dict[str, Change] = {}
        for change in writers:  # a device's later edit of a field replaces its earlier one
            prev = by_device.get(change.device)
            if prev is None or change.hlc > prev.hlc:
                by_device[change.device] = change
        for change in by_device.values():
            value = change.fields[name]
            assert value == shown or value in kept.get((record_id, name), []), (
                f"edit of {name} by {change.user} ({value!r}) is neither shown ({shown!r}) "
                "nor kept in a conflict")
