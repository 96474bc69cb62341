"""Recording a multidisciplinary meeting: date, group, place, attendees by institution, the
cases discussed with a decision each, and tasks with an owner and a due date. Enter in the
last field of a part adds the line; Ctrl+S saves."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QWidget,
)

from desktop.core.casework.meetings import mark_plan_agreed, record_meeting
from desktop.core.changes import Changes
from desktop.core.drafts import DraftSlot
from desktop.core.i18n import current_language, tr
from desktop.core.store import Store
from desktop.core.views.meetings import case_by_number
from desktop.ui.dialog_drafts import InputDraft
from desktop.ui.dialogs.common import CaseDialog
from desktop.ui.field_row import FieldRow
from desktop.ui.formatting import fmt_date
from desktop.ui.forms.editors import DateEditor
from desktop.ui.ops import ChangeOp, Operations, QueryOp
from sync.profile import Profile


def _combo(profile: Profile, section: str) -> QComboBox:
    combo = QComboBox()
    for code in profile.codes(section):
        combo.addItem("", code)
    return combo


class MeetingDialog(CaseDialog):
    title_msgid = "Record a meeting"
    save_msgid = "Save the meeting"

    def __init__(self, ops: Operations, profile: Profile, parent: QWidget | None = None
                 ) -> None:
        super().__init__(ops, parent)
        self.profile = profile
        self.attendees: list[dict[str, str]] = []
        self.cases: list[tuple[str, str, str]] = []  # id, number, decision
        self.tasks: list[dict[str, Any]] = []
        self.meeting_date = DateEditor()
        self.meeting_date.set_date(dt.date.today())
        self.group = _combo(profile, "multidisciplinary_groups")
        self.place = QLineEdit()
        grid = QGridLayout()
        self.rows: dict[str, FieldRow] = {
            "date": FieldRow("Date", self.meeting_date, required=True),
            "group": FieldRow("Group", self.group, required=True),
            "place": FieldRow("Place", self.place)}
        grid.addWidget(self.rows["date"], 0, 0)
        grid.addWidget(self.rows["group"], 0, 1)
        grid.addWidget(self.rows["place"], 0, 2)
        self.body.addLayout(grid)
        self.institution = _combo(profile, "institutions")
        self.attendee_name = QLineEdit()
        self.attendee_name.returnPressed.connect(self.add_attendee)
        self.attendee_list = QListWidget()
        self._part("attendees", "Attendees (choose the institution, type the name, Enter)",
                   (self.institution, self.attendee_name), self.attendee_list, required=True)
        self.case_number = QLineEdit()
        self.decision = QLineEdit()
        self.decision.returnPressed.connect(self.add_case)
        self.case_list = QListWidget()
        self._part("cases", "Cases discussed (case number, the decision, Enter)",
                   (self.case_number, self.decision), self.case_list)
        self.rows["cases"].hint_text = ("Tick a case (Space in the list) when the child's "
                                        "protection plan (PIM) was agreed in this meeting.")
        self.task = QLineEdit()
        self.owner = QLineEdit()
        self.due = DateEditor()
        self.owner.returnPressed.connect(self.add_task)
        self.task_list = QListWidget()
        self._part("tasks", "Tasks (what, the due date, who is responsible, Enter)",
                   (self.task, self.due, self.owner), self.task_list)
        self.draft = InputDraft(self, DraftSlot("meeting", "meeting"), {
            "date": self.meeting_date, "group": self.group, "place": self.place,
            "institution": self.institution, "attendee_name": self.attendee_name,
            "case_number": self.case_number, "decision": self.decision, "task": self.task,
            "owner": self.owner, "due": self.due}, more=(self._lines, self._restore_lines))
        self.case_list.itemChanged.connect(self.draft.touch)
        self.retranslate()
        self.fit_screen(900, 760)
        self.meeting_date.setFocus()
        self.draft.load()

    def _lines(self) -> dict[str, Any]:
        return {"attendees": self.attendees, "cases": [list(c) for c in self.cases],
                "agreed": self.agreed_cases(), "tasks": self.tasks}

    def _restore_lines(self, lines: dict[str, Any]) -> None:
        self.attendees = [a for a in lines.get("attendees") or [] if isinstance(a, dict)]
        self.attendee_list.clear()
        for attendee in self.attendees:
            self._show_attendee(attendee)
        self.cases = [(str(c[0]), str(c[1]), str(c[2])) for c in lines.get("cases") or []
                      if isinstance(c, list) and len(c) == 3]
        self._show_cases(set(lines.get("agreed") or []))
        self.tasks = [t for t in lines.get("tasks") or [] if isinstance(t, dict)]
        self.task_list.clear()
        for task in self.tasks:
            self._show_task(task)

    def _part(self, key: str, label: str, inputs: tuple[QWidget, ...], shown: QListWidget,
              required: bool = False) -> None:
        box = QWidget()
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        for column, widget in enumerate(inputs):
            grid.addWidget(widget, 0, column)
        shown.setMaximumHeight(90)
        grid.addWidget(shown, 1, 0, 1, len(inputs))
        self.rows[key] = FieldRow(label, box, required=required, buddy=inputs[0])
        self.body.addWidget(self.rows[key])

    def retranslate(self) -> None:
        super().retranslate()
        language = current_language()
        for combo, section in ((self.group, "multidisciplinary_groups"),
                               (self.institution, "institutions")):
            for i in range(combo.count()):
                combo.setItemText(i, self.profile.label(section, combo.itemData(i), language))
        self.attendee_name.setPlaceholderText(tr("Name and surname"))
        self.case_number.setPlaceholderText(tr("Case number"))
        self.decision.setPlaceholderText(tr("Decision for this case"))
        self.task.setPlaceholderText(tr("Task"))
        self.owner.setPlaceholderText(tr("Responsible"))

    # -- adding lines -----------------------------------------------------------------------
    def add_attendee(self) -> None:
        name = self.attendee_name.text().strip()
        if not name:
            self.rows["attendees"].set_error(tr("Type the attendee's name."))
            return
        item = {"name": name, "institution": self.institution.currentData()}
        self.attendees.append(item)
        self._show_attendee(item)
        self.attendee_name.clear()
        self.rows["attendees"].set_error("")
        self.draft.touch()

    def _show_attendee(self, attendee: dict[str, str]) -> None:
        institution = self.profile.label("institutions", attendee.get("institution"),
                                         current_language())
        self.attendee_list.addItem(f"{attendee.get('name')} · {institution}")

    def add_case(self) -> None:
        number, decision = self.case_number.text(), self.decision.text().strip()
        if not number.strip():
            self.rows["cases"].set_error(tr("Type the case number."))
            return
        QueryOp(self.ops, parent=self, op=lambda store: case_by_number(store, number),
                success=lambda found: self._case_found(found, decision)).failure(
            lambda error: self.rows["cases"].set_error(self._text(error))).run()

    def _case_found(self, found: tuple[str, str], decision: str) -> None:
        case_id, number = found
        agreed = set(self.agreed_cases())
        self.cases = [c for c in self.cases if c[0] != case_id] + [(case_id, number, decision)]
        self._show_cases(agreed)
        self.case_number.clear()
        self.decision.clear()
        self.rows["cases"].set_error("")
        self.case_number.setFocus()
        self.draft.touch()

    def _show_cases(self, agreed: set[str]) -> None:
        self.case_list.blockSignals(True)
        self.case_list.clear()
        for cid, shown, text in self.cases:
            item = QListWidgetItem(f"{shown} · {text or '-'}")
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if cid in agreed
                               else Qt.CheckState.Unchecked)
            self.case_list.addItem(item)
        self.case_list.blockSignals(False)

    def add_task(self) -> None:
        description, owner = self.task.text().strip(), self.owner.text().strip()
        if not description or not owner:
            self.rows["tasks"].set_error(tr("Type the task and who is responsible for it."))
            return
        due = self.due.date()
        case_id = self.cases[-1][0] if len(self.cases) == 1 else None
        task = {"description": description, "owner": owner,
                "due": due.isoformat() if due else None, "case_id": case_id}
        self.tasks.append(task)
        self._show_task(task)
        self.task.clear()
        self.owner.clear()
        self.rows["tasks"].set_error("")
        self.task.setFocus()
        self.draft.touch()

    def _show_task(self, task: dict[str, Any]) -> None:
        due = task.get("due")
        self.task_list.addItem(f"{task.get('description')} · {task.get('owner')}" +
                               (f" · {fmt_date(due)}" if due else ""))

    def agreed_cases(self) -> list[str]:
        """The cases whose protection plan was agreed in this meeting (ticked)."""
        return [self.cases[i][0] for i in range(min(self.case_list.count(), len(self.cases)))
                if self.case_list.item(i).checkState() == Qt.CheckState.Checked]

    @staticmethod
    def _text(error: Exception) -> str:
        translated = getattr(error, "translated", None)
        return str(translated()) if callable(translated) else type(error).__name__

    # -- saving -----------------------------------------------------------------------------
    def save(self) -> None:
        self.show_error("")
        if not self.attendees:
            self.rows["attendees"].set_error(tr("Add at least one attendee."))
            return
        day = self.meeting_date.date()
        if day is None or day > dt.date.today():
            self.rows["date"].set_error(tr("Enter the date of the meeting (not in the future)."))
            return
        fields = {"meeting_date": day, "group": self.group.currentData(),
                  "attendees": list(self.attendees), "case_ids": [c[0] for c in self.cases],
                  "case_decisions": {c[0]: c[2] for c in self.cases if c[2]},
                  "tasks": list(self.tasks), "place": self.place.text()}

        agreed = self.agreed_cases()

        def job(store: Store) -> str:
            with store.transaction():
                meeting_id = record_meeting(store, **fields).id
                for case_id in agreed:
                    mark_plan_agreed(store, meeting_id, case_id)
            return meeting_id

        ChangeOp(self.ops, parent=self, op=self.draft.saving(job),
                 changes=Changes.of("meeting", "plan")).with_busy(
            self.save_busy).success(self._saved).failure(self._failed).run()

    def _failed(self, error: Exception) -> None:
        self.draft.keep()
        self.show_error(error)

    def _saved(self, meeting_id: str) -> None:
        self.saved.emit(meeting_id)
        self.accept()
