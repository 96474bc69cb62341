"""The laptop's side of sync: signing in, syncing a vault, resolving conflicts (Qt-free).

* :func:`login` opens the user's vault. The first login on a laptop needs the server: it
  checks the password there, makes the vault and restores the user's caseload into it. Later
  logins work offline. A vault locked after too many wrong passwords is unlocked by a
  successful login on the server.
* :func:`sync_now` pushes the outbox, pulls what changed, exchanges attachments and checks the
  caseload against the server (restoring it on a mismatch). A revoked laptop or disabled user
  is wiped at this contact.
* :func:`resolve_conflict` records a person's choice as an ordinary change that syncs.

The vault's data goes through :class:`VaultReplica`, the store-backed
:class:`sync.engine.Replica`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import logging
import socket
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from desktop.core.audit_sync import AuditOutbox
from desktop.core.errors import KujdesError, VaultLockedOut
from desktop.core.keys import KdfParams
from desktop.core.progress import Cancelled
from desktop.core.progress import Progress as CoreProgress
from desktop.core.reports.cache import prepare_reports
from desktop.core.search import reindex_persons
from desktop.core.settings import server_ca_cert
from desktop.core.store import Store, now_iso
from desktop.core.vault import (
    OpenVault,
    create_vault,
    device_id,
    open_vault,
    reauthorise,
    vault_folder,
    wipe_vault,
)
from sync.client import AuthError, RevokedError, SyncClient, SyncError
from sync.engine import CURSOR_KEY, Progress, SyncResult, run_sync
from sync.merge import DELETED, rebase_view
from sync.protocol import CONFLICT_TYPE
from sync.records import Change, Record, loads

log = logging.getLogger("kujdes.sync")

META_URL = "server_url"
META_TOKEN = "server_token"
META_USER = "server_user"
META_PROFILE = "server_profile_sha256"
T = TypeVar("T")

__all__ = ["login", "sync_now", "resolve_conflict", "refresh_session", "open_conflicts",
           "SyncResult", "SyncError", "VaultReplica"]


# -- signing in ------------------------------------------------------------------------------

def login(server_url: str, data_dir: str | Path, username: str, password: str, *,
          device_name: str | None = None, kdf: KdfParams | None = None,
          progress: Progress | CoreProgress | None = None, cancel: Any = None) -> OpenVault:
    """Open ``username``'s vault on this laptop, provisioning it from the server the first time.

    Raises :class:`KujdesError` for vault problems (wrong password, ...) and
    :class:`sync.client.SyncError` subclasses for server problems (network down, wrong
    password on the server, revoked laptop: the vault is then wiped).
    """
    data_dir = Path(data_dir)
    if (vault_folder(data_dir, username) / "key.json").exists():
        try:
            return open_vault(data_dir, username, password)
        except VaultLockedOut:
            return _unlock_through_server(server_url, data_dir, username, password,
                                          device_name)
    return _first_login(server_url, data_dir, username, password, device_name, kdf, progress,
                        cancel)


def _client(server_url: str, data_dir: Path, token: str | None = None) -> SyncClient:
    return SyncClient(server_url, device_id(data_dir), token, ca_cert=server_ca_cert())


def _server_login(client: SyncClient, data_dir: Path, username: str, password: str,
                  device_name: str | None) -> dict[str, Any]:
    client.hello()
    try:
        return client.login(username, password, device_name or socket.gethostname())
    except RevokedError:
        wipe_vault(data_dir, username)
        raise


def _unlock_through_server(server_url: str, data_dir: Path, username: str, password: str,
                           device_name: str | None) -> OpenVault:
    client = _client(server_url, data_dir)
    reply = _server_login(client, data_dir, username, password, device_name)
    reauthorise(data_dir, username)
    vault = open_vault(data_dir, username, password)
    _save_session(vault.store, server_url, client.token, reply)
    return vault


def _first_login(server_url: str, data_dir: Path, username: str, password: str,
                 device_name: str | None, kdf: KdfParams | None,
                 progress: Progress | CoreProgress | None, cancel: Any) -> OpenVault:
    client = _client(server_url, data_dir)
    reply = _server_login(client, data_dir, username, password, device_name)
    with ThreadPoolExecutor(1, thread_name_prefix="kujdes-profile") as pool:
        # the server's profile travels while the vault's key is derived (Argon2id)
        asked = pool.submit(client.profile)
        vault = create_vault(data_dir, username, password, kdf=kdf,
                             country=str(reply.get("country", "AL")))
        try:
            _save_session(vault.store, server_url, client.token, reply)
            vault.store.meta_set(META_PROFILE, str(asked.result().get("sha256", "")))
            report, stop = _engine_progress(progress, cancel)
            run_sync(client, VaultReplica(vault, reports=True), report, stop, restore=True,
                     hello=False)
            _prepare_reports(vault.store, report)
        except RevokedError:
            raise
        except BaseException:
            vault.lock()  # the restore resumes at the next sync; the vault opens offline
            raise
    return vault


def _save_session(store: Store, server_url: str, token: str | None,
                  reply: dict[str, Any]) -> None:
    with store.transaction():
        store.meta_set(META_URL, server_url)
        store.meta_set(META_TOKEN, token)
        store.meta_set(META_USER, json.dumps({**reply["user"],
                                              "municipality": reply.get("municipality")}))


def refresh_session(vault: OpenVault, password: str, device_name: str | None = None, *,
                    server_url: str | None = None) -> None:
    """Sign in on the server again (when it no longer accepts the saved session).

    A vault made on this laptop without a server does not know its server yet: it signs in at
    ``server_url`` and keeps that address with the session. A vault that knows its server
    always signs in there. A revoked laptop or disabled user has its vault locked and wiped
    before :class:`sync.client.RevokedError` is raised.
    """
    url = vault.store.meta_get(META_URL) or (server_url or "").strip()
    if not url:
        raise SyncError("This vault does not know its server; sign in while connected.")
    client = _client(url, vault.data_dir)
    try:
        client.hello()
        reply = client.login(vault.user, password, device_name or socket.gethostname())
    except RevokedError:
        vault.lock()  # close the vault before its folder goes
        wipe_vault(vault.data_dir, vault.user)
        raise
    _save_session(vault.store, url, client.token, reply)


# -- syncing ---------------------------------------------------------------------------------

RunDb = Callable[[Callable[[Store], Any]], Any]
LAST_SYNC_KEY = "last_sync"


def sync_now(vault: OpenVault, progress: Progress | CoreProgress | None = None,
             cancel: Any = None, *, run_db: RunDb | None = None) -> SyncResult:
    """Sync the vault with its server now. Errors are :class:`SyncError` with clear messages;
    a revoked laptop or disabled user has its vault wiped (and locked) before the error.

    ``progress`` is a :class:`desktop.core.progress.Progress` (cancelling it stops the sync at
    its next safe point, keeping what was done) or the engine's ``(stage, done, total)``
    callback. ``run_db(fn)`` runs ``fn(store)`` where the vault's database work belongs (the
    app's database thread); by default it is called directly.
    """
    run = run_db or (lambda fn: fn(vault.store))
    url, token = run(lambda store: (store.meta_get(META_URL), store.meta_get(META_TOKEN)))
    if not url or not token:
        raise AuthError("This vault has no server session. Sign in while connected.")
    report, cancel = _engine_progress(progress, cancel)
    client = SyncClient(url, vault.device_id, token, ca_cert=server_ca_cert())
    result = run_sync(client, VaultReplica(vault, run_db=run_db, reports=True), report,
                      cancel)
    log.info("sync: %d pushed, %d pulled, %d conflicts, %d refused", result.pushed,
             result.pulled, result.conflicts, len(result.rejected))
    run(lambda store: store.meta_set(LAST_SYNC_KEY, now_iso()))
    if result.pulled or result.repaired:
        run(lambda store: _prepare_reports(store, report))
    return result


def _engine_progress(progress: Progress | CoreProgress | None, cancel: Any
                     ) -> tuple[Progress | None, Any]:
    """The engine's progress callback and cancel test for a core :class:`CoreProgress`."""
    if not isinstance(progress, CoreProgress):
        return progress, cancel
    core = progress
    if getattr(cancel, "__self__", None) is core:  # its own cancel method: nothing more
        cancel = None

    def report(stage: str, done: int, total: int | None) -> None:
        with contextlib.suppress(Cancelled):  # the engine stops at its own safe points
            core.update(done, total, stage)

    return report, (lambda: core.cancelled or bool(cancel is not None and (
        cancel.is_set() if hasattr(cancel, "is_set") else cancel())))


def _prepare_reports(store: Store, progress: Progress | None) -> None:
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
            _prepare_reports(self.store, None)

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


# -- conflicts -------------------------------------------------------------------------------

def open_conflicts(store: Store, record_id: str | None = None) -> list[Record]:
    """Open conflict records (of one record, if given), for a person to resolve."""
    found = store.query(CONFLICT_TYPE, status="open", order_by="id")
    return [c for c in found if record_id is None or c.fields.get("record_id") == record_id]


def resolve_conflict(store: Store, conflict_id: str, chosen_values: dict[str, Any]) -> None:
    """Settle a conflict with the value a person chose; both the record's new value and the
    conflict's resolution are ordinary changes that sync to the server and other laptops."""
    conflict = store.get(conflict_id)
    if conflict is None or conflict.type != CONFLICT_TYPE:
        raise KujdesError("No conflict {key}.", key=conflict_id)
    if conflict.fields.get("status") != "open":
        raise KujdesError("This conflict has already been resolved.")
    name = conflict.fields["field"]
    if set(chosen_values) != {name}:
        raise KujdesError("Choose a value for {field}.", field=name)
    value = chosen_values[name]
    target = store.get(conflict.fields["record_id"], include_deleted=True)
    if target is None:
        raise KujdesError("No {what} {key}.", what="record", key=conflict.fields["record_id"])
    with store.transaction():
        _apply_choice(store, target, name, value)
        resolution = {"status": "resolved", "resolved_by": store.user, "chosen": value,
                      "resolved_on": dt.date.today().isoformat()}
        conflict.fields.update(resolution)
        store.write_unchecked(conflict, resolution, action="resolve_conflict")


def _apply_choice(store: Store, target: Record, name: str, value: Any) -> None:
    if name == DELETED:
        if value and not target.deleted:
            store.delete(target.id)
        elif not value and target.deleted:
            target.deleted = False
            store.write_unchecked(target, {DELETED: False}, action="undelete")
        return
    if target.fields.get(name) == value:
        return
    if target.deleted:
        target.fields[name] = value
        store.write_unchecked(target, {name: value}, action="update")
    else:
        store.update(target.id, {name: value})
