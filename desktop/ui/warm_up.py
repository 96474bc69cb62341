"""What an unlocked vault needs, imported while the user types the password.

The unlock window is shown before SQLAlchemy, the store, the sync client, the documents and
the screens are imported (they take most of a start). Once the window has been painted:

* a background thread imports the core modules (``desktop.core`` and ``sync`` never import
  Qt), which take most of the time;
* then the UI thread imports the screens, one module per turn of its event loop. Qt's Python
  modules are imported on the UI thread only: imported on another thread while the UI thread
  worked, QtCharts once gave a chart's legend back as a plain QGraphicsWidget.

Whoever opens a vault first waits for the background thread (:func:`wait_for_warm_up`, on the
thread that opens it): two threads importing the same modules at once could meet each other's
import locks. Opening the workspace imports whatever screen is not imported yet. The
built-in forms are parsed on a thread of their own after the core's imports; it pauses while
an unlock is under way (:func:`hold_warm_up`), so that it takes nothing from Today's first
paint.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import threading
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)
T = TypeVar("T")

# The core of opening a vault and of the screens (each imports what it needs); a module
# missing here is imported where it is used.
CORE_MODULES = (
    "desktop.core.store", "desktop.core.migrations", "desktop.core.sync_local",
    "desktop.core.refusals", "desktop.core.sync_marks", "desktop.core.sync_messages",
    "desktop.core.sync_status", "desktop.core.drafts", "desktop.core.conflicts",
    "desktop.core.handover", "desktop.core.views.today", "desktop.core.views.lists",
    "desktop.core.views.case", "desktop.core.views.case_texts", "desktop.core.views.acts",
    "desktop.core.views.plan", "desktop.core.views.consent", "desktop.core.views.printing",
    "desktop.core.views.signed_copies", "desktop.core.views.people",
    "desktop.core.views.my_tasks", "desktop.core.views.meetings",
    "desktop.core.views.directory", "desktop.core.reports.cache",
    "desktop.core.reports.definitions", "desktop.core.reports.chosen",
    "desktop.core.reports.child_protection", "desktop.core.forms.catalog",
    "desktop.core.forms.pictures", "desktop.core.casework.case_export",
    "desktop.core.casework.case_importer", "desktop.core.casework.intake",
    "desktop.core.casework.lifecycle", "desktop.core.casework.visits",
    "desktop.core.casework.registration", "desktop.core.casework.monitoring",
    "desktop.core.casework.plan_review", "desktop.core.casework.register_export",
)
# The screens, imported on the UI thread (each a short pause while the password is typed).
SCREEN_MODULES = (
    "desktop.ui.ops", "desktop.ui.session", "desktop.ui.today", "desktop.ui.case_list",
    "desktop.ui.case_view", "desktop.ui.reports.screen", "desktop.ui.sync_screen",
    "desktop.ui.workspace",
)
POLL_MS = 20

_thread: threading.Thread | None = None
_started = threading.Lock()
_screens_imported = threading.Event()
_may_run = threading.Event()
_may_run.set()
HOLD_AT_MOST_S = 10.0   # a hold nobody released ends by itself


def _import(name: str) -> None:
    try:
        importlib.import_module(name)
    except Exception:  # imported again where it is used, and fails there with its error
        log.exception("warm-up import failed: %s", name)


def _import_core() -> None:
    for name in CORE_MODULES:
        _import(name)
    # The built-in forms take ~0.1-0.3 s to parse (~1 s without PyYAML's C parser): parsed
    # now, the first case opened after unlock does not wait for them. Nobody waits for this
    # thread.
    threading.Thread(target=_parse_forms, name="kujdes-forms", daemon=True).start()


def _parse_forms() -> None:
    """Each version of each built-in form in turn, none while an unlock is under way
    (:func:`hold_warm_up`). The older versions too: a case lists every form version's title,
    and shows its old assessments with the version they were made with."""
    try:
        from desktop.core.forms.loader import FORMS_DIR, available_versions, load_form

        folders = sorted(p.name for p in FORMS_DIR.iterdir() if p.is_dir())
        for form_id in folders:
            with contextlib.suppress(ValueError, LookupError):  # not a form's folder
                for version in reversed(available_versions(form_id)):  # the newest first
                    _may_run.wait(HOLD_AT_MOST_S)
                    load_form(form_id, version)
    except Exception:  # parsed again where they are used, and reported there
        log.exception("warm-up: the built-in forms could not be parsed")


def hold_warm_up() -> None:
    """An unlock is under way: the forms' parsing (Python, holding its lock) waits, after
    the form it is parsing, until Today's data is shown (:func:`release_warm_up`)."""
    _may_run.clear()


def release_warm_up() -> None:
    _may_run.set()


def start_warm_up() -> None:
    """Start importing the core on a background thread (once)."""
    global _thread
    with _started:
        if _thread is None:
            _thread = threading.Thread(target=_import_core, name="kujdes-warm-up", daemon=True)
            _thread.start()


def warm_up_started() -> bool:
    return _thread is not None


def core_imported() -> bool:
    """Whether the background part of the warm-up has run, so that the UI thread may import
    a screen without meeting its imports."""
    thread = _thread
    return thread is not None and not thread.is_alive()


def warm_up_done() -> bool:
    """Whether the core and the screens are all imported."""
    return _screens_imported.is_set()


def wait_for_warm_up() -> None:
    """Return once the background part of the warm-up (if started) is done."""
    thread = _thread
    if thread is not None and thread is not threading.current_thread():
        thread.join()


def after_warm_up(work: Callable[[], T]) -> Callable[[], T]:
    """``work`` that first waits for the warm-up (for an operation on the background pool)."""
    def run() -> T:
        wait_for_warm_up()
        return work()

    return run


class _WarmUp(QObject):
    """Starts the warm-up after the window's first paint, then imports the screens on the UI
    thread once the core is imported."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._screens = list(SCREEN_MODULES)
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._next)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._start)  # after this paint has reached the screen
        return False

    def _start(self) -> None:
        start_warm_up()
        self._timer.start()

    def _next(self) -> None:
        thread = _thread
        if thread is not None and thread.is_alive():
            return
        if self._screens:
            _import(self._screens.pop(0))
        if not self._screens:
            self._timer.stop()
            _screens_imported.set()
            from desktop.core.heap import freeze_settled_objects

            freeze_settled_objects()  # the modules: left out of full collections from now


def warm_up_after_first_paint(window: QWidget) -> None:
    """Start the warm-up once ``window`` has been painted for the first time."""
    window.installEventFilter(_WarmUp(window))
