"""The unlock screen: who is using this laptop, and their password.

Unlocking (Argon2id, about half a second) and creating a vault run on the background pool
with a busy bar. Errors are the vault's own translated sentences; a wrong password says how
many attempts are left and, once attempts are slowed down, the wait is counted down.

A new user on the laptop: when a municipal server is set up, the first sign-in goes through
it (the user name and password the municipality gave; the vault is made with that password
and the caseload is received, with progress). Without a server, a local vault is made with a
password the user chooses.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import (
    KujdesError,
    TooSoon,
    VaultLockedOut,
    WrongPassword,
)
from desktop.core.i18n import tr
from desktop.core.keys import KdfParams
from desktop.core.vault import (
    MAX_FAILURES,
    OpenVault,
    VaultInfo,
    list_vaults,
    open_vault,
    retry_delay,
)
from desktop.ui.first_sign_in import FirstLogin, FirstSignInPage
from desktop.ui.language import TextBinder, hub
from desktop.ui.local_vault_page import LocalVaultPage
from desktop.ui.openers import Opener
from desktop.ui.ops import BackgroundOp
from desktop.ui.unlock_fields import LanguageSwitch, PasswordField, error_text
from desktop.ui.warm_up import after_warm_up
from desktop.ui.widgets import BusyBar, button, label, link_button

log = logging.getLogger(__name__)
PANEL_WIDTH, PANEL_MARGIN = 440, 32


class UnlockScreen(QWidget):
    """Choose a user, type the password; or, for a new user on this laptop, the first sign-in
    through the municipal server (when one is set up) or a local vault."""

    unlocked = Signal(object)          # OpenVault
    refused = Signal()                 # the vault did not open (its error is shown)
    language_chosen = Signal(str)

    def __init__(self, data_dir: Path, *, demo_hint: tuple[str, str] | None = None,
                 kdf: KdfParams | None = None, opener: Opener | None = None,
                 first_login: FirstLogin | None = None, server_url: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self.data_dir, self.kdf = data_dir, kdf
        # How a vault is opened: through the server's login when one is set up, else locally;
        # how a new user gets a vault: the first sign-in at the server, else a local vault.
        self.opener = opener
        self.first_login, self.server_url = first_login, server_url
        # (user, opener) -> the opener to run: the window builds the workspace meanwhile.
        self.ahead: Callable[[str, Opener], Opener] | None = None
        self._demo_hint = demo_hint
        self._vaults: list[VaultInfo] = []
        self._wait_left, self._busy = 0, False
        self._notice: tuple[str, dict[str, object]] = ("", {})
        self._error: BaseException | None = None
        self._page = 0
        self._t = TextBinder()
        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self._tick)
        self._build()
        hub().changed.connect(self.retranslate)
        self.reload_users()

    # -- layout -------------------------------------------------------------------------------
    def _build(self) -> None:
        t = self._t
        self.language_switch = LanguageSwitch()
        self.language_switch.chosen.connect(self.language_chosen)
        top = QHBoxLayout()
        top.addStretch(1)
        top.addWidget(self.language_switch)

        panel = QFrame()
        panel.setObjectName("card")
        panel.setFixedWidth(PANEL_WIDTH)
        panel.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Maximum)
        column = QVBoxLayout(panel)
        column.setContentsMargins(PANEL_MARGIN, 28, PANEL_MARGIN, 28)
        column.setSpacing(12)
        brand = label("Kujdes", "brand")
        brand.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.tagline = t.text(label("", "muted", wrap=True), "Social care case work")
        self.tagline.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column.addWidget(brand)
        column.addWidget(self.tagline)
        self.first = FirstSignInPage(t, PANEL_WIDTH - 2 * PANEL_MARGIN, self.data_dir, self.kdf,
                                     lambda: [v.user for v in self._vaults])
        self.first.first_login, self.first.server_url = self.first_login, self.server_url
        self.first.signed_in.connect(self._first_done)
        self.first.partly_received.connect(self._first_partly_received)
        self.first.busy_changed.connect(self._set_busy)
        self.first.back_requested.connect(self.show_unlock)
        self.first.user.textChanged.connect(lambda _t: self._update_buttons())
        self.first.password.textChanged.connect(lambda _t: self._update_buttons())
        self.local = LocalVaultPage(t, self.data_dir, self.kdf,
                                    lambda: [v.user for v in self._vaults])
        self.local.created.connect(self._first_done)
        self.local.busy_changed.connect(self._set_busy)
        self.local.back_requested.connect(self.show_unlock)
        self.pages = [self._build_unlock(), self.local, self.first]
        for page in self.pages:
            column.addWidget(page)
        self._set_page(0)
        self.busy = BusyBar()
        column.addWidget(self.busy)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 16, 24, 24)
        outer.addLayout(top)
        outer.addStretch(1)
        centre = QHBoxLayout()
        centre.addStretch(1)
        centre.addWidget(panel)
        centre.addStretch(1)
        outer.addLayout(centre)
        outer.addStretch(2)

    def _build_unlock(self) -> QWidget:
        t = self._t
        page = QWidget()
        form = QVBoxLayout(page)
        form.setContentsMargins(0, 8, 0, 0)
        form.setSpacing(6)
        self.notice = label("", "hint", wrap=True)
        self.notice.hide()
        form.addWidget(self.notice)
        self.user_label = t.text(label("", "fieldLabel"), "User")
        self.user_combo = QComboBox()
        self.user_combo.currentIndexChanged.connect(self._user_changed)
        self.password_label = t.text(label("", "fieldLabel"), "Password")
        self.password = PasswordField()
        self.password.returnPressed.connect(self.submit)
        self.password.textChanged.connect(lambda _t: self._update_buttons())
        self.caps = t.text(label("", "error"), "Caps Lock is on.")
        self.caps.hide()
        self.password.caps_lock.connect(self.caps.setVisible)
        self.error = label("", "error", wrap=True)
        self.error.hide()
        self.unlock_button = t.text(button("", primary=True, icon_name="lock",
                                           on_click=self.submit), "Unlock")
        self.new_user_link = t.text(link_button("", on_click=self.show_create),
                                    "New user on this laptop")
        self.demo_hint = label("", "hint", wrap=True)
        self.demo_hint.setVisible(self._demo_hint is not None)
        for widget in (self.user_label, self.user_combo, self.password_label, self.password,
                       self.caps, self.error):
            form.addWidget(widget)
        form.addSpacing(6)
        form.addWidget(self.unlock_button)
        form.addWidget(self.new_user_link, 0, Qt.AlignmentFlag.AlignHCenter)
        form.addWidget(self.demo_hint)
        form.addStretch(1)
        return page

    # -- state --------------------------------------------------------------------------------
    def reload_users(self, select: str | None = None) -> None:
        """Read the vaults on this laptop (a small directory listing of key files)."""
        current = select or self.user_combo.currentData()
        self._vaults = list_vaults(self.data_dir)
        self.user_combo.blockSignals(True)
        self.user_combo.clear()
        for info in self._vaults:
            text = info.user + (f"  ({tr('locked')})" if info.locked_out else "")
            self.user_combo.addItem(text, info.user)
        position = self.user_combo.findData(current) if current else -1
        self.user_combo.setCurrentIndex(max(position, 0))
        self.user_combo.blockSignals(False)
        if not self._vaults:
            self.show_create()
        elif self._demo_hint is not None and self._page in (1, 2) and not self.first.running:
            self.show_unlock()  # the demo vault is ready: its unlock, with its credentials
        self._user_changed()

    def select_user(self, user: str) -> None:
        position = self.user_combo.findData(user)
        if position >= 0:
            self.user_combo.setCurrentIndex(position)

    def set_notice(self, msgid: str, **values: object) -> None:
        """A calm line above the form ("Locked after 5 minutes without activity.")."""
        self._notice = (msgid, values)
        self.notice.setText(tr(msgid, **values) if msgid else "")
        self.notice.setVisible(bool(msgid))

    def current_info(self) -> VaultInfo | None:
        user = self.user_combo.currentData()
        return next((v for v in self._vaults if v.user == user), None)

    def _user_changed(self, _index: int = 0) -> None:
        self._stop_countdown()
        self.password.clear()
        info = self.current_info()
        if info is not None and info.locked_out:
            self._show_error(VaultLockedOut().translated(), VaultLockedOut())
        else:
            self._show_error("")
        self._update_buttons()
        self.password.setFocus()

    def _update_buttons(self) -> None:
        info = self.current_info()
        usable = info is not None and not info.locked_out and not self._busy
        self.password.setEnabled(usable and self._wait_left == 0)
        self.unlock_button.setEnabled(usable and self._wait_left == 0
                                      and bool(self.password.text()))
        self.user_combo.setEnabled(not self._busy and bool(self._vaults))
        self.local.update_buttons(self._busy, bool(self._vaults))
        self.first.update_buttons(self._busy, bool(self._vaults))

    def _show_error(self, text: str, error: BaseException | None = None) -> None:
        self._error = error
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busy.set_busy(busy)
        self._update_buttons()

    def _set_page(self, index: int) -> None:
        """Show the unlock form (0), the local new user form (1) or the first sign-in (2)."""
        self._page = index
        for i, page in enumerate(self.pages):
            page.setVisible(i == index)

    def show_create(self) -> None:
        """The new user page: the first sign-in when a server is set up, else a local vault."""
        if self.first_login is not None:
            self._set_page(2)
            if not self.first.running:
                self.first.show_error(None)
            self.first.show_server()
            self._update_buttons()
            self.first.user.setFocus()
            return
        self._set_page(1)
        self._update_buttons()
        self.local.start()

    def show_unlock(self) -> None:
        if self.first.running:
            return
        self._set_page(0)
        self.password.setFocus()

    def set_first_login(self, first_login: FirstLogin | None, server_url: str = "") -> None:
        """A server was set up (or none is): the new user page follows."""
        self.first_login, self.server_url = first_login, server_url
        self.first.first_login, self.first.server_url = first_login, server_url
        if self._page in (1, 2) and not self.first.running:
            self.show_create()

    def clear(self) -> None:
        """Forget everything typed (passwords included)."""
        self.password.clear()
        self.caps.hide()
        self.local.clear()
        self.first.clear()

    # -- unlocking ----------------------------------------------------------------------------
    def submit(self) -> None:
        info = self.current_info()
        password = self.password.text()
        if info is None or not password or self._busy or self._wait_left:
            return
        self._show_error("")
        self._set_busy(True)
        data_dir, user, opener = self.data_dir, info.user, self.opener or open_vault
        if self.ahead is not None:
            opener = self.ahead(user, opener)
        BackgroundOp(parent=self, op=after_warm_up(lambda: opener(data_dir, user, password)),
                     success=self._unlock_done).failure(self._unlock_failed).run()

    def _unlock_done(self, vault: OpenVault) -> None:
        self._set_busy(False)
        self.password.clear()
        self.set_notice("")
        self.unlocked.emit(vault)

    def _unlock_failed(self, error: Exception) -> None:
        self.refused.emit()
        self._set_busy(False)
        self.password.clear()
        if isinstance(error, KujdesError):
            self._show_error(error.translated(), error)
        else:
            log.warning("unlock failed: %s", type(error).__name__)
            self._show_error(error_text(error), error)
        if isinstance(error, TooSoon):
            self._start_countdown(int(error.values.get("seconds", 1)))
        elif isinstance(error, WrongPassword):
            failures = MAX_FAILURES - int(error.values.get("left", MAX_FAILURES))
            if retry_delay(failures):
                self._start_countdown(retry_delay(failures))
        elif isinstance(error, VaultLockedOut):
            self.reload_users()
            self._show_error(error.translated(), error)
        self.password.setFocus()

    def _start_countdown(self, seconds: int) -> None:
        self._wait_left = max(int(seconds), 1)
        self._countdown.start()
        self._update_wait_text()
        self._update_buttons()

    def _stop_countdown(self) -> None:
        self._countdown.stop()
        self._wait_left = 0
        self.unlock_button.setText(tr("Unlock"))

    def _tick(self) -> None:
        self._wait_left -= 1
        if self._wait_left <= 0:
            self._stop_countdown()
            self._update_buttons()
            self.password.setFocus()
        else:
            self._update_wait_text()

    def _update_wait_text(self) -> None:
        self.unlock_button.setText(tr("Try again in {seconds} s", seconds=self._wait_left))

    @property
    def wait_left(self) -> int:
        return self._wait_left

    # -- a new user's vault is ready ----------------------------------------------------------
    def _first_done(self, vault: OpenVault) -> None:
        """A new vault (local, or from the first sign-in) is open."""
        self.reload_users(select=vault.user)
        self.show_unlock()
        self.unlocked.emit(vault)

    def _first_partly_received(self, user: str, error: Exception) -> None:
        """The server accepted the user and the vault was made, but not every case arrived
        (the connection broke): the vault opens offline and the next sync goes on."""
        self.reload_users(select=user)
        self.show_unlock()
        self.set_notice("Your vault was made on this laptop, but not all of your cases "
                        "were received. Unlock it; the next sync receives the rest.")
        self._show_error(error_text(error), error)

    # -- language -----------------------------------------------------------------------------
    def retranslate(self) -> None:
        self._t.apply()
        self.language_switch.refresh()
        self.first.retranslate()
        if self._demo_hint is not None:
            user, password = self._demo_hint
            self.demo_hint.setText(tr("Demo: user {user}, password {password}", user=user,
                                      password=password))
        self.set_notice(self._notice[0], **self._notice[1])
        if self._error is not None:
            self._show_error(error_text(self._error), self._error)
        if self._wait_left:
            self._update_wait_text()
        position = self.user_combo.currentIndex()
        for i, vault in enumerate(self._vaults):
            text = vault.user + (f"  ({tr('locked')})" if vault.locked_out else "")
            self.user_combo.setItemText(i, text)
        self.user_combo.setCurrentIndex(position)

    def showEvent(self, event: object) -> None:  # noqa: N802
        super().showEvent(event)
        self.retranslate()
        QTimer.singleShot(0, self._focus_password)

    def _focus_password(self) -> None:
        if self._page == 0:  # the password, not the first language button, takes the keys
            self.password.setFocus()
