"""The one way the UI reaches the vault and other slow work.

A screen says what to read or change as a function of core, what to do with the result, and
what changed:

    QueryOp(self.session.ops, parent=self, op=lambda store: cases_due(store, user),
            success=self.show_due).run()

    ChangeOp(self.session.ops, parent=self, op=lambda store: record_visit(store, ...),
             changes=Changes.of("visit", case_id=case_id)).success(self.accept).run()

``QueryOp`` and ``ChangeOp`` run in order on the open vault's one database thread
(:class:`Operations`); after a ``ChangeOp`` succeeds every screen hears its :class:`Changes`
through ``Operations.changed``. ``BackgroundOp`` runs work that needs no vault connection (a
key derivation, the network) on a pool. Results come back on the UI thread, and are dropped
when ``parent`` has been deleted meanwhile. Long work takes a :class:`Progress` (``with_progress``)
and can be cancelled. Locking calls :meth:`Operations.shutdown`: it cancels long work at its
next safe point, still runs the changes already asked for (they carry the user's input), drops
queued reads and waits.
"""

from __future__ import annotations

import itertools
import logging
import queue
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import Future
from concurrent.futures import wait as wait_futures
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from desktop.core.changes import Changes
from desktop.core.heap import give_back_freed_memory
from desktop.core.progress import Cancelled, Progress
from desktop.ui.op_pool import Relay, log_failure, relay, submit, wait_for_background
from desktop.ui.op_progress import ProgressWindow

if TYPE_CHECKING:
    from desktop.core.store import Store

log = logging.getLogger(__name__)
__all__ = ["BackgroundOp", "ChangeOp", "Operations", "QueryOp", "wait_for_background"]
T = TypeVar("T")
TRIM_EVERY_S = 1.0


class _Superseded(Exception):
    """Stands for the outcome of an operation that a newer one of its kind replaced."""


SUPERSEDED = _Superseded()


class _Item:
    """One operation waiting for, or running on, the database thread."""

    def __init__(self, fn: Callable[[Store], Any], deliver: Callable[[Any, Any], None] | None,
                 *, writes: bool, progress: Progress | None = None,
                 latest: str | None = None) -> None:
        self.fn, self.deliver, self.writes = fn, deliver, writes
        self.progress, self.latest = progress, latest
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
        self._queue: queue.SimpleQueue[_Item | None] = queue.SimpleQueue()
        self._serials = itertools.count(1)
        self._latest: dict[str, int] = {}
        self._outstanding = 0
        self._running: set[Progress] = set()
        self._bound: set[Future[Any]] = set()
        self._landed: dict[int, tuple[_Item, Any, BaseException | None, bool]] = {}
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

    def submit(self, item: _Item) -> bool:
        """Queue an operation; False (and nothing runs) once the vault is locking."""
        if self._closing:
            log.info("operation refused: the vault is locking")
            return False
        item.serial = next(self._serials)
        if item.latest is not None:
            self._latest[item.latest] = item.serial
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

        item = _Item(run, None, writes=True)
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

    def _step(self) -> bool:
        """Run the next operation. This thread keeps no reference to it once its outcome is
        posted: the last reference to an operation (and to the widgets its callbacks hold)
        must be dropped on the UI thread, where Qt objects may be destroyed."""
        item = self._queue.get()
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

    def _take_landed(self, serial: int) -> tuple[_Item, Any, BaseException | None, bool]:
        with self._lock:
            return self._landed.pop(serial)

    def _deliver(self, item: _Item, result: Any, error: BaseException | None,
                 skipped: bool) -> None:
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


# -- the operations ------------------------------------------------------------------------------

class _Op(Generic[T]):
    """What QueryOp, ChangeOp and BackgroundOp share: callbacks, progress, busy bar."""

    def __init__(self, parent: QObject | None, success: Callable[[T], None] | None) -> None:
        self._parent = parent
        self._success = success
        self._failure: Callable[[Exception], None] | None = None
        self._cancelled: Callable[[], None] | None = None
        self._progress: Progress | None = None
        self._progress_label = ""
        self._stages: Mapping[str, str] = {}
        self._busy: Any = None

    def success(self, handler: Callable[[T], None]) -> _Op[T]:
        self._success = handler
        return self

    def failure(self, handler: Callable[[Exception], None]) -> _Op[T]:
        self._failure = handler
        return self

    def cancelled(self, handler: Callable[[], None]) -> _Op[T]:
        self._cancelled = handler
        return self

    def with_progress(self, label: str = "", stages: Mapping[str, str] | None = None,
                      progress: Progress | None = None) -> _Op[T]:
        """Show a progress window with Cancel; ``op`` receives the :class:`Progress` as its
        last argument (``stages`` maps a stage code to the text shown for it)."""
        self._progress = progress or Progress()
        self._progress_label, self._stages = label, stages or {}
        return self

    def with_busy(self, bar: Any) -> _Op[T]:
        """Show ``bar`` (a BusyBar) while this operation runs."""
        self._busy = bar
        return self

    def _started(self) -> None:
        if self._busy is not None:
            self._busy.push()
        if self._progress is not None and self._progress_label and isinstance(
                self._parent, QWidget):
            ProgressWindow(self._parent, self._progress, self._progress_label, self._stages)

    def _finish(self, result: Any, error: BaseException | None, fail: Callable[[Any], None]
                ) -> None:
        if self._progress is not None:
            ProgressWindow.close_for(self._progress)
        if self._parent is not None and not shiboken6.isValid(self._parent):
            return
        if self._busy is not None and shiboken6.isValid(self._busy):
            self._busy.pop()
        if error is SUPERSEDED:
            return
        if isinstance(error, Cancelled):
            if self._cancelled is not None:
                self._cancelled()
        elif error is not None:
            (self._failure or fail)(error)
        elif self._success is not None:
            self._success(result)

    def _call(self, fn: Callable[..., T], *args: Any) -> T:
        if self._progress is not None:
            return fn(*args, self._progress)
        return fn(*args)


class QueryOp(_Op[T]):
    """Read from the vault on its database thread; ``success(result)`` on the UI thread.

    ``latest(key)``: only the newest query with this key runs and delivers (a search box,
    a report asked for again before the first one ended).
    """

    def __init__(self, ops: Operations, *, parent: QObject | None, op: Callable[..., T],
                 success: Callable[[T], None] | None = None) -> None:
        super().__init__(parent, success)
        self._ops, self._op = ops, op
        self._latest: str | None = None

    def latest(self, key: str) -> QueryOp[T]:
        self._latest = key
        return self

    def run(self) -> None:
        item = _Item(lambda store: self._call(self._op, store),
                     lambda result, error: self._finish(result, error, self._ops.failed.emit),
                     writes=False, progress=self._progress, latest=self._latest)
        if self._ops.submit(item):
            self._started()


class ChangeOp(_Op[T]):
    """Change the vault on its database thread; after success every screen hears
    ``changes`` (a :class:`Changes`, or a function of the result that gives one)."""

    def __init__(self, ops: Operations, *, parent: QObject | None, op: Callable[..., T],
                 changes: Changes | Callable[[T], Changes]) -> None:
        super().__init__(parent, None)
        self._ops, self._op, self._changes = ops, op, changes

    def run(self) -> None:
        def finish(result: Any, error: BaseException | None) -> None:
            if error is not SUPERSEDED and (error is None or isinstance(error, Cancelled)):
                # cancelled long work keeps the steps it committed: screens hear of them too
                changes = (self._changes(result) if error is None else Changes.all()) \
                    if callable(self._changes) else self._changes
                if changes:
                    self._ops.changed.emit(changes)
            self._finish(result, error, self._ops.failed.emit)

        item = _Item(lambda store: self._call(self._op, store), finish, writes=True,
                     progress=self._progress)
        if self._ops.submit(item):
            self._started()


class BackgroundOp(_Op[T]):
    """Work without a vault connection (a key derivation, the network) on a pool thread.

    With ``bound_to=ops``, locking that vault cancels it and waits for it; its database
    steps go through ``ops.call_blocking``.
    """

    def __init__(self, *, parent: QObject | None, op: Callable[..., T],
                 success: Callable[[T], None] | None = None,
                 bound_to: Operations | None = None) -> None:
        super().__init__(parent, success)
        self._op, self._bound_to = op, bound_to

    def run(self) -> None:
        outcome = relay()

        def work() -> None:
            result: Any = None
            error: BaseException | None = None
            try:
                result = self._call(self._op)
            except Exception as exc:  # delivered to the failure handler
                log.info("background work failed: %s", type(exc).__name__)
                error = exc
            outcome.post.emit(lambda: self._finish(result, error, log_failure))

        future = submit(work)
        if self._bound_to is not None:
            self._bound_to.bind(future, self._progress)
        self._started()
