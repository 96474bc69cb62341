"""What the screens of an unlocked vault share: the database thread, the profile, the user,
the settings, and a few signals between screens.

A :class:`Session` lives from unlock to lock. Locking throws it away with every screen built
on it; a :class:`Resume` (no personal data: a screen name, a record id, a tab) is all that is
kept to bring the user back where they were.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from desktop.core.changes import Changes
from desktop.core.i18n import current_language
from desktop.core.settings import Settings
from desktop.core.store import Store
from desktop.ui.dialog_launcher import DialogLauncher
from desktop.ui.ops import Operations, QueryOp
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


class EarlyRead(QObject):
    """A read started before the screen that wants it exists (Today's data, queued on the
    database thread at unlock while the workspace builds its widgets). The screen takes it
    once, by the key of what it would have asked for; a failed read is asked for again."""

    def __init__(self, ops: Operations, key: Hashable, op: Callable[[Store], Any],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self._done, self._result, self._failed = False, None, False
        self._waiting: tuple[Callable[[Any], None], Callable[[], None]] | None = None
        QueryOp(ops, parent=self, op=op, success=self._landed).failure(self._failure).run()

    def take(self, deliver: Callable[[Any], None], again: Callable[[], None]) -> None:
        """``deliver(result)`` now or when it lands; ``again()`` if the read failed."""
        if self._failed:
            again()
        elif self._done:
            deliver(self._result)
        else:
            self._waiting = (deliver, again)

    def _landed(self, result: Any) -> None:
        self._done, self._result = True, result
        if self._waiting is not None:
            self._waiting[0](result)

    def _failure(self, _error: Exception) -> None:
        self._failed = True
        if self._waiting is not None:
            self._waiting[1]()


class Session(QObject):
    """The open vault as the screens see it."""

    revoked = Signal()                  # the server disabled this laptop or user: lock now
    open_case_requested = Signal(str)   # case id
    status_message = Signal(str)

    def __init__(self, ops: Operations, profile: Profile | None, user: str,
                 settings: Settings, *, data_dir: Path, demo: bool = False,
                 server_url: str = "", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ops = ops  # every read and change of the vault goes through it (desktop.ui.ops)
        # None in a session built while the key is derived, until the key is right
        # (desktop.ui.unlock_ahead): the vault's country profile is known then.
        self.profile: Profile = profile  # type: ignore[assignment]
        self.user = user
        self.settings = settings
        self.data_dir = data_dir
        self.demo = demo
        self.server_url = server_url
        self.dialogs = DialogLauncher()
        self.online = False   # the server answered the last reachability check
        self._early: dict[Hashable, EarlyRead] = {}

    def read_early(self, key: Hashable, op: Callable[[Store], Any]) -> None:
        """Start reading ``op(store)`` now for a screen that will ask for ``key``."""
        self._early[key] = EarlyRead(self.ops, key, op, parent=self)

    def take_early(self, key: Hashable) -> EarlyRead | None:
        """The read started early for ``key``, once (None if there is none)."""
        return self._early.pop(key, None)

    def label(self, section: str, code: str | None) -> str:
        """A profile label (case type, risk, status ...) in the current language."""
        return self.profile.label(section, code, current_language())

    def open_case(self, case_id: str) -> None:
        self.open_case_requested.emit(case_id)

    def changed(self, record_type: str = "") -> None:
        """Tell every screen that records of this type (any, for "") changed."""
        self.ops.changed.emit(Changes.of(record_type) if record_type else Changes.all())
