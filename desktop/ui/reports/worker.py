"""Report work off the UI thread: a job runs on the screen's thread pool and its result comes
back on the UI thread through a queued signal. Only the newest job of a kind is delivered."""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)


class _Relay(QObject):
    """Lives on the UI thread; the pool's thread emits, the UI thread receives."""

    finished = Signal(str, int, object, object)  # kind, job id, result, error


class _Job(QRunnable):
    def __init__(self, relay: _Relay, kind: str, job_id: int, work: Callable[[], Any],
                 is_current: Callable[[], bool]) -> None:
        super().__init__()
        self._relay, self._kind, self._id, self._work = relay, kind, job_id, work
        self._is_current = is_current

    def run(self) -> None:
        if not self._is_current():  # a newer job of this kind is queued: skip the work
            result, error = None, None
        else:
            result, error = self._run()
        if shiboken6.isValid(self._relay):
            self._relay.finished.emit(self._kind, self._id, result, error)

    def _run(self) -> tuple[Any, Exception | None]:
        try:
            return self._work(), None
        except Exception as exc:  # handed to the screen, which shows it
            log.info("report job failed: %s", type(exc).__name__)
            return None, exc


class Jobs(QObject):
    """Runs ``work()`` on a private pool; ``on_done(result)`` / ``on_error(exc)`` on the UI
    thread, only for the newest job of each kind (older ones are dropped when they finish)."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # one vault, one report at a time
        self._relay = _Relay(self)
        self._relay.finished.connect(self._deliver)
        self._ids = itertools.count(1)
        self._latest: dict[str, int] = {}
        self._callbacks: dict[int, tuple[Callable[[Any], None], Callable[[Exception], None]]] = {}

    def run(self, kind: str, work: Callable[[], Any], on_done: Callable[[Any], None],
            on_error: Callable[[Exception], None]) -> int:
        job_id = next(self._ids)
        self._latest[kind] = job_id
        self._callbacks[job_id] = (on_done, on_error)
        self.busy_changed.emit(True)
        self._pool.start(_Job(self._relay, kind, job_id, work,
                              lambda: self._latest.get(kind) == job_id))
        return job_id

    def wait(self, msecs: int = 30_000) -> bool:
        return self._pool.waitForDone(msecs)

    @property
    def busy(self) -> bool:
        return bool(self._callbacks)

    @Slot(str, int, object, object)
    def _deliver(self, kind: str, job_id: int, result: Any, error: Exception | None) -> None:
        on_done, on_error = self._callbacks.pop(job_id, (None, None))
        if not self._callbacks:
            self.busy_changed.emit(False)
        if self._latest.get(kind) != job_id or on_done is None:
            return
        if error is not None:
            on_error(error)
        else:
            on_done(result)
