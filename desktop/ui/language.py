"""Switching the language at runtime: every screen listens and retranslates itself."""

from __future__ import annotations

from typing import TypeVar

import shiboken6
from PySide6.QtCore import QObject, Signal

from desktop.core.i18n import current_language, set_language, tr

T = TypeVar("T")


class LanguageHub(QObject):
    """One per application: ``changed(language)`` after :func:`switch_language`."""

    changed = Signal(str)


_hub: LanguageHub | None = None


def hub() -> LanguageHub:
    global _hub
    if _hub is None:
        _hub = LanguageHub()
    return _hub


def switch_language(language: str) -> None:
    """Change the language of every message and tell visible widgets to retranslate."""
    if language == current_language():
        return
    set_language(language)
    hub().changed.emit(language)


class TextBinder:
    """Remembers which message id each widget shows, to set them again in a new language.

    ``binder.text(label, "Village")`` sets the text now and again on :meth:`apply`. Setters:
    ``setText`` (default), ``setPlaceholderText``, ``setToolTip``, ``setTitle``,
    ``setWindowTitle``; ``values`` fill ``{name}`` placeholders.
    """

    def __init__(self) -> None:
        self._items: list[tuple[object, str, str, dict[str, object]]] = []

    def text(self, widget: T, msgid: str, setter: str = "setText", **values: object) -> T:
        self._items = [i for i in self._items if not (i[0] is widget and i[2] == setter)]
        self._items.append((widget, msgid, setter, values))
        getattr(widget, setter)(tr(msgid, **values))
        return widget

    def apply(self) -> None:
        for widget, msgid, setter, values in self._items:
            if shiboken6.isValid(widget):
                getattr(widget, setter)(tr(msgid, **values))
