"""One case: a header (person, number, type, status, risk, manager), a red safety banner when
the abuser lives in the household or a protection order is active, and tabs for the overview,
household, assessments, plan, visits, referrals, measures, documents and history.

Opening a case writes a "view" entry to the audit log (in the operation that reads it). The
view reads the case again when a change touches it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QPushButton, QTabWidget, QWidget

from desktop.core.casework.config import casework_config
from desktop.core.changes import Changes
from desktop.core.errors import user_message
from desktop.core.forms import FormDefinition
from desktop.core.i18n import current_language, tr
from desktop.core.sync_marks import UNSENT, case_mark, mark_text
from desktop.core.views.case import CaseData, Document
from desktop.core.views.case_texts import CaseTexts
from desktop.ui import case_record_tabs as tabs
from desktop.ui import style
from desktop.ui.case_overview import CaseOverview
from desktop.ui.case_tabs import RecordTab, fill_table, small_table
from desktop.ui.case_view_facts import CaseFacts, person_line
from desktop.ui.dialog_launcher import dialog_button
from desktop.ui.dialogs import (
    AssessmentDialog,
    CloseCaseDialog,
    PlanEditor,
    ReferralDialog,
    VisitDialog,
)
from desktop.ui.dialogs.case_lifecycle import (
    AssignCaseDialog,
    HandOverDialog,
    ReopenCaseDialog,
)
from desktop.ui.dialogs.consent_withdrawal import ConsentWithdrawalDialog
from desktop.ui.dialogs.measure_kinds import ChildMeasureDialog, EndMeasureDialog
from desktop.ui.dialogs.measures import MonitoringReportDialog, ProtectionOrderDialog
from desktop.ui.dialogs.plan_approval import PlanApprovalDialog
from desktop.ui.dialogs.plan_review import PlanReviewDialog
from desktop.ui.dialogs.report_sent import ReportSentDialog
from desktop.ui.formatting import full_name
from desktop.ui.keyboard import tab_switch_keys
from desktop.ui.ops import QueryOp
from desktop.ui.printing import SignedCopiesWidget, print_document
from desktop.ui.screen import Screen
from desktop.ui.session import Session
from desktop.ui.widgets import Banner, button, label, link_button, next_turn

log = logging.getLogger(__name__)
__all__ = ["TABS", "CaseView", "fill_table", "small_table"]  # admin.py imports the tables here

TABS = ("overview", "household", "assessments", "plan", "visits", "referrals", "measures",
        "documents", "history")
TAB_ACTIONS = {"plan": "Edit the plan", "visits": "Record a visit",
               "referrals": "New referral"}
TAB_TITLES = {"overview": "Overview", "household": "Household", "assessments": "Assessments",
              "plan": "Plan", "visits": "Visits", "referrals": "Referrals",
              "measures": "Measures", "documents": "Documents", "history": "History"}
# The record types the case view shows: a change to any of them in this case reloads it.
SHOWN_TYPES = ("case", "person", "household", "assessment", "plan", "plan_action", "visit",
               "referral", "measure", "note", "attachment", "consent")


class CaseView(Screen):
    """The case screen (one instance; :meth:`show_case` loads a case into it)."""

    key = "case"
    title_msgid = "Case"

    def __init__(self, session: Session, parent: Any = None,
                 back: Callable[[], None] | None = None) -> None:
        super().__init__(session, parent)
        self.case_id: str | None = None
        self.data: CaseData | None = None
        self._forms: dict[tabs.FormKey, Any] = {}   # of the case's assessments
        self.texts = CaseTexts(session.profile)
        self._pending_tab: int | None = None
        self._shown_reads = 0   # a case read's second turn shows it only if still the last
        self._back = back
        self._read_soon = self._later(self.refresh)
        self._build()
        self.retranslate()

    # -- layout ------------------------------------------------------------------------------
    def _build(self) -> None:
        self.back_button = self._t.text(link_button("", on_click=self.go_back), "← Back")
        self.header.add_action(self.back_button)
        self._facts = CaseFacts()
        self.facts = self._facts.grid
        self.body.addWidget(self._facts.frame)
        self.banner = Banner()
        self.body.addWidget(self.banner)
        self.sync_mark = label("", "muted", wrap=True)  # conflict, refused or unsent changes
        self.sync_mark.hide()
        self.body.addWidget(self.sync_mark)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(False)
        self.overview = CaseOverview(self.texts)
        self.overview.add_action(self._t.text(dialog_button(
            self.session.dialogs, ConsentWithdrawalDialog,
            lambda: (self.session.ops, self.case_id, self.session.profile), parent=self,
            icon_name=None), "Record a consent withdrawal…"))
        self.tab_widgets: dict[str, QWidget] = {"overview": self.overview}
        for key in TABS[1:]:
            self.tab_widgets[key] = RecordTab()
        for key in TABS:
            self.tabs.addTab(self.tab_widgets[key], "")
        self._build_header_actions()
        # the buttons of the tabs not shown: made once the view is laid out and painted (or
        # when first asked for); a zero timer runs after the events waiting, paint included
        self._tab_actions_built = False
        self._later(self._build_ahead).start()
        self.body.addWidget(self.tabs, 1)
        tab_switch_keys(self, self.tabs)

    def _later(self, call: Callable[[], None]) -> QTimer:
        timer = QTimer(self, singleShot=True, interval=0)
        timer.timeout.connect(call)
        return timer

    def _dialog_args(self) -> tuple[Any, ...]:
        return (self.session.ops, self.case_id, self.session.profile)

    def _build_header_actions(self) -> None:
        s, args = self.session, self._dialog_args
        self.close_button = self._t.text(dialog_button(
            s.dialogs, CloseCaseDialog, args, parent=self, icon_name=None), "Close the case")
        self.header.add_action(self.close_button)
        self.lifecycle_buttons: dict[type, QPushButton] = {}
        for dialog_type, msgid in ((AssignCaseDialog, "Assign"),
                                   (HandOverDialog, "Hand over"),
                                   (ReopenCaseDialog, "Reopen")):
            widget = self._t.text(dialog_button(s.dialogs, dialog_type, args, parent=self,
                                                icon_name=None), msgid)
            widget.setAccessibleName(msgid)
            self.lifecycle_buttons[dialog_type] = widget
            self.header.add_action(widget)

    def _build_ahead(self) -> None:
        """The tab actions now, the overview's labels in the next turn (each a slice)."""
        self._build_tab_actions()
        self._later(self.overview.make_ahead).start()

    def _with_tab_actions(self) -> CaseView:
        self._build_tab_actions()
        return self

    action_buttons = property(lambda self: self._with_tab_actions()._action_buttons)
    approve_button = property(lambda self: self._with_tab_actions()._approve_button)
    review_button = property(lambda self: self._with_tab_actions()._review_button)
    form_choice = property(lambda self: self._with_tab_actions()._form_choice)
    new_assessment = property(lambda self: self._with_tab_actions()._new_assessment)
    print_button = property(lambda self: self._with_tab_actions()._print_button)
    signed_copies = property(lambda self: self._with_tab_actions()._signed_copies)

    def _build_tab_actions(self) -> None:
        if self._tab_actions_built:
            return
        self._tab_actions_built = True
        s, args = self.session, self._dialog_args
        specs = (("plan", PlanEditor, "Edit the plan"),
                 ("visits", VisitDialog, "Record a visit"),
                 ("referrals", ReferralDialog, "New referral"),
                 ("measures", ProtectionOrderDialog, "Record a protection order"),
                 ("measures", ChildMeasureDialog, "Child measure or placement"),
                 ("measures", MonitoringReportDialog, "Enter a monitoring report"),
                 ("measures", ReportSentDialog, "Sent to the police"),
                 ("measures", EndMeasureDialog, "End a measure"))
        self._action_buttons: dict[type, QPushButton] = {}
        for tab, dialog_type, msgid in specs:
            widget = self._t.text(dialog_button(s.dialogs, dialog_type, args, parent=self),
                                  msgid)
            self._action_buttons[dialog_type] = widget
            self._tab(tab).actions.addWidget(widget)
        for tab in dict.fromkeys(spec[0] for spec in specs):
            self._tab(tab).actions.addStretch(1)
        self._approve_button = self._t.text(dialog_button(
            s.dialogs, PlanApprovalDialog, args, parent=self, icon_name=None),
            "Approve or return the plan")
        self._approve_button.setAccessibleName("Approve or return the plan")
        self._tab("plan").actions.insertWidget(1, self._approve_button)
        self._review_button = self._t.text(dialog_button(
            s.dialogs, PlanReviewDialog, args, parent=self, icon_name=None), "Review the plan")
        self._review_button.setAccessibleName("Review the plan")
        self._tab("plan").actions.insertWidget(2, self._review_button)
        self._build_assessment_actions()
        self._build_document_actions()
        self._signed_copies = SignedCopiesWidget(s.ops, None)
        self._tab("plan").footer.addWidget(self._signed_copies)

    def _build_assessment_actions(self) -> None:
        tab = self._tab("assessments")
        self._form_choice = QComboBox()
        self._form_choice.setMinimumWidth(280)
        self._new_assessment = self._t.text(button("", icon_name="plus",
                                                   on_click=self.start_assessment),
                                            "Start the assessment")
        tab.actions.addWidget(self._form_choice)
        tab.actions.addWidget(self._new_assessment)
        tab.actions.addStretch(1)

    def _build_document_actions(self) -> None:
        tab = self._tab("documents")
        self._print_button = self._t.text(button("", icon_name="print",
                                                 on_click=self._print_selected), "Print")
        tab.actions.addWidget(self._print_button)
        tab.actions.addStretch(1)
        tab.table.selection_changed.connect(self._update_print_button)
        # The row the keyboard lands on is the one chosen; Enter (or a double click) prints it.
        tab.table.current_row_changed.connect(
            lambda row: tab.table.selectRow(row) if row >= 0 else None)
        tab.table.doubleClicked.connect(lambda _i: self._print_selected())
        for keys in ("Return", "Enter"):
            QShortcut(QKeySequence(keys), tab.table, self._print_selected,
                      context=Qt.ShortcutContext.WidgetShortcut)

    def _tab(self, key: str) -> RecordTab:
        widget = self.tab_widgets[key]
        assert isinstance(widget, RecordTab)
        return widget

    # -- loading -----------------------------------------------------------------------------
    def show_case(self, case_id: str, tab: int | None = None) -> None:
        """Load a case (and write the "view" audit entry); ``tab``: the tab to show."""
        if case_id != self.case_id:
            self.clear()
        self.case_id = case_id
        self._pending_tab = tab
        # read once the events already waiting (the view's layout and paint) are handled:
        # the read is Python work on the database thread, which would hold the GIL from them
        self._read_soon.start()

    def refresh(self) -> None:
        if self.case_id is None:
            return
        case_id = self.case_id
        (QueryOp(self.session.ops, parent=self, op=lambda store: tabs.read_case(store, case_id),
                 success=self._loaded)
         .latest(f"case-view:{id(self)}").with_busy(self.busy).failure(self._failed).run())
        (QueryOp(self.session.ops, parent=self, op=lambda store: case_mark(store, case_id),
                 success=self._show_sync_mark)
         .latest(f"case-mark:{id(self)}").failure(self._failed).run())

    def _show_sync_mark(self, mark: str | None) -> None:
        self.sync_mark.setText(mark_text(mark))
        self.sync_mark.setStyleSheet("" if mark == UNSENT else f"color: {style.DANGER};")
        self.sync_mark.setVisible(mark is not None)

    def shows(self, changes: Changes) -> bool:
        """Only changes to the records of the case on screen."""
        return self.case_id is not None and changes.touches(*SHOWN_TYPES) \
            and changes.touches_case(self.case_id)

    def _loaded(self, read: tuple[CaseData, dict[tabs.FormKey, Any]]) -> None:
        """The record tabs filled in this turn, the case (header, overview, ``data``) in the
        next: two shorter turns; ``data`` is set once everything shows the case."""
        data, forms = read
        if data.case.id == self.case_id:
            this_read = self._shown_reads = self._shown_reads + 1
            self._show_tabs(data, forms)
            next_turn(self, lambda: self._show_read(this_read, data, forms))

    def _show_read(self, this_read: int, data: CaseData, forms: dict[tabs.FormKey, Any]) -> None:
        if this_read != self._shown_reads or data.case.id != self.case_id:
            return      # a later read, another case or the view cleared meanwhile
        self.data, self._forms = data, forms
        self._show_case()
        if self._pending_tab is not None:
            self.tabs.setCurrentIndex(self._pending_tab)
            self._pending_tab = None

    def _failed(self, error: Exception) -> None:
        self.session.status_message.emit(user_message(error))

    def clear(self) -> None:
        """Empty every widget (nothing of the case stays on screen)."""
        self.data = None
        self._shown_reads += 1
        self.banner.set_messages([])
        self.sync_mark.hide()
        self._facts.clear()
        self.overview.clear()
        for key in TABS[1:]:
            self._tab(key).show_rows([], [])
        self.header.set_text(tr(self.title_msgid))

    def current_tab(self) -> int:
        return self.tabs.currentIndex()

    # -- showing -----------------------------------------------------------------------------
    def _show(self) -> None:
        if self.data is not None:
            self._show_tabs(self.data, self._forms)
            self._show_case()

    def _show_tabs(self, data: CaseData, forms: dict[tabs.FormKey, Any]) -> None:
        """The record tabs (all but the overview) and what goes with them."""
        tabs.show_record_tabs(self._tab, data, self.texts, forms, self.session.open_case)
        self._fill_form_choice(data.forms)
        plan = data.current_plan
        self.signed_copies.set_plan(plan.id if plan else None)
        self.signed_copies.setVisible(plan is not None)

    def _show_case(self) -> None:
        """The case itself: header, warnings, facts, overview and what its state allows."""
        data = self.data
        assert data is not None
        self.update_header()
        self.banner.set_messages(data.warnings)
        self._facts.show(data.case.fields, self.texts.label)
        self.overview.show_case(data)
        self._update_print_button()
        is_open = data.case.fields.get("status") == "open"
        plan = data.current_plan
        self.review_button.setVisible(is_open and plan is not None)
        self.approve_button.setVisible(is_open and plan is not None and casework_config(
            self.session.profile).requires_approval(plan.fields["plan_type"]))
        self.close_button.setEnabled(is_open)
        for dialog_type, widget in self.lifecycle_buttons.items():
            widget.setVisible(is_open != (dialog_type is ReopenCaseDialog))

    def title(self) -> str:
        if self.data is None:
            return tr(self.title_msgid)
        person = self.data.person
        return full_name(person.fields) if person else tr("Case")

    def subtitle(self) -> str:
        if self.data is None:
            return ""
        return person_line(self.data.person.fields if self.data.person else {})

    # -- assessments -------------------------------------------------------------------------
    def _fill_form_choice(self, forms: list[FormDefinition]) -> None:
        current = self.form_choice.currentData()
        self.form_choice.clear()
        for form in forms:
            self.form_choice.addItem(form.text(current_language()), form.id)
        if current is not None:
            self.form_choice.setCurrentIndex(max(self.form_choice.findData(current), 0))

    def start_assessment(self) -> None:
        """Open the form chosen, in the version offered with the case."""
        form_id = self.form_choice.currentData()
        forms = self.data.forms if self.data is not None else []
        form = next((f for f in forms if f.id == form_id), None)
        if form is not None and self.case_id:
            self.session.dialogs.open(AssessmentDialog, (self.session.ops, self.case_id, form),
                                      self)

    # -- printing ----------------------------------------------------------------------------
    def selected_document(self) -> Document | None:
        if self.data is None:
            return None
        rows = self._tab("documents").table.selectionModel().selectedRows()
        if not rows:
            return None
        index = rows[0].row()
        return self.data.documents[index] if index < len(self.data.documents) else None

    def _update_print_button(self) -> None:
        self.print_button.setEnabled(self.selected_document() is not None)

    def _print_selected(self) -> None:
        document = self.selected_document()
        if document is not None:
            self.print_document(document.kind, document.record_id)

    def print_document(self, kind: str, record_id: str | None = None) -> bool:
        """Open the print preview of a document of this case; False without a case."""
        if self.case_id is None:
            return False
        print_document(self, self.session.ops, self.case_id, kind, record_id)
        return True

    # -- navigation --------------------------------------------------------------------------
    def go_back(self) -> None:
        if self._back is not None:
            self._back()

    def retranslate(self) -> None:
        super().retranslate()
        self._facts.retranslate()
        for index, key in enumerate(TABS):
            self.tabs.setTabText(index, tr(TAB_TITLES[key]))
        self._show()

    def snapshot(self) -> dict[str, Any]:
        return {"case_id": self.case_id, "tab": self.current_tab()}
