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
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFontMetrics, QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import (
    KujdesError,
    TooSoon,
    VaultExists,
    VaultLockedOut,
    WrongPassword,
)
from desktop.core.i18n import LANGUAGE_CHOICES, current_language, tr
from desktop.core.keys import KdfParams
from desktop.core.sync_messages import error_text
from desktop.core.vault import (
    MAX_FAILURES,
    MIN_PASSWORD_LENGTH,
    OpenVault,
    VaultInfo,
    create_vault,
    list_vaults,
    open_vault,
    retry_delay,
    vault_folder,
)
from desktop.ui.language import TextBinder, hub
from desktop.ui.sync_screen import STAGE_TEXT, SyncProgress
from desktop.ui.tasks import run_in_background
from desktop.ui.widgets import BusyBar, button, label, link_button

log = logging.getLogger(__name__)
PANEL_WIDTH, PANEL_MARGIN = 440, 32

# ``first_login(data_dir, user, password, kdf=..., progress=..., cancel=...)``: signs in at
# the municipal server, makes the vault and receives the caseload (sync_local.login).
FirstLogin = Callable[..., OpenVault]


def caps_lock_on() -> bool | None:
    """Whether Caps Lock is on, where the platform can tell (Windows); else None."""
    if sys.platform == "win32":
        try:
            import ctypes

            return bool(ctypes.WinDLL("user32").GetKeyState(0x14) & 1)
        except (OSError, AttributeError):
            return None
    return None


def caps_from_key(event: QKeyEvent) -> bool | None:
    """Guess Caps Lock from a typed letter: upper case without Shift, or lower case with it."""
    text = event.text()
    if len(text) != 1 or not text.isalpha() or text.upper() == text.lower():
        return None
    shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
    return text.isupper() != shift


class PasswordField(QLineEdit):
    """A password field that notices Caps Lock."""

    caps_lock = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEchoMode(QLineEdit.EchoMode.Password)
        self.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            state = caps_lock_on()
            if state is None:
                state = caps_from_key(event)
            if state is not None:
                self.caps_lock.emit(state)
        elif event.type() == QEvent.Type.FocusIn:
            state = caps_lock_on()
            if state is not None:
                self.caps_lock.emit(state)
        return super().eventFilter(watched, event)


class LanguageSwitch(QWidget):
    """"Shqip · English" in a corner of the screen."""

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self._buttons = {}
        for code, text in LANGUAGE_CHOICES:
            widget = link_button(text, on_click=lambda c=code: self.chosen.emit(c))
            self._buttons[code] = widget
            row.addWidget(widget)
        self.refresh()

    def refresh(self) -> None:
        for code, widget in self._buttons.items():
            widget.setEnabled(code != current_language())


class UnlockScreen(QWidget):
    """Choose a user, type the password; or, for a new user on this laptop, the first sign-in
    through the municipal server (when one is set up) or a local vault."""

    unlocked = Signal(object)          # OpenVault
    language_chosen = Signal(str)

    def __init__(self, data_dir: Path, *, demo_hint: tuple[str, str] | None = None,
                 kdf: KdfParams | None = None,
                 opener: Callable[[Path, str, str], OpenVault] | None = None,
                 first_login: FirstLogin | None = None, server_url: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self.data_dir = data_dir
        self.kdf = kdf
        # How a vault is opened: through the server's login when one is set up, else locally.
        self.opener = opener
        # How a new user gets a vault: the first sign-in at the server, else a local vault.
        self.first_login = first_login
        self.server_url = server_url
        self._signing_in: SyncProgress | None = None
        self._first_error: BaseException | None = None
        self._demo_hint = demo_hint
        self._vaults: list[VaultInfo] = []
        self._wait_left = 0
        self._busy = False
        self._notice: tuple[str, dict[str, object]] = ("", {})
        self._error: BaseException | None = None
        self._page = 0
        self._t = TextBinder()
        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self._tick)
        self._poll = QTimer(self)
        self._poll.setInterval(200)
        self._poll.timeout.connect(self._show_sign_in_progress)
        self._build()
        hub().changed.connect(self.retranslate)
        app = QCoreApplication.instance()
        if app is not None:  # closing the program stops a first sign-in after its current page
            app.aboutToQuit.connect(self._stop_sign_in)
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
        self.pages = [self._build_unlock(), self._build_create(), self._build_first_sign_in()]
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

    def _build_create(self) -> QWidget:
        t = self._t
        page, column = _side_page()
        self.create_title = t.text(label("", "sectionTitle"), "New user on this laptop")
        self.create_help = t.text(label("", "muted", wrap=True),
                                  "Your cases are kept in a vault that only your password "
                                  "opens. Choose a password of at least {n} characters.",
                                  n=MIN_PASSWORD_LENGTH)
        form = _stacked_form()
        self.new_user = QLineEdit()
        self.new_password = PasswordField()
        self.new_repeat = PasswordField()
        self.new_repeat.returnPressed.connect(self.submit_create)
        self.new_user_label = t.text(label("", "fieldLabel"), "User name")
        self.new_password_label = t.text(label("", "fieldLabel"), "Password")
        self.new_repeat_label = t.text(label("", "fieldLabel"), "Repeat the password")
        form.addRow(self.new_user_label, self.new_user)
        form.addRow(self.new_password_label, self.new_password)
        form.addRow(self.new_repeat_label, self.new_repeat)
        self.new_caps = t.text(label("", "error"), "Caps Lock is on.")
        self.new_caps.hide()
        for field in (self.new_password, self.new_repeat):
            field.caps_lock.connect(self.new_caps.setVisible)
        self.create_error = label("", "error", wrap=True)
        self.create_error.hide()
        self.create_button = t.text(button("", primary=True, on_click=self.submit_create),
                                    "Create my vault")
        self.back_link = t.text(link_button("", on_click=self.show_unlock), "Back")
        column.addWidget(self.create_title)
        column.addWidget(self.create_help)
        column.addLayout(form)
        column.addWidget(self.new_caps)
        column.addWidget(self.create_error)
        column.addWidget(self.create_button)
        column.addWidget(self.back_link, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addStretch(1)
        return page

    def _build_first_sign_in(self) -> QWidget:
        t = self._t
        page, column = _side_page()
        self.first_title = t.text(label("", "sectionTitle"), "First sign-in on this laptop")
        self.first_help = t.text(label("", "muted", wrap=True),
                                 "Sign in with the user name and password the municipality "
                                 "gave you. Your vault is made on this laptop with the same "
                                 "password, and your cases are received.")
        self.first_server_note = t.text(label("", "hint", wrap=True),
                                        "The first sign-in needs a connection to the "
                                        "municipal server. Later sign-ins work offline.")
        self.first_server = label("", "muted")
        form = _stacked_form()
        self.first_user = QLineEdit()
        self.first_user.textChanged.connect(lambda _t: self._update_buttons())
        self.first_password = PasswordField()
        self.first_password.textChanged.connect(lambda _t: self._update_buttons())
        self.first_password.returnPressed.connect(self.submit_first_sign_in)
        self.first_user_label = t.text(label("", "fieldLabel"), "User name")
        self.first_password_label = t.text(label("", "fieldLabel"), "Password")
        form.addRow(self.first_user_label, self.first_user)
        form.addRow(self.first_password_label, self.first_password)
        self.first_caps = t.text(label("", "error"), "Caps Lock is on.")
        self.first_caps.hide()
        self.first_password.caps_lock.connect(self.first_caps.setVisible)
        self.first_error = label("", "error", wrap=True)
        self.first_error.hide()
        self.first_progress = label("", "muted", wrap=True)
        self.first_progress.hide()
        self.first_button = t.text(button("", primary=True, icon_name="sync",
                                          on_click=self.submit_first_sign_in), "Sign in")
        self.first_back_link = t.text(link_button("", on_click=self.show_unlock), "Back")
        for widget in (self.first_title, self.first_help, self.first_server_note,
                       self.first_server):
            column.addWidget(widget)
        column.addLayout(form)
        for widget in (self.first_caps, self.first_error, self.first_progress,
                       self.first_button):
            column.addWidget(widget)
        column.addWidget(self.first_back_link, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addStretch(1)
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
        self.create_button.setEnabled(not self._busy)
        self.back_link.setVisible(bool(self._vaults))
        signing_in = self._signing_in is not None
        for field in (self.first_user, self.first_password):
            field.setEnabled(not signing_in)
        self.first_button.setEnabled(not self._busy and bool(self.first_user.text().strip())
                                     and bool(self.first_password.text()))
        self.first_back_link.setVisible(bool(self._vaults) and not signing_in)

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
            if self._signing_in is None:
                self._show_first_error(None)
            self._show_server()
            self._update_buttons()
            self.first_user.setFocus()
            return
        self._set_page(1)
        self.create_error.hide()
        self._update_buttons()
        self.new_user.setFocus()

    def show_unlock(self) -> None:
        if self._signing_in is not None:
            return
        self._set_page(0)
        self.password.setFocus()

    def set_first_login(self, first_login: FirstLogin | None, server_url: str = "") -> None:
        """A server was set up (or none is): the new user page follows."""
        self.first_login, self.server_url = first_login, server_url
        if self._page in (1, 2) and self._signing_in is None:
            self.show_create()

    def clear(self) -> None:
        """Forget everything typed (passwords included)."""
        for field in (self.password, self.new_password, self.new_repeat, self.first_password):
            field.clear()
        self.caps.hide()
        self.new_caps.hide()
        self.first_caps.hide()

    # -- unlocking ----------------------------------------------------------------------------
    def submit(self) -> None:
        info = self.current_info()
        password = self.password.text()
        if info is None or not password or self._busy or self._wait_left:
            return
        self._show_error("")
        self._set_busy(True)
        data_dir, user, opener = self.data_dir, info.user, self.opener or open_vault
        run_in_background(lambda: opener(data_dir, user, password),
                          self._unlock_done, self._unlock_failed, owner=self)

    def _unlock_done(self, vault: OpenVault) -> None:
        self._set_busy(False)
        self.password.clear()
        self.set_notice("")
        self.unlocked.emit(vault)

    def _unlock_failed(self, error: Exception) -> None:
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

    # -- a new user ---------------------------------------------------------------------------
    def submit_create(self) -> None:
        if self._busy:
            return
        user = self.new_user.text().strip()
        password, repeat = self.new_password.text(), self.new_repeat.text()
        problem = self._create_problem(user, password, repeat)
        self.create_error.setText(problem)
        self.create_error.setVisible(bool(problem))
        if problem:
            return
        self._set_busy(True)
        data_dir, kdf = self.data_dir, self.kdf
        run_in_background(lambda: create_vault(data_dir, user, password, kdf=kdf),
                          self._create_done, self._create_failed, owner=self)

    def _create_problem(self, user: str, password: str, repeat: str) -> str:
        if not user:
            return tr("Type a user name.")
        if any(v.user.lower() == user.lower() for v in self._vaults):
            return tr("A vault for user {user} already exists on this laptop.", user=user)
        if len(password) < MIN_PASSWORD_LENGTH:
            return tr("The password must have at least {n} characters.", n=MIN_PASSWORD_LENGTH)
        if password != repeat:
            return tr("The passwords do not match.")
        return ""

    def _create_done(self, vault: OpenVault) -> None:
        self._set_busy(False)
        self.clear()
        self.new_user.clear()
        self.reload_users(select=vault.user)
        self.show_unlock()
        self.unlocked.emit(vault)

    def _create_failed(self, error: Exception) -> None:
        self._set_busy(False)
        text = error.translated() if isinstance(error, KujdesError) else \
            tr("Something went wrong.")
        self.create_error.setText(text)
        self.create_error.show()

    # -- the first sign-in through the municipal server ---------------------------------------
    def submit_first_sign_in(self) -> None:
        first_login = self.first_login
        if first_login is None or self._busy:
            return
        user = self.first_user.text().strip()
        password = self.first_password.text()
        if not user or not password:
            return
        if any(v.user.lower() == user.lower() for v in self._vaults):
            self._show_first_error(VaultExists(user=user))
            return
        self._show_first_error(None)
        progress = SyncProgress()
        self._signing_in = progress
        self.first_progress.setText(tr("Signing in at the municipal server…"))
        self.first_progress.show()
        self._poll.start()
        self._set_busy(True)
        data_dir, kdf = self.data_dir, self.kdf
        log.info("first sign-in on this laptop")
        run_in_background(lambda: first_login(data_dir, user, password, kdf=kdf,
                                              progress=progress, cancel=progress.cancel),
                          self._first_done, lambda e: self._first_failed(user, e),
                          owner=self)

    def _show_sign_in_progress(self) -> None:
        if self._signing_in is None:
            return
        stage, done = self._signing_in.snapshot()
        if stage == "pull":
            self.first_progress.setText(tr("Receiving your cases: {done} records", done=done))
        elif stage:
            self.first_progress.setText(tr(STAGE_TEXT.get(stage, stage), done=done))

    def _end_sign_in(self) -> None:
        self._signing_in = None
        self._poll.stop()
        self.first_progress.hide()
        self.first_password.clear()
        self.first_caps.hide()
        self._set_busy(False)

    def _stop_sign_in(self) -> None:
        if self._signing_in is not None:
            self._signing_in.cancel.set()

    def _first_done(self, vault: OpenVault) -> None:
        self._end_sign_in()
        self.first_user.clear()
        log.info("first sign-in done")
        self.reload_users(select=vault.user)
        self.show_unlock()
        self.unlocked.emit(vault)

    def _first_failed(self, user: str, error: Exception) -> None:
        self._end_sign_in()
        log.warning("first sign-in failed: %s", type(error).__name__)
        if (vault_folder(self.data_dir, user) / "key.json").exists():
            # The server accepted the user and the vault was made, but not every case arrived
            # (the connection broke): the vault opens offline and the next sync goes on.
            self.reload_users(select=user)
            self.show_unlock()
            self.set_notice("Your vault was made on this laptop, but not all of your cases "
                            "were received. Unlock it; the next sync receives the rest.")
            self._show_error(error_text(error), error)
            return
        self._show_first_error(error)
        self.first_password.setFocus()

    def _show_first_error(self, error: BaseException | None) -> None:
        self._first_error = error
        self.first_error.setText(error_text(error) if error is not None else "")
        self.first_error.setVisible(error is not None)

    def _show_server(self) -> None:
        if not self.server_url:
            self.first_server.hide()
            return
        prefix = tr("Municipal server: {url}", url="")
        metrics = QFontMetrics(self.first_server.font())
        room = PANEL_WIDTH - 2 * PANEL_MARGIN - metrics.horizontalAdvance(prefix) - 4
        url = metrics.elidedText(self.server_url, Qt.TextElideMode.ElideMiddle, room)
        self.first_server.setText(tr("Municipal server: {url}", url=url))
        self.first_server.setToolTip(self.server_url)
        self.first_server.show()

    # -- language -----------------------------------------------------------------------------
    def retranslate(self) -> None:
        self._t.apply()
        self.language_switch.refresh()
        self._show_server()
        if self._first_error is not None:
            self._show_first_error(self._first_error)
        self._show_sign_in_progress()
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


def _side_page() -> tuple[QWidget, QVBoxLayout]:
    """A page of the unlock card below the user list: a column of widgets."""
    page = QWidget()
    column = QVBoxLayout(page)
    column.setContentsMargins(0, 8, 0, 0)
    column.setSpacing(8)
    return page, column


def _stacked_form() -> QFormLayout:
    """A form with each label above its field."""
    form = QFormLayout()
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
    form.setVerticalSpacing(6)
    return form
