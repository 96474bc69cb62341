"""Keyboard rules for every screen and dialog, applied application-wide.

- Tab and Shift+Tab leave a table or list (they never cycle through its cells: the arrow
  keys do that), and Escape in a table moves on to the next control as well, so the
  buttons after a table are reachable without a mouse.
- :func:`tab_switch_keys`: Ctrl+Tab / Ctrl+Shift+Tab (and Ctrl+PgDown / Ctrl+PgUp) move
  between the tabs of a tab widget from anywhere in the screen that holds it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLineEdit,
    QTableView,
    QTabWidget,
    QWidget,
)

from desktop.core.i18n import tr
from desktop.ui.app_events import AppEventFilter

__all__ = ["AppEventFilter", "EnterOpensSingle", "KeyboardRules", "find_keys",
           "install_keyboard_rules", "tab_switch_keys"]


class KeyboardRules(AppEventFilter):
    """The application event filter that applies the rules above."""

    event_types = frozenset({QEvent.Type.Polish, QEvent.Type.KeyPress})

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

    tabs.tabBar().setToolTip("Ctrl+Tab / Ctrl+Shift+Tab")
    for keys, by in (("Ctrl+Tab", 1), ("Ctrl+PgDown", 1), ("Ctrl+Shift+Tab", -1),
                     ("Ctrl+PgUp", -1)):
        shortcut = QShortcut(QKeySequence(keys), screen)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(lambda by=by: step(by))


def find_keys(screen: QWidget, search: QLineEdit) -> None:
    """Ctrl+F anywhere in the window, while ``screen`` is shown, puts the cursor in
    ``search`` with its text selected."""
    def find() -> None:
        search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        search.selectAll()

    shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), screen)
    shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
    shortcut.activated.connect(find)
    search.setToolTip(tr("Search (Ctrl+F); Enter opens the only match"))


class EnterOpensSingle(QObject):
    """Enter in a search box: the only match opens; with several, the list takes the focus."""

    def __init__(self, search: QLineEdit, model: Any, view: QTableView,
                 open_row: Callable[[int], None]) -> None:
        super().__init__(search)
        self._model, self._view, self._open_row = model, view, open_row
        self._asked = False
        search.returnPressed.connect(self._enter)
        model.loading_changed.connect(lambda _loading: self._answer())

    def _enter(self) -> None:
        self._asked = True   # the search box ran the search first (its own returnPressed)
        self._answer()

    def _answer(self) -> None:
        if not self._asked or self._model.loading:
            return
        self._asked = False
        rows = self._model.rowCount()
        if rows == 1:
            self._open_row(0)
        elif rows > 1:
            self._view.setFocus(Qt.FocusReason.OtherFocusReason)
            self._view.selectRow(0)
