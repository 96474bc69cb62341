"""The form's keyboard, watched on every input of a form: Enter moves on from a field, Tab or
Enter from the last field built so far builds on first (a form is built in slices, and Tab
must still go through all of it in order), and leaving an edited field judges its answer."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit, QLineEdit, QRadioButton

_ENTER_MOVES_ON = (QLineEdit, QComboBox, QDateEdit, QCheckBox, QRadioButton)
_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_NEXT_KEYS = (*_ENTER_KEYS, Qt.Key.Key_Tab)


class FormKeys(QObject):
    def __init__(self, parent: QObject, *, build_past: Callable[[QObject], None],
                 move_on: Callable[[], object], left: Callable[[str], None]) -> None:
        super().__init__(parent)
        self._build_past = build_past   # builds on when the watched input is the last built
        self._move_on = move_on         # moves the focus to the next input
        self._left = left               # the field of this key lost the focus

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in _NEXT_KEYS:
                self._build_past(watched)
            if (event.key() in _ENTER_KEYS and isinstance(watched, _ENTER_MOVES_ON)
                    and not event.modifiers() & (Qt.KeyboardModifier.ControlModifier
                                                 | Qt.KeyboardModifier.AltModifier)):
                self._move_on()
                return True
        elif event.type() == QEvent.Type.FocusOut:
            key = watched.property("formKey")
            if isinstance(key, str):
                self._left(key)
        return False
