"""Asks which colleague takes a refused case: a colleague whose vault is on this laptop (who
types their password), or a colleague at the municipal server whose role may hold it (name and
role; the case reaches their laptop at their next sync)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.core.handover import Colleague
from desktop.core.i18n import tr
from desktop.ui.widgets import label


@dataclass(frozen=True)
class Choice:
    username: str
    on_this_laptop: bool


class ColleagueChooser(QDialog):
    def __init__(self, what: str, local: list[str], server: list[Colleague],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.what = what
        self.setWindowTitle(tr("Hand the case over"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        self.explain = label("", wrap=True)
        layout.addWidget(self.explain)
        form = QFormLayout()
        self.colleague = QComboBox()
        self.colleague.setAccessibleName(tr("Colleague"))
        self.choices: list[Choice] = []
        for user in local:
            self.colleague.addItem(user)
            self.choices.append(Choice(user, True))
        for colleague in server:
            self.colleague.addItem(colleague.text)
            self.choices.append(Choice(colleague.username, False))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(tr("Colleague's password"))
        self.password_label = QLabel(tr("Colleague's password"))
        form.addRow(tr("Colleague"), self.colleague)
        form.addRow(self.password_label, self.password)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Hand over"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Cancel"))
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.colleague.currentIndexChanged.connect(self._chosen)
        self._chosen()
        self.colleague.setFocus()

    def choice(self) -> Choice | None:
        index = self.colleague.currentIndex()
        return self.choices[index] if 0 <= index < len(self.choices) else None

    def _chosen(self) -> None:
        choice = self.choice()
        local = choice is not None and choice.on_this_laptop
        self.password.setVisible(local)
        self.password_label.setVisible(local)
        if local:
            self.explain.setText(tr("{record} goes to a colleague who works on this laptop and "
                                    "whose role may hold it; it is sent at their next sync. "
                                    "The colleague types their password.", record=self.what))
        else:
            self.explain.setText(tr("{record} goes through the municipal server to the "
                                    "colleague you choose, who becomes its case manager; it "
                                    "reaches their laptop at their next sync and leaves this "
                                    "one.", record=self.what))

    def _accept(self) -> None:
        choice = self.choice()
        if choice is not None and (not choice.on_this_laptop or self.password.text()):
            self.accept()
