"""The common shape of a screen: a title, content, a busy bar, and retranslation."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QVBoxLayout, QWidget

from desktop.core.i18n import tr
from desktop.ui.language import TextBinder, hub
from desktop.ui.session import Session
from desktop.ui.widgets import BusyBar, PageHeader

PAGE_MARGIN = 20
PAGE_SPACING = 12


class Screen(QWidget):
    """A page of the main window. Subclasses fill :attr:`body` and implement :meth:`refresh`."""

    key = ""
    title_msgid = ""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self.session = session
        self._t = TextBinder()
        self._stale = True
        self._pending = 0
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
        session.data_changed.connect(self._data_changed)

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

    # -- database work with a busy bar ----------------------------------------------------------
    def run(self, job: Any, on_done: Any, on_error: Any = None) -> None:
        self._pending += 1
        self.busy.set_busy(True)

        def finish() -> None:
            self._pending = max(self._pending - 1, 0)
            self.busy.set_busy(self._pending > 0)

        def done(result: Any) -> None:
            finish()
            on_done(result)

        def failed(error: Exception) -> None:
            finish()
            if on_error is not None:
                on_error(error)
            else:
                self.session.status_message.emit(str(error))

        self.session.run(job, done, failed, owner=self)

    def _language_changed(self, _language: str) -> None:
        self.retranslate()

    def _data_changed(self, _record_type: str) -> None:
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True
