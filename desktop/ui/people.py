"""People and households: find a person (search as you type), see their household and cases,
register a new person."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QListWidgetItem

from desktop.core.i18n import tr
from desktop.core.views.lists import PERSON_COLUMNS, case_filter_values, person_query
from desktop.core.views.people import PersonDetail, load_person
from desktop.ui.dialogs import RegisterPersonDialog
from desktop.ui.dialogs.open_case import OpenCaseDialog
from desktop.ui.formatting import fmt_date, full_name
from desktop.ui.keyboard import EnterOpensSingle, find_keys
from desktop.ui.list_screen import count_subtitle
from desktop.ui.paged_model import PagedQueryModel, follow_view
from desktop.ui.screen import Screen
from desktop.ui.session import Session
from desktop.ui.widgets import FilterCombo, SearchBox, button, card, label, table_view


class PeopleScreen(Screen):
    key = "people"
    title_msgid = "People and households"
    shows_types = ("person", "household", "case")

    def __init__(self, session: Session, parent: Any = None) -> None:
        super().__init__(session, parent)
        self._count: int | None = None
        self._detail: PersonDetail | None = None
        self._focus_intake = False
        self._build()
        self.retranslate()

    def _build(self) -> None:
        t = self._t
        self.search = t.text(SearchBox(), "Search by name, father's name, personal ID or "
                             "village", "setPlaceholderText")
        self.search.search.connect(lambda _text: self.apply_filters())
        self.unit = FilterCombo(tr("Any unit"))
        self.village = FilterCombo(tr("Any village"))
        self.unit.currentIndexChanged.connect(lambda _i: self._unit_changed())
        self.village.currentIndexChanged.connect(lambda _i: self.apply_filters())
        top = QHBoxLayout()
        top.addWidget(self.search, 3)
        top.addWidget(self.unit, 1)
        top.addWidget(self.village, 1)
        self.body.addLayout(top)

        self.model = PagedQueryModel((session := self.session).ops, person_query(), self,
                                     formatters={"birth": fmt_date})
        self.view = table_view()
        self.view.setModel(self.model)
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.view.setSortingEnabled(True)
        for column, spec in enumerate(PERSON_COLUMNS):
            self.view.setColumnWidth(column, spec.width)
        follow_view(self.model, self.view, session.status_message.emit)
        self.model.count_changed.connect(self._count_changed)
        self.model.busy_changed.connect(self.show_loading)
        self.model.failed.connect(self.tell_read_failed)
        self.view.clicked.connect(self._select)
        self.view.activated.connect(self._select)
        find_keys(self, self.search)
        EnterOpensSingle(self.search, self.model, self.view, self._select_row)

        self.detail_frame, detail = card()
        self.detail_frame.setFixedWidth(300)
        self.detail_title = label("", "sectionTitle", wrap=True)
        self.detail_info = label("", "muted", wrap=True)
        self.members_title = t.text(label("", "fieldLabel"), "Household members")
        self.members = QListWidget()
        self.members.itemActivated.connect(self._member_activated)
        self.cases_title = t.text(label("", "fieldLabel"), "Cases")
        self.cases = QListWidget()
        self.cases.itemActivated.connect(self._case_activated)
        self.cases.itemDoubleClicked.connect(self._case_activated)
        self.open_case_button = t.text(button("", icon_name="plus",
                                              on_click=self.start_intake), "Open a case")
        self.open_case_button.setAccessibleName("Open a case")
        t.text(self.open_case_button, "Open a case for this person (Ctrl+Shift+N)",
               setter="setToolTip")
        intake_shortcut = QShortcut(QKeySequence("Ctrl+Shift+N"), self,
                                    activated=self.start_intake)
        intake_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.pick_hint = t.text(label("", "muted", wrap=True),
                                "Choose a person to see the household and cases.")
        for widget in (self.detail_title, self.detail_info, self.members_title, self.members,
                       self.cases_title, self.cases, self.open_case_button):
            detail.addWidget(widget)
        detail.addWidget(self.pick_hint)
        detail.addStretch(1)
        self._show_detail(None)

        row = QHBoxLayout()
        row.setSpacing(12)
        row.addWidget(self.view, 1)
        row.addWidget(self.detail_frame)
        self.body.addLayout(row, 1)
        self.register_button = t.text(button("", primary=True, icon_name="plus",
                                             on_click=self.register_person),
                                      "Register a person")
        self.header.add_action(self.register_button)

    def _select_row(self, row: int) -> None:
        self.view.setFocus()
        self.view.selectRow(row)
        self._select(self.model.index(row, 0))

    # -- data --------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.apply_filters(force=True)   # the rows first, then the filters' choices
        unit = self.unit.value()
        self.query(lambda store: case_filter_values(store, unit), self._places_loaded)
        if self._detail is not None:
            self._load_detail(self._detail.person.id)

    def _places_loaded(self, values: dict[str, list[str]]) -> None:
        self.unit.set_choices([(v, v) for v in values["unit"]])
        self.village.set_choices([(v, v) for v in values["village"]])

    def _unit_changed(self) -> None:
        self.village.set_value(None)
        unit = self.unit.value()
        self.query(lambda store: case_filter_values(store, unit), self._places_loaded)
        self.apply_filters()

    def apply_filters(self, force: bool = False) -> None:
        old = self.model.query
        query = person_query(text=self.search.text().strip(), unit=self.unit.value(),
                             village=self.village.value(), sort_key=old.sort_key,
                             descending=old.descending)
        if query != old:
            self.model.set_query(query)
        elif force:
            self.model.reload()

    def _count_changed(self, count: int) -> None:
        self._count = count
        self.update_header()

    def _select(self, index: QModelIndex) -> None:
        person_id = self.model.record_id(index.row())
        if person_id:
            self._load_detail(person_id)

    def _load_detail(self, person_id: str) -> None:
        self.query(lambda store: load_person(store, person_id), self._show_detail)

    def _show_detail(self, detail: PersonDetail | None) -> None:
        self._detail = detail
        has = detail is not None
        for widget in (self.detail_title, self.detail_info, self.members_title, self.members,
                       self.cases_title, self.cases, self.open_case_button):
            widget.setVisible(has)
        self.pick_hint.setVisible(not has)
        self.members.clear()
        self.cases.clear()
        if detail is None:
            return
        f = detail.person.fields
        self.detail_title.setText(full_name(f))
        info = [fmt_date(f.get("birth_date")), str(f.get("personal_id", "")),
                ", ".join(str(p) for p in (f.get("village"), f.get("administrative_unit"))
                          if p)]
        self.detail_info.setText("\n".join(i for i in info if i))
        for member in detail.members:
            item = QListWidgetItem(f"{full_name(member.fields)} · "
                                   f"{fmt_date(member.fields.get('birth_date'))}")
            item.setData(Qt.ItemDataRole.UserRole, member.id)
            self.members.addItem(item)
        names = {m.id: full_name(m.fields) for m in detail.members}
        for case in detail.cases:
            c = case.fields
            item = QListWidgetItem(f"{c.get('case_number', '')} · "
                                   f"{self.session.label('case_types', c.get('case_type'))} · "
                                   f"{names.get(c.get('person_id'), '')} · "
                                   f"{self.session.label('case_statuses', c.get('status'))}")
            item.setData(Qt.ItemDataRole.UserRole, case.id)
            item.setToolTip(item.text())
            self.cases.addItem(item)
        if not detail.cases:
            self.cases.addItem(tr("No case."))
        if self._focus_intake:
            self._focus_intake = False
            self.open_case_button.setFocus()

    def register_person(self) -> None:
        """Register a person; then the new person is shown, "Open a case" focused."""
        session = self.session
        dialog = session.dialogs.open(RegisterPersonDialog, (session.ops, session.profile),
                                      self, lambda: session.changed("person"))
        if dialog is not None:
            dialog.saved.connect(self._registered)

    def _registered(self, person_id: str) -> None:
        self._focus_intake = True
        self._load_detail(person_id)

    def start_intake(self) -> None:
        if self._detail is None:
            return
        session, person_id = self.session, self._detail.person.id
        dialog = session.dialogs.open(OpenCaseDialog, (session.ops, session.profile, person_id),
                                      self)
        if dialog is not None:
            dialog.saved.connect(session.open_case)

    def _member_activated(self, item: QListWidgetItem) -> None:
        person_id = item.data(Qt.ItemDataRole.UserRole)
        if person_id:
            self._load_detail(person_id)

    def _case_activated(self, item: QListWidgetItem) -> None:
        case_id = item.data(Qt.ItemDataRole.UserRole)
        if case_id:
            self.session.open_case(case_id)

    # -- screen ------------------------------------------------------------------------------
    def subtitle(self) -> str:
        return count_subtitle(self._count, ("{n} person", "{n} persons"),
                              searching=self.model.query.searching)

    def retranslate(self) -> None:
        super().retranslate()
        self.unit.set_all_text(tr("Any unit"))
        self.village.set_all_text(tr("Any village"))
        self.model.retranslate()
        self._show_detail(self._detail)

