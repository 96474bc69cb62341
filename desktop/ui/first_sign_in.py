"""The first sign-in of a new user on this laptop, through the municipal server.

The user name and password the municipality gave are checked by the server; the vault is made
on this laptop with the same password and the caseload is received, with progress. If the
vault was made but not every case arrived (the connection broke), the vault opens offline and
the next sync receives the rest.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QLineEdit, QWidget

from desktop.core.errors import VaultExists
from desktop.core.i18n import tr
from desktop.core.keys import KdfParams
from desktop.core.progress import Progress
from desktop.core.vault import OpenVault, vault_folder
from desktop.ui.language import TextBinder
from desktop.ui.ops import BackgroundOp
from desktop.ui.unlock_fields import PasswordField, error_text, side_page, stacked_form
from desktop.ui.warm_up import after_warm_up
from desktop.ui.widgets import button, label, link_button

log = logging.getLogger(__name__)

# ``first_login(data_dir, user, password, kdf=..., progress=...)``: signs in at
# the municipal server, makes the vault and receives the caseload (sync_local.login).
FirstLogin = Callable[..., OpenVault]


class FirstSignInPage(QWidget):
    """The page of the unlock card for a new user's first sign-in."""

    signed_in = Signal(object)            # OpenVault
    partly_received = Signal(str, object)  # user, error: the vault exists, cases still due
    busy_changed = Signal(bool)
    back_requested = Signal()

    def __init__(self, text: TextBinder, panel_room: int, data_dir: Path,
                 kdf: KdfParams | None, known_users: Callable[[], list[str]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data_dir, self.kdf, self._known_users = data_dir, kdf, known_users
        self.first_login: FirstLogin | None = None
        self.server_url = ""
        self._panel_room = panel_room
        self._running: Progress | None = None
        self._error: BaseException | None = None
        self._poll = QTimer(self)
        self._poll.setInterval(200)
        self._poll.timeout.connect(self._show_progress)
        self._build(text)
        app = QCoreApplication.instance()
        if app is not None:  # closing the program stops a first sign-in after its current page
            app.aboutToQuit.connect(self.stop)

    def _build(self, t: TextBinder) -> None:
        _page, column = side_page(self)
        self.title = t.text(label("", "sectionTitle"), "First sign-in on this laptop")
        self.help = t.text(label("", "muted", wrap=True),
                           "Sign in with the user name and password the municipality "
                           "gave you. Your vault is made on this laptop with the same "
                           "password, and your cases are received.")
        self.server_note = t.text(label("", "hint", wrap=True),
                                  "The first sign-in needs a connection to the "
                                  "municipal server. Later sign-ins work offline.")
        self.server = label("", "muted")
        form = stacked_form()
        self.user = QLineEdit()
        self.password = PasswordField()
        self.password.returnPressed.connect(self.submit)
        form.addRow(t.text(label("", "fieldLabel"), "User name"), self.user)
        form.addRow(t.text(label("", "fieldLabel"), "Password"), self.password)
        self.caps = t.text(label("", "error"), "Caps Lock is on.")
        self.caps.hide()
        self.password.caps_lock.connect(self.caps.setVisible)
        self.error = label("", "error", wrap=True)
        self.error.hide()
        self.progress = label("", "muted", wrap=True)
        self.progress.hide()
        self.button = t.text(button("", primary=True, icon_name="sync",
                                    on_click=self.submit), "Sign in")
        self.back_link = t.text(link_button("", on_click=self.back_requested.emit), "Back")
        for widget in (self.title, self.help, self.server_note, self.server):
            column.addWidget(widget)
        column.addLayout(form)
        for widget in (self.caps, self.error, self.progress, self.button):
            column.addWidget(widget)
        column.addWidget(self.back_link, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addStretch(1)

    # -- state --------------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._running is not None

    def update_buttons(self, busy: bool, has_vaults: bool) -> None:
        for field in (self.user, self.password):
            field.setEnabled(not self.running)
        self.button.setEnabled(not busy and bool(self.user.text().strip())
                               and bool(self.password.text()))
        self.back_link.setVisible(has_vaults and not self.running)

    def show_server(self) -> None:
        if not self.server_url:
            self.server.hide()
            return
        prefix = tr("Municipal server: {url}", url="")
        metrics = QFontMetrics(self.server.font())
        room = self._panel_room - metrics.horizontalAdvance(prefix) - 4
        url = metrics.elidedText(self.server_url, Qt.TextElideMode.ElideMiddle, room)
        self.server.setText(tr("Municipal server: {url}", url=url))
        self.server.setToolTip(self.server_url)
        self.server.show()

    def show_error(self, error: BaseException | None) -> None:
        self._error = error
        self.error.setText(error_text(error) if error is not None else "")
        self.error.setVisible(error is not None)

    def clear(self) -> None:
        self.password.clear()
        self.caps.hide()

    def retranslate(self) -> None:
        self.show_server()
        if self._error is not None:
            self.show_error(self._error)
        self._show_progress()

    # -- signing in ---------------------------------------------------------------------------
    def submit(self) -> None:
        first_login, data_dir, kdf = self.first_login, self.data_dir, self.kdf
        user, password = self.user.text().strip(), self.password.text()
        if first_login is None or self.running or not self.button.isEnabled() or not (
                user and password):
            return
        if any(known.lower() == user.lower() for known in self._known_users()):
            self.show_error(VaultExists(user=user))
            return
        self.show_error(None)
        progress = Progress()
        self._running = progress
        self.progress.setText(tr("Signing in at the municipal server…"))
        self.progress.show()
        self._poll.start()
        self.busy_changed.emit(True)
        log.info("first sign-in on this laptop")
        BackgroundOp(parent=self,
                     op=after_warm_up(lambda: first_login(data_dir, user, password, kdf=kdf,
                                                          progress=progress)),
                     success=self._done).failure(
            lambda error: self._failed(data_dir, user, error)).run()

    def stop(self) -> None:
        if self._running is not None:
            self._running.cancel()

    def _show_progress(self) -> None:
        if self._running is None:
            return
        stage, (done, _total) = self._running.stage, self._running.snapshot()
        if stage == "pull":
            self.progress.setText(tr("Receiving your cases: {done} records", done=done))
        elif stage:
            from desktop.ui.sync_screen import STAGE_TEXT

            self.progress.setText(tr(STAGE_TEXT.get(stage, stage), done=done))

    def _end(self) -> None:
        self._running = None
        self._poll.stop()
        self.progress.hide()
        self.clear()
        self.busy_changed.emit(False)

    def _done(self, vault: OpenVault) -> None:
        self._end()
        self.user.clear()
        log.info("first sign-in done")
        self.signed_in.emit(vault)

    def _failed(self, data_dir: Path, user: str, error: Exception) -> None:
        self._end()
        log.warning("first sign-in failed: %s", type(error).__name__)
        if (vault_folder(data_dir, user) / "key.json").exists():
            self.partly_received.emit(user, error)
            return
        self.show_error(error)
        self.password.setFocus()
