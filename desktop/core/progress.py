"""Progress and cancellation of long work, shared by the worker and whoever waits for it.

The worker calls :meth:`Progress.update` at its safe points (between committed steps); the
waiting side polls :meth:`Progress.snapshot` and may :meth:`Progress.cancel`. After a cancel,
the worker's next ``update`` raises :class:`Cancelled`, so it stops where everything done so
far is kept. Hooks registered with :meth:`Progress.on_cancel` run at once on cancel, for work
that must be interrupted rather than wait for its next safe point (a long SQL statement).
Qt-free.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)


class Cancelled(Exception):
    """Raised inside long work when it was cancelled (by the user, or because the vault
    locks); everything committed before it is kept."""


class Progress:
    """A thread-safe snapshot of long work: the worker writes, the waiting side reads."""

    def __init__(self, total: int = 0) -> None:
        self._lock = threading.Lock()
        self._done = 0
        self._total = total
        self._stage = ""
        self._cancelled = threading.Event()
        self._hooks: list[Callable[[], None]] = []

    # -- the worker's side ---------------------------------------------------------------------
    def update(self, done: int, total: int | None = None, stage: str | None = None) -> None:
        """Record how far the work is; raises :class:`Cancelled` once it was cancelled."""
        with self._lock:
            self._done = done
            if total is not None:
                self._total = total
            if stage is not None:
                self._stage = stage
        self.check()

    def check(self) -> None:
        """A safe point: raise :class:`Cancelled` if the work was cancelled."""
        if self._cancelled.is_set():
            raise Cancelled()

    def on_cancel(self, hook: Callable[[], None]) -> None:
        """Run ``hook`` when the work is cancelled (at once if it already was)."""
        with self._lock:
            self._hooks.append(hook)
        if self._cancelled.is_set():
            self._call(hook)

    # -- the waiting side ----------------------------------------------------------------------
    def cancel(self) -> None:
        if self._cancelled.is_set():
            return
        self._cancelled.set()
        with self._lock:
            hooks = list(self._hooks)
        for hook in hooks:
            self._call(hook)

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def snapshot(self) -> tuple[int, int]:
        with self._lock:
            return self._done, self._total

    @property
    def stage(self) -> str:
        with self._lock:
            return self._stage

    @staticmethod
    def _call(hook: Callable[[], None]) -> None:
        try:
            hook()
        except Exception as error:  # noqa: BLE001 - a failed interrupt must not stop a lock
            log.warning("cancel hook failed: %s", type(error).__name__)
