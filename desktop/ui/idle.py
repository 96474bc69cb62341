"""Locking after idle minutes: any key, click, wheel or mouse move restarts the clock."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal

from desktop.ui.app_events import AppEventFilter

_ACTIVITY = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress,
                       QEvent.Type.MouseMove, QEvent.Type.Wheel, QEvent.Type.TouchBegin,
                       QEvent.Type.ShortcutOverride})


class IdleWatcher(AppEventFilter):
    """Emits ``idle`` after ``interval_ms`` without user input anywhere in the application."""

    idle = Signal()
    event_types = _ACTIVITY

    def __init__(self, interval_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(max(int(interval_ms), 1))
        self._timer.timeout.connect(self.idle)

    def set_interval(self, interval_ms: int) -> None:
        self._timer.setInterval(max(int(interval_ms), 1))
        if self._timer.isActive():
            self._timer.start()

    def interval(self) -> int:
        return self._timer.interval()

    def start(self) -> None:
        self.install()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        self.uninstall()

    def is_active(self) -> bool:
        return self._timer.isActive()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if self._timer.isActive():  # only the events of _ACTIVITY come here
            self._timer.start()
        return False
