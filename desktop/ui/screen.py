"""The common shape of a screen: a title, content, a busy bar, and retranslation.

A screen reads its data with :meth:`Screen.query` (a :class:`~desktop.ui.ops.QueryOp` with the
screen's busy bar) and reads it again when an operation changes what it shows: it names the
record types it shows in :attr:`Screen.shows_types`, or overrides :meth:`Screen.shows`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtWidgets import QVBoxLayout, QWidget

from desktop.core.changes import Changes
from desktop.core.errors import KujdesError
from desktop.core.i18n import tr
from desktop.core.store import Store
from desktop.ui.language import TextBinder, hub
from desktop.ui.ops import QueryOp
from desktop.ui.session import Session
from desktop.ui.widgets import BusyBar, PageHeader

PAGE_MARGIN = 20
PAGE_SPACING = 12
T = TypeVar("T")


class Screen(QWidget):
    """A page of the main window. Subclasses fill :attr:`body` and implement :meth:`refresh`."""

    key = ""
    title_msgid = ""
    # The record types the screen shows (None: it may show any, and reads again after any
    # change).
    shows_types: tuple[str, ...] | None = None

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self.session = session
        self._t = TextBinder()
        self._stale = True
        self.header = PageHeader()
        self.busy = BusyBar()
        self.body = QVBoxLayout()
        self.body.setSpacing(PAGE_SPACING)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(PAGE_MARGIN, PAGE_MARGIN - 4, PAGE_MARGIN, PAGE_MARGIN - 6)
        outer.setSpacing(8)
        outer.addWidget(self.header)
        outer.addWidget(self.busy)
        outer.addLayout(self.body, 1)
        hub().changed.connect(self._language_changed)
        session.ops.changed.connect(self._vault_changed)

    # -- life cycle ---------------------------------------------------------------------------
    def activate(self) -> None:
        """The screen is shown: refresh if something changed since it was last shown."""
        if self._stale:
            self._stale = False
            self.refresh()

    def refresh(self) -> None:
        """Read the screen's data again (on the database thread)."""

    def snapshot(self) -> dict[str, Any]:
        """What to restore after unlocking (codes and ids only, no personal data)."""
        return {}

    def restore(self, state: dict[str, Any]) -> None:
        """Undo :meth:`snapshot`."""

    def retranslate(self) -> None:
        self._t.apply()
        self.header.set_text(self.title(), self.subtitle())

    def title(self) -> str:
        return tr(self.title_msgid)

    def subtitle(self) -> str:
        return ""

    def update_header(self) -> None:
        self.header.set_text(self.title(), self.subtitle())

    # -- reading with a busy bar --------------------------------------------------------------
    def query(self, op: Callable[[Store], T], success: Callable[[T], None], *,
              failure: Callable[[Exception], None] | None = None) -> None:
        """Read ``op(store)`` on the database thread, showing the busy bar; ``success`` gets
        the result here. A failure is told in the status bar unless ``failure`` handles it."""
        read = QueryOp(self.session.ops, parent=self, op=op, success=success)
        read.with_busy(self.busy).failure(failure or self.tell_read_failed)
        read.run()

    def show_loading(self, loading: bool) -> None:
        """Show the busy bar while a model reads (it says when it starts and when it ends)."""
        if loading:
            self.busy.push()
        else:
            self.busy.pop()

    def tell_read_failed(self, error: Exception) -> None:
        """Say in the status bar that the screen's data could not be read (no details of an
        unexpected error: its kind goes to the log)."""
        self.session.status_message.emit(
            error.translated() if isinstance(error, KujdesError)
            else tr("The data could not be read: {kind}. Try again.", kind=type(error).__name__))

    def shows(self, changes: Changes) -> bool:
        """Whether this screen shows anything that ``changes`` changed."""
        return self.shows_types is None or changes.touches(*self.shows_types)

    def _language_changed(self, _language: str) -> None:
        self.retranslate()

    def _vault_changed(self, changes: Changes) -> None:
        if self.shows(changes):
            self.mark_changed()

    def mark_changed(self) -> None:
        """What the screen shows changed: read it again now if shown, else when next shown."""
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True
