"""Opening the case dialogs window-modally, and remembering the open one so that locking
can close it and unlocking can open it again (its input is a draft in the vault)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog, QPushButton, QWidget

from desktop.core.heap import collect_closed_window
from desktop.ui.widgets import button

DialogType = type[QDialog]


def collect_when_deleted(window: QWidget) -> None:
    """Once ``window`` (a dialog closed for good) is deleted, collect what it left in
    reference cycles, in the next turn of the event loop. Every dialog deleted after use
    passes through here: the launcher's, the print preview, the signed copy viewer, a
    report's list of cases."""
    window.destroyed.connect(lambda: QTimer.singleShot(0, collect_closed_window))


class DialogLauncher:
    """The dialog open now: its class, the arguments it was made with, and the dialog."""

    def __init__(self) -> None:
        self.current: tuple[DialogType, tuple[Any, ...], QDialog] | None = None

    def open(self, dialog_type: DialogType, args: tuple[Any, ...], parent: QWidget,
             on_done: Callable[[], None] | None = None) -> QDialog:
        """Open ``dialog_type(*args, parent)``; ``on_done`` runs when it is accepted."""
        dialog = dialog_type(*args, parent)
        self.current = (dialog_type, args, dialog)

        def finished(result: int) -> None:
            if self.current is not None and self.current[2] is dialog:
                self.current = None
            if result == QDialog.DialogCode.Accepted and on_done is not None:
                on_done()
            dialog.deleteLater()

        dialog.finished.connect(finished)
        collect_when_deleted(dialog)
        dialog.open()
        return dialog

    def dialog(self) -> QDialog | None:
        return self.current[2] if self.current is not None else None

    def forget(self) -> tuple[DialogType, tuple[Any, ...]] | None:
        """The open dialog's class and arguments, forgetting it (the vault is locking); give
        them back to :meth:`open` after unlocking and the dialog restores its draft."""
        if self.current is None:
            return None
        dialog_type, args, _dialog = self.current
        self.current = None
        return dialog_type, args


def dialog_button(launcher: DialogLauncher, dialog_type: DialogType,
                  args: Callable[[], tuple[Any, ...]], *, parent: QWidget,
                  on_done: Callable[[], None] | None = None, primary: bool = False,
                  icon_name: str | None = "plus") -> QPushButton:
    """A button that opens ``dialog_type`` with ``args()``. The caller sets its text."""
    widget = button("", primary=primary, icon_name=icon_name)
    widget.clicked.connect(lambda _checked=False: launcher.open(dialog_type, args(), parent,
                                                                on_done))
    return widget
