"""Ctrl+L locks from anywhere, also while a dialog is open.

A window shortcut of the main window does not fire while a modal dialog blocks it, so the
key is caught by an application-wide event filter instead. Dialogs show their own Lock
button (:func:`lock_button`), which asks the same hub. Locking then closes every other
dialog left open (message boxes, file choosers) after the case dialog has kept its draft.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QPushButton, QWidget

from desktop.core.i18n import tr
from desktop.ui.keyboard import AppEventFilter
from desktop.ui.widgets import button

LOCK_KEYS = QKeySequence("Ctrl+L")


class LockHub(AppEventFilter):
    """Emits ``requested`` when Ctrl+L is pressed anywhere or a dialog's Lock is clicked."""

    requested = Signal()
    event_types = frozenset({QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress})

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        if not isinstance(event, QKeyEvent) or not _is_lock_key(event):
            return False
        if QApplication.activeModalWidget() is None:
            return False  # the main window's own shortcut handles it
        event.accept()
        if kind == QEvent.Type.KeyPress:
            self.requested.emit()
        return True


def _is_lock_key(event: QKeyEvent) -> bool:
    modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    return (event.key() == Qt.Key.Key_L
            and modifiers == Qt.KeyboardModifier.ControlModifier)


_hub: LockHub | None = None


def lock_hub() -> LockHub:
    """The one hub of the application (its filter is installed on first use)."""
    global _hub
    if _hub is None:
        _hub = LockHub()
    _hub.install()
    return _hub


def lock_button(parent: QWidget | None = None) -> QPushButton:
    """A "Lock" button for a dialog; the caller retranslates it with :func:`retranslate_lock`."""
    widget = button("", icon_name="lock", on_click=lambda: lock_hub().requested.emit())
    widget.setParent(parent)
    widget.setAutoDefault(False)
    widget.setObjectName("lockButton")
    retranslate_lock(widget)
    return widget


def retranslate_lock(widget: QPushButton) -> None:
    widget.setText(tr("Lock"))
    widget.setToolTip(tr("Lock Kujdes now (Ctrl+L); your input is kept"))


def close_other_dialogs() -> None:
    """Reject every dialog still shown (a message box or file chooser over a form)."""
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QDialog) and widget.isVisible():
            widget.reject()
