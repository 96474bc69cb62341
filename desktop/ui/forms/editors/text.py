"""Editors of typed answers: text (one line or several) and numbers."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRegularExpression, QSignalBlocker, Qt
from PySide6.QtGui import QRegularExpressionValidator
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
    """Digits only (and a decimal point or comma for decimals); empty means not answered."""

    _PATTERNS = {"integer": r"[+-]?\d{0,12}", "decimal": r"[+-]?\d{0,12}([.,]\d{0,6})?"}

    def __init__(self, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.edit = QLineEdit(self)
        self.edit.setValidator(QRegularExpressionValidator(
            QRegularExpression(self._PATTERNS[kind]), self.edit))
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
