"""Watching the whole application's events, through one event filter.

An event filter on the application is called for every event of every widget: tens of
thousands while a form or a case is built (polish, move, resize, paint, ...), each call a
crossing from Qt into Python. The application's watchers (keyboard rules, Ctrl+L, the idle
clock) therefore share one installed filter, which calls a watcher only for the event types
it names: one crossing per event instead of one per watcher.

Most events (paints, timers, layout, child events) are never watched: the filter tells them
by their Python class (a C type check) before asking their type, whose conversion into a
Python enum costs more than the rest of the filter.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QInputEvent
from PySide6.QtWidgets import QApplication
from shiboken6 import isValid

_T = QEvent.Type
# the types that come as a QInputEvent or a plain QEvent (see _Dispatcher.eventFilter)
QUICK_TYPES = frozenset({
    _T.KeyPress, _T.KeyRelease, _T.ShortcutOverride, _T.MouseButtonPress,
    _T.MouseButtonRelease, _T.MouseButtonDblClick, _T.MouseMove, _T.Wheel, _T.TouchBegin,
    _T.TouchUpdate, _T.TouchEnd, _T.Polish, _T.PolishRequest})


class AppEventFilter(QObject):
    """Watches the events of ``event_types`` anywhere in the application once installed;
    :meth:`eventFilter` returns True to stop an event, as a Qt event filter does."""

    event_types: frozenset[QEvent.Type] = frozenset()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._installed = False

    def install(self) -> None:
        if not self._installed and _dispatcher().add(self):
            self._installed = True

    def uninstall(self) -> None:
        if self._installed:
            _dispatcher().remove(self)
            self._installed = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        return False


class _Dispatcher(QObject):
    """The one filter installed on the application."""

    def __init__(self) -> None:
        super().__init__()
        self._app: QApplication | None = None
        self._watchers: list[AppEventFilter] = []
        self._by_type: dict[QEvent.Type, tuple[AppEventFilter, ...]] = {}
        self._every_class = False   # a watched type outside QUICK_TYPES: no class test

    def add(self, watcher: AppEventFilter) -> bool:
        app = QApplication.instance()
        if app is None:
            return False
        if self._app is not app:
            app.installEventFilter(self)
            self._app = app  # type: ignore[assignment]
        # the latest first, as Qt calls the filters installed on an object
        self._watchers.insert(0, watcher)
        watcher.destroyed.connect(self._forget_deleted)
        self._index()
        return True

    def remove(self, watcher: AppEventFilter) -> None:
        if watcher in self._watchers:
            self._watchers.remove(watcher)
            self._index()

    def _forget_deleted(self, _obj: QObject | None = None) -> None:
        self._watchers = [w for w in self._watchers if isValid(w)]
        self._index()

    def _index(self) -> None:
        kinds = {kind for watcher in self._watchers for kind in watcher.event_types}
        self._by_type = {kind: tuple(w for w in self._watchers if kind in w.event_types)
                         for kind in kinds}
        self._every_class = not kinds <= QUICK_TYPES

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        # Input events (keys, mouse, wheel, touch) come as QInputEvent's subclasses; the
        # other watched types (Polish) as a plain QEvent. A paint, timer, resize or child
        # event is none of these and returns here, its type not asked.
        if (type(event) is not QEvent and not isinstance(event, QInputEvent)
                and not self._every_class):
            return False
        watchers = self._by_type.get(event.type())
        if watchers:
            for watcher in watchers:
                if isValid(watcher) and watcher.eventFilter(watched, event):
                    return True
        return False


_the_dispatcher: _Dispatcher | None = None


def _dispatcher() -> _Dispatcher:
    global _the_dispatcher
    if _the_dispatcher is None:
        _the_dispatcher = _Dispatcher()
    return _the_dispatcher
