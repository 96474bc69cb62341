"""The former way of reaching the app's own modules by name, kept only while screens outside
the case view still use it; new code imports directly and opens dialogs by class through
:mod:`desktop.ui.dialog_launcher`."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QDialog, QPushButton, QWidget

from desktop.ui import dialog_launcher

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


def dialog_class(name: str | type[QDialog]) -> type[QDialog] | None:
    if isinstance(name, type):
        return name
    return find(DIALOGS_MODULE, name)


class DialogLauncher(dialog_launcher.DialogLauncher):
    """:class:`desktop.ui.dialog_launcher.DialogLauncher` that also takes a dialog's name."""

    def open(self, dialog_type: type[QDialog] | str, args: tuple[Any, ...],  # type: ignore[override]
             parent: QWidget, on_done: Callable[[], None] | None = None) -> QDialog | None:
        found = dialog_class(dialog_type)
        if found is None:
            return None
        return super().open(found, args, parent, on_done)


def dialog_button(launcher: dialog_launcher.DialogLauncher, name: str | type[QDialog],
                  args: Callable[[], tuple[Any, ...]], *, parent: QWidget,
                  on_done: Callable[[], None] | None = None, primary: bool = False,
                  icon_name: str | None = "plus") -> QPushButton:
    found = dialog_class(name)
    assert found is not None, name
    return dialog_launcher.dialog_button(launcher, found, args, parent=parent,
                                         on_done=on_done, primary=primary,
                                         icon_name=icon_name)
