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

import logging
from collections.abc import Callable, Mapping
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from desktop.core.changes import Changes
from desktop.core.progress import Cancelled, Progress
from desktop.ui.db_thread import SUPERSEDED, Item, Operations
from desktop.ui.op_pool import log_failure, relay, submit, wait_for_background
from desktop.ui.op_progress import ProgressWindow

log = logging.getLogger(__name__)
__all__ = ["BackgroundOp", "ChangeOp", "Operations", "QueryOp", "wait_for_background"]
T = TypeVar("T")


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
    a report asked for again before the first one ended). ``when_idle()``: it runs once the
    database thread has had nothing else to do for a moment (figures nobody is waiting for).
    """

    def __init__(self, ops: Operations, *, parent: QObject | None, op: Callable[..., T],
                 success: Callable[[T], None] | None = None) -> None:
        super().__init__(parent, success)
        self._ops, self._op = ops, op
        self._latest: str | None = None
        self._idle = False

    def latest(self, key: str) -> QueryOp[T]:
        self._latest = key
        return self

    def when_idle(self) -> QueryOp[T]:
        self._idle = True
        return self

    def run(self) -> None:
        item = Item(lambda store: self._call(self._op, store),
                     lambda result, error: self._finish(result, error, self._ops.failed.emit),
                     writes=False, progress=self._progress, latest=self._latest,
                     idle=self._idle)
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

        item = Item(lambda store: self._call(self._op, store), finish, writes=True,
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

