"""What the case dialog tests share: a synthetic case, opening a dialog, the keyboard focus
and Ctrl+S. (No tests here.)"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from typing import Any  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QDialog, QWidget  # noqa: E402

from desktop.core.vault import OpenVault  # noqa: E402
from tests.ui.test_forms_support import make_case  # noqa: E402


@pytest.fixture
def case_id(vault: OpenVault) -> str:
    return make_case(vault.store)[1]


def opened(qtbot: Any, dialog: QDialog) -> QDialog:
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def focus(qtbot: Any, widget: QWidget) -> QWidget:
    """Put the keyboard focus in ``widget`` as a click would; returns the focused widget."""
    widget.window().activateWindow()
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget, timeout=3000)
    return widget


def press_save() -> None:
    """Ctrl+S where the focus is, as the worker saves."""
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
