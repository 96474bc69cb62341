"""Small widgets of the unlock screen's pages: a password field that notices Caps Lock, the
language switch, and the layout of a page below the user list."""

from __future__ import annotations

import sys

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from desktop.core.i18n import LANGUAGE_CHOICES, current_language
from desktop.ui.widgets import link_button


def error_text(error: BaseException) -> str:
    """The sentence for a failed unlock or sign-in (the sync client is imported only then)."""
    from desktop.core.sync_messages import error_text as sentence

    return sentence(error)


def caps_lock_on() -> bool | None:
    """Whether Caps Lock is on, where the platform can tell (Windows); else None."""
    if sys.platform == "win32":
        try:
            import ctypes

            return bool(ctypes.WinDLL("user32").GetKeyState(0x14) & 1)
        except (OSError, AttributeError):
            return None
    return None


def caps_from_key(event: QKeyEvent) -> bool | None:
    """Guess Caps Lock from a typed letter: upper case without Shift, or lower case with it."""
    text = event.text()
    if len(text) != 1 or not text.isalpha() or text.upper() == text.lower():
        return None
    shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
    return text.isupper() != shift


class PasswordField(QLineEdit):
    """A password field that notices Caps Lock."""

    caps_lock = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEchoMode(QLineEdit.EchoMode.Password)
        self.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            state = caps_lock_on()
            if state is None:
                state = caps_from_key(event)
            if state is not None:
                self.caps_lock.emit(state)
        elif event.type() == QEvent.Type.FocusIn:
            state = caps_lock_on()
            if state is not None:
                self.caps_lock.emit(state)
        return super().eventFilter(watched, event)


class LanguageSwitch(QWidget):
    """"Shqip · English · Srpski · Српски" in a corner of the screen."""

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self._buttons = {}
        for code, text in LANGUAGE_CHOICES:
            widget = link_button(text, on_click=lambda c=code: self.chosen.emit(c))
            self._buttons[code] = widget
            row.addWidget(widget)
        self.refresh()

    def refresh(self) -> None:
        for code, widget in self._buttons.items():
            widget.setEnabled(code != current_language())


def side_page(page: QWidget | None = None) -> tuple[QWidget, QVBoxLayout]:
    """A page of the unlock card below the user list: a column of widgets (on ``page``, or
    on a new widget)."""
    page = page if page is not None else QWidget()
    column = QVBoxLayout(page)
    column.setContentsMargins(0, 8, 0, 0)
    column.setSpacing(8)
    return page, column


def stacked_form() -> QFormLayout:
    """A form with each label above its field."""
    form = QFormLayout()
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
    form.setVerticalSpacing(6)
    return form
