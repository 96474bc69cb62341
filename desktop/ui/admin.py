"""Administration: settings of this laptop (idle lock, language, server) and its users."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QTableWidget,
    QVBoxLayout,
)

from desktop.core.errors import KujdesError
from desktop.core.i18n import LANGUAGE_CHOICES, ntr, tr
from desktop.core.settings import MAX_IDLE_MINUTES, MIN_IDLE_MINUTES, Settings, save_settings
from desktop.core.sync_messages import error_text
from desktop.core.vault import MIN_PASSWORD_LENGTH, VaultInfo, change_password, list_vaults
from desktop.ui.admin_forms import FormsSection
from desktop.ui.case_view import fill_table, small_table
from desktop.ui.dialog_launcher import dialog_button
from desktop.ui.dialogs import CaseImportDialog
from desktop.ui.number_edit import NumberEdit
from desktop.ui.ops import BackgroundOp
from desktop.ui.screen import Screen
from desktop.ui.session import Session
from desktop.ui.unlock_fields import PasswordField
from desktop.ui.widgets import button, card, label
from sync.client import InsecureServer, check_server_url

LANGUAGE_NAMES = LANGUAGE_CHOICES
LABEL_WIDTH = 215


class AdminScreen(Screen):
    key = "admin"
    title_msgid = "Administration"
    shows_types = ()   # the laptop's settings and users, nothing of the vault's records

    settings_saved = Signal(object)   # Settings
    add_user_requested = Signal()

    def __init__(self, session: Session, parent: Any = None, settings_path: Any = None) -> None:
        super().__init__(session, parent)
        self._settings_path = settings_path
        self._vaults: list[VaultInfo] = []
        columns = QHBoxLayout()
        columns.setSpacing(12)
        left, right = self._build_settings(), self._build_users()
        columns.addWidget(left, 1)
        right_column = QVBoxLayout()
        right_column.setSpacing(12)
        right_column.addWidget(right, 1)
        right_column.addWidget(self._build_registers())
        columns.addLayout(right_column, 1)
        self.body.addLayout(columns)
        self.forms = FormsSection(session, self)  # the forms on this laptop
        self.body.addWidget(self.forms, 1)
        self.retranslate()

    def _build_registers(self) -> Any:
        t, s = self._t, self.session
        frame, layout = card(margins=18, spacing=10)
        layout.addWidget(t.text(label("", "sectionTitle"), "Existing registers"))
        layout.addWidget(t.text(label("", "muted", wrap=True),
                                "Cases kept in a spreadsheet (CSV or XLSX) are imported with "
                                "their persons, all or nothing; headers as the app names the "
                                "fields, in Albanian or English."))
        row = QHBoxLayout()
        row.addWidget(t.text(dialog_button(s.dialogs, CaseImportDialog,
                                           lambda: (s.ops, s.profile), parent=self,
                                           on_done=lambda: s.changed("")),
                             "Import an existing register…"))
        row.addStretch(1)
        layout.addLayout(row)
        return frame

    # -- settings ----------------------------------------------------------------------------
    def _build_settings(self) -> Any:
        t = self._t
        frame, layout = card(margins=18, spacing=10)
        layout.addWidget(t.text(label("", "sectionTitle"), "Settings of this laptop"))
        form = QFormLayout()
        form.setVerticalSpacing(10)
        self.idle = NumberEdit(MIN_IDLE_MINUTES, MAX_IDLE_MINUTES,
                               self.session.settings.idle_lock_minutes)
        self.idle_unit = label("")
        self.language = QComboBox()
        for code, name in LANGUAGE_NAMES:
            self.language.addItem(name, code)
        self.server = QLineEdit()
        self.server.setPlaceholderText("https://kujdes.bashkia.al")
        self.idle_label = t.text(label(""), "Lock after minutes without activity")
        self.language_label = t.text(label(""), "Language")
        self.server_label = t.text(label(""), "Municipal server address")
        idle_box = QVBoxLayout()
        idle_row = QHBoxLayout()
        idle_row.addWidget(self.idle)
        idle_row.addWidget(self.idle_unit)
        idle_row.addStretch(1)
        idle_box.addLayout(idle_row)
        idle_box.addWidget(self.idle.error)
        form.addRow(self.idle_label, idle_box)
        form.addRow(self.language_label, self.language)
        form.addRow(self.server_label, self.server)
        layout.addLayout(form)
        self.saved_note = label("", "muted")
        row = QHBoxLayout()
        self.save_button = t.text(button("", primary=True, on_click=self.save), "Save")
        row.addWidget(self.save_button)
        row.addWidget(self.saved_note, 1)
        layout.addLayout(row)
        self.load_settings(self.session.settings)
        layout.addSpacing(8)
        layout.addWidget(t.text(label("", "sectionTitle"), "Change my password"))
        self.old_password = PasswordField()
        self.new_password = PasswordField()
        self.repeat_password = PasswordField()
        pw_form = QFormLayout()
        pw_form.addRow(t.text(label(""), "Current password"), self.old_password)
        pw_form.addRow(t.text(label(""), "New password"), self.new_password)
        pw_form.addRow(t.text(label(""), "Repeat the new password"), self.repeat_password)
        layout.addLayout(pw_form)
        self.password_note = label("", "muted", wrap=True)
        prow = QHBoxLayout()
        self.password_button = t.text(button("", on_click=self.change_password),
                                      "Change password")
        prow.addWidget(self.password_button)
        prow.addWidget(self.password_note, 1)
        layout.addLayout(prow)
        layout.addStretch(1)
        for form_layout in (form, pw_form):
            for row in range(form_layout.rowCount()):
                item = form_layout.itemAt(row, QFormLayout.ItemRole.LabelRole)
                if item is not None and item.widget() is not None:
                    item.widget().setMinimumWidth(LABEL_WIDTH)
        return frame

    def load_settings(self, settings: Settings) -> None:
        self.idle.setValue(settings.idle_lock_minutes)
        self.language.setCurrentIndex(max(self.language.findData(settings.language), 0))
        self.server.setText(settings.server_url)

    def current_settings(self) -> Settings:
        old = self.session.settings
        return Settings(idle_lock_minutes=self.idle.value(),
                        language=self.language.currentData(),
                        server_url=self.server.text().strip(), ca_cert=old.ca_cert,
                        extra=dict(old.extra))

    def save(self) -> None:
        if not self.idle.check():  # nothing saved: the minutes stay as typed, to be corrected
            self.saved_note.setText(tr("Nothing saved."))
            self.idle.setFocus()
            return
        settings = self.current_settings()
        if settings.server_url:
            try:
                check_server_url(settings.server_url)
            except InsecureServer as exc:  # nothing saved: the address stays to be corrected
                self.saved_note.setText(error_text(exc))
                return
        try:
            save_settings(settings, self._settings_path)
        except (OSError, KujdesError) as exc:
            self.saved_note.setText(str(exc))
            return
        self.session.settings = settings
        self.saved_note.setText(tr("Saved."))
        self.settings_saved.emit(settings)

    def change_password(self) -> None:
        old, new = self.old_password.text(), self.new_password.text()
        if len(new) < MIN_PASSWORD_LENGTH:
            self.password_note.setText(tr("The password must have at least {n} characters.",
                                          n=MIN_PASSWORD_LENGTH))
            return
        if new != self.repeat_password.text():
            self.password_note.setText(tr("The passwords do not match."))
            return
        data_dir, user = self.session.data_dir, self.session.user
        self.password_button.setEnabled(False)
        self.password_note.setText(tr("Changing the password…"))
        # bound to the vault: locking waits until the key is wrapped again
        BackgroundOp(parent=self, op=lambda: change_password(data_dir, user, old, new),
                     success=self._password_done, bound_to=self.session.ops
                     ).failure(self._password_failed).run()

    def _password_done(self, _result: object) -> None:
        for field in (self.old_password, self.new_password, self.repeat_password):
            field.clear()
        self.password_button.setEnabled(True)
        self.password_note.setText(tr("Password changed."))

    def _password_failed(self, error: Exception) -> None:
        self.password_button.setEnabled(True)
        self.old_password.clear()
        self.password_note.setText(error.translated() if isinstance(error, KujdesError)
                                   else tr("Something went wrong."))

    # -- users -------------------------------------------------------------------------------
    def _build_users(self) -> Any:
        t = self._t
        frame, layout = card(margins=18, spacing=10)
        layout.addWidget(t.text(label("", "sectionTitle"), "Users on this laptop"))
        layout.addWidget(t.text(label("", "muted", wrap=True),
                                "Each user has an own encrypted vault; one cannot open "
                                "another's. A vault locked after too many wrong passwords "
                                "opens again after logging in to the municipal server."))
        self.users: QTableWidget = small_table(3)
        layout.addWidget(self.users, 1)
        row = QHBoxLayout()
        row.addWidget(t.text(button("", icon_name="plus", on_click=self.add_user_requested.emit),
                             "Lock and add a user"))
        row.addStretch(1)
        layout.addLayout(row)
        return frame

    def refresh(self) -> None:
        data_dir = self.session.data_dir
        BackgroundOp(parent=self, op=lambda: list_vaults(data_dir),
                     success=self._users_loaded).run()

    def _users_loaded(self, vaults: list[VaultInfo]) -> None:
        self._vaults = vaults
        self._show_users()
        self.forms.refresh()

    def _show_users(self) -> None:
        rows = []
        for info in self._vaults:
            state = tr("Locked (too many wrong passwords)") if info.locked_out else (
                ntr("{n} wrong password", "{n} wrong passwords", info.failures) if info.failures else tr("Ready"))
            you = tr("you") if info.user == self.session.user else ""
            rows.append([info.user, state, you])
        fill_table(self.users, [tr("User"), tr("State"), ""], rows, (150, 200))

    def retranslate(self) -> None:
        super().retranslate()
        self.idle_unit.setText(tr("min"))
        self.idle.retranslate()
        self._show_users()
        self.forms.retranslate()
