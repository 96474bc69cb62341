"""Work that is neither the database nor the UI: unlocking (Argon2id), creating a vault,
checking whether the server answers. It runs on a thread pool; the result comes back on the
UI thread. Long work reports progress through a :class:`Progress` snapshot that the UI polls
and can cancel.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)


class Cancelled(Exception):
    """Raised inside long work when the user pressed Cancel."""


@dataclass
class Progress:
    """A thread-safe snapshot of long work: the worker writes, the UI polls."""

    done: int = 0
    total: int = 0
    cancelled: bool = False
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def update(self, done: int, total: int) -> None:
        with self._lock:
            self.done, self.total = done, total
        if self.cancelled:
            raise Cancelled()

    def cancel(self) -> None:
        self.cancelled = True

    def snapshot(self) -> tuple[int, int]:
        with self._lock:
            return self.done, self.total


class _Relay(QObject):
    """Lives on the UI thread; carries a result back from the pool."""

    finished = Signal(object, object)  # result, error

    def __init__(self, on_done: Callable[[Any], None] | None,
                 on_error: Callable[[Exception], None] | None,
                 owner: QObject | None) -> None:
        super().__init__()
        self._on_done, self._on_error, self._owner = on_done, on_error, owner
        self.finished.connect(self._deliver)

    @Slot(object, object)
    def _deliver(self, result: Any, error: Exception | None) -> None:
        _pending.discard(self)
        if self._owner is not None and not shiboken6.isValid(self._owner):
            return
        if error is not None:
            if self._on_error is not None:
                self._on_error(error)
            else:
                log.warning("background task failed: %s", type(error).__name__)
        elif self._on_done is not None:
            self._on_done(result)


class _Task(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._work, self._relay = work, relay

    def run(self) -> None:
        try:
            result = self._work()
        except Exception as error:  # handed to the UI, which shows it
            self._relay.finished.emit(None, error)
        else:
            self._relay.finished.emit(result, None)


_pending: set[_Relay] = set()
_pool: QThreadPool | None = None


def pool() -> QThreadPool:
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setMaxThreadCount(4)
    return _pool


def run_in_background(work: Callable[[], Any], on_done: Callable[[Any], None] | None = None,
                      on_error: Callable[[Exception], None] | None = None,
                      owner: QObject | None = None) -> None:
    """Run ``work()`` on the pool; ``on_done(result)`` / ``on_error(exc)`` on the UI thread.

    Nothing is delivered once ``owner`` (a widget) has been deleted.
    """
    relay = _Relay(on_done, on_error, owner)
    _pending.add(relay)
    pool().start(_Task(work, relay))


def wait_for_background(timeout_ms: int = 30_000) -> bool:
    """Wait for every background task to end (application exit, tests)."""
    return pool().waitForDone(timeout_ms)
