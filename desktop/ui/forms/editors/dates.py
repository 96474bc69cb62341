"""The date editor: dd.MM.yyyy typed as text (with or without dots), and a calendar button.

A date that does not exist (31.02.2025, 45.13.2020) is refused in words under the field and
is never moved to another date: :meth:`DateEditor.problem` says why, :meth:`value` is None,
and dialogs refuse to save while a date field has a problem (see ``date_problems``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QCalendarWidget,
    QLabel,
    QLineEdit,
    QMenu,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from desktop.core.date_input import read_date, show_date
from desktop.core.i18n import tr
from desktop.ui import style
from desktop.ui.forms.editors.base import Editor

DATE_FORMAT = "dd.MM.yyyy"


class DateEditor(Editor):
    """A date shown and typed as dd.mm.yyyy; empty means no date."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit(self)
        self.edit.setMaxLength(12)
        self.edit.setMinimumWidth(self.edit.fontMetrics().horizontalAdvance("00.00.00000") + 24)
        self.edit.setMaximumWidth(self.edit.minimumWidth() + 40)
        self.edit.textEdited.connect(self._typed)
        self.edit.editingFinished.connect(self._tidy)
        self.calendar_button = QToolButton(self)
        self.calendar_button.setText("▾")
        self.calendar_button.setAutoRaise(True)
        self.calendar_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.calendar_button.clicked.connect(self._show_calendar)
        self.error = QLabel(self)
        self.error.setStyleSheet(f"color: {style.DANGER}; font-weight: 600;")
        self.error.setWordWrap(True)
        self.error.hide()
        self._layout.addWidget(self.edit)
        self._layout.addWidget(self.calendar_button)
        self._layout.addWidget(self.error, 1)
        self._layout.addStretch(0)  # the field stays on the left when no sentence is shown
        self.retranslate()

    def retranslate(self) -> None:
        self.edit.setPlaceholderText(tr("dd.mm.yyyy"))
        self.calendar_button.setToolTip(tr("Choose the date in a calendar"))
        self.edit.setToolTip(tr("Type the date as dd.mm.yyyy, or press the arrow for a "
                                "calendar."))
        self.show_problem()

    # -- value -------------------------------------------------------------------------------
    def date(self) -> dt.date | None:
        return read_date(self.edit.text()).day

    def problem(self) -> str:
        """Why the text is not a date ("" when it is one, or empty)."""
        return read_date(self.edit.text()).problem

    def value(self) -> Any:
        day = self.date()
        return day.isoformat() if day else None

    def set_value(self, value: Any) -> None:
        with QSignalBlocker(self.edit):
            self.edit.setText(show_date(_to_date(value)))
        self.show_problem()

    def set_date(self, day: dt.date | None) -> None:
        """Set the date as if the worker had chosen it (``changed`` fires)."""
        self.edit.setText(show_date(day))
        self._typed()

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)
        self.calendar_button.setEnabled(not read_only)

    # -- typing ------------------------------------------------------------------------------
    def _typed(self, *_: object) -> None:
        if not self.problem():
            self.show_problem()  # a corrected date clears the sentence at once
        self.changed.emit()

    def _tidy(self) -> None:
        """Leaving the field: a date is shown as dd.mm.yyyy, a wrong one is said in words."""
        day = self.date()
        if day is not None and self.edit.text() != show_date(day):
            self.edit.setText(show_date(day))
        self.show_problem()

    def show_problem(self, force: bool = False) -> None:
        """Say under the field why its text is not a date (not while it is being typed)."""
        problem = self.problem() if force or not self.edit.hasFocus() else ""
        self.error.setText(problem)
        self.error.setVisible(bool(problem))

    def _show_calendar(self) -> None:
        menu = QMenu(self)
        calendar = QCalendarWidget(menu)
        calendar.setSelectedDate(QDate(self.date() or dt.date.today()))
        action = QWidgetAction(menu)
        action.setDefaultWidget(calendar)
        menu.addAction(action)

        def chosen(day: QDate) -> None:
            self.set_date(day.toPython())
            menu.close()

        calendar.clicked.connect(chosen)
        calendar.activated.connect(chosen)
        menu.popup(self.edit.mapToGlobal(self.edit.rect().bottomLeft()))


def _to_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value:
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def date_problems(root: QWidget) -> list[DateEditor]:
    """The date fields under ``root`` whose text is not a date (shown, enabled)."""
    found = [editor for editor in root.findChildren(DateEditor)
             if editor.isVisibleTo(root) and editor.problem()]
    for editor in found:
        editor.show_problem(force=True)
    return found
