"""A real laptop for sync tests: an encrypted vault and its store, seen like MemReplica.

Local writes go through the store (so the outbox is the vault's own), syncs through
:func:`sync.engine.run_sync` with the vault's :class:`VaultReplica`; ``records`` and ``outbox``
read the vault's tables, so the invariants in tests/sync/checks.py apply unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from desktop.core.keys import FAST_KDF
from desktop.core.sync_local import VaultReplica
from desktop.core.vault import OpenVault, create_vault
from sync.client import SyncClient
from sync.engine import SyncResult, run_sync
from sync.ids import uuid7
from sync.records import Change, Record, loads
from tests.sync.memreplica import LocalRecord, OutboxEntry


class VaultBlobs:
    """The vault's ``blobs`` table as a mapping sha → (mime, data) of complete blobs."""

    def __init__(self, laptop: VaultLaptop) -> None:
        self.laptop = laptop

    def __setitem__(self, sha: str, value: tuple[str, bytes]) -> None:
        self.laptop.store_blob_unsent(sha, *value)

    def __getitem__(self, sha: str) -> tuple[str, bytes]:
        with self.laptop.store.reading() as conn:
            row = conn.exec_driver_sql("SELECT mime, data FROM blobs WHERE sha256 = ? AND "
                                       "complete = 1", (sha,)).fetchone()
        if row is None:
            raise KeyError(sha)
        return row[0], bytes(row[1])

    def __contains__(self, sha: object) -> bool:
        try:
            self[str(sha)]
        except KeyError:
            return False
        return True

    def __iter__(self) -> Iterator[str]:
        with self.laptop.store.reading() as conn:
            return iter([r[0] for r in conn.exec_driver_sql(
                "SELECT sha256 FROM blobs WHERE complete = 1")])


class VaultLaptop(VaultReplica):
    def __init__(self, vault: OpenVault) -> None:
        super().__init__(vault)
        self.user = vault.user
        self.device = vault.device_id
        self.clock = vault.store.clock
        self.blobs = VaultBlobs(self)
        self.ever_received: set[str] = set()
        self.wiped = False

    @classmethod
    def make(cls, folder: Path, user: str, password: str) -> VaultLaptop:
        return cls(create_vault(folder / uuid7(), user, password, kdf=FAST_KDF))

    # -- local writes, like MemReplica ------------------------------------------------------
    def create(self, record_type: str, fields: dict[str, Any],
               record_id: str | None = None) -> str:
        return self.store.create(record_type, fields, record_id=record_id).id

    def update(self, rid: str, fields: dict[str, Any]) -> Change:
        record = self.store.get(rid)
        if record is not None and record.type == "conflict":
            record.fields.update(fields)
            self.store.write_unchecked(record, fields, action="resolve_conflict")
        else:
            self.store.update(rid, fields)
        return self.outbox[-1].change

    def delete(self, rid: str) -> None:
        self.store.delete(rid)

    def sync(self, client: SyncClient, **kwargs: Any) -> SyncResult:
        return run_sync(client, self, **kwargs)

    def store_blob_unsent(self, sha: str, mime: str, data: bytes) -> None:
        with self.store.transaction() as conn:
            conn.exec_driver_sql("INSERT INTO blobs (sha256, mime, size, data) VALUES "
                                 "(?, ?, ?, ?)", (sha, mime, len(data), data))

    def unmark_uploaded(self, sha: str) -> None:
        with self.store.transaction() as conn:
            conn.exec_driver_sql("DELETE FROM sync_meta WHERE key = ?", (f"blob_up:{sha}",))

    # -- views ------------------------------------------------------------------------------
    @property
    def records(self) -> dict[str, LocalRecord]:
        if self.wiped:
            return {}
        with self.store.reading() as conn:
            rows = conn.exec_driver_sql(
                "SELECT id, type, fields, rev, deleted, sync_state FROM records").fetchall()
        return {r[0]: LocalRecord(r[0], r[1], loads(r[2]), r[3], bool(r[4]), r[5])
                for r in rows}

    @property
    def outbox(self) -> list[OutboxEntry]:
        if self.wiped:
            return []
        with self.store.reading() as conn:
            rows = conn.exec_driver_sql(
                "SELECT change_id, record_id, record_type, base_rev, fields, hlc, user, device, "
                "deleted, created, acked, result FROM outbox ORDER BY seq").fetchall()
        return [OutboxEntry(Change(r[0], r[1], r[2], r[3], loads(r[4]), r[5], r[6], r[7],
                                   bool(r[8]), bool(r[9])), bool(r[10]),
                            json.loads(r[11]) if r[11] else None) for r in rows]

    def live(self, record_type: str | None = None) -> dict[str, LocalRecord]:
        return {k: v for k, v in self.records.items()
                if not v.deleted and (record_type is None or v.type == record_type)}

    def get(self, rid: str) -> Record | None:
        return self.store.get(rid, include_deleted=True)

    # -- Replica, watched -------------------------------------------------------------------
    def apply_page(self, records: list[dict[str, Any]], cursor: int) -> None:
        self.ever_received.update(r["id"] for r in records)
        super().apply_page(records, cursor)

    def wipe(self) -> None:
        super().wipe()
        self.wiped = True
