"""One sync, in the order the protocol fixes: push, pull, attachments, caseload check.

The engine talks to the server through :class:`sync.client.SyncClient` and to the laptop's
data through a :class:`Replica` (the vault's store on a laptop; a small in-memory one in tests).
Each step commits on its own, so a cut at any point loses nothing: unacknowledged changes are
sent again (the server answers a change id it has seen with the same result), and pulling
resumes from the last committed cursor.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from sync.audit import AUDIT_BATCH
from sync.client import RequestRefused, RevokedError, SyncClient, SyncError
from sync.pages import Ahead, PageFeed, feed_for
from sync.protocol import (
    BLOB_CHUNK,
    PULL_PAGE_DEFAULT,
    PULL_PAGE_MAX,
    PUSH_BATCH_MAX,
    caseload_digest,
)
from sync.records import Change

log = logging.getLogger("kujdes.sync")

MAX_ROUNDS = 10_000  # bound on pages and batches in one sync
CURSOR_KEY = "cursor"
AUDIT_PROTOCOL = 2  # the first protocol version with POST /api/audit

Progress = Callable[[str, int, int | None], None]


class SyncCancelled(SyncError):
    """Sync was cancelled; everything done so far is kept."""


@dataclass
class SyncResult:
    pushed: int = 0
    pulled: int = 0
    conflicts: int = 0
    rejected: list[dict[str, Any]] = field(default_factory=list)
    uploaded: int = 0
    downloaded: int = 0
    repaired: bool = False  # the caseload differed and was repaired record by record
    restored: bool = False  # ... or by a full restore
    audit_sent: int = 0  # audit entries the server stored
    audit_refused: str | None = None  # why the server refused the audit log, if it did


class Replica(Protocol):
    """The local side of sync, implemented over the vault's store."""

    def pending_changes(self, limit: int) -> list[Change]: ...
    def mark_results(self, results: list[dict[str, Any]]) -> None: ...
    def apply_page(self, records: list[dict[str, Any]], cursor: int) -> None: ...
    def get_meta(self, key: str) -> str | None: ...
    def set_meta(self, key: str, value: str) -> None: ...
    def caseload_pairs(self) -> Iterable[tuple[str, int]]: ...
    def sweep(self, keep: set[str]) -> int: ...
    def blobs_to_upload(self) -> list[str]: ...
    def mark_uploaded(self, sha: str) -> None: ...
    def blob_data(self, sha: str) -> bytes | None: ...
    def blobs_to_download(self) -> list[tuple[str, str]]: ...
    def partial_blob(self, sha: str) -> bytes: ...
    def save_partial_blob(self, sha: str, data: bytes) -> None: ...
    def store_blob(self, sha: str, mime: str, data: bytes) -> None: ...
    def wipe(self) -> None: ...


class _Run:
    def __init__(self, client: SyncClient, replica: Replica, progress: Progress | None,
                 cancel: Any) -> None:
        self.client, self.replica = client, replica
        self.progress = progress or (lambda stage, done, total: None)
        self.cancel = cancel
        self.result = SyncResult()
        self.caseload_ahead: Ahead | None = None  # asked with the last page pulled
        self.feed: PageFeed | None = None  # pages already on their way (a first login)

    def take_feed(self, cursor: int, limit: int) -> PageFeed:
        """The pages after ``cursor``: those already asked for if they are these, else a new
        feed (one asked for other pages is closed)."""
        feed, self.feed = self.feed, None
        if feed is not None and (feed.cursor, feed.limit) == (cursor, limit):
            return feed
        if feed is not None:
            feed.close()
        return feed_for(self.client, cursor, limit)

    def check_cancel(self) -> None:
        if self.cancel is None:
            return
        stop = self.cancel.is_set() if hasattr(self.cancel, "is_set") else self.cancel()
        if stop:
            raise SyncCancelled("Sync was cancelled; what was already sent or received is kept.")


def run_sync(client: SyncClient, replica: Replica, progress: Progress | None = None,
             cancel: Any = None, restore: bool = False, hello: bool = True,
             feed: PageFeed | None = None) -> SyncResult:
    """Push, pull, exchange attachments, then check the caseload (restoring on a mismatch).
    ``hello=False``: the client has just agreed on a version (a first login); ``feed``: the
    restore's pages, asked for already (a first login, while the vault was made).

    A revoked laptop or disabled user is wiped here, at this contact, before the error is
    raised.
    """
    run = _Run(client, replica, progress, cancel)
    run.feed = feed
    try:
        if hello:
            client.hello()
        push_all(run)
        push_audit(run)
        if restore:
            full_restore(run)
        else:
            pull_all(run)
        upload_blobs(run)
        download_blobs(run)
        check_caseload(run)
    except RevokedError:
        replica.wipe()
        raise
    finally:
        if run.feed is not None:  # not used: the sync stopped before its pull
            run.feed.close()
    return run.result


def push_all(run: _Run) -> None:
    for _ in range(MAX_ROUNDS):
        run.check_cancel()
        batch = run.replica.pending_changes(PUSH_BATCH_MAX)
        if not batch:
            return
        results = run.client.push([c.to_json() for c in batch])
        run.replica.mark_results(results)
        for res in results:
            if res.get("status") == "rejected":
                run.result.rejected.append(res)
            else:
                run.result.pushed += 1
            if res.get("conflicts"):
                run.result.conflicts += 1
        run.progress("push", run.result.pushed, None)
        missing = {c.change_id for c in batch} - {r.get("change_id") for r in results}
        if missing:
            raise SyncError("The server did not acknowledge every change; sync again.")


def push_audit(run: _Run) -> None:
    """Send the laptop's audit entries (protocol 2 and later; a replica without an audit log,
    or an older server, sends none). A refused log does not stop the sync: the records still
    travel, and the refusal is reported in the result."""
    source = getattr(run.replica, "audit_log", None)
    if source is None or run.client.version < AUDIT_PROTOCOL:
        return
    log_ = source()
    chain = log_.chain()
    for _ in range(MAX_ROUNDS):
        run.check_cancel()
        entries = log_.unsent(AUDIT_BATCH)
        if chain is None or not entries:
            return
        try:
            reply = run.client.push_audit(chain, entries)
        except RequestRefused as exc:
            log.warning("the server refused the audit log")
            run.result.audit_refused = str(exc)
            return
        log_.mark_sent(entries[-1]["seq"])
        run.result.audit_sent += int(reply.get("accepted", 0))


def pull_all(run: _Run, cursor: int | None = None, seen: set[str] | None = None,
             limit: int = PULL_PAGE_DEFAULT) -> int:
    """Pull pages until the server has no more, each written with its cursor. The pages are
    fetched ahead while earlier ones are written (:mod:`sync.pages`), and the caseload check's
    answer is asked for after the last one (:func:`check_caseload` takes it)."""
    if cursor is None:
        cursor = int(run.replica.get_meta(CURSOR_KEY) or 0)
    run.check_cancel()
    feed = run.take_feed(cursor, limit)
    try:
        for _ in range(MAX_ROUNDS):
            page = feed.next()
            run.check_cancel()
            new_cursor = int(page["cursor"])
            if new_cursor < cursor:
                raise SyncError("The server's cursor went backwards; sync stopped.")
            if not page.get("more"):  # asked after the last page: its cursor is at least ours
                run.caseload_ahead = feed.caseload
            _apply(run, page["records"], new_cursor, seen)
            cursor = new_cursor
            if not page.get("more"):
                return cursor
    except BaseException:
        feed.close()  # nothing more of it is used
        raise
    raise SyncError("Too many pages in one sync; sync again to continue.")


def _apply(run: _Run, records: list[dict[str, Any]], cursor: int, seen: set[str] | None
           ) -> None:
    run.replica.apply_page(records, cursor)  # the page and its cursor, one transaction
    run.result.pulled += len(records)
    if seen is not None:
        seen.update(r["id"] for r in records)
    run.progress("pull", run.result.pulled, None)


def full_restore(run: _Run) -> None:
    """Download the whole caseload again and drop local records the server no longer shows.
    Pages are as large as the protocol allows: fewer round trips on a slow link."""
    seen: set[str] = set()
    pull_all(run, cursor=0, seen=seen, limit=PULL_PAGE_MAX)
    removed = run.replica.sweep(seen)
    run.result.restored = True
    log.info("full restore: %d records, %d removed", len(seen), removed)


def check_caseload(run: _Run, attempts: int = 3) -> None:
    """Compare count and hash of the caseload with the server; restore once on a mismatch."""
    for _ in range(attempts):
        ahead, run.caseload_ahead = run.caseload_ahead, None
        server = ahead.result() if ahead is not None else run.client.caseload()
        cursor = int(run.replica.get_meta(CURSOR_KEY) or 0)
        if int(server["cursor"]) > cursor:
            pull_all(run)  # the server moved on meanwhile
            continue
        count, digest = caseload_digest(run.replica.caseload_pairs())
        if count == server["count"] and digest == server["hash"]:
            return
        if run.result.restored:
            raise SyncError("The caseload still differs from the server after a full restore.")
        log.warning("caseload differs from the server (%d local, %d on server): repairing",
                    count, server["count"])
        if run.result.repaired:
            full_restore(run)
        else:
            repair(run)
    log.info("caseload check skipped: the server kept changing")


def repair(run: _Run) -> None:
    """Make the vault's caseload the server's: fetch the records missing or at another
    revision, and drop those the server no longer shows (cheaper than a full restore when a
    few cases moved in or out of the user's scope)."""
    reply = run.client.caseload_ids()
    server = {str(rid): int(rev) for rid, rev in reply["pairs"]}
    local = dict(run.replica.caseload_pairs())
    wanted = sorted(rid for rid, rev in server.items() if local.get(rid) != rev)
    cursor = int(run.replica.get_meta(CURSOR_KEY) or 0)
    for start in range(0, len(wanted), PULL_PAGE_DEFAULT):
        run.check_cancel()
        records = run.client.records(wanted[start:start + PULL_PAGE_DEFAULT])
        run.replica.apply_page(records, cursor)
        run.result.pulled += len(records)
    removed = run.replica.sweep(set(server))
    run.result.repaired = True
    log.info("caseload repaired: %d records fetched, %d removed", len(wanted), removed)


def upload_blobs(run: _Run) -> None:
    """Attachments last, in chunks, resuming from what the server already has."""
    for sha in run.replica.blobs_to_upload():
        run.check_cancel()
        data = run.replica.blob_data(sha)
        if data is None:
            continue
        status = run.client.blob_status(sha)
        offset = int(status.get("received", 0)) if not status.get("complete") else len(data)
        while offset < len(data):
            run.check_cancel()
            reply = run.client.blob_upload(sha, offset, len(data), data[offset:offset + BLOB_CHUNK])
            offset = int(reply.get("received", offset))
            run.progress("upload", offset, len(data))
        run.replica.mark_uploaded(sha)
        run.result.uploaded += 1


def download_blobs(run: _Run) -> None:
    for sha, mime in run.replica.blobs_to_download():
        run.check_cancel()
        data = run.replica.partial_blob(sha)
        try:
            status = run.client.blob_status(sha)
        except SyncError as exc:
            log.info("attachment not available yet (%s)", type(exc).__name__)
            continue
        if not status.get("complete"):
            continue
        total = int(status.get("size") or 0)
        while len(data) < total:
            run.check_cancel()
            chunk, total = run.client.blob_download(sha, len(data), BLOB_CHUNK)
            if not chunk:
                break
            data += chunk
            run.replica.save_partial_blob(sha, data)
            run.progress("download", len(data), total)
        if hashlib.sha256(data).hexdigest() != sha:
            run.replica.save_partial_blob(sha, b"")
            raise SyncError("An attachment arrived damaged; it will be fetched again.")
        run.replica.store_blob(sha, mime, data)
        run.result.downloaded += 1
