"""The workspace built while the key is derived.

Argon2 runs for about a fifth of a second on two cores without Python's lock. While it runs,
the UI thread builds the session's database thread, the workspace and the Today screen,
hidden behind the unlock screen, one piece per turn of its event loop. The database thread's
operations wait for the vault (:class:`VaultSlot`): Today's read, queued first, starts the
moment the vault opens on the unlocking thread, without waiting for the UI thread to hear of
it. Nothing of the vault reaches these widgets before the key is right. A refused password
stops that database thread before any answer reaches a screen (its waiting reads fail,
unseen) and throws the whole away: nothing built for a refused attempt is ever shown, and the
next attempt builds anew.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from desktop.core.errors import VaultIsLocked
from desktop.ui.openers import Opener
from desktop.ui.ops import Operations
from desktop.ui.session import Resume, Session
from desktop.ui.today import read_today_early
from desktop.ui.warm_up import core_imported
from desktop.ui.workspace import Workspace

if TYPE_CHECKING:
    from desktop.core.store import Store
    from desktop.core.vault import OpenVault
    from desktop.ui.main_window import MainWindow
    from desktop.ui.screen import Screen

STEP_MS = 5   # between pieces: the unlock screen's busy bar moves in between


class VaultSlot:
    """The vault a database thread started ahead waits for. Filled once: on the thread that
    opened the vault (with the vault) or refused the password (with None), or by throwing
    the workspace away (None)."""

    def __init__(self, vault: OpenVault | None = None) -> None:
        self._lock = threading.Lock()
        self._filled = threading.Event()
        self._vault = vault
        if vault is not None:
            self._filled.set()

    def fill(self, vault: OpenVault | None) -> None:
        with self._lock:
            if not self._filled.is_set():
                self._vault = vault
                self._filled.set()

    def holds(self, vault: OpenVault) -> bool:
        return self._filled.is_set() and self._vault is vault

    def store(self) -> Store:
        """The open vault's store, once the key is known (on the database thread)."""
        self._filled.wait()
        if self._vault is None:
            raise VaultIsLocked()
        return self._vault.store


def opening(opener: Opener, slot: VaultSlot) -> Opener:
    """``opener`` that tells ``slot`` its outcome on the thread it runs on, at once."""
    def open_and_tell(data_dir: Path, user: str, password: str) -> OpenVault:
        try:
            vault = opener(data_dir, user, password)
        except BaseException:
            slot.fill(None)
            raise
        slot.fill(vault)
        return vault

    return open_and_tell


class WorkspaceAhead(QObject):
    """The session, database thread, workspace and first screen of ``user``'s vault, built
    before (or, given ``vault``, after) its key is known."""

    def __init__(self, window: MainWindow, user: str, resume: Resume,
                 vault: OpenVault | None = None) -> None:
        super().__init__(window)
        self.window, self.user, self.resume = window, user, resume
        self.slot = VaultSlot(vault)
        self.ops: Operations | None = None
        self.session: Session | None = None
        self.workspace: Workspace | None = None
        self._steps: list[Callable[[], None]] = [
            self._start_session, self._build_workspace, self._build_first_screen,
            self._place_first_screen]
        self._first: Screen | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(STEP_MS)
        self._timer.timeout.connect(self._next)

    def start(self) -> None:
        """Build piece by piece while the key is derived."""
        self._timer.start()

    def holds(self, vault: OpenVault) -> bool:
        return self.slot.holds(vault)

    @property
    def built(self) -> bool:
        return not self._steps and self.workspace is not None

    def _next(self) -> None:
        if not core_imported():   # the UI thread imports no screen while the warm-up runs
            return
        if self._steps:
            self._steps.pop(0)()
        if not self._steps:
            self._timer.stop()

    def finish(self, vault: OpenVault) -> tuple[Operations, Session, Workspace]:
        """The key was right: build what is left; the session gets the vault's profile. The
        window owns what is returned from now on."""
        self._timer.stop()
        while self._steps:
            self._steps.pop(0)()
        built = self.ops, self.session, self.workspace
        assert built[0] is not None and built[1] is not None and built[2] is not None
        built[1].profile = vault.profile
        built[2].show_profile()
        self.ops, self.session, self.workspace = None, None, None
        self.deleteLater()
        return built[0], built[1], built[2]

    def discard(self) -> None:
        """The password was refused (or another vault opened): stop the database thread, its
        waiting reads unanswered, and delete what was built."""
        self._timer.stop()
        self._steps.clear()
        self.slot.fill(None)
        if self.ops is not None:
            self.ops.shutdown()
        if self._first is not None:   # built, never placed in the workspace
            self._first.deleteLater()
            self._first = None
        if self.workspace is not None:
            self.window.stack.removeWidget(self.workspace)
            self.workspace.setParent(None)
            self.workspace.deleteLater()
        for part in (self.session, self.ops, self):
            if part is not None:
                part.deleteLater()
        self.ops, self.session, self.workspace = None, None, None

    # -- the pieces ----------------------------------------------------------------------------
    def _start_session(self) -> None:
        window = self.window
        self.ops = Operations(self.slot.store)
        self.session = Session(self.ops, None, self.user, window.settings,
                               data_dir=window.data_dir, demo=window.demo,
                               server_url=window.server_url, parent=window)
        if self.resume.screen == "today":
            read_today_early(self.session, self.resume.extra.get("today"))

    def _build_workspace(self) -> None:
        assert self.session is not None
        self.workspace = Workspace(self.session, settings_path=self.window.settings_path)
        self.window.stack.addWidget(self.workspace)  # hidden: the unlock screen stays shown

    def _build_first_screen(self) -> None:
        """Today's shell; its parts (tiles, due list, route) each in a step of their own."""
        if self.resume.screen == "today" and self.workspace is not None:
            self._first = self.workspace.build("today", in_parts=True)
            self._steps.insert(0, self._build_first_part)

    def _build_first_part(self) -> None:
        build_part = getattr(self._first, "build_part", None)
        if build_part is not None and build_part():
            self._steps.insert(0, self._build_first_part)

    def _place_first_screen(self) -> None:
        """Today, with the state it had when the vault was locked; shown, it takes the read
        queued above (which answers once the vault is open)."""
        if self._first is None or self.workspace is None:
            return
        today, self._first = self.workspace.place("today", self._first), None
        state = self.resume.extra.get("today")
        if isinstance(state, dict) and state:
            today.restore(state)
        today.activate()
