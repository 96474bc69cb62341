"""The signatures of an individual plan: the worker's, and the beneficiary's or a named
guardian's, each with its date and a "Mark as signed" button."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.casework.plans import SUPERSEDED
from desktop.core.i18n import tr
from desktop.ui.dialogs.common import section_title
from desktop.ui.field_row import WARNING_SIGN
from desktop.ui.formatting import fmt_date
from desktop.ui.forms.editors import DateEditor
from desktop.ui.widgets import button
from sync.records import Record

WORKER, BENEFICIARY, GUARDIAN = "worker", "beneficiary", "guardian"


class SignaturePanel(QFrame):
    """Shows who signed the plan and when; ``sign_requested(by, day, guardian)`` when a
    "Mark as signed" button is pressed with a date (and, for a guardian, a name)."""

    sign_requested = Signal(str, str, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.setSpacing(6)
        layout.addWidget(section_title("Signatures", self))
        self.worker_state = QLabel(self)
        self.worker_date = DateEditor()
        self.worker_date.set_date(dt.date.today())
        self.worker_sign = button("", on_click=lambda: self.sign(WORKER))
        self.signer = QButtonGroup(self)
        self.by_beneficiary = QRadioButton(self)
        self.by_guardian = QRadioButton(self)
        self.by_beneficiary.setChecked(True)
        for radio in (self.by_beneficiary, self.by_guardian):
            self.signer.addButton(radio)
        self.guardian_name = QLineEdit(self)
        self.guardian_name.setEnabled(False)
        self.by_guardian.toggled.connect(self.guardian_name.setEnabled)
        self.beneficiary_state = QLabel(self)
        self.beneficiary_date = DateEditor()
        self.beneficiary_date.set_date(dt.date.today())
        self.beneficiary_sign = button("", on_click=lambda: self.sign(BENEFICIARY))
        for widget in (self.worker_sign, self.beneficiary_sign):
            widget.setAutoDefault(False)
        self.worker_title = QLabel(self)
        self.worker_title.setObjectName("fieldLabel")
        self.beneficiary_title = QLabel(self)
        self.beneficiary_title.setObjectName("fieldLabel")
        layout.addLayout(self._grid())
        self.error = QLabel(self)
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        layout.addStretch(1)

    def _grid(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(6)
        grid.addWidget(self.worker_title, 0, 0)
        grid.addWidget(self.worker_state, 0, 1, 1, 2)
        grid.addWidget(self.worker_date, 0, 3)
        grid.addWidget(self.worker_sign, 0, 4)
        who = QHBoxLayout()
        who.addWidget(self.by_beneficiary)
        who.addWidget(self.by_guardian)
        who.addWidget(self.guardian_name, 1)
        grid.addWidget(self.beneficiary_title, 1, 0)
        grid.addLayout(who, 1, 1, 1, 4)
        grid.addWidget(self.beneficiary_state, 2, 1, 1, 2)
        grid.addWidget(self.beneficiary_date, 2, 3)
        grid.addWidget(self.beneficiary_sign, 2, 4)
        grid.setColumnStretch(2, 1)
        return grid

    def retranslate(self) -> None:
        self.worker_title.setText(tr("Worker"))
        self.beneficiary_title.setText(tr("Beneficiary"))
        self.by_beneficiary.setText(tr("The beneficiary"))
        self.by_guardian.setText(tr("A guardian:"))
        self.guardian_name.setPlaceholderText(tr("Guardian's name"))
        self.worker_sign.setText(tr("Mark as signed"))
        self.beneficiary_sign.setText(tr("Mark as signed"))

    def show_plan(self, plan: Record | None) -> None:
        f = plan.fields if plan else {}
        worker_on = f.get("signed_worker_on")
        beneficiary_on = f.get("signed_beneficiary_on")
        self.worker_state.setText(tr("Signed on {date}", date=fmt_date(worker_on))
                                  if worker_on else tr("Not signed yet"))
        guardian = f.get("signed_by_guardian")
        signed = (tr("Signed by guardian {name} on {date}", name=guardian,
                     date=fmt_date(beneficiary_on)) if guardian else
                  tr("Signed on {date}", date=fmt_date(beneficiary_on)))
        self.beneficiary_state.setText(signed if beneficiary_on else tr("Not signed yet"))
        can_sign = plan is not None and f.get("status") != SUPERSEDED
        for widget, done in ((self.worker_sign, worker_on), (self.worker_date, worker_on),
                             (self.beneficiary_sign, beneficiary_on),
                             (self.beneficiary_date, beneficiary_on),
                             (self.by_beneficiary, beneficiary_on),
                             (self.by_guardian, beneficiary_on)):
            widget.setVisible(not done)
            widget.setEnabled(can_sign)
        self.guardian_name.setVisible(not beneficiary_on)
        self.guardian_name.setEnabled(can_sign and self.by_guardian.isChecked())

    def sign(self, by: str) -> None:
        """Ask for the signature of the worker or the beneficiary (or the named guardian)."""
        self.error.hide()
        if by == BENEFICIARY and self.by_guardian.isChecked():
            by = GUARDIAN
            if not self.guardian_name.text().strip():
                self.show_problem(tr("Write the guardian's name."))
                return
        day = (self.worker_date if by == WORKER else self.beneficiary_date).value()
        if not day:
            self.show_problem(tr("Enter the date of the signature."))
            return
        self.sign_requested.emit(by, day, self.guardian_name.text().strip() or None)

    def show_problem(self, text: str) -> None:
        self.error.setText(WARNING_SIGN + text)
        self.error.show()

    def clear(self) -> None:
        self.guardian_name.clear()
