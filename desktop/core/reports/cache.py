"""The report bases kept between reports, on one dedicated connection per open vault.

Decrypting the records table is most of the cost of a report on a large vault. The bases (see
:mod:`.bases`; temporary tables: memory only) are kept on a connection that stays checked out
of the pool, and used again as long as ``PRAGMA data_version`` on that connection says no
other connection has committed anything since they were made, or nothing but audit entries
(see ``CHANGES``). Any change to the records (a new case, an edit, a sync) makes the next
report read the table again.

When the vault locks (its engine is disposed) the connection is closed at once, so neither
the key nor any decrypted page outlives the lock.
"""

from __future__ import annotations

import contextlib
import threading
import weakref
from collections.abc import Iterator

from sqlalchemy import Connection, event

from desktop.core.reports.bases import Codes, build_bases
from desktop.core.reports.facts import Facts, Scope
from desktop.core.reports.settings import ReportSettings
from desktop.core.store import Store

# What any change to the records leaves behind: a local write appends to the outbox, a new
# record gets a new rowid, and a sync commits each page of records with its cursor in
# sync_meta. A commit that moves none of these (an audit entry for a view, print or export)
# leaves the records, and so the bases, as they were.
CHANGES = """SELECT (SELECT max(seq) FROM outbox), (SELECT max(rowid) FROM records),
                    (SELECT group_concat(key || '=' || COALESCE(value, ''), char(10))
                     FROM (SELECT key, value FROM sync_meta ORDER BY key))"""


class RecordsCache:
    """The report bases of one store, rebuilt only when the vault has changed."""

    def __init__(self, store: Store) -> None:
        self._store = weakref.ref(store)  # the registry below must not keep a store alive
        self._lock = threading.RLock()
        self._conn: Connection | None = None
        self._key: tuple[object, ...] | None = None
        self._codes = Codes()
        self.scans = 0  # how many times the table was read (for tests and benchmarks)
        event.listen(store.engine, "engine_disposed", self._engine_disposed)

    @contextlib.contextmanager
    def facts(self, settings: ReportSettings, scope: Scope) -> Iterator[Facts]:
        """Facts for ``scope`` over an up-to-date copy of the records."""
        with self._lock:
            conn = self._connection()
            try:
                self._refresh(conn, settings)
                facts = Facts(conn, self.store().profile, settings, scope, self._codes)
                try:
                    yield facts
                finally:
                    facts.close()
                    conn.commit()
            except BaseException:
                self.close()
                raise

    def close(self) -> None:
        """Forget the copy and close the connection."""
        with self._lock:
            if self._conn is not None:
                with contextlib.suppress(Exception):
                    self._conn.invalidate()
                    self._conn.close()
            self._conn, self._key = None, None

    def store(self) -> Store:
        store = self._store()
        if store is None:
            raise RuntimeError("the store of this report cache is gone")
        return store

    def _connection(self) -> Connection:
        if self._conn is None or self._conn.closed or self._conn.invalidated:
            self._conn, self._key = self.store().engine.connect(), None
            # pages of dropped work tables go back to the allocator, so rebuilding the bases
            # again and again does not grow the memory held
            self._conn.exec_driver_sql("PRAGMA temp.auto_vacuum = FULL")
        return self._conn

    def _refresh(self, conn: Connection, settings: ReportSettings) -> None:
        version = conn.exec_driver_sql("PRAGMA data_version").scalar_one()
        options = (settings.satisfaction_form, settings.score_keys, settings.scale)
        if self._key is not None and self._key[0] == version and self._key[2:] == options:
            return
        changes = conn.exec_driver_sql(CHANGES).one()
        if self._key is not None and self._key[1] == tuple(changes) and self._key[2:] == options:
            self._key = (version, *self._key[1:])  # only the audit log was written to
            return
        self._key = None
        self._codes = build_bases(conn, self.store().profile, settings)
        self._key = (version, tuple(changes), *options)
        self.scans += 1

    def _engine_disposed(self, engine: object) -> None:
        self.close()


_CACHES: weakref.WeakKeyDictionary[Store, RecordsCache] = weakref.WeakKeyDictionary()
_CACHES_LOCK = threading.Lock()


def records_cache(store: Store) -> RecordsCache:
    """The cache of ``store`` (made on first use)."""
    with _CACHES_LOCK:
        cache = _CACHES.get(store)
        if cache is None:
            cache = _CACHES[store] = RecordsCache(store)
        return cache
