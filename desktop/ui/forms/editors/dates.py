"""The date editor: dd.MM.yyyy, typed with or without dots, with an explicit "no date"."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, QSignalBlocker, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPaintEvent
from PySide6.QtWidgets import QDateEdit, QToolButton, QWidget

from desktop.core.i18n import tr
from desktop.ui.forms.editors.base import Editor, paint_chevron

DATE_FORMAT = "dd.MM.yyyy"
_EMPTY_DATE = QDate(1800, 1, 1)
_LAST_DATE = QDate(2199, 12, 31)
_SEPARATORS = (".", "/", "-", ",", " ")


class _DateEdit(QDateEdit):
    """A date edit whose lowest date stands for "no date": typing or clicking starts today."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDisplayFormat(DATE_FORMAT)
        self.setCalendarPopup(True)
        self.setDateRange(_EMPTY_DATE, _LAST_DATE)
        self.setSpecialValueText(tr("dd.mm.yyyy"))
        self.setDate(_EMPTY_DATE)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("00.00.00000") + 48)
        self.setStyleSheet("QDateEdit::drop-down { border: none; width: 24px; }")
        self._advanced = False

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.calendarPopup():
            paint_chevron(self)

    def is_empty(self) -> bool:
        return self.date() == _EMPTY_DATE

    def _start(self) -> None:
        if self.is_empty():
            self.setDate(QDate.currentDate())
            self.setCurrentSection(QDateEdit.Section.DaySection)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, text = event.key(), event.text()
        if text in _SEPARATORS and self._advanced:
            self._advanced = False  # "15.03.2025": the day already moved on to the month
            return
        if self.is_empty() and (text.isdigit() or key in (Qt.Key.Key_Up, Qt.Key.Key_Down)):
            self._start()
            if text.isdigit():
                self.setSelectedSection(QDateEdit.Section.DaySection)
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self._all_selected():
            self.setDate(_EMPTY_DATE)
            return
        section = self.currentSection()
        super().keyPressEvent(event)
        self._advanced = text.isdigit() and self.currentSection() != section

    def _all_selected(self) -> bool:
        edit = self.lineEdit()
        return edit.hasSelectedText() and len(edit.selectedText()) >= len(edit.text()) - 1

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._start()
        super().mousePressEvent(event)


class DateEditor(Editor):
    """A date shown as dd.MM.yyyy, with an explicit empty state and a button that clears it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = _DateEdit(self)
        self.edit.dateChanged.connect(self._on_changed)
        self.clear_button = QToolButton(self)
        self.clear_button.setText("✕")
        self.clear_button.setAutoRaise(True)
        self.clear_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.clear_button.clicked.connect(self._clear_clicked)
        self._layout.addWidget(self.edit)
        self._layout.addWidget(self.clear_button)
        self._layout.addStretch(1)
        self.retranslate()
        self._update_clear()

    def retranslate(self) -> None:
        self.edit.setSpecialValueText(tr("dd.mm.yyyy"))
        self.clear_button.setToolTip(tr("Clear the date"))
        self.edit.setToolTip(tr("Type the date as dd.mm.yyyy, or press the arrow for a "
                                "calendar."))

    def date(self) -> dt.date | None:
        if self.edit.is_empty():
            return None
        return self.edit.date().toPython()

    def value(self) -> Any:
        day = self.date()
        return day.isoformat() if day else None

    def set_value(self, value: Any) -> None:
        with QSignalBlocker(self.edit):
            self.edit.setDate(_to_qdate(value) or _EMPTY_DATE)
        self._update_clear()

    def set_date(self, day: dt.date | None) -> None:
        """Set the date as if the worker had chosen it (``changed`` fires)."""
        self.edit.setDate(QDate(day) if day else _EMPTY_DATE)

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)
        self.clear_button.setEnabled(not read_only)

    def _on_changed(self) -> None:
        self._update_clear()
        self.changed.emit()

    def _clear_clicked(self) -> None:
        self.edit.setDate(_EMPTY_DATE)
        self.edit.setFocus()

    def _update_clear(self) -> None:
        self.clear_button.setVisible(not self.edit.is_empty())


def _to_qdate(value: Any) -> QDate | None:
    if isinstance(value, dt.date):
        return QDate(value)
    if isinstance(value, str) and value:
        try:
            return QDate(dt.date.fromisoformat(value[:10]))
        except ValueError:
            return None
    return None
