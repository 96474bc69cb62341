"""A dialog opened by the launcher and closed by the worker leaves nothing behind: what it
held in reference cycles is collected in the turn after it is deleted, not left for a full
collection that may come much later (a form's hundreds of widgets, each time)."""

from __future__ import annotations

import weakref
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QVBoxLayout, QWidget

from desktop.ui.dialog_launcher import DialogLauncher


class Held:
    """Something a dialog's handlers keep in a cycle with it."""


class CyclicDialog(QDialog):
    def __init__(self, held: list[Any], parent: QWidget) -> None:
        super().__init__(parent)
        self.field = QLineEdit(self)
        QVBoxLayout(self).addWidget(self.field)
        self.held = Held()
        self.held.back = self.held          # a cycle only a collection frees
        held.append(weakref.ref(self.held))


def test_a_closed_dialogs_cycles_are_collected_after_it_is_deleted(
        qtbot: Any, automatic_collection_off: None) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    launcher, held = DialogLauncher(), []
    dialog = launcher.open(CyclicDialog, (held,), parent)
    qtbot.waitExposed(dialog)
    dialog.field.setFocus()
    qtbot.waitUntil(lambda field=dialog.field: QApplication.focusWidget() is field,
                    timeout=5_000)
    del dialog
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)   # the worker closes it
    assert launcher.dialog() is None
    qtbot.waitUntil(lambda: held[0]() is None, timeout=1_000)
