"""The vault's store as the sync engine sees it (:class:`VaultReplica`), Qt-free.

Every step that reads or writes the vault can run where the app keeps its database work (its
database thread, through ``run_db``); pulled pages are written in a few statements each, with
the report bases brought up to date after each page.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from desktop.core.audit_sync import AuditOutbox
from desktop.core.reports.cache import prepare_reports
from desktop.core.search import reindex_persons
from desktop.core.store import Store
from desktop.core.vault import OpenVault, wipe_vault
from sync.engine import CURSOR_KEY, Progress
from sync.merge import DELETED, rebase_view
from sync.protocol import CONFLICT_TYPE
from sync.records import Change, Record, loads

log = logging.getLogger("kujdes.sync")

RunDb = Callable[[Callable[[Store], Any]], Any]
T = TypeVar("T")


def prepare_after_sync(store: Store, progress: Progress | None) -> None:
    """Bring the report figures up to date with what the sync brought, while the user waits
    for the sync anyway (the first sync of a caseload would otherwise slow the first report).
    The sync has succeeded whatever happens here: the next report tries again."""
    if progress is not None:
        progress("reports", 0, None)
    try:
        done = prepare_reports(store)
    except Exception as exc:  # noqa: BLE001 - reported in the log; the sync stands
        log.warning("report figures not prepared after sync: %s", type(exc).__name__)
        return
    log.info("report figures after sync: %s", done)


def _on_db(method: Callable[..., T]) -> Callable[..., T]:
    """A replica method that reads or writes the vault: it runs through ``run_db``."""

    @functools.wraps(method)
    def wrapper(self: VaultReplica, *args: Any, **kwargs: Any) -> T:
        if self._run_db is None:
            return method(self, *args, **kwargs)
        return self._run_db(lambda _store: method(self, *args, **kwargs))

    return wrapper


class VaultReplica:
    """The vault's store as the sync engine sees it.

    With ``run_db`` (the app's ``Operations.call_blocking``), every database step runs on the
    vault's database thread while the network work stays on the caller's thread; without it
    (the command line, tests) the steps run where they are called.
    """

    def __init__(self, vault: OpenVault, run_db: RunDb | None = None, *,
                 reports: bool = False) -> None:
        self.vault = vault
        self.store = vault.store
        self._run_db = run_db
        self._reports = reports  # bring the report bases up to date after each page

    @_on_db
    def pending_changes(self, limit: int) -> list[Change]:
        return self.store.pending_changes(limit)

    @_on_db
    def mark_results(self, results: list[dict[str, Any]]) -> None:
        with self.store.transaction() as conn:
            for res in results:
                conn.exec_driver_sql("UPDATE outbox SET acked = 1, result = ? WHERE change_id = ?",
                                     (json.dumps(res), res["change_id"]))
                if res.get("status") == "rejected":
                    # the edit stays visible with the server's reason in the outbox row,
                    # flagged for a person (desktop.core.refusals)
                    conn.exec_driver_sql(
                        "UPDATE records SET sync_state = 'refused' WHERE id = "
                        "(SELECT record_id FROM outbox WHERE change_id = ?)", (res["change_id"],))

    def _pending_for(self, conn: Any, record_ids: list[str]) -> dict[str, list[Change]]:
        """The unacknowledged changes of these records, oldest first, by record."""
        found: dict[str, list[Change]] = {}
        for start in range(0, len(record_ids), 500):
            chunk = record_ids[start:start + 500]
            rows = conn.exec_driver_sql(
                "SELECT change_id, record_id, record_type, base_rev, fields, hlc, user, device, "
                f"deleted, created FROM outbox WHERE acked = 0 AND record_id IN "
                f"({','.join('?' * len(chunk))}) ORDER BY seq", tuple(chunk)).fetchall()
            for r in rows:
                found.setdefault(r[1], []).append(Change(
                    r[0], r[1], r[2], r[3], loads(r[4]), r[5], r[6], r[7], bool(r[8]),
                    bool(r[9])))
        return found

    @_on_db
    def apply_page(self, records: list[dict[str, Any]], cursor: int) -> None:
        """Write a pulled page and its cursor in one transaction; pending edits stay on top."""
        with self.store.transaction() as conn:
            pending = self._pending_for(conn, [data["id"] for data in records])
            page: list[Record] = []
            for data in records:
                mine = pending.get(data["id"], [])
                fields, deleted = rebase_view(data["fields"], data["deleted"], mine)
                fields.pop(DELETED, None)
                page.append(Record(data["id"], data["type"], fields, int(data["rev"]), deleted))
            self.store.put_synced_many(page, {rid: "pending" for rid in pending})
            self._flag_conflicts(conn, records)
            self.store.meta_set(CURSOR_KEY, str(cursor))
        if self._reports:
            # while the next page travels (sync.engine pulls ahead): the report after a sync
            # or a first restore finds its bases ready, not a whole caseload to read
            prepare_after_sync(self.store, None)

    def _flag_conflicts(self, conn: Any, records: list[dict[str, Any]]) -> None:
        open_targets = {loads(row[0]).get("record_id") for row in conn.exec_driver_sql(
            "SELECT fields FROM records WHERE type = ? AND status = 'open'", (CONFLICT_TYPE,))}
        touched = {d["fields"].get("record_id") for d in records if d["type"] == CONFLICT_TYPE}
        states = [("conflict" if rid in open_targets else "synced", rid)
                  for rid in touched | {d["id"] for d in records}]
        if states:  # rows already in their state are not written again
            conn.exec_driver_sql("UPDATE records SET sync_state = ?1 WHERE id = ?2 AND "
                                 "sync_state NOT IN ('pending', ?1)", states)

    @_on_db
    def get_meta(self, key: str) -> str | None:
        return self.store.meta_get(key)

    @_on_db
    def set_meta(self, key: str, value: str) -> None:
        self.store.meta_set(key, value)

    @_on_db
    def caseload_pairs(self) -> Iterable[tuple[str, int]]:
        with self.store.reading() as conn:
            return [(r[0], int(r[1])) for r in conn.exec_driver_sql(
                "SELECT id, rev FROM records WHERE rev > 0")]

    @_on_db
    def sweep(self, keep: set[str]) -> int:
        """After a full restore: drop synced records the server no longer shows this user."""
        with self.store.transaction() as conn:
            rows = conn.exec_driver_sql(
                "SELECT id, type, fields FROM records WHERE rev > 0 AND id NOT IN "
                "(SELECT record_id FROM outbox WHERE acked = 0)").fetchall()
            gone = [r for r in rows if r[0] not in keep]
            persons = {r[0] if r[1] == "person" else loads(r[2]).get("person_id")
                       for r in gone if r[1] in ("person", "case")}
            for rid, _type, _fields in gone:
                conn.exec_driver_sql("DELETE FROM records WHERE id = ?", (rid,))
            persons.discard(None)
            if persons:
                reindex_persons(conn, sorted(persons))
        return len(gone)

    @_on_db
    def blobs_to_upload(self) -> list[str]:
        with self.store.reading() as conn:
            return [r[0] for r in conn.exec_driver_sql(
                "SELECT sha256 FROM blobs WHERE complete = 1 AND NOT EXISTS "
                "(SELECT 1 FROM sync_meta WHERE key = 'blob_up:' || blobs.sha256)")]

    @_on_db
    def mark_uploaded(self, sha: str) -> None:
        self.store.meta_set(f"blob_up:{sha}", "1")

    @_on_db
    def blob_data(self, sha: str) -> bytes | None:
        with self.store.reading() as conn:
            row = conn.exec_driver_sql("SELECT data FROM blobs WHERE sha256 = ? AND "
                                       "complete = 1", (sha,)).fetchone()
        return bytes(row[0]) if row else None

    @_on_db
    def blobs_to_download(self) -> list[tuple[str, str]]:
        with self.store.reading() as conn:
            rows = conn.exec_driver_sql(
                "SELECT fields FROM records WHERE type = 'attachment' AND deleted = 0").fetchall()
            have = {r[0] for r in conn.exec_driver_sql(
                "SELECT sha256 FROM blobs WHERE complete = 1")}
        wanted: dict[str, str] = {}
        for (text,) in rows:
            fields = loads(text)
            sha = fields.get("sha256")
            if isinstance(sha, str) and sha not in have:
                wanted[sha] = str(fields.get("mime") or "application/octet-stream")
        return sorted(wanted.items())

    @_on_db
    def partial_blob(self, sha: str) -> bytes:
        with self.store.reading() as conn:
            row = conn.exec_driver_sql("SELECT data FROM blobs WHERE sha256 = ? AND "
                                       "complete = 0", (sha,)).fetchone()
        return bytes(row[0]) if row else b""

    @_on_db
    def save_partial_blob(self, sha: str, data: bytes) -> None:
        with self.store.transaction() as conn:
            conn.exec_driver_sql(
                "INSERT INTO blobs (sha256, mime, size, data, complete) VALUES (?, ?, ?, ?, 0) "
                "ON CONFLICT(sha256) DO UPDATE SET data = excluded.data, size = excluded.size "
                "WHERE blobs.complete = 0", (sha, "application/octet-stream", len(data), data))

    @_on_db
    def store_blob(self, sha: str, mime: str, data: bytes) -> None:
        with self.store.transaction() as conn:
            conn.exec_driver_sql(
                "INSERT INTO blobs (sha256, mime, size, data, complete) VALUES (?, ?, ?, ?, 1) "
                "ON CONFLICT(sha256) DO UPDATE SET data = excluded.data, size = excluded.size, "
                "mime = excluded.mime, complete = 1", (sha, mime, len(data), data))
            self.store.meta_set(f"blob_up:{sha}", "1")

    def audit_log(self) -> AuditOutbox:
        """The audit entries sync sends to the server (see :func:`sync.engine.push_audit`)."""
        return AuditOutbox(self.store, self._run_db)

    def wipe(self) -> None:
        data_dir, user = self.vault.data_dir, self.vault.user
        self.vault.lock()
        wipe_vault(data_dir, user)
        log.warning("vault wiped at the server's request (revoked laptop or disabled user)")
