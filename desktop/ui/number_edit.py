"""A whole-number field that keeps what was typed: a value out of range or not a number is
not clamped or dropped but refused in words, in a label beside or under the field."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from desktop.core.numbers import range_message, whole_in_range
from desktop.ui.field_row import WARNING_SIGN


class NumberEdit(QLineEdit):
    """``value()`` is the last valid number; ``valueChanged`` is emitted for valid ones only.
    ``error`` (a QLabel, placed by the owner) says what is wrong while the text is not valid.
    """

    valueChanged = Signal(int)

    def __init__(self, low: int, high: int, value: int, *,
                 message: Callable[[int, int], str] = range_message,
                 parent: QWidget | None = None) -> None:
        super().__init__(str(value), parent)
        self.low, self.high = low, high
        self._message = message
        self._value = value
        self.setMaxLength(len(str(high)) + 3)
        self.setMaximumWidth(90)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.hide()
        self.textEdited.connect(self._edited)
        self.editingFinished.connect(self.check)  # said once the person leaves the field

    def value(self) -> int:
        return self._value

    def setValue(self, value: int) -> None:  # noqa: N802 (Qt's spelling, like QSpinBox)
        self.setText(str(value))
        self._edited(self.text())

    def is_valid(self) -> bool:
        return whole_in_range(self.text(), self.low, self.high) is not None

    def check(self) -> bool:
        """Show or hide the sentence; True when the text is a number in range."""
        valid = self.is_valid()
        self.error.setText("" if valid else WARNING_SIGN + self._message(self.low, self.high))
        self.error.setVisible(not valid)
        return valid

    def retranslate(self) -> None:
        if self.error.isVisible():
            self.check()

    def _edited(self, text: str) -> None:
        number = whole_in_range(text, self.low, self.high)
        if number is None:
            return
        self.check()
        if number != self._value:
            self._value = number
            self.valueChanged.emit(number)
