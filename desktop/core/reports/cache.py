"""The connection reports read the bases on, one per open vault, kept between reports.

The bases live in the vault (see :mod:`.bases`, :mod:`.refresh`); this keeps one connection
checked out of the pool so their pages stay decrypted in its cache, and asks for a refresh
only when ``PRAGMA data_version`` says another connection has committed something since the
last one. Each report then reads the bases in one snapshot.

When the vault locks (its engine is disposed) the connection is closed at once, so neither
the key nor any decrypted page outlives the lock.
"""

from __future__ import annotations

import contextlib
import threading
import weakref
from collections.abc import Callable, Iterator

from sqlalchemy import Connection, event

from desktop.core.heap import give_back_freed_memory
from desktop.core.progress import Cancelled, Progress
from desktop.core.reports.bases import Codes
from desktop.core.reports.facts import Facts, Scope
from desktop.core.reports.refresh import refresh
from desktop.core.reports.settings import ReportSettings
from desktop.core.store import Store, translate_db_errors

PROGRESS_EVERY = 10_000   # SQLite virtual machine steps between checks for a cancel
REPORT_CACHE_KIB = 8 * 1024   # the report connection's page cache (bench/bench_cache.py)


class RecordsCache:
    """The report connection of one store, and the codes of its bases."""

    def __init__(self, store: Store) -> None:
        self._store = weakref.ref(store)  # the registry below must not keep a store alive
        self._lock = threading.RLock()
        self._conn: Connection | None = None
        self._seen: tuple[object, ...] | None = None
        self._codes = Codes()
        # what the refreshes did (for tests and benchmarks)
        self.done: dict[str, int] = {"none": 0, "update": 0, "full": 0}
        self._cancelled: Callable[[], bool] | None = None
        event.listen(store.engine, "engine_disposed", self._engine_disposed)

    @contextlib.contextmanager
    def facts(self, settings: ReportSettings, scope: Scope) -> Iterator[Facts]:
        """Facts for ``scope`` over up-to-date bases, read in one snapshot."""
        with self._lock, translate_db_errors():
            conn = self._connection()
            try:
                self._refresh(conn, settings)
                conn.exec_driver_sql("BEGIN")
                facts = Facts(conn, self.store().profile, settings, scope, self._codes)
                try:
                    yield facts
                finally:
                    facts.close()
                    conn.commit()
            except BaseException:
                self.close()
                raise
            finally:
                give_back_freed_memory()   # the refresh's and the counts' work memory

    def prepare(self, settings: ReportSettings) -> str:
        """Bring the bases up to date now (after a sync), so the next report need not.
        What was done: "none", "update" or "full"."""
        with self._lock, translate_db_errors():
            try:
                return self._refresh(self._connection(), settings)
            except BaseException:
                self.close()
                raise
            finally:
                give_back_freed_memory()

    def close(self) -> None:
        """Close the connection; a report or refresh running on another thread is stopped."""
        while not self._lock.acquire(timeout=0.05):
            self._interrupt()
        try:
            if self._conn is not None:
                with contextlib.suppress(Exception):
                    self._conn.invalidate()
                    self._conn.close()
            self._conn, self._seen = None, None
        finally:
            self._lock.release()

    @contextlib.contextmanager
    def stopping_on(self, progress: Progress) -> Iterator[None]:
        """Inside, cancelling ``progress`` (the vault locks) stops the report at once: the
        running statement is interrupted and no later one starts (:class:`Cancelled`)."""
        self._cancelled = lambda: progress.cancelled
        progress.on_cancel(self._interrupt)
        try:
            yield
        finally:
            self._cancelled = None

    def _stop_requested(self) -> int:
        """SQLite's progress handler: non-zero stops the running statement."""
        cancelled = self._cancelled
        return 1 if cancelled is not None and cancelled() else 0

    def _refuse_when_stopped(self, *_statement: object) -> None:
        if self._stop_requested():
            raise Cancelled()

    def _interrupt(self) -> None:
        conn = self._conn
        if conn is not None:
            with contextlib.suppress(Exception):
                conn.connection.dbapi_connection.interrupt()

    def store(self) -> Store:
        store = self._store()
        if store is None:
            raise RuntimeError("the store of this report cache is gone")
        return store

    def _connection(self) -> Connection:
        if self._conn is None or self._conn.closed or self._conn.invalidated:
            self._conn, self._seen = self.store().engine.connect(), None
            # after a cancel no statement starts, and one that started as the interrupt came
            # stops at its next check
            event.listen(self._conn, "before_cursor_execute", self._refuse_when_stopped)
            self._conn.connection.dbapi_connection.set_progress_handler(
                self._stop_requested, PROGRESS_EVERY)
            # pages of dropped work tables go back to the allocator, so refreshing the bases
            # again and again does not grow the memory held
            self._conn.exec_driver_sql("PRAGMA temp.auto_vacuum = FULL")
            # SQLCipher zeroes every freed page by default; the bases hold only ids and codes,
            # and their freed pages stay encrypted, so replacing them all need not rewrite
            # every page twice (11 s instead of 2 s on 100,000 cases, holding the write lock)
            self._conn.exec_driver_sql("PRAGMA secure_delete = OFF")
            # kept checked out for good: its cache is memory held while no report runs; the
            # bases are read in one pass per report, which a larger cache hardly speeds up
            self._conn.exec_driver_sql(f"PRAGMA cache_size = -{REPORT_CACHE_KIB}")
        return self._conn

    def _refresh(self, conn: Connection, settings: ReportSettings) -> str:
        """What was done: "none", "update" or "full"."""
        version = conn.exec_driver_sql("PRAGMA data_version").scalar_one()
        seen = (version, settings.satisfaction_form, settings.score_keys, settings.scale)
        if seen == self._seen:
            return "none"  # nobody else has written since the last refresh on this connection
        refreshed = refresh(conn, self.store().profile, settings)
        self.done[refreshed.done] += 1
        self._codes = refreshed.codes
        self._seen = seen
        return refreshed.done

    def _engine_disposed(self, engine: object) -> None:
        self.close()


_CACHES: weakref.WeakKeyDictionary[Store, RecordsCache] = weakref.WeakKeyDictionary()
_CACHES_LOCK = threading.Lock()


def prepare_reports(store: Store, settings: ReportSettings | None = None) -> str:
    """Bring the report bases of ``store`` up to date (see :meth:`RecordsCache.prepare`)."""
    return records_cache(store).prepare(settings or ReportSettings.load())


def records_cache(store: Store) -> RecordsCache:
    """The cache of ``store`` (made on first use)."""
    with _CACHES_LOCK:
        cache = _CACHES.get(store)
        if cache is None:
            cache = _CACHES[store] = RecordsCache(store)
        return cache
