"""The laptop's side of sync: signing in, syncing a vault, resolving conflicts (Qt-free).

* :func:`login` opens the user's vault. The first login on a laptop needs the server: it
  checks the password there, makes the vault and restores the user's caseload into it. Later
  logins work offline. A vault locked after too many wrong passwords is unlocked by a
  successful login on the server.
* :func:`sync_now` pushes the outbox, pulls what changed, exchanges attachments and checks the
  caseload against the server (restoring it on a mismatch). A revoked laptop or disabled user
  is wiped at this contact.
* :func:`resolve_conflict` records a person's choice as an ordinary change that syncs.

The vault's data goes through :class:`VaultReplica` (``desktop.core.sync_replica``), the
store-backed :class:`sync.engine.Replica`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import socket
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from desktop.core.errors import KujdesError, VaultLockedOut
from desktop.core.keys import KdfParams
from desktop.core.progress import Cancelled
from desktop.core.progress import Progress as CoreProgress
from desktop.core.settings import server_ca_cert
from desktop.core.store import Store, now_iso
from desktop.core.sync_replica import RunDb, VaultReplica, prepare_after_sync
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
from sync.engine import Progress, SyncResult, run_sync
from sync.merge import DELETED
from sync.pages import PageFeed, feed_for
from sync.protocol import CONFLICT_TYPE, PULL_PAGE_MAX
from sync.records import Record

log = logging.getLogger("kujdes.sync")

META_URL = "server_url"
META_TOKEN = "server_token"
META_USER = "server_user"
META_PROFILE = "server_profile_sha256"

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
        # the server's profile and the first pages of the caseload travel while the vault's
        # key is derived (Argon2id); the pages wait in memory for the vault
        asked = pool.submit(client.profile)
        feed = feed_for(client, 0, PULL_PAGE_MAX)
        try:
            vault = create_vault(data_dir, username, password, kdf=kdf,
                                 country=str(reply.get("country", "AL")))
            _restore_into(vault, client, server_url, reply, asked, feed,
                          _engine_progress(progress, cancel))
        finally:
            feed.close()  # what is left of it after an error is dropped
    return vault


def _restore_into(vault: OpenVault, client: SyncClient, server_url: str, reply: dict[str, Any],
                  profile: Future[dict[str, Any]], feed: PageFeed,
                  progress: tuple[Progress | None, Any]) -> None:
    """The first sync of a new vault: a full restore, its first pages already asked for."""
    try:
        _save_session(vault.store, server_url, client.token, reply)
        vault.store.meta_set(META_PROFILE, str(profile.result().get("sha256", "")))
        report, stop = progress
        run_sync(client, VaultReplica(vault, reports=True), report, stop, restore=True,
                 hello=False, feed=feed)
        prepare_after_sync(vault.store, report)
    except RevokedError:
        raise
    except BaseException:
        vault.lock()  # the restore resumes at the next sync; the vault opens offline
        raise


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
        run(lambda store: prepare_after_sync(store, report))
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
