"""The application-wide event filter: watchers see the input they name, cheaply told apart."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, Qt
from PySide6.QtGui import QInputEvent, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit

from desktop.ui.app_events import QUICK_TYPES, AppEventFilter
from desktop.ui.idle import IdleWatcher


class _Recorder(AppEventFilter):
    def __init__(self, kinds: frozenset[QEvent.Type]) -> None:
        super().__init__()
        self.event_types = kinds
        self.seen: list[tuple[QEvent.Type, type]] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        self.seen.append((event.type(), type(event)))
        return False


def _input(qtbot: Any) -> QLineEdit:
    field = QLineEdit()
    qtbot.addWidget(field)
    field.show()
    qtbot.waitExposed(field)
    QTest.keyClick(field, Qt.Key.Key_A)
    QTest.mouseMove(field, QPoint(5, 5))
    QTest.mouseClick(field, Qt.MouseButton.LeftButton)
    wheel = QWheelEvent(QPointF(5, 5), QPointF(field.mapToGlobal(QPoint(5, 5))), QPoint(),
                        QPoint(0, 120), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(field, wheel)
    return field


def test_watchers_see_input_and_polish(qtbot: Any) -> None:
    recorder = _Recorder(QUICK_TYPES)
    recorder.install()
    try:
        _input(qtbot)
    finally:
        recorder.uninstall()
    kinds = {kind for kind, _cls in recorder.seen}
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.ShortcutOverride,
                 QEvent.Type.MouseMove, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel,
                 QEvent.Type.Polish):
        assert kind in kinds, kind
    assert kinds <= QUICK_TYPES


def test_the_quick_types_come_as_input_events_or_plain_events(qtbot: Any) -> None:
    """What the dispatcher's class test relies on: a watcher of a type outside QUICK_TYPES
    makes it look at every event, and then every event of QUICK_TYPES is of those classes."""
    recorder = _Recorder(QUICK_TYPES | {QEvent.Type.Resize})
    recorder.install()
    try:
        _input(qtbot)
    finally:
        recorder.uninstall()
    assert any(kind == QEvent.Type.Resize for kind, _cls in recorder.seen)
    for kind, cls in recorder.seen:
        if kind in QUICK_TYPES:
            assert cls is QEvent or issubclass(cls, QInputEvent), (kind, cls)


def test_input_restarts_the_idle_clock(qtbot: Any) -> None:
    watcher = IdleWatcher(60_000)
    fired: list[bool] = []
    watcher.idle.connect(lambda: fired.append(True))
    watcher.start()
    try:
        field = QLineEdit()
        qtbot.addWidget(field)
        field.show()
        qtbot.waitExposed(field)
        watcher.set_interval(300)
        qtbot.wait(200)
        QTest.keyClick(field, Qt.Key.Key_A)   # the clock starts again: 300 ms from here
        assert watcher._timer.remainingTime() > 250
        qtbot.wait(150)
        assert not fired
        qtbot.waitUntil(lambda: bool(fired), timeout=2000)
    finally:
        watcher.stop()
