"""The open vault's one database thread (:class:`Operations`): the operations of
:mod:`desktop.ui.ops` run on it in the order asked, and their outcomes go back to the UI
thread through a :class:`~desktop.ui.op_pool.Relay`."""

from __future__ import annotations

import itertools
import logging
import queue
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import wait as wait_futures
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, Signal

from desktop.core.heap import give_back_freed_memory
from desktop.core.progress import Cancelled, Progress
from desktop.ui.op_pool import Relay

if TYPE_CHECKING:
    from desktop.core.store import Store

log = logging.getLogger(__name__)
T = TypeVar("T")
TRIM_EVERY_S = 1.0
# A read asked for "when idle" waits until nothing else was asked of the database thread for
# this long: what a person asked for (a list, a case) then never queues behind it.
IDLE_AFTER_S = 0.5
_WAKE = object()  # wakes the database thread to look again at the reads waiting for idle


class _Superseded(Exception):
    """Stands for the outcome of an operation that a newer one of its kind replaced."""


SUPERSEDED = _Superseded()


class Item:
    """One operation waiting for, or running on, the database thread."""

    def __init__(self, fn: Callable[[Store], Any], deliver: Callable[[Any, Any], None] | None,
                 *, writes: bool, progress: Progress | None = None,
                 latest: str | None = None, idle: bool = False) -> None:
        self.fn, self.deliver, self.writes = fn, deliver, writes
        self.progress, self.latest, self.idle = progress, latest, idle
        self.serial = 0


class Operations(QObject):
    """The open vault's database thread, and the background work bound to the vault."""

    changed = Signal(object)       # Changes, after a ChangeOp succeeded
    busy_changed = Signal(bool)
    failed = Signal(object)        # an error that no operation handled

    def __init__(self, store_provider: Callable[[], Store],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store_provider = store_provider
        self._relay = Relay()
        self._queue: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._idle: deque[Item] = deque()
        self._serials = itertools.count(1)
        self._latest: dict[str, int] = {}
        self._outstanding = 0
        self._running: set[Progress] = set()
        self._bound: set[Future[Any]] = set()
        self._landed: dict[int, tuple[Item, Any, BaseException | None, bool]] = {}
        self._lock = threading.Lock()
        self._closing = False
        self._stopped = False
        self._trimmed = 0.0
        self._thread = threading.Thread(target=self._loop, name="kujdes-database", daemon=True)
        self._thread.start()

    # -- submitting ----------------------------------------------------------------------------
    @property
    def is_running(self) -> bool:
        return not self._closing

    def submit(self, item: Item) -> bool:
        """Queue an operation; False (and nothing runs) once the vault is locking."""
        if self._closing:
            log.info("operation refused: the vault is locking")
            return False
        item.serial = next(self._serials)
        if item.latest is not None:
            self._latest[item.latest] = item.serial
        if item.idle:  # not counted as busy: nobody waits for it
            self._idle.append(item)
            self._queue.put(_WAKE)
            return True
        self._outstanding += 1
        if self._outstanding == 1:
            self.busy_changed.emit(True)
        self._queue.put(item)
        return True

    def call_blocking(self, fn: Callable[[Store], T]) -> T:
        """Run ``fn(store)`` on the database thread and wait for it: for the database steps
        of work that runs on another thread (sync). Raises :class:`Cancelled` once the vault
        is locking, so that work stops at a safe point."""
        if threading.current_thread() is self._thread:
            return fn(self._store_provider())
        if self._closing:
            raise Cancelled()
        done = threading.Event()
        outcome: list[Any] = [None, None]

        def run(store: Store) -> None:
            try:
                outcome[0] = fn(store)
            except BaseException as error:  # handed back to the waiting thread
                outcome[1] = error
            finally:
                done.set()

        item = Item(run, None, writes=True)
        item.serial = next(self._serials)
        self._queue.put(item)
        done.wait()
        if outcome[1] is not None:
            raise outcome[1]
        return outcome[0]

    def bind(self, future: Future[Any], progress: Progress | None) -> None:
        """Background work on the vault's behalf (sync): locking cancels it and waits."""
        with self._lock:
            self._bound.add(future)
            if progress is not None:
                self._running.add(progress)
        future.add_done_callback(lambda f: self._unbind(f, progress))

    def _unbind(self, future: Future[Any], progress: Progress | None) -> None:
        with self._lock:
            self._bound.discard(future)
            self._running.discard(progress)  # type: ignore[arg-type]

    # -- the database thread -------------------------------------------------------------------
    def _loop(self) -> None:
        while self._step():
            pass

    def _next(self) -> Item | None:
        """The next operation in the order asked; a read asked for when idle once nothing
        else came for IDLE_AFTER_S (or when locking, to be dropped as the other reads are)."""
        while True:
            if not self._idle:
                item = self._queue.get()
            else:
                try:
                    item = self._queue.get(timeout=IDLE_AFTER_S)
                except queue.Empty:
                    return self._idle.popleft()
            if item is None and self._idle:
                self._queue.put(None)
                return self._idle.popleft()
            if item is not _WAKE:
                return item

    def _step(self) -> bool:
        """Run the next operation. This thread keeps no reference to it once its outcome is
        posted: the last reference to an operation (and to the widgets its callbacks hold)
        must be dropped on the UI thread, where Qt objects may be destroyed."""
        item = self._next()
        if item is None:
            return False
        result: Any = None
        error: BaseException | None = None
        skip = (self._closing and not item.writes) or (
            item.latest is not None and self._latest.get(item.latest) != item.serial)
        if not skip:
            if item.progress is not None:
                with self._lock:
                    self._running.add(item.progress)
            try:
                result = item.fn(self._store_provider())
            except Exception as exc:  # delivered to the operation's failure handler
                log.info("operation failed: %s", type(exc).__name__)
                error = exc
            finally:
                if item.progress is not None:
                    with self._lock:
                        self._running.discard(item.progress)
            self._trim_when_idle()
        if item.deliver is None:
            return True
        serial = item.serial
        with self._lock:
            self._landed[serial] = (item, result, error, skip)
        del item, result, error
        self._relay.post.emit(lambda: self._deliver(*self._take_landed(serial)))
        return True

    def _trim_when_idle(self) -> None:
        """With nothing more queued, give what the work freed back to the system (page
        caches of closed connections, a report's rows); a few ms, at most once a second."""
        now = time.monotonic()
        if self._queue.empty() and now - self._trimmed >= TRIM_EVERY_S:
            self._trimmed = now
            give_back_freed_memory()

    def _take_landed(self, serial: int) -> tuple[Item, Any, BaseException | None, bool]:
        with self._lock:
            return self._landed.pop(serial)

    def _deliver(self, item: Item, result: Any, error: BaseException | None,
                 skipped: bool) -> None:
        if not item.idle:
            self._outstanding = max(self._outstanding - 1, 0)
            if self._outstanding == 0 and not self._stopped:
                self.busy_changed.emit(False)
        if self._stopped or item.deliver is None:
            return
        stale = item.latest is not None and self._latest.get(item.latest) != item.serial
        # A superseded operation still ends: its busy bar and progress window go away.
        item.deliver(None, SUPERSEDED) if skipped or stale else item.deliver(result, error)

    # -- locking -------------------------------------------------------------------------------
    def shutdown(self, timeout_ms: int = 60_000) -> bool:
        """Stop taking operations, cancel long work at its next safe point, run the changes
        already asked for, drop queued reads, and end the thread. True if all ended in time."""
        if self._stopped:
            return True
        self._closing = True
        with self._lock:
            running, bound = list(self._running), list(self._bound)
        for progress in running:
            progress.cancel()
        _, late = wait_futures(bound, timeout=timeout_ms / 1000)
        self._queue.put(None)
        self._thread.join(timeout_ms / 1000)
        self._stopped = True
        ended = not late and not self._thread.is_alive()
        if not ended:
            log.warning("locking went ahead before the running work ended")
        return ended
