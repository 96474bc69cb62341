"""Assigning the case manager, handing a case over with a note, reopening a closed case."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from desktop.core.casework.input_checks import Problems
from desktop.core.casework.lifecycle import (
    CaseState,
    assign,
    assign_problems,
    case_state,
    hand_over,
    handover_problems,
    reopen,
    reopen_problems,
)
from desktop.core.changes import Changes
from desktop.core.drafts import DraftSlot
from desktop.core.i18n import tr
from desktop.core.store import Store
from desktop.ui.dialog_drafts import InputDraft
from desktop.ui.dialogs.common import CaseDialog, code_combo, fill_combo
from desktop.ui.field_row import FieldRow
from desktop.ui.forms.editors import Combo, DateEditor
from desktop.ui.ops import ChangeOp, Operations, QueryOp
from sync.profile import Profile


def _text_box(name: str) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setFixedHeight(90)
    box.setAccessibleName(name)
    return box


class _LifecycleDialog(CaseDialog):
    """A dialog on one case: loads its state, checks, saves, closes. Its input is a draft
    (``draft_kind``) until it is saved."""

    cancel_msgid = "Cancel"
    needs_open = True
    draft_kind = ""

    def __init__(self, ops: Operations, case_id: str, profile: Profile,
                 parent: QWidget | None = None) -> None:
        super().__init__(ops, parent)
        self.case_id = case_id
        self.profile = profile
        self.state: CaseState | None = None
        self.rows: dict[str, FieldRow] = {}
        self.draft: InputDraft | None = None

    def _add(self, key: str, msgid: str, widget: QWidget, required: bool = False) -> None:
        self.rows[key] = FieldRow(msgid, widget, required=required)
        self.body.addWidget(self.rows[key])

    def _start(self) -> None:
        self.draft = InputDraft(self, DraftSlot(f"{self.draft_kind}:{self.case_id}",
                                                self.draft_kind, self.case_id),
                                {key: row.widget for key, row in self.rows.items()
                                 if row.widget is not None})
        self.body.addStretch(1)
        self.retranslate()
        self.fit_screen(560, 460)
        case_id = self.case_id
        QueryOp(self.ops, parent=self, op=lambda store: case_state(store, case_id),
                success=self._loaded).failure(self.show_error).run()

    def _loaded(self, state: CaseState) -> None:
        self.state = state
        self.set_subtitle(tr("Case {number} · case manager: {name}", number=state.number,
                             name=state.manager or "-"))
        if self.needs_open != (state.status == "open"):
            self.show_error(tr("This case is not open.") if self.needs_open
                            else tr("This case is open."))
            self.save_button.setEnabled(False)
        self._focus_first()
        assert self.draft is not None
        self.draft.load()  # after the lists are filled in

    def _focus_first(self) -> None:
        raise NotImplementedError

    def _save(self, problems: Problems, job: Callable[[Store], object],
              *types: str) -> None:
        self.show_error("")
        for key, row in self.rows.items():
            row.set_error(problems.get(key, ""))
        if problems:
            return
        assert self.draft is not None
        (ChangeOp(self.ops, parent=self, op=self.draft.saving(job),
                  changes=Changes.of(*types, case_id=self.case_id))
         .with_busy(self.save_busy).success(lambda _r: self._saved())
         .failure(self._failed).run())

    def _failed(self, error: Exception) -> None:
        assert self.draft is not None
        self.draft.keep()
        self.show_error(error)

    def _saved(self) -> None:
        self.saved.emit(self.case_id)
        self.accept()


def _worker_combo(name: str) -> Combo:
    combo = Combo()
    combo.setEditable(True)
    combo.setAccessibleName(name)
    return combo


class AssignCaseDialog(_LifecycleDialog):
    """Make another worker the case manager (a head of unit assigning work)."""

    draft_kind = "assign"
    title_msgid = "Assign the case manager"
    save_msgid = "Assign"

    def __init__(self, ops: Operations, case_id: str, profile: Profile,
                 parent: QWidget | None = None) -> None:
        super().__init__(ops, case_id, profile, parent)
        self.worker = _worker_combo("Case manager")
        self.note = _text_box("Note")
        self._add("worker", "Case manager", self.worker, required=True)
        self._add("note", "Note (optional)", self.note)
        self._start()

    def _focus_first(self) -> None:
        assert self.state is not None
        self.worker.clear()
        self.worker.addItems([w for w in self.state.workers if w != self.state.manager])
        self.worker.setCurrentText("")
        self.worker.setFocus()

    def save(self) -> None:
        current = self.state.manager if self.state else ""
        worker, note, case_id = self.worker.currentText(), self.note.toPlainText(), self.case_id
        self._save(assign_problems(worker, current),
                   lambda store: assign(store, case_id, worker, note), "case", "note")


class HandOverDialog(_LifecycleDialog):
    """Hand the case to another worker, another administrative unit of its municipality, or
    another municipality, with a handover note."""

    draft_kind = "handover"
    title_msgid = "Hand over the case"
    save_msgid = "Hand over"

    def __init__(self, ops: Operations, case_id: str, profile: Profile,
                 parent: QWidget | None = None) -> None:
        super().__init__(ops, case_id, profile, parent)
        self.worker = _worker_combo("To worker")
        self.unit = code_combo([], empty=tr("(stays in this unit)"))
        self.unit.setAccessibleName("To administrative unit")
        self.municipality = QLineEdit()
        self.municipality.setAccessibleName("To municipality")
        self.note = _text_box("Handover note")
        self._add("worker", "To worker", self.worker)
        self._add("unit", "To another administrative unit (optional)", self.unit)
        self._add("municipality", "To another municipality (optional)", self.municipality)
        self._add("note", "Handover note", self.note, required=True)
        self._start()

    def _focus_first(self) -> None:
        assert self.state is not None
        self.worker.clear()
        self.worker.addItems([w for w in self.state.workers if w != self.state.manager])
        self.worker.setCurrentText("")
        fill_combo(self.unit, [(u, u) for u in self.state.other_units],
                   empty=tr("(stays in this unit)"))
        self.rows["unit"].setVisible(bool(self.state.other_units))
        self.worker.setFocus()

    def retranslate(self) -> None:
        super().retranslate()
        if getattr(self, "unit", None) is not None and self.unit.count():
            self.unit.setItemText(0, tr("(stays in this unit)"))

    def save(self) -> None:
        current = self.state.manager if self.state else ""
        worker, place = self.worker.currentText(), self.municipality.text()
        note, case_id, unit = self.note.toPlainText(), self.case_id, self.unit.currentData()
        self._save(handover_problems(worker, place, note, current, unit),
                   lambda store: hand_over(store, case_id, worker, place, note, unit),
                   "case", "note")


class ReopenCaseDialog(_LifecycleDialog):
    """Open a closed case again, with the reason and the date."""

    draft_kind = "reopen"
    title_msgid = "Reopen the case"
    save_msgid = "Reopen"
    needs_open = False

    def __init__(self, ops: Operations, case_id: str, profile: Profile,
                 parent: QWidget | None = None) -> None:
        super().__init__(ops, case_id, profile, parent)
        self.reason = _text_box("Reason")
        self.date = DateEditor()
        self.date.set_date(dt.date.today())
        self._add("reason", "Why is the case opened again?", self.reason, required=True)
        self._add("date", "Reopened on", self.date, required=True)
        self._start()

    def _focus_first(self) -> None:
        self.reason.setFocus()

    def save(self) -> None:
        closed_on = self.state.closed_on if self.state else None
        reason, day, case_id = self.reason.toPlainText(), self.date.value(), self.case_id
        self._save(reopen_problems(reason, day, closed_on),
                   lambda store: reopen(store, case_id, reason, day), "case", "note", "plan")
