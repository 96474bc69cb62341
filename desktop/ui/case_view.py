"""One case: a header (person, number, type, status, risk, manager), a red safety banner when
the abuser lives in the household or a protection order is active, and tabs for the overview,
household, assessments, plan, visits, referrals, measures, documents and history.

Opening a case writes a "view" entry to the audit log (in the job that reads it).
"""

from __future__ import annotations

import datetime as dt
import importlib
import logging
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core.i18n import current_language, tr
from desktop.core.sync_marks import UNSENT, case_mark, mark_text
from desktop.ui import style
from desktop.ui.case_data import CaseData, Document, load_case
from desktop.ui.formatting import age_on, fmt_date, fmt_datetime, full_name
from desktop.ui.ops import QueryOp
from desktop.ui.optional import dialog_button, dialog_class, find
from desktop.ui.screen import Screen
from desktop.ui.session import Session
from desktop.ui.widgets import ROW_HEIGHT, Banner, button, card, label, link_button
from sync.records import Record

log = logging.getLogger(__name__)

TABS = ("overview", "household", "assessments", "plan", "visits", "referrals", "measures",
        "documents", "history")
TAB_TITLES = {"overview": "Overview", "household": "Household", "assessments": "Assessments",
              "plan": "Plan", "visits": "Visits", "referrals": "Referrals",
              "measures": "Measures", "documents": "Documents", "history": "History"}
PRINTING_MODULE = "desktop.ui.printing"
STATUS_TEXT = {"planned": "Planned", "in_progress": "In progress", "done": "Done",
               "cancelled": "Cancelled", "active": "Active", "ended": "Ended",
               "revoked": "Revoked", "draft": "Draft", "superseded": "Superseded"}
ACTION_TEXT = {"view": "Viewed", "create": "Created", "update": "Changed", "delete": "Deleted",
               "print": "Printed", "export": "Exported"}


def small_table(columns: int) -> QTableWidget:
    table = QTableWidget(0, columns)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setShowGrid(False)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft
                                                 | Qt.AlignmentFlag.AlignVCenter)
    return table


def fill_table(table: QTableWidget, headers: Sequence[str], rows: Sequence[Sequence[str]],
               widths: Sequence[int] = (), ids: Sequence[str | None] = ()) -> None:
    table.clearContents()
    table.setColumnCount(len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QTableWidgetItem(value)
            if c == 0 and r < len(ids):
                item.setData(Qt.ItemDataRole.UserRole, ids[r])
            table.setItem(r, c, item)
    for column, width in enumerate(widths):
        table.setColumnWidth(column, width)


class RecordTab(QWidget):
    """A tab with a line of actions above a table of records, and an empty-state line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actions = QHBoxLayout()
        self.actions.setSpacing(8)
        self.table = small_table(1)
        self.empty = label("", "muted")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.extra = QVBoxLayout()
        self.footer = QVBoxLayout()
        column = QVBoxLayout(self)
        column.setContentsMargins(14, 12, 14, 14)
        column.setSpacing(10)
        column.addLayout(self.actions)
        column.addLayout(self.extra)
        column.addWidget(self.table, 1)
        column.addWidget(self.empty)
        column.addLayout(self.footer)

    def show_rows(self, headers: Sequence[str], rows: Sequence[Sequence[str]],
                  widths: Sequence[int] = (), empty_text: str = "",
                  ids: Sequence[str | None] = ()) -> None:
        fill_table(self.table, headers, rows, widths, ids)
        self.table.setVisible(bool(rows))
        self.empty.setText(empty_text)
        self.empty.setVisible(not rows)


class CaseView(Screen):
    """The case screen (one instance; :meth:`show_case` loads a case into it)."""

    key = "case"
    title_msgid = "Case"

    def __init__(self, session: Session, parent: Any = None,
                 back: Callable[[], None] | None = None) -> None:
        super().__init__(session, parent)
        self.case_id: str | None = None
        self.data: CaseData | None = None
        self._request = 0
        self._pending_tab: int | None = None
        self._back = back
        self._build()
        self.retranslate()

    # -- layout ------------------------------------------------------------------------------
    def _build(self) -> None:
        self.back_button = self._t.text(link_button("", on_click=self.go_back), "← Back")
        self.header.add_action(self.back_button)
        self.facts = QGridLayout()
        self.facts.setHorizontalSpacing(28)
        self.facts.setVerticalSpacing(2)
        facts_frame, facts_layout = card(margins=12)
        facts_layout.addLayout(self.facts)
        self.body.addWidget(facts_frame)
        self.banner = Banner()
        self.body.addWidget(self.banner)
        self.sync_mark = label("", "muted", wrap=True)  # conflict, refused or unsent changes
        self.sync_mark.hide()
        self.body.addWidget(self.sync_mark)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(False)
        self.tab_widgets: dict[str, QWidget] = {}
        self._build_overview()
        for key in TABS[1:]:
            self.tab_widgets[key] = RecordTab()
        for key in TABS:
            self.tabs.addTab(self.tab_widgets[key], "")
        self._build_tab_actions()
        self.body.addWidget(self.tabs, 1)

    def _build_overview(self) -> None:
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        inner = QWidget()
        inner.setObjectName("scrollBody")
        row = QHBoxLayout(inner)
        row.setContentsMargins(16, 14, 16, 14)
        row.setSpacing(36)
        self.overview_columns: list[QGridLayout] = []
        for _ in range(2):
            grid = QGridLayout()
            grid.setHorizontalSpacing(18)
            grid.setVerticalSpacing(6)
            grid.setColumnStretch(1, 1)
            self.overview_columns.append(grid)
            column = QVBoxLayout()
            column.addLayout(grid)
            column.addStretch(1)
            row.addLayout(column, 1)
        scroll.setWidget(inner)
        self.tab_widgets["overview"] = scroll

    def _build_tab_actions(self) -> None:
        s = self.session

        def args() -> tuple[Any, ...]:
            return (s.db, self.case_id, s.profile)

        def changed() -> None:
            s.changed("case")

        specs = (("plan", "PlanEditor", "Edit the plan", args),
                 ("visits", "VisitDialog", "Record a visit", args),
                 ("referrals", "ReferralDialog", "New referral", args))
        self.action_buttons: dict[str, QPushButton] = {}
        for tab, name, msgid, make_args in specs:
            widget = self._t.text(dialog_button(s.dialogs, name, make_args, parent=self,
                                                on_done=changed), msgid)
            self.action_buttons[name] = widget
            self._tab(tab).actions.addWidget(widget)
            self._tab(tab).actions.addStretch(1)
        self._build_assessment_actions()
        self._build_document_actions()
        signed = find(PRINTING_MODULE, "SignedCopiesWidget")
        self.signed_copies = signed(s.db, None) if signed is not None else None
        if self.signed_copies is not None:
            self.signed_copies.changed.connect(lambda: s.changed("attachment"))
            self._tab("plan").footer.addWidget(self.signed_copies)
        self.close_button = self._t.text(dialog_button(
            s.dialogs, "CloseCaseDialog", args, parent=self, on_done=changed,
            icon_name=None), "Close the case")
        self.header.add_action(self.close_button)

    def _build_assessment_actions(self) -> None:
        tab = self._tab("assessments")
        self.form_choice = QComboBox()
        self.form_choice.setMinimumWidth(280)
        self.new_assessment = self._t.text(button("", icon_name="plus",
                                                  on_click=self.start_assessment),
                                           "Start the assessment")
        if dialog_class("AssessmentDialog") is None:
            self.new_assessment.setEnabled(False)
            self.new_assessment.setToolTip(tr("Not available in this version yet."))
        tab.actions.addWidget(self.form_choice)
        tab.actions.addWidget(self.new_assessment)
        tab.actions.addStretch(1)

    def _build_document_actions(self) -> None:
        tab = self._tab("documents")
        self.print_button = self._t.text(button("", icon_name="print",
                                                on_click=self._print_selected), "Print")
        self.printing_note = label("", "muted")
        tab.actions.addWidget(self.print_button)
        tab.actions.addWidget(self.printing_note, 1)
        tab.table.itemSelectionChanged.connect(self._update_print_button)
        tab.table.doubleClicked.connect(lambda _i: self._print_selected())

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
        self.refresh()

    def refresh(self) -> None:
        if self.case_id is None:
            return
        self._request += 1
        request, case_id = self._request, self.case_id
        self.run(lambda store: load_case(store, case_id),
                 lambda data: self._loaded(request, data), self._failed)
        QueryOp(self.session.ops, parent=self, op=lambda store: case_mark(store, case_id),
                success=self._show_sync_mark).run()

    def _show_sync_mark(self, mark: str | None) -> None:
        self.sync_mark.setText(mark_text(mark))
        self.sync_mark.setStyleSheet("" if mark == UNSENT else "color: #b42318;")
        self.sync_mark.setVisible(mark is not None)

    def _loaded(self, request: int, data: CaseData) -> None:
        if request != self._request:
            return
        self.data = data
        self._show()
        if self._pending_tab is not None:
            self.tabs.setCurrentIndex(self._pending_tab)
            self._pending_tab = None

    def _failed(self, error: Exception) -> None:
        self.session.status_message.emit(str(error))

    def clear(self) -> None:
        """Empty every widget (nothing of the case stays on screen)."""
        self.data = None
        self.banner.set_messages([])
        self.sync_mark.hide()
        _clear_grid(self.facts)
        for grid in self.overview_columns:
            _clear_grid(grid)
        for key in TABS[1:]:
            self._tab(key).show_rows([], [])
        self.header.set_text(tr(self.title_msgid))

    def current_tab(self) -> int:
        return self.tabs.currentIndex()

    # -- showing -----------------------------------------------------------------------------
    def _show(self) -> None:
        data = self.data
        if data is None:
            return
        self.update_header()
        self.banner.set_messages(data.warnings)
        self._show_facts(data)
        self._show_overview(data)
        self._show_household(data)
        self._show_assessments(data)
        self._show_plan(data)
        self._show_visits(data)
        self._show_referrals(data)
        self._show_measures(data)
        self._show_documents(data)
        self._show_history(data)
        closed = data.case.fields.get("status") != "open"
        if dialog_class("CloseCaseDialog") is not None:
            self.close_button.setEnabled(not closed)

    def title(self) -> str:
        if self.data is None:
            return tr(self.title_msgid)
        person = self.data.person
        return full_name(person.fields) if person else tr("Case")

    def subtitle(self) -> str:
        if self.data is None:
            return ""
        person = self.data.person.fields if self.data.person else {}
        parts = []
        if person.get("father_name"):
            parts.append(tr("father {name}", name=person["father_name"]))
        age = age_on(person.get("birth_date"))
        if age is not None:
            parts.append(tr("{age} years old", age=age))
        if person.get("personal_id"):
            parts.append(str(person["personal_id"]))
        places = [str(p) for p in (person.get("village"), person.get("administrative_unit"))
                  if p]
        place = ", ".join(dict.fromkeys(places))
        if place:
            parts.append(place)
        return " · ".join(parts)

    def _show_facts(self, data: CaseData) -> None:
        _clear_grid(self.facts)
        fields = data.case.fields
        risk = fields.get("risk_level")
        facts = [
            (tr("Case number"), fields.get("case_number", ""), None),
            (tr("Case type"), self.session.label("case_types", fields.get("case_type")), None),
            (tr("Status"), self.session.label("case_statuses", fields.get("status")), None),
            (tr("Risk"), self.session.label("risk_levels", risk),
             style.RISK_COLOURS.get(risk or "", None)),
            (tr("Case manager"), fields.get("assigned_worker", ""), None),
            (tr("Opened on"), fmt_date(fields.get("opened_on")), None),
            (tr("Review due"), fmt_date(fields.get("review_due")),
             style.DANGER if fields.get("status") == "open" and
             (fields.get("review_due") or "9999") < dt.date.today().isoformat() else None),
        ]
        for column, (name, value, colour) in enumerate(facts):
            caption = label(name, "fieldLabel")
            shown = QLabel(str(value))
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            weight = "font-weight: 600;"
            shown.setStyleSheet(weight + (f" color: {colour};" if colour else ""))
            self.facts.addWidget(caption, 0, column)
            self.facts.addWidget(shown, 1, column)
        self.facts.setColumnStretch(len(facts), 1)

    def _field_label(self, record_type: str, name: str) -> str:
        spec = self.session.profile.record_type(record_type).fields.get(name)
        if spec is None:
            return name
        return spec.label.get(current_language()) or spec.label.get("sq") or name

    def _field_value(self, record_type: str, name: str, value: Any) -> str:
        spec = self.session.profile.record_type(record_type).fields.get(name)
        if value is None or value == "":
            return ""
        if name == "manager_role":
            return self.session.label("roles", str(value))
        if spec is not None and spec.type == "date":
            return fmt_date(value)
        if spec is not None and spec.type == "bool":
            return tr("Yes") if value else tr("No")
        if isinstance(value, list):
            return ", ".join(self._choice_label(spec, v) for v in value)
        return self._choice_label(spec, value)

    def _choice_label(self, spec: Any, value: Any) -> str:
        name = getattr(spec, "name", "")
        if name == "sex":
            return {"F": tr("Female"), "M": tr("Male")}.get(str(value), str(value))
        if name == "area_type":
            return tr("Urban") if value == "urban" else tr("Rural")
        for section in ("case_types", "case_statuses", "risk_levels", "referral_sources",
                        "closure_reasons", "target_groups", "plan_types", "measure_types",
                        "service_taxonomy", "roles"):
            if self.session.profile.item(section, str(value)) is not None:
                return self.session.label(section, str(value))
        return tr(STATUS_TEXT.get(str(value), str(value)))

    def _show_overview(self, data: CaseData) -> None:
        for grid in self.overview_columns:
            _clear_grid(grid)
        left = self._overview_section(0, 0, tr("The case"), "case", data.case.fields, (
            "referral_source", "reason", "municipality", "administrative_unit", "village",
            "manager_role", "closed_on", "closure_reason", "transferred_to"))
        plan = data.current_plan
        summary = [
            (tr("Current plan"), self._plan_line(plan) if plan else tr("No plan yet")),
            (tr("Open referrals"), str(sum(1 for r in data.referrals
                                           if r.fields.get("status") in ("sent", "accepted")))),
            (tr("Active measures"), str(sum(1 for m in data.measures
                                            if m.fields.get("status") == "active"))),
            (tr("Last visit"), fmt_date(max((v.fields.get("visit_date", "")
                                             for v in data.visits), default="")) or "—"),
        ]
        self._overview_pairs(left, 0, tr("Summary"), summary)
        right = 0
        if data.person is not None:
            right = self._overview_section(0, 1, tr("The person"), "person",
                                           data.person.fields, (
                                               "sex", "birth_date", "personal_id", "phone",
                                               "target_groups", "disability_type",
                                               "disability_severity"))
        notes = [(fmt_date(n.fields.get("written_on")), n.fields.get("text", ""))
                 for n in data.notes[:5]]
        if notes:
            self._overview_pairs(right, 1, tr("Latest notes"), notes)

    def _overview_section(self, row: int, side: int, title: str, record_type: str,
                          fields: dict[str, Any], names: Sequence[str]) -> int:
        pairs = [(self._field_label(record_type, n), self._field_value(record_type, n,
                                                                         fields.get(n)))
                 for n in names if fields.get(n) not in (None, "", [])]
        return self._overview_pairs(row, side, title, pairs)

    def _overview_pairs(self, row: int, side: int, title: str,
                        pairs: Sequence[tuple[str, str]]) -> int:
        """Add a titled list of (name, value) to the left (0) or right (1) column."""
        grid = self.overview_columns[side]
        heading = label(title, "sectionTitle")
        heading.setContentsMargins(0, 10 if row else 0, 0, 2)
        grid.addWidget(heading, row, 0, 1, 2)
        row += 1
        for name, value in pairs:
            caption = label(name, "fieldLabel")
            caption.setAlignment(Qt.AlignmentFlag.AlignTop)
            shown = label(value, wrap=True)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(caption, row, 0)
            grid.addWidget(shown, row, 1)
            row += 1
        return row

    def _plan_line(self, plan: Record) -> str:
        fields = plan.fields
        return tr("{type}, version {version}, review on {date}",
                  type=self.session.label("plan_types", fields.get("plan_type")),
                  version=fields.get("version", 1),
                  date=fmt_date(fields.get("review_date")) or "—")

    def _show_household(self, data: CaseData) -> None:
        tab = self._tab("household")
        rows, ids = [], []
        for member in data.members:
            f = member.fields
            cases = data.member_cases.get(member.id, [])
            rows.append([
                full_name(f), tr("Head of household") if data.household and
                data.household.fields.get("head_person_id") == member.id else "",
                {"F": tr("Female"), "M": tr("Male")}.get(f.get("sex", ""), ""),
                fmt_date(f.get("birth_date")), str(f.get("personal_id", "")),
                ", ".join(c.fields.get("case_number", "") for c in cases)])
            ids.append(cases[0].id if cases else None)
        household = data.household.fields if data.household else {}
        facts = [tr("Members: {n}", n=len(data.members))]
        if household.get("monthly_income") is not None:
            facts.append(tr("Monthly income: {amount} {currency}",
                            amount=f"{household['monthly_income']:,.0f}".replace(",", "."),
                            currency=self.session.profile.data.get("currency", "")))
        if household.get("economic_aid"):
            facts.append(tr("Receives economic aid"))
        if household.get("area_type"):
            facts.append(tr("Urban") if household["area_type"] == "urban" else tr("Rural"))
        _set_extra(tab, " · ".join(facts))
        tab.show_rows([tr("Name"), tr("Role"), tr("Sex"), tr("Date of birth"),
                       tr("Personal ID number"), tr("Cases")], rows,
                      (200, 150, 80, 110, 140), tr("No household recorded."), ids)
        _connect_open(tab.table, self.session.open_case)

    def _show_assessments(self, data: CaseData) -> None:
        self._fill_form_choice()
        rows = []
        for record in data.assessments:
            f = record.fields
            computed = f.get("computed") or {}
            score = ", ".join(f"{k}: {v}" for k, v in list(computed.items())[:3]) \
                if isinstance(computed, dict) else ""
            rows.append([fmt_date(f.get("submitted_on")), self._form_title(f.get("form_id")),
                         str(f.get("form_version", "")), score, f.get("submitted_by", "")])
        self._tab("assessments").show_rows(
            [tr("Date"), tr("Form"), tr("Version"), tr("Result"), tr("By")], rows,
            (100, 260, 70, 260), tr("No assessment yet."))

    def _forms(self) -> list[Any]:
        return list(self.data.forms) if self.data is not None else []  # read with the case

    def _form_title(self, form_id: str | None) -> str:
        title = self.data.form_titles.get(form_id or "") if self.data is not None else None
        return _lang_text(title) if title else str(form_id or "")

    def _fill_form_choice(self) -> None:
        current = self.form_choice.currentData()
        self.form_choice.clear()
        for form in self._forms():
            self.form_choice.addItem(_lang_text(form.title), form.id)
        if current is not None:
            self.form_choice.setCurrentIndex(max(self.form_choice.findData(current), 0))

    def start_assessment(self) -> None:
        form_id = self.form_choice.currentData()
        if form_id and self.case_id:
            form = next((f for f in self._forms() if f.id == form_id), form_id)
            self.session.dialogs.open("AssessmentDialog", (self.session.db, self.case_id,
                                                           form), self,
                                      lambda: self.session.changed("assessment"))

    def _show_plan(self, data: CaseData) -> None:
        tab = self._tab("plan")
        plan = data.current_plan
        _set_extra(tab, self._plan_line(plan) + self._signature_line(plan) if plan else "")
        actions = [a for a in data.plan_actions if plan and a.fields.get("plan_id") == plan.id]
        rows = [[a.fields.get("goal", ""), a.fields.get("description", ""),
                 self._choice_label(None, a.fields.get("service", "")),
                 a.fields.get("responsible", ""), fmt_date(a.fields.get("start_date")),
                 fmt_date(a.fields.get("end_date")),
                 self._choice_label(None, a.fields.get("status", ""))]
                for a in actions]
        if plan and not rows:
            rows = [[_goal_text(g), "", "", "", "", "", ""]
                    for g in plan.fields.get("goals") or []]
        if self.signed_copies is not None:
            self.signed_copies.set_plan(plan.id if plan else None)
            self.signed_copies.setVisible(plan is not None)
        tab.show_rows([tr("Goal"), tr("Action"), tr("Service"), tr("Responsible"),
                       tr("Start"), tr("End"), tr("Status")], rows,
                      (190, 230, 170, 110, 100, 100),
                      tr("No plan yet.") if plan is None else tr("The plan has no actions yet."))

    def _signature_line(self, plan: Record) -> str:
        f = plan.fields
        if f.get("signed_beneficiary_on"):
            return " · " + tr("signed on {date}", date=fmt_date(f["signed_beneficiary_on"]))
        return " · " + tr("not signed yet")

    def _show_visits(self, data: CaseData) -> None:
        rows = [[fmt_date(v.fields.get("visit_date")), tr(_protocol(v.fields.get("protocol"))),
                 v.fields.get("village", ""), v.fields.get("observations", ""),
                 fmt_date(v.fields.get("follow_up_date")), v.fields.get("visited_by", "")]
                for v in data.visits]
        self._tab("visits").show_rows(
            [tr("Date"), tr("Protocol"), tr("Village"), tr("Observations"), tr("Follow-up"),
             tr("By")], rows, (95, 130, 120, 330, 95), tr("No visit recorded yet."))

    def _show_referrals(self, data: CaseData) -> None:
        rows = []
        for r in data.referrals:
            f = r.fields
            rows.append([fmt_date(f.get("sent_on")), self._choice_label(None, f.get("service")),
                         f.get("provider_name", ""), tr(_referral_status(f.get("status"))),
                         fmt_date(f.get("response_due")),
                         tr("Yes") if f.get("prescribed") else ""])
        self._tab("referrals").show_rows(
            [tr("Sent on"), tr("Service"), tr("Provider"), tr("Status"), tr("Response due"),
             tr("Prescribed")], rows, (95, 220, 200, 120, 110), tr("No referral yet."))

    def _show_measures(self, data: CaseData) -> None:
        rows = [[self.session.label("measure_types", m.fields.get("measure_type")),
                 fmt_date(m.fields.get("issued_on")), m.fields.get("issued_by", ""),
                 fmt_date(m.fields.get("end_date")),
                 self._choice_label(None, m.fields.get("status", "")),
                 fmt_date(m.fields.get("next_report_due"))] for m in data.measures]
        self._tab("measures").show_rows(
            [tr("Measure"), tr("Issued on"), tr("Issued by"), tr("Ends on"), tr("Status"),
             tr("Next report due")], rows, (280, 95, 150, 95, 90), tr("No measure recorded."))

    def _show_documents(self, data: CaseData) -> None:
        tab = self._tab("documents")
        rows = [[tr(d.title_msgid), fmt_date(d.date)] for d in data.documents]
        tab.show_rows([tr("Document"), tr("Date")], rows, (360,),
                      tr("Nothing to print yet: documents come from plans, referrals, visits "
                         "and measures."), [f"{d.kind}:{d.record_id or ''}"
                                            for d in data.documents])
        available = self.printing_available()
        self.printing_note.setText("" if available else
                                   tr("Printing is not available in this version yet."))
        self._update_print_button()

    def _show_history(self, data: CaseData) -> None:
        rows = [[fmt_datetime(e.at), e.user, tr(ACTION_TEXT.get(e.action, e.action)),
                 tr(e.record_type or ""), ", ".join(self._field_label(e.record_type, f)
                                                    for f in e.fields[:6]
                                                    if e.record_type in
                                                    self.session.profile.record_types)]
                for e in data.history]
        self._tab("history").show_rows(
            [tr("When"), tr("Who"), tr("What"), tr("Record"), tr("Fields")], rows,
            (140, 110, 110, 120), tr("No history."))

    # -- printing hook -----------------------------------------------------------------------
    @staticmethod
    def printing_available() -> bool:
        try:
            importlib.import_module(PRINTING_MODULE)
        except ImportError:
            return False
        return True

    def selected_document(self) -> Document | None:
        if self.data is None:
            return None
        rows = self._tab("documents").table.selectionModel().selectedRows()
        if not rows:
            return None
        index = rows[0].row()
        return self.data.documents[index] if index < len(self.data.documents) else None

    def _update_print_button(self) -> None:
        self.print_button.setEnabled(self.printing_available()
                                     and self.selected_document() is not None)

    def _print_selected(self) -> None:
        document = self.selected_document()
        if document is not None:
            self.print_document(document.kind, document.record_id)

    def print_document(self, kind: str, record_id: str | None = None) -> bool:
        """Print a document of this case. The printing itself lives in
        ``desktop.ui.printing`` (``print_document(parent, db, case_id, kind, record_id)``);
        without it this does nothing and returns False."""
        if self.case_id is None:
            return False
        try:
            printing = importlib.import_module(PRINTING_MODULE)
        except ImportError:
            return False
        printer = getattr(printing, "print_document", None)
        if printer is None:
            return False
        printer(self, self.session.db, self.case_id, kind, record_id)
        return True

    # -- navigation --------------------------------------------------------------------------
    def go_back(self) -> None:
        if self._back is not None:
            self._back()

    def retranslate(self) -> None:
        super().retranslate()
        for index, key in enumerate(TABS):
            self.tabs.setTabText(index, tr(TAB_TITLES[key]))
        self._show()

    def snapshot(self) -> dict[str, Any]:
        return {"case_id": self.case_id, "tab": self.current_tab()}


def _lang_text(value: Any) -> str:
    if isinstance(value, dict):
        return str(value.get(current_language()) or value.get("sq") or "")
    getter = getattr(value, "get", None)
    if callable(getter):
        try:
            return str(getter(current_language()))
        except TypeError:
            pass
    text = getattr(value, "text", None)
    if callable(text):
        return str(text(current_language()))
    return str(value)


def _goal_text(goal: Any) -> str:
    if isinstance(goal, dict):
        return str(goal.get("text") or goal.get("goal") or goal.get("title") or "")
    return str(goal)


def _protocol(code: str | None) -> str:
    return {"routine": "Routine visit", "rapid_response": "Rapid response",
            "emergency": "Emergency"}.get(code or "", code or "")


def _referral_status(code: str | None) -> str:
    return {"sent": "Sent", "accepted": "Accepted", "delivered": "Delivered",
            "refused": "Refused by the beneficiary", "not_possible": "Not possible"}.get(
        code or "", code or "")


def _set_extra(tab: RecordTab, text: str) -> None:
    while tab.extra.count():
        item = tab.extra.takeAt(0)
        if item.widget() is not None:
            item.widget().deleteLater()
    if text:
        tab.extra.addWidget(label(text, "muted", wrap=True))


def _connect_open(table: QTableWidget, open_case: Callable[[str], None]) -> None:
    if table.property("open_connected"):
        return
    table.setProperty("open_connected", True)

    def activated(index: Any) -> None:
        item = table.item(index.row(), 0)
        case_id = item.data(Qt.ItemDataRole.UserRole) if item else None
        if case_id:
            open_case(case_id)

    table.doubleClicked.connect(activated)


def _clear_grid(layout: QGridLayout | QFormLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget()
        if widget is not None:
            widget.deleteLater()

