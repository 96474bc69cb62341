"""Keyboard rules for every screen and dialog, applied application-wide.

- Tab and Shift+Tab leave a table or list (they never cycle through its cells: the arrow
  keys do that), and Escape in a table moves on to the next control as well, so the
  buttons after a table are reachable without a mouse.
- :func:`tab_switch_keys`: Ctrl+Tab / Ctrl+Shift+Tab (and Ctrl+PgDown / Ctrl+PgUp) move
  between the tabs of a tab widget from anywhere in the screen that holds it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QApplication, QTabWidget, QWidget


class KeyboardRules(QObject):
    """The application event filter that applies the rules above."""

    def __init__(self) -> None:
        super().__init__()
        self._installed = False

    def install(self) -> None:
        app = QApplication.instance()
        if app is not None and not self._installed:
            app.installEventFilter(self)
            self._installed = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if kind == QEvent.Type.Polish and isinstance(watched, QAbstractItemView):
            watched.setTabKeyNavigation(False)
        elif (kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
              and _leaves_table(watched, event)):
            assert isinstance(watched, QWidget)
            watched.focusNextPrevChild(True)
            return True
        return False


def _leaves_table(watched: QObject, event: QKeyEvent) -> bool:
    if not isinstance(watched, QAbstractItemView) or event.key() != Qt.Key.Key_Escape:
        return False
    if watched.window().inherits("QComboBoxPrivateContainer"):
        return False  # a drop-down's list closes with Escape
    return watched.state() != QAbstractItemView.State.EditingState


_rules: KeyboardRules | None = None


def install_keyboard_rules() -> None:
    """Install the rules once for the application."""
    global _rules
    if _rules is None:
        _rules = KeyboardRules()
    _rules.install()


def tab_switch_keys(screen: QWidget, tabs: QTabWidget) -> None:
    """Ctrl+Tab / Ctrl+Shift+Tab anywhere in ``screen`` show the next / previous tab."""
    def step(by: int) -> None:
        count = tabs.count()
        if count:
            tabs.setCurrentIndex((tabs.currentIndex() + by) % count)
            tabs.tabBar().setFocus(Qt.FocusReason.TabFocusReason)

    for keys, by in (("Ctrl+Tab", 1), ("Ctrl+PgDown", 1), ("Ctrl+Shift+Tab", -1),
                     ("Ctrl+PgUp", -1)):
        shortcut = QShortcut(QKeySequence(keys), screen)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(lambda by=by: step(by))
