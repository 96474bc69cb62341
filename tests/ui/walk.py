"""A person at the keyboard: every key goes to the widget that has the keyboard focus, and is
counted. Shared by the whole-process test and ``bench/keyboard_walk.py`` so that the two walk
the same way.

A step never moves the focus itself: it presses Tab (or Shift+Tab) until the focus is on the
wanted control and fails, naming where the focus went, when the control cannot be reached.
Typed text is counted apart from the other keys.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QWidget

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier
NONE = Qt.KeyboardModifier.NoModifier


class WalkBlocked(AssertionError):
    """A step could not be done by keyboard."""


def describe(widget: QWidget | None) -> str:
    if widget is None:
        return "nothing"
    text = getattr(widget, "text", None)
    shown = text() if callable(text) and not isinstance(widget, QComboBox) else ""
    if isinstance(widget, QComboBox):
        shown = widget.currentText()
    name = widget.accessibleName() or widget.objectName()
    return f"{type(widget).__name__}({name or ''} {str(shown)[:40]!r})"


@dataclass
class Walker:
    """Presses keys where the focus is and counts them (``keys``) and the characters typed
    (``typed``); ``steps`` holds the key count at the end of each named step."""

    keys: int = 0
    typed: int = 0
    steps: list[tuple[str, int]] = field(default_factory=list)
    _step_start: int = 0

    # -- where the keys go -------------------------------------------------------------------
    def focus(self) -> QWidget:
        widget = QApplication.focusWidget()
        if widget is None:
            self._window_up()
            widget = QApplication.focusWidget()
        if widget is None:
            active = QApplication.activeModalWidget() or QApplication.activeWindow()
            raise WalkBlocked(f"nothing has the keyboard focus (active: {describe(active)})")
        return widget

    def key(self, key: Any, modifier: Any = NONE, times: int = 1) -> None:
        for _ in range(times):
            self._window_up()
            QTest.keyClick(self.focus(), key, modifier)
            self.keys += 1
            QTest.qWait(5)

    def type(self, text: str) -> None:
        self._window_up()
        for char in text:  # QTest.keyClicks knows ASCII only; workers type ë and ç
            target = self.focus()
            if char.isascii():
                QTest.keyClick(target, char)
                continue
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(target, QKeyEvent(kind, 0, NONE, char))
        self.typed += len(text)

    def _window_up(self) -> None:
        """The window in front takes the keys, as on a desktop: a dialog just opened, or the
        main window again once its dialog has closed."""
        target = QApplication.activeModalWidget()
        if target is None and QApplication.activeWindow() is None:
            target = next((w for w in QApplication.topLevelWidgets()
                           if w.isVisible() and w.inherits("QMainWindow")), None)
        if target is not None and not target.isActiveWindow():
            target.activateWindow()
            self.wait(target.isActiveWindow, 2_000, "the window to become active")

    # -- moving ------------------------------------------------------------------------------
    def tab_to(self, wanted: QWidget | Callable[[QWidget], bool], *, back: bool = False,
               limit: int = 60) -> QWidget:
        """Tab (Shift+Tab when ``back``) until the focus is on ``wanted``."""
        matches = wanted if callable(wanted) and not isinstance(wanted, QWidget) else (
            lambda w: w is wanted)
        seen: list[str] = []
        for _ in range(limit):
            current = self.focus()
            if matches(current):
                return current
            seen.append(describe(current))
            if back:
                self.key(Qt.Key.Key_Backtab, SHIFT)
            else:
                self.key(Qt.Key.Key_Tab)
        if matches(self.focus()):
            return self.focus()
        target = describe(wanted) if isinstance(wanted, QWidget) else "the control"
        raise WalkBlocked(f"{target} not reached by Tab; the focus went: "
                          + " > ".join(seen[:limit]))

    def choose(self, combo: QComboBox, wanted: Callable[[Any], bool]) -> None:
        """On the focused drop-down, arrow keys until the item wanted (its data) shows."""
        if self.focus() is not combo:
            raise WalkBlocked(f"{describe(combo)} does not have the focus")
        if wanted(combo.currentData()):
            return
        self.key(Qt.Key.Key_Home)
        for _ in range(combo.count()):
            if wanted(combo.currentData()):
                return
            self.key(Qt.Key.Key_Down)
        raise WalkBlocked(f"{describe(combo)} does not offer what is wanted")

    # -- time --------------------------------------------------------------------------------
    @staticmethod
    def wait(condition: Callable[[], Any], timeout_ms: int = 10_000, what: str = "") -> None:
        deadline = time.monotonic() + timeout_ms / 1000
        while not condition():
            if time.monotonic() > deadline:
                raise WalkBlocked(f"waited in vain for {what or 'the screen'}; focus on "
                                  f"{describe(QApplication.focusWidget())}")
            QTest.qWait(20)

    def step_done(self, name: str) -> None:
        self.steps.append((name, self.keys - self._step_start))
        self._step_start = self.keys
