"""What the screens of an unlocked vault share: the database thread, the profile, the user,
the settings, and a few signals between screens.

A :class:`Session` lives from unlock to lock. Locking throws it away with every screen built
on it; a :class:`Resume` (no personal data: a screen name, a record id, a tab) is all that is
kept to bring the user back where they were.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal

from desktop.core.changes import Changes
from desktop.core.i18n import current_language
from desktop.core.settings import Settings
from desktop.core.store import Store
from desktop.ui.ops import Operations
from desktop.ui.optional import DialogLauncher
from sync.profile import Profile


@dataclass
class Resume:
    """Where the user was when the vault locked (ids only, never personal data)."""

    user: str = ""
    screen: str = "today"
    case_id: str | None = None
    case_tab: int = 0
    dialog: tuple[str, tuple[Any, ...]] | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class Session(QObject):
    """The open vault as the screens see it."""

    data_changed = Signal(str)          # a record type that changed ("" for anything)
    revoked = Signal()                  # the server disabled this laptop or user: lock now
    open_case_requested = Signal(str)   # case id
    status_message = Signal(str)

    def __init__(self, db: Operations, profile: Profile, user: str, settings: Settings, *,
                 data_dir: Path, demo: bool = False, server_url: str = "",
                 store_provider: Callable[[], Store] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ops = db
        self.db = db  # the former name, until every screen uses ``ops``
        db.changed.connect(self._bridge_changes)
        self.profile = profile
        self.user = user
        self.settings = settings
        self.data_dir = data_dir
        self.demo = demo
        self.server_url = server_url
        self.dialogs = DialogLauncher()
        # For screens that run their own worker (reports); everything else uses ``db``.
        self.store_provider = store_provider
        self.online = False   # the server answered the last reachability check

    def run(self, job: Callable[[Store], Any], on_done: Callable[[Any], None] | None = None,
            on_error: Callable[[Exception], None] | None = None, *,
            owner: QObject | None = None) -> int:
        """``db.run`` whose callbacks are skipped when ``owner`` was deleted meanwhile."""

        def guard(callback: Callable[[Any], None] | None) -> Callable[[Any], None] | None:
            if callback is None or owner is None:
                return callback

            def call(value: Any) -> None:
                if shiboken6.isValid(owner):
                    callback(value)
            return call

        if not self.db.is_running:
            return 0  # the vault is locking: screens being closed need nothing more
        return self.db.run(job, guard(on_done), guard(on_error))

    def label(self, section: str, code: str | None) -> str:
        """A profile label (case type, risk, status ...) in the current language."""
        return self.profile.label(section, code, current_language())

    def open_case(self, case_id: str) -> None:
        self.open_case_requested.emit(case_id)

    def changed(self, record_type: str = "") -> None:
        """Tell every screen that records of this type (any, for "") changed."""
        self.ops.changed.emit(Changes.of(record_type) if record_type else Changes.all())

    def _bridge_changes(self, changes: Changes) -> None:
        kinds = sorted(changes.record_types)
        self.data_changed.emit("" if changes.everything or len(kinds) != 1 else kinds[0])
