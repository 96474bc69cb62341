"""A new user's vault made on this laptop alone, when no municipal server is set up: the user
chooses a password (it can sign in at the server later, from the Sync screen)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLineEdit, QWidget

from desktop.core.errors import KujdesError
from desktop.core.i18n import tr
from desktop.core.keys import KdfParams
from desktop.core.vault import MIN_PASSWORD_LENGTH, OpenVault, create_vault
from desktop.ui.language import TextBinder
from desktop.ui.ops import BackgroundOp
from desktop.ui.unlock_fields import PasswordField, side_page, stacked_form
from desktop.ui.warm_up import after_warm_up
from desktop.ui.widgets import button, label, link_button


def create_problem(user: str, password: str, repeat: str, known_users: list[str]) -> str:
    """Why these cannot make a vault, in words; empty when they can."""
    if not user:
        return tr("Type a user name.")
    if any(known.lower() == user.lower() for known in known_users):
        return tr("A vault for user {user} already exists on this laptop.", user=user)
    if len(password) < MIN_PASSWORD_LENGTH:
        return tr("The password must have at least {n} characters.", n=MIN_PASSWORD_LENGTH)
    if password != repeat:
        return tr("The passwords do not match.")
    return ""


class LocalVaultPage(QWidget):
    """The page of the unlock card that makes a local vault."""

    created = Signal(object)        # OpenVault
    busy_changed = Signal(bool)
    back_requested = Signal()

    def __init__(self, t: TextBinder, data_dir: Path, kdf: KdfParams | None,
                 known_users: Callable[[], list[str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data_dir, self.kdf, self._known_users = data_dir, kdf, known_users
        self._busy = False
        _page, column = side_page(self)
        self.title = t.text(label("", "sectionTitle"), "New user on this laptop")
        self.help = t.text(label("", "muted", wrap=True),
                           "Your cases are kept in a vault that only your password "
                           "opens. Choose a password of at least {n} characters.",
                           n=MIN_PASSWORD_LENGTH)
        form = stacked_form()
        self.user = QLineEdit()
        self.password = PasswordField()
        self.repeat = PasswordField()
        self.repeat.returnPressed.connect(self.submit)
        form.addRow(t.text(label("", "fieldLabel"), "User name"), self.user)
        form.addRow(t.text(label("", "fieldLabel"), "Password"), self.password)
        form.addRow(t.text(label("", "fieldLabel"), "Repeat the password"), self.repeat)
        self.caps = t.text(label("", "error"), "Caps Lock is on.")
        self.caps.hide()
        for field in (self.password, self.repeat):
            field.caps_lock.connect(self.caps.setVisible)
        self.error = label("", "error", wrap=True)
        self.error.hide()
        self.button = t.text(button("", primary=True, on_click=self.submit), "Create my vault")
        self.back_link = t.text(link_button("", on_click=self.back_requested.emit), "Back")
        for widget in (self.title, self.help):
            column.addWidget(widget)
        column.addLayout(form)
        for widget in (self.caps, self.error, self.button):
            column.addWidget(widget)
        column.addWidget(self.back_link, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addStretch(1)

    def update_buttons(self, busy: bool, has_vaults: bool) -> None:
        self._busy = busy
        self.button.setEnabled(not busy)
        self.back_link.setVisible(has_vaults)

    def start(self) -> None:
        self.error.hide()
        self.user.setFocus()

    def clear(self) -> None:
        for field in (self.password, self.repeat):
            field.clear()
        self.caps.hide()

    def submit(self) -> None:
        if self._busy:
            return
        user = self.user.text().strip()
        password, repeat = self.password.text(), self.repeat.text()
        problem = create_problem(user, password, repeat, self._known_users())
        self.error.setText(problem)
        self.error.setVisible(bool(problem))
        if problem:
            return
        self.busy_changed.emit(True)
        data_dir, kdf = self.data_dir, self.kdf
        BackgroundOp(parent=self,
                     op=after_warm_up(lambda: create_vault(data_dir, user, password, kdf=kdf)),
                     success=self._done).failure(self._failed).run()

    def _done(self, vault: OpenVault) -> None:
        self.busy_changed.emit(False)
        self.clear()
        self.user.clear()
        self.created.emit(vault)

    def _failed(self, error: Exception) -> None:
        self.busy_changed.emit(False)
        text = error.translated() if isinstance(error, KujdesError) else \
            tr("Something went wrong.")
        self.error.setText(text)
        self.error.show()
