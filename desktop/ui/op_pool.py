"""The background pool of :mod:`desktop.ui.ops` and the relay that brings results back to the
UI thread."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as wait_futures
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot

log = logging.getLogger(__name__)


class Relay(QObject):
    """Lives on the UI thread; runs what a worker thread posts to it."""

    post = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.post.connect(self._run, Qt.ConnectionType.QueuedConnection)

    @Slot(object)
    def _run(self, call: Callable[[], None]) -> None:
        call()


def _forget(future: Future[Any]) -> None:
    with _pending_lock:
        _pending.discard(future)


def log_failure(error: Exception) -> None:
    log.warning("background work failed unhandled: %s", type(error).__name__)


_background: ThreadPoolExecutor | None = None
_ui_relay: Relay | None = None
_pending: set[Future[Any]] = set()
_pending_lock = threading.Lock()


def _pool() -> ThreadPoolExecutor:
    global _background
    if _background is None:
        _background = ThreadPoolExecutor(max_workers=4, thread_name_prefix="kujdes-background")
    return _background


def relay() -> Relay:
    global _ui_relay
    if _ui_relay is None:
        _ui_relay = Relay()
    return _ui_relay


def wait_for_background(timeout_ms: int = 30_000) -> bool:
    """Wait until the background work started so far has ended (application exit, tests)."""
    with _pending_lock:
        pending = list(_pending)
    _, late = wait_futures(pending, timeout=timeout_ms / 1000)
    return not late


def submit(work: Callable[[], None]) -> Future[Any]:
    """Run ``work`` on the pool; :func:`wait_for_background` waits for it."""
    future = _pool().submit(work)
    with _pending_lock:
        _pending.add(future)
    future.add_done_callback(_forget)
    return future
