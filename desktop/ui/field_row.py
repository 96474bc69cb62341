"""The one field-row widget of the dialogs and the forms: a label, a hint, the input and an
inline error.

API::

    row = FieldRow("First name", edit, required=True, hint="As on the ID card")
    row = FieldRow(lambda: field.text(current_language()), editor, buddy=editor.first())

- ``label`` and ``hint`` are a :data:`Text`: a ``str`` is a msgid shown through ``tr``; a
  callable is called again on every :meth:`retranslate` (texts that come from a form
  definition or the country profile).
- ``widget`` is the input (any QWidget, or None for a row without one); ``buddy`` the widget
  the label's mnemonic focuses (the input by default).
- :meth:`set_required` adds or removes the red ``*``; :meth:`set_error` shows a message
  under the input: a ``str`` already in the current language, shown as given, or a callable
  (a form's message, which then follows the language); ``""`` or None hides it.
  :attr:`error_text` is the message as shown (without the warning sign).
- :meth:`retranslate` refreshes label, hint and error in the current language; subclasses
  extend it for what their input shows (a form's acknowledge box).

Layout: label, hint, input, error, one under the other.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop.core.i18n import tr

REQUIRED_MARK = " <span style='color:#b00020'>*</span>"
WARNING_SIGN = "⚠ "

Text = str | Callable[[], str]
"""A msgid (translated with ``tr``) or a function giving the text in the current language."""


def text_of(text: Text | None) -> str:
    """The text of a :data:`Text` in the current language ("" for none)."""
    if text is None:
        return ""
    if callable(text):
        return text()
    return tr(text) if text else ""


class FieldRow(QWidget):
    """One labelled input: label (with * when required), hint, input and inline error."""

    def __init__(self, label: Text, widget: QWidget | None, *, required: bool = False,
                 hint: Text = "", buddy: QWidget | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label_text = label
        self.hint_text = hint
        self.widget = widget
        self.required = required
        self._error: str | Callable[[], str] | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 3, 0, 3)
        layout.setSpacing(3)
        self.title = QLabel(self)
        self.title.setObjectName("fieldLabel")
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.title.setWordWrap(True)
        self.hint = QLabel(self)
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        self.error = QLabel(self)
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        if widget is not None:
            layout.addWidget(widget)
            self.title.setBuddy(buddy or widget)
        layout.addWidget(self.error)
        FieldRow.retranslate(self)

    @property
    def label(self) -> str:
        """The label in the current language, without the required mark."""
        return text_of(self.label_text)

    def retranslate(self) -> None:
        self.title.setText(escape(self.label) + (REQUIRED_MARK if self.required else ""))
        hint = text_of(self.hint_text)
        self.hint.setText(hint)
        self.hint.setVisible(bool(hint))
        self._show_error()

    def set_required(self, required: bool) -> None:
        if required != self.required:
            self.required = required
            self.retranslate()

    def set_error(self, message: str | Callable[[], str] | None) -> None:
        self._error = message or None
        self._show_error()

    @property
    def error_text(self) -> str:
        if self._error is None:
            return ""
        return self._error() if callable(self._error) else self._error

    def _show_error(self) -> None:
        text = self.error_text
        self.error.setText(WARNING_SIGN + text if text else "")
        self.error.setVisible(bool(text))
