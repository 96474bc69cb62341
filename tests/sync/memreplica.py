"""A small in-memory laptop for protocol tests: records, outbox, cursor, blobs.

It implements :class:`sync.engine.Replica` with plain dicts and makes local writes the way the
vault's store does (one outbox change per write, based on the record's last synced revision).
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sync.client import SyncClient
from sync.engine import SyncResult, run_sync
from sync.hlc import HybridClock
from sync.ids import uuid7
from sync.merge import rebase_view
from sync.protocol import CONFLICT_TYPE
from sync.records import Change


@dataclass
class LocalRecord:
    id: str
    type: str
    fields: dict[str, Any]
    rev: int = 0
    deleted: bool = False
    state: str = "pending"


@dataclass
class OutboxEntry:
    change: Change
    acked: bool = False
    result: dict[str, Any] | None = None


@dataclass
class MemReplica:
    user: str
    device: str
    records: dict[str, LocalRecord] = field(default_factory=dict)
    outbox: list[OutboxEntry] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    blobs: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    partial: dict[str, bytes] = field(default_factory=dict)
    uploaded: set[str] = field(default_factory=set)
    wiped: bool = False
    # every record id that ever reached this laptop (for scope invariants)
    ever_received: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.clock = HybridClock(self.device[:8])

    # -- local writes ----------------------------------------------------------------------
    def create(self, record_type: str, fields: dict[str, Any],
               record_id: str | None = None) -> str:
        rid = record_id or uuid7()
        self.records[rid] = LocalRecord(rid, record_type, dict(fields))
        self._append(Change(uuid7(), rid, record_type, 0, dict(fields), self.clock.now(),
                            self.user, self.device, created=True))
        return rid

    def update(self, rid: str, fields: dict[str, Any]) -> Change:
        rec = self.records[rid]
        rec.fields.update(fields)
        rec.state = "pending"
        change = Change(uuid7(), rid, rec.type, rec.rev, dict(fields), self.clock.now(),
                        self.user, self.device)
        self._append(change)
        return change

    def delete(self, rid: str) -> None:
        rec = self.records[rid]
        rec.deleted = True
        rec.state = "pending"
        self._append(Change(uuid7(), rid, rec.type, rec.rev, {}, self.clock.now(), self.user,
                            self.device, deleted=True))

    def _append(self, change: Change) -> None:
        self.outbox.append(OutboxEntry(change))

    def sync(self, client: SyncClient, **kwargs: Any) -> SyncResult:
        return run_sync(client, self, **kwargs)

    def live(self, record_type: str | None = None) -> dict[str, LocalRecord]:
        return {k: v for k, v in self.records.items()
                if not v.deleted and (record_type is None or v.type == record_type)}

    # -- Replica ------------------------------------------------------------------------------
    def pending_changes(self, limit: int) -> list[Change]:
        return [copy.deepcopy(e.change) for e in self.outbox if not e.acked][:limit]

    def mark_results(self, results: list[dict[str, Any]]) -> None:
        by_id = {r["change_id"]: r for r in results}
        for entry in self.outbox:
            if entry.change.change_id in by_id and not entry.acked:
                entry.acked, entry.result = True, by_id[entry.change.change_id]

    def _pending_for(self, rid: str) -> list[Change]:
        return [e.change for e in self.outbox if not e.acked and e.change.record_id == rid]

    def apply_page(self, records: list[dict[str, Any]], cursor: int) -> None:
        for data in records:
            self.ever_received.add(data["id"])
            pending = self._pending_for(data["id"])
            fields, deleted = rebase_view(data["fields"], data["deleted"], pending)
            state = "pending" if pending else "synced"
            self.records[data["id"]] = LocalRecord(data["id"], data["type"], fields,
                                                   data["rev"], deleted, state)
        targets = {d["fields"].get("record_id") for d in records if d["type"] == CONFLICT_TYPE}
        open_targets = {r.fields.get("record_id") for r in self.records.values()
                        if r.type == CONFLICT_TYPE and r.fields.get("status") == "open"}
        for rid in targets | {d["id"] for d in records}:
            target = self.records.get(rid)
            if target is not None and target.state != "pending":
                target.state = "conflict" if rid in open_targets else "synced"
        self.meta["cursor"] = str(cursor)

    def get_meta(self, key: str) -> str | None:
        return self.meta.get(key)

    def set_meta(self, key: str, value: str) -> None:
        self.meta[key] = value

    def caseload_pairs(self) -> Iterable[tuple[str, int]]:
        return [(r.id, r.rev) for r in self.records.values() if r.rev > 0]

    def sweep(self, keep: set[str]) -> int:
        gone = [rid for rid, r in self.records.items()
                if rid not in keep and r.rev > 0 and not self._pending_for(rid)]
        for rid in gone:
            del self.records[rid]
        return len(gone)

    def blobs_to_upload(self) -> list[str]:
        return [sha for sha in self.blobs if sha not in self.uploaded]

    def mark_uploaded(self, sha: str) -> None:
        self.uploaded.add(sha)

    def unmark_uploaded(self, sha: str) -> None:
        self.uploaded.discard(sha)

    def blob_data(self, sha: str) -> bytes | None:
        return self.blobs[sha][1] if sha in self.blobs else None

    def blobs_to_download(self) -> list[tuple[str, str]]:
        return [(r.fields["sha256"], r.fields.get("mime", "application/octet-stream"))
                for r in self.live("attachment").values()
                if r.fields.get("sha256") and r.fields["sha256"] not in self.blobs]

    def partial_blob(self, sha: str) -> bytes:
        return self.partial.get(sha, b"")

    def save_partial_blob(self, sha: str, data: bytes) -> None:
        self.partial[sha] = data

    def store_blob(self, sha: str, mime: str, data: bytes) -> None:
        self.blobs[sha] = (mime, data)
        self.uploaded.add(sha)
        self.partial.pop(sha, None)

    def wipe(self) -> None:
        self.records.clear()
        self.outbox.clear()
        self.meta.clear()
        self.blobs.clear()
        self.wiped = True
