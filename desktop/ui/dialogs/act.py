"""Issuing an administrative act: the person, the type, the municipality and date, and the
protocol number the act will get, shown before it is issued."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.core.casework.acts import coming_protocol_number, issue_administrative_act
from desktop.core.casework.places import find_unit, municipalities
from desktop.core.changes import Changes
from desktop.core.errors import KujdesError
from desktop.core.i18n import current_language, tr
from desktop.core.search import SearchHit
from desktop.core.store import Store
from desktop.ui.field_row import FieldRow
from desktop.ui.forms.editors import DateEditor
from desktop.ui.language import hub
from desktop.ui.ops import ChangeOp, Operations, QueryOp
from sync.profile import Profile

DECISIONS = ("granted", "refused")


def _people(hits: list[SearchHit]) -> list[SearchHit]:
    seen: dict[str, SearchHit] = {}
    for hit in hits:
        seen.setdefault(hit.person_id, hit)
    return list(seen.values())


class IssueActDialog(QDialog):
    """Issue an act of a type from the profile for a person found by name or ID."""

    def __init__(self, ops: Operations, profile: Profile, parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.ops, self.profile = ops, profile
        self.act_id: str | None = None
        self.setObjectName("issueActDialog")
        layout = QVBoxLayout(self)
        self.search = QLineEdit()
        self.search.textEdited.connect(self._find_people)
        self.person = QComboBox()
        self.person.currentIndexChanged.connect(self._person_chosen)
        self.act_type = QComboBox()
        for code in profile.codes("administrative_act_types"):
            self.act_type.addItem("", code)
        self.municipality = QComboBox()
        for place in municipalities(profile.country):
            self.municipality.addItem(place.name, place.name)
        self.municipality.currentIndexChanged.connect(self._show_number)
        self.issued_on = DateEditor()
        self.issued_on.set_date(dt.date.today())
        self.issued_on.changed.connect(self._show_number)
        self.decision = QComboBox()
        for code in DECISIONS:
            self.decision.addItem("", code)
        self.requested_by = QLineEdit()
        self.purpose = QLineEdit()
        self.details = QPlainTextEdit()
        self.details.setTabChangesFocus(True)
        self.details.setFixedHeight(60)
        self.number = QLabel()
        self.number.setObjectName("comingNumber")
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.hide()
        self.rows = {
            "person": FieldRow("Person (type a name or personal ID)", self.search,
                               required=True),
            "chosen": FieldRow("", self.person),
            "act_type": FieldRow("Act type", self.act_type, required=True),
            "municipality": FieldRow(lambda: profile.term("municipality", current_language()),
                                     self.municipality, required=True),
            "issued_on": FieldRow("Issued on", self.issued_on, required=True),
            "decision": FieldRow("Decision", self.decision, required=True),
            "requested_by": FieldRow("Requested by", self.requested_by),
            "purpose": FieldRow("Purpose", self.purpose),
            "details": FieldRow("Details (optional)", self.details),
        }
        for row in self.rows.values():
            layout.addWidget(row)
        layout.addStretch(1)
        layout.addWidget(self.number)
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.issue_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self.issue)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.retranslate()
        hub().changed.connect(lambda _language: self.retranslate())
        self.resize(620, 620)
        self.search.setFocus()
        self._show_number()

    def retranslate(self) -> None:
        self.setWindowTitle(tr("Issue an administrative act"))
        language = current_language()
        for i in range(self.act_type.count()):
            self.act_type.setItemText(i, self.profile.label(
                "administrative_act_types", self.act_type.itemData(i), language))
        self.decision.setItemText(0, tr("Granted"))
        self.decision.setItemText(1, tr("Refused"))
        self.issue_button.setText(tr("Issue the act"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Cancel"))
        for row in self.rows.values():
            row.retranslate()

    # -- choosing ---------------------------------------------------------------------------
    def _find_people(self, text: str) -> None:
        QueryOp(self.ops, parent=self, op=lambda store: _people(store.search(text, 30)),
                success=self._show_people).latest("act-person").run()

    def _show_people(self, hits: list[SearchHit]) -> None:
        self.person.clear()
        for hit in hits:
            where = ", ".join(x for x in (hit.village, hit.unit) if x)
            self.person.addItem(f"{hit.full_name} · {hit.personal_id or '-'} · {where}",
                                (hit.person_id, hit.unit))
        self.rows["person"].set_error(tr("Nobody matches.") if not hits
                                      and self.search.text().strip() else "")

    def _person_chosen(self, _index: int) -> None:
        data = self.person.currentData()
        if not data:
            return
        self.rows["person"].set_error("")
        unit = find_unit(self.profile.country, data[1]) if data[1] else None
        if unit is not None:
            self.municipality.setCurrentIndex(max(0, self.municipality.findData(
                unit.municipality)))

    def _show_number(self, *_args: Any) -> None:
        municipality, day = self.municipality.currentData(), self.issued_on.date()
        if not municipality or day is None:
            self.number.setText("")
            return
        QueryOp(self.ops, parent=self,
                op=lambda store: coming_protocol_number(store, municipality, day),
                success=lambda n: self.number.setText(
                    tr("The act will get protocol number {number}.", number=n))
                ).latest("act-number").run()

    # -- issuing ----------------------------------------------------------------------------
    def _problems(self) -> bool:
        ok = True
        if not self.person.currentData():
            self.rows["person"].set_error(tr("Find and choose the person the act is for."))
            ok = False
        if self.issued_on.date() is None:
            self.rows["issued_on"].set_error(tr("Enter the date the act is issued."))
            ok = False
        elif self.issued_on.date() > dt.date.today():
            self.rows["issued_on"].set_error(tr("The date cannot be in the future."))
            ok = False
        else:
            self.rows["issued_on"].set_error("")
        return not ok

    def issue(self) -> None:
        self.show_error("")
        if self._problems():
            return
        person_id = self.person.currentData()[0]
        act_type, decision = self.act_type.currentData(), self.decision.currentData()
        municipality, day = self.municipality.currentData(), self.issued_on.date()
        requested_by = self.requested_by.text().strip() or None
        purpose = self.purpose.text().strip()
        details = self.details.toPlainText().strip() or None

        def job(store: Store) -> str:
            return issue_administrative_act(
                store, person_id, act_type, municipality=municipality, decision=decision,
                issued_on=day, purpose=purpose, requested_by=requested_by,
                details=details).id

        self.issue_button.setEnabled(False)
        ChangeOp(self.ops, parent=self, op=job, changes=Changes.of("administrative_act")
                 ).success(self._issued).failure(self._failed).run()

    def _issued(self, act_id: str) -> None:
        self.act_id = act_id
        self.accept()

    def _failed(self, error: Exception) -> None:
        self.issue_button.setEnabled(True)
        self.show_error(error)
        self._show_number()

    def show_error(self, error: Exception | str) -> None:
        if isinstance(error, KujdesError):
            text = str(error.translated())
        elif isinstance(error, Exception):
            text = tr("The act could not be issued: {kind}. Try again.",
                      kind=type(error).__name__)
        else:
            text = error
        self.error.setText(text)
        self.error.setVisible(bool(text))
