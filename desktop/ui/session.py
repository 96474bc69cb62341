"""What the screens of an unlocked vault share: the database thread, the profile, the user,
the settings, and a few signals between screens.

A :class:`Session` lives from unlock to lock. Locking throws it away with every screen built
on it; a :class:`Resume` (no personal data: a screen name, a record id, a tab) is all that is
kept to bring the user back where they were.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from desktop.core.changes import Changes
from desktop.core.i18n import current_language
from desktop.core.settings import Settings
from desktop.ui.dialog_launcher import DialogLauncher
from desktop.ui.ops import Operations
from sync.profile import Profile


@dataclass
class Resume:
    """Where the user was when the vault locked (ids only, never personal data)."""

    user: str = ""
    screen: str = "today"
    case_id: str | None = None
    case_tab: int = 0
    dialog: tuple[type, tuple[Any, ...]] | None = None   # the dialog's class and its ids
    extra: dict[str, Any] = field(default_factory=dict)


class Session(QObject):
    """The open vault as the screens see it."""

    revoked = Signal()                  # the server disabled this laptop or user: lock now
    open_case_requested = Signal(str)   # case id
    status_message = Signal(str)

    def __init__(self, ops: Operations, profile: Profile, user: str, settings: Settings, *,
                 data_dir: Path, demo: bool = False, server_url: str = "",
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ops = ops  # every read and change of the vault goes through it (desktop.ui.ops)
        self.profile = profile
        self.user = user
        self.settings = settings
        self.data_dir = data_dir
        self.demo = demo
        self.server_url = server_url
        self.dialogs = DialogLauncher()
        self.online = False   # the server answered the last reachability check

    def label(self, section: str, code: str | None) -> str:
        """A profile label (case type, risk, status ...) in the current language."""
        return self.profile.label(section, code, current_language())

    def open_case(self, case_id: str) -> None:
        self.open_case_requested.emit(case_id)

    def changed(self, record_type: str = "") -> None:
        """Tell every screen that records of this type (any, for "") changed."""
        self.ops.changed.emit(Changes.of(record_type) if record_type else Changes.all())
