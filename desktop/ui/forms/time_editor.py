"""The editor of a ``time`` field: the hour and minutes typed as HH:MM (24-hour clock).

Typing is limited to what can become a time; "9:30" is taken as 09:30. Anything incomplete
is passed to the forms engine as typed, which marks it with its own message ("Enter a valid
time (HH:MM).") and loses nothing. Empty means not answered.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QRegularExpression, QSignalBlocker
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QLineEdit, QWidget

from desktop.core.i18n import tr
from desktop.ui.forms.editors import Editor

_TYPING = r"([01]?\d|2[0-3])?(:[0-5]?\d?)?"
_SHORT_HOUR = re.compile(r"(\d):([0-5]\d)\Z")


class TimeEditor(Editor):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit(self)
        self.edit.setValidator(QRegularExpressionValidator(QRegularExpression(_TYPING),
                                                           self.edit))
        self.edit.setMaximumWidth(110)
        self.edit.textEdited.connect(self._emit)
        self._layout.addWidget(self.edit)
        self._layout.addStretch(1)
        self.retranslate()

    def value(self) -> Any:
        text = self.edit.text().strip()
        short = _SHORT_HOUR.match(text)
        return f"0{short.group(1)}:{short.group(2)}" if short else (text or None)

    def set_value(self, value: Any) -> None:
        with QSignalBlocker(self.edit):
            self.edit.setText("" if value is None else str(value))

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)

    def retranslate(self) -> None:
        self.edit.setPlaceholderText(tr("HH:MM"))
