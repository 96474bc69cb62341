"""Issuing an administrative act: the person, the type, the municipality and date, and the
protocol number the act will get, shown before it is issued. The input is a draft in the
vault until the act is issued (closing or locking loses nothing)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.core.casework.acts import (
    coming_protocol_number,
    issue_administrative_act,
    issuer_refusal,
)
from desktop.core.casework.places import find_unit, municipalities
from desktop.core.changes import Changes
from desktop.core.drafts import DraftSlot
from desktop.core.i18n import current_language, tr
from desktop.core.search import SearchHit
from desktop.core.store import Store
from desktop.ui.dialogs.common import CaseDialog
from desktop.ui.drafts import DraftKeeper
from desktop.ui.field_row import FieldRow
from desktop.ui.forms.editors import DateEditor
from desktop.ui.ops import ChangeOp, Operations, QueryOp
from sync.profile import Profile

DECISIONS = ("granted", "refused")
DRAFT_KEY = "administrative-act"
TEXTS = ("search", "requested_by", "purpose")


def _people(hits: list[SearchHit]) -> list[SearchHit]:
    seen: dict[str, SearchHit] = {}
    for hit in hits:
        seen.setdefault(hit.person_id, hit)
    return list(seen.values())


class IssueActDialog(CaseDialog):
    """Issue an act of a type from the profile for a person found by name or ID."""

    title_msgid = "Issue an administrative act"
    save_msgid = "Issue the act"

    def __init__(self, ops: Operations, profile: Profile, parent: QWidget | None = None
                 ) -> None:
        super().__init__(ops, parent)
        self.profile = profile
        self.act_id: str | None = None
        self._wanted_person: str | None = None
        self.setObjectName("issueActDialog")
        layout = self.body
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
        layout.addWidget(self._scrolled(list(self.rows.values())), 1)
        layout.addWidget(self.number)
        self.issue_button = self.save_button
        self.drafts = DraftKeeper(ops, DraftSlot(DRAFT_KEY, "administrative_act"),
                                  self._collect, parent=self)
        for edit in (self.search, self.requested_by, self.purpose):
            edit.textEdited.connect(self.drafts.touch)
        self.details.textChanged.connect(self.drafts.touch)
        for combo in (self.person, self.act_type, self.municipality, self.decision):
            combo.activated.connect(self.drafts.touch)
        self.issued_on.changed.connect(self.drafts.touch)
        self.retranslate()
        self.fit_screen(620, 700)
        self.search.setFocus()
        self._show_number()
        self.drafts.load(self._restore)
        QueryOp(ops, parent=self, op=issuer_refusal, success=self._role_checked).run()

    def _role_checked(self, refusal: str | None) -> None:
        """A role that does not issue acts is told so at once; Issue stays off."""
        if refusal:
            self.show_error(refusal)
            self.save_button.setEnabled(False)

    def _scrolled(self, rows: list[QWidget]) -> QScrollArea:
        """The fields scroll when they do not fit (a 768-pixel screen with a refusal shown)."""
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        inner = QWidget()
        inner.setObjectName("scrollInner")
        box = QVBoxLayout(inner)
        box.setContentsMargins(0, 0, 6, 0)
        for row in rows:
            box.addWidget(row)
        box.addStretch(1)
        scroll.setWidget(inner)
        return scroll

    def retranslate(self) -> None:
        super().retranslate()
        language = current_language()
        for i in range(self.act_type.count()):
            self.act_type.setItemText(i, self.profile.label(
                "administrative_act_types", self.act_type.itemData(i), language))
        self.decision.setItemText(0, tr("Granted"))
        self.decision.setItemText(1, tr("Refused"))

    # -- the draft --------------------------------------------------------------------------
    def _collect(self) -> dict[str, Any]:
        chosen = self.person.currentData()
        return {"search": self.search.text(), "person_id": chosen[0] if chosen else None,
                "act_type": self.act_type.currentData(),
                "municipality": self.municipality.currentData(),
                "issued_on": self.issued_on.value(), "decision": self.decision.currentData(),
                "requested_by": self.requested_by.text(), "purpose": self.purpose.text(),
                "details": self.details.toPlainText()}

    def _restore(self, draft: dict[str, Any] | None) -> None:
        if not draft:
            return
        self.drafts.pause(True)
        try:
            for name in TEXTS:
                getattr(self, name).setText(draft.get(name) or "")
            self.details.setPlainText(draft.get("details") or "")
            for combo, key in ((self.act_type, "act_type"), (self.decision, "decision"),
                               (self.municipality, "municipality")):
                index = combo.findData(draft.get(key))
                if index >= 0:
                    combo.setCurrentIndex(index)
            self.issued_on.set_value(draft.get("issued_on"))
        finally:
            self.drafts.pause(False)
        self.show_notice(tr("What you had typed was restored."))
        self._wanted_person = draft.get("person_id")
        if self.search.text().strip():
            self._find_people(self.search.text())
        self._show_number()

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
        wanted = next((i for i, hit in enumerate(hits)
                       if hit.person_id == self._wanted_person), -1)
        if wanted >= 0:
            self.person.setCurrentIndex(wanted)
            self._wanted_person = None

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

    def save(self) -> None:
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

        discard = self.drafts.discard_step()

        def issue_and_forget_draft(store: Store) -> str:
            with store.transaction():
                act_id = job(store)
                discard(store)
            return act_id

        ChangeOp(self.ops, parent=self, op=issue_and_forget_draft,
                 changes=Changes.of("administrative_act")).with_busy(self.save_busy).success(
            self._issued).failure(self._failed).run()

    def _issued(self, act_id: str) -> None:
        self.act_id = act_id
        self.saved.emit(act_id)
        self.accept()

    def _failed(self, error: Exception) -> None:
        self.show_error(error)
        self._show_number()
