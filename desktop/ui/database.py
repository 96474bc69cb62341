"""The one database thread of an open vault.

The UI thread never touches the database: screens hand a function of the store to
:meth:`Database.run`, which runs it on the vault's database thread and delivers the result
(or the error) back on the UI thread through a queued signal.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

from desktop.core.store import Store

log = logging.getLogger(__name__)
Job = Callable[[Store], Any]


class _Executor(QObject):
    """Lives on the database thread; runs jobs in the order they were submitted."""

    finished = Signal(int, object, object)  # job id, result, error

    def __init__(self, store_provider: Callable[[], Store]) -> None:
        super().__init__()
        self._store_provider = store_provider

    @Slot(int, object)
    def execute(self, job_id: int, job: Job) -> None:
        try:
            result = job(self._store_provider())
        except Exception as error:  # delivered to the caller, who shows it
            log.info("database job failed: %s", type(error).__name__)
            self.finished.emit(job_id, None, error)
        else:
            self.finished.emit(job_id, result, None)


class Database(QObject):
    """Runs store work off the UI thread: ``db.run(lambda store: ..., on_done, on_error)``."""

    _submit = Signal(int, object)
    busy_changed = Signal(bool)

    def __init__(self, store_provider: Callable[[], Store], parent: QObject | None = None
                 ) -> None:
        super().__init__(parent)
        self._thread = QThread()
        self._thread.setObjectName("kujdes-database")
        self._executor = _Executor(store_provider)
        self._executor.moveToThread(self._thread)
        self._submit.connect(self._executor.execute)
        self._executor.finished.connect(self._deliver)
        self._callbacks: dict[int, tuple[Callable[[Any], None] | None,
                                         Callable[[Exception], None] | None]] = {}
        self._ids = itertools.count(1)
        self._stopped = False
        self._thread.start()

    def run(self, job: Job, on_done: Callable[[Any], None] | None = None,
            on_error: Callable[[Exception], None] | None = None) -> int:
        """Queue ``job(store)``; its result goes to ``on_done`` on the UI thread."""
        job_id = next(self._ids)
        if self._stopped:
            log.warning("database job refused: the database thread is stopped")
            return job_id
        self._callbacks[job_id] = (on_done, on_error)
        if len(self._callbacks) == 1:
            self.busy_changed.emit(True)
        self._submit.emit(job_id, job)
        return job_id

    def cancel_callbacks(self, job_id: int) -> None:
        """Forget where a job's result goes (the job itself still runs to its end)."""
        if job_id in self._callbacks:
            self._callbacks[job_id] = (None, None)

    @Slot(int, object, object)
    def _deliver(self, job_id: int, result: Any, error: Exception | None) -> None:
        if self._stopped:
            return
        on_done, on_error = self._callbacks.pop(job_id, (None, None))
        if not self._callbacks:
            self.busy_changed.emit(False)
        if error is not None:
            if on_error is not None:
                on_error(error)
            else:
                log.warning("unhandled database error: %s", type(error).__name__)
        elif on_done is not None:
            on_done(result)

    @property
    def is_running(self) -> bool:
        return not self._stopped

    def drain(self, timeout_ms: int = 60_000) -> bool:
        """Block until every job queued so far has run (their results are delivered later)."""
        if self._stopped or not self._thread.isRunning():
            return True
        done = threading.Event()
        QTimer.singleShot(0, self._executor, done.set)  # queued behind the submitted jobs
        return done.wait(timeout_ms / 1000)

    def stop(self) -> None:
        """Finish queued jobs and end the thread; results not yet delivered are dropped."""
        if self._stopped:
            return
        self.drain()
        self._stopped = True
        self._thread.quit()
        self._thread.wait()
        self._callbacks.clear()
