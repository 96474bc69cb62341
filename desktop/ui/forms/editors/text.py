"""Editors of typed answers: text (one line or several) and numbers."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from desktop.ui.forms.editors.base import Editor


class TextEditor(Editor):
    """One line, or several when ``multiline`` (Tab still moves to the next field)."""

    def __init__(self, multiline: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.multiline = multiline
        if multiline:
            self.edit: QLineEdit | QPlainTextEdit = QPlainTextEdit(self)
            self.edit.setTabChangesFocus(True)
            self.edit.setFixedHeight(self.edit.fontMetrics().lineSpacing() * 4 + 14)
            self.edit.textChanged.connect(self._emit)
        else:
            self.edit = QLineEdit(self)
            self.edit.textEdited.connect(self._emit)
        self._layout.addWidget(self.edit)

    def text(self) -> str:
        if isinstance(self.edit, QPlainTextEdit):
            return self.edit.toPlainText()
        return self.edit.text()

    def value(self) -> Any:
        return self.text() if self.text().strip() else None

    def set_value(self, value: Any) -> None:
        with QSignalBlocker(self.edit):
            text = "" if value is None else str(value)
            if isinstance(self.edit, QPlainTextEdit):
                self.edit.setPlainText(text)
            else:
                self.edit.setText(text)

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)


class NumberEditor(Editor):
    """A number typed as text; empty means not answered, anything else is checked by the
    form (letters are kept and refused in words, never dropped)."""

    _LONGEST = 24

    def __init__(self, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.edit = QLineEdit(self)
        # anything typed stays as typed; the form says in words when it is not a number
        self.edit.setMaxLength(self._LONGEST)
        self.edit.setMaximumWidth(180)
        self.edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.edit.textEdited.connect(self._emit)
        self._layout.addWidget(self.edit)
        self._layout.addStretch(1)

    def value(self) -> Any:
        text = self.edit.text().strip()
        return text or None

    def set_value(self, value: Any) -> None:
        if isinstance(value, float) and value.is_integer() and self.kind == "decimal":
            value = int(value)
        with QSignalBlocker(self.edit):
            self.edit.setText("" if value is None else str(value))

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)
