"""Parts built alongside the main window: the dialogs, the reports screen, printing.

Each is imported lazily. When one is missing, its button is shown disabled with a tooltip
that says so, instead of the application failing to start.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QDialog, QPushButton, QWidget

from desktop.core.i18n import tr
from desktop.ui.widgets import button

log = logging.getLogger(__name__)

DIALOGS_MODULE = "desktop.ui.dialogs"


def find(module: str, name: str) -> Any | None:
    """``module.name`` if both exist and import cleanly, else None."""
    try:
        found = importlib.import_module(module)
    except ImportError as exc:
        log.info("optional module %s not available (%s)", module, type(exc).__name__)
        return None
    return getattr(found, name, None)


def dialog_class(name: str) -> type[QDialog] | None:
    return find(DIALOGS_MODULE, name)


class DialogLauncher:
    """Opens the dialogs window-modally and remembers which one is open, so that locking can
    close it and unlocking can open it again (its input is a draft in the vault)."""

    def __init__(self) -> None:
        self.current: tuple[str, tuple[Any, ...], QDialog] | None = None

    def open(self, name: str, args: tuple[Any, ...], parent: QWidget,
             on_done: Callable[[], None] | None = None) -> QDialog | None:
        """Open dialog ``name(*args, parent)``; ``on_done`` runs when it is accepted."""
        dialog_type = dialog_class(name)
        if dialog_type is None:
            return None
        dialog = dialog_type(*args, parent)
        self.current = (name, args, dialog)

        def finished(result: int) -> None:
            if self.current is not None and self.current[2] is dialog:
                self.current = None
            if result == QDialog.DialogCode.Accepted and on_done is not None:
                on_done()
            dialog.deleteLater()

        dialog.finished.connect(finished)
        dialog.open()
        return dialog

    def dialog(self) -> QDialog | None:
        return self.current[2] if self.current is not None else None

    def forget(self) -> tuple[str, tuple[Any, ...]] | None:
        """The open dialog's name and arguments, forgetting it (the vault is locking)."""
        if self.current is None:
            return None
        name, args, _dialog = self.current
        self.current = None
        return name, args


def dialog_button(launcher: DialogLauncher, name: str, args: Callable[[], tuple[Any, ...]], *,
                  parent: QWidget, on_done: Callable[[], None] | None = None,
                  primary: bool = False, icon_name: str | None = "plus") -> QPushButton:
    """A button that opens dialog ``name``; disabled with a tooltip while it is missing.

    The caller sets the button's text (through its :class:`TextBinder`)."""
    widget = button("", primary=primary, icon_name=icon_name)
    if dialog_class(name) is None:
        widget.setEnabled(False)
        widget.setToolTip(tr("Not available in this version yet."))
        return widget
    widget.clicked.connect(lambda _checked=False: launcher.open(name, args(), parent, on_done))
    return widget
