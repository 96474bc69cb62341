"""What an unlocked vault needs, imported while the user types the password.

The unlock window is shown before SQLAlchemy, the store, the sync client, the screens and the
documents are imported (they take most of a start). Once the window has been painted, a
background thread imports them, so that unlocking finds them ready. Whoever opens a vault
first waits for that thread (:func:`wait_for_warm_up`, on the thread that opens it): two
threads importing the same modules at once could meet each other's import locks.
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)
T = TypeVar("T")

# What opening a vault and showing the workspace import (each imports what it needs).
MODULES = ("desktop.core.store", "desktop.core.migrations", "desktop.core.sync_local",
           "desktop.core.refusals", "desktop.ui.ops", "desktop.ui.session",
           "desktop.ui.workspace")

_thread: threading.Thread | None = None
_started = threading.Lock()


def _import_all() -> None:
    for name in MODULES:
        try:
            importlib.import_module(name)
        except Exception:  # imported again where it is used, and fails there with its error
            log.exception("warm-up import failed: %s", name)


def start_warm_up() -> None:
    """Start importing on a background thread (once)."""
    global _thread
    with _started:
        if _thread is None:
            _thread = threading.Thread(target=_import_all, name="kujdes-warm-up", daemon=True)
            _thread.start()


def wait_for_warm_up() -> None:
    """Return once the warm-up (if started) has imported everything."""
    thread = _thread
    if thread is not None and thread is not threading.current_thread():
        thread.join()


def after_warm_up(work: Callable[[], T]) -> Callable[[], T]:
    """``work`` that first waits for the warm-up (for an operation on the background pool)."""
    def run() -> T:
        wait_for_warm_up()
        return work()

    return run


class _FirstPaint(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, start_warm_up)  # after this paint has reached the screen
        return False


def warm_up_after_first_paint(window: QWidget) -> None:
    """Start the warm-up once ``window`` has been painted for the first time."""
    window.installEventFilter(_FirstPaint(window))
