"""Choosing the case to refer from the service directory: type a name, a case number or a
personal ID; Enter takes the only match, or moves to the list where Enter takes the row.

The widget the dialog is opened on is told of the choice through its ``case_chosen(choice)``
method, also when the dialog was reopened after unlocking (what was typed is a draft)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from desktop.core.drafts import DraftSlot
from desktop.core.i18n import ntr, tr
from desktop.core.views.directory import CaseChoice, case_choices
from desktop.ui.dialogs.common import CaseDialog
from desktop.ui.drafts import DraftKeeper
from desktop.ui.field_row import FieldRow
from desktop.ui.ops import Operations, QueryOp
from desktop.ui.widgets import SearchBox

MAX_SHOWN = 30


class ChooseCaseDialog(CaseDialog):
    """:attr:`chosen` holds the case picked when the dialog is accepted."""

    DRAFT_KEY = "choose-case"

    title_msgid = "Choose the case"
    save_msgid = "Choose"

    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(ops, parent)
        self.chosen: CaseChoice | None = None
        self.choices: list[CaseChoice] = []
        self._enter_asked = False
        self._answered = True
        self.search = SearchBox(delay_ms=200)
        self.search.search.connect(self._search)
        self.search.returnPressed.connect(self._enter)
        self.results = QListWidget()
        self.results.itemActivated.connect(lambda _item: self.save())
        self.field = FieldRow("Name, case number or personal ID", self.search)
        self.body.addWidget(self.field)
        self.body.addWidget(self.results, 1)
        self.drafts = DraftKeeper(ops, DraftSlot(self.DRAFT_KEY, "case_choice"),
                                  lambda: {"text": self.search.text()}, parent=self)
        self.search.textEdited.connect(self.drafts.touch)
        self.retranslate()
        self.fit_screen(560, 460)
        self.drafts.load(self._restore)

    def _restore(self, draft: dict[str, Any] | None) -> None:
        if draft and draft.get("text"):
            self.search.setText(str(draft["text"]))
            self.search.flush()

    def retranslate(self) -> None:
        super().retranslate()
        self.search.setPlaceholderText(tr("Type at least two letters"))

    def _search(self, text: str) -> None:
        if len(text) < 2:
            self._show([])
            return
        self._answered = False
        (QueryOp(self.ops, parent=self, op=lambda store: case_choices(store, text, MAX_SHOWN),
                 success=self._show).latest(f"choose-case:{id(self)}")
         .failure(self.show_error).run())

    def _show(self, choices: list[CaseChoice]) -> None:
        self._answered = True
        self.choices = choices
        self.results.clear()
        for choice in choices:
            item = QListWidgetItem(" · ".join(p for p in (choice.number, choice.name,
                                                          choice.place) if p))
            item.setData(Qt.ItemDataRole.UserRole, choice.case_id)
            self.results.addItem(item)
        if choices:
            self.results.setCurrentRow(0)
        typed = self.search.text().strip()
        self.show_notice(ntr("{n} case found.", "{n} cases found.", len(choices)) if choices
                         else tr("No case matches.") if len(typed) >= 2 else "")
        if self._enter_asked:
            self._enter_asked = False
            self._enter()

    def _enter(self) -> None:
        """Enter in the search box: one match is taken, several put the focus in the list."""
        if not self._answered:
            self._enter_asked = True    # the search has not answered yet
            return
        if len(self.choices) == 1:
            self.save()
        elif self.choices:
            self.results.setFocus(Qt.FocusReason.OtherFocusReason)

    def save(self) -> None:
        row = self.results.currentRow()
        if not 0 <= row < len(self.choices):
            self.show_error(tr("Choose a case from the list."))
            return
        self.chosen = self.choices[row]
        self.drafts.discard()
        target = getattr(self.parentWidget(), "case_chosen", None)
        if callable(target):
            target(self.chosen)
        self.accept()

    def clear(self) -> None:
        super().clear()
        self.drafts.pause(True)
        self.search.clear()
        self.results.clear()
