"""The service directory (harta e shërbimeve): the providers a person can be referred to, with
their capacity, contacts and address, searched and filtered offline; a row refers the case
(the one last opened, or one chosen here) to that provider (Enter, or Ctrl+R)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QHBoxLayout

from desktop.core.i18n import N_, fmt_number, ntr, tr
from desktop.core.views.directory import (
    LEVELS,
    CaseChoice,
    DirectoryFilter,
    Provider,
    chosen_case,
    directory_units,
    search_directory,
    services_text,
    target_groups_text,
)
from desktop.core.views.profile_lists import profile_entries, profile_label, service_entries
from desktop.ui.dialogs.choose_case import ChooseCaseDialog
from desktop.ui.dialogs.directory_referral import DirectoryReferralDialog
from desktop.ui.keyboard import EnterOpensSingle, find_keys
from desktop.ui.ops import QueryOp
from desktop.ui.screen import Screen
from desktop.ui.session import Session
from desktop.ui.widgets import FilterCombo, SearchBox, button, label, table_view

COLUMNS = ((N_("Provider"), 275), (N_("Level"), 85), (N_("Services"), 215),
           (N_("Capacity"), 92), (N_("Contacts"), 215), (N_("Address"), 200))
REFER_KEYS = "Ctrl+R"
CHOOSE_KEYS = "Ctrl+K"


class DirectoryScreen(Screen):
    key = "directory"
    title_msgid = "Service directory"
    shows_types = ("service_provider", "village", "case", "person")

    def __init__(self, session: Session, parent: Any = None, *,
                 current_case: Callable[[], str | None] = lambda: None) -> None:
        super().__init__(session, parent)
        self._current_case = current_case
        self.case: CaseChoice | None = None
        self._case_picked = False      # the worker chose a case here: keep it
        self._refer_after_choosing = False
        self.providers: list[Provider] = []
        self._build()
        self.retranslate()

    # -- layout ------------------------------------------------------------------------------
    def _build(self) -> None:
        t = self._t
        self.search = t.text(SearchBox(), "Name, place or contact", "setPlaceholderText")
        self.search.search.connect(lambda _text: self.apply_filters())
        self.group = FilterCombo()
        self.unit = FilterCombo()
        self.level = FilterCombo()
        self.service = FilterCombo()
        self.service.setMinimumContentsLength(18)
        for combo in (self.group, self.unit, self.level, self.service):
            combo.currentIndexChanged.connect(lambda _i: self.apply_filters())
        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        for combo, stretch in ((self.group, 3), (self.unit, 2), (self.level, 2),
                               (self.service, 3)):
            filters.addWidget(combo, stretch)
        self.body.addLayout(filters)

        self.model = DirectoryModel(self)
        self.view = table_view(sortable=False)
        self.view.setModel(self.model)
        for column, (_msgid, width) in enumerate(COLUMNS):
            self.view.setColumnWidth(column, width)
        self.view.activated.connect(self._row_activated)
        self.view.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self._show_detail(current.row()))
        self.body.addWidget(self.view, 1)
        self.empty = label("", "muted")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.hide()
        self.body.addWidget(self.empty)
        self.detail = label("", "muted", wrap=True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body.addWidget(self.detail)

        bottom = QHBoxLayout()
        self.case_label = label("", None, wrap=True)
        self.choose_button = t.text(button("", icon_name="search", on_click=self.choose_case),
                                    "Choose another case…")
        self.refer_button = t.text(button("", primary=True, icon_name="plus",
                                          on_click=self.refer_selected), "Refer to this provider")
        bottom.addWidget(self.case_label, 1)
        bottom.addWidget(self.choose_button)
        bottom.addWidget(self.refer_button)
        self.body.addLayout(bottom)
        for keys, slot in ((REFER_KEYS, self.refer_selected), (CHOOSE_KEYS, self.choose_case)):
            shortcut = QShortcut(QKeySequence(keys), self, activated=slot)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find_keys(self, self.search)
        EnterOpensSingle(self.search, self.model, self.view, self._select_row)

    # -- data --------------------------------------------------------------------------------
    def activate(self) -> None:
        current = self._current_case()
        if not self._case_picked and current and (self.case is None
                                                  or self.case.case_id != current):
            self._load_case(current)
        super().activate()

    def refresh(self) -> None:
        self.apply_filters()
        self.query(directory_units, self._units_loaded)
        if self.case is not None:
            self._load_case(self.case.case_id)

    def _units_loaded(self, units: list[str]) -> None:
        self.unit.set_choices([(u, u) for u in units])

    def current_filter(self) -> DirectoryFilter:
        return DirectoryFilter(text=self.search.text().strip(), target_group=self.group.value(),
                               unit=self.unit.value(), level=self.level.value(),
                               service=self.service.value())

    def apply_filters(self) -> None:
        flt = self.current_filter()
        self.model.set_loading(True)
        (QueryOp(self.session.ops, parent=self, op=lambda store: search_directory(store, flt),
                 success=self._found).latest(f"directory:{id(self)}").with_busy(self.busy)
         .failure(self._failed).run())

    def _failed(self, error: Exception) -> None:
        self.model.set_loading(False)
        self.tell_read_failed(error)

    def _found(self, providers: list[Provider]) -> None:
        self.providers = providers
        self.model.removeRows(0, self.model.rowCount())
        for provider in providers:
            self.model.appendRow(self._row(provider))
        self.empty.setText(tr("No provider in the directory matches these filters."))
        self.empty.setVisible(not providers)
        self.view.setVisible(bool(providers))
        self._show_detail(self.view.currentIndex().row())
        self.update_header()
        self.model.set_loading(False)

    def _row(self, provider: Provider) -> list[QStandardItem]:
        profile = self.session.profile
        capacity = fmt_number(provider.capacity) if provider.capacity is not None else ""
        cells = [provider.name, profile_label(profile, "provider_levels", provider.level),
                 services_text(profile, provider), capacity, provider.contacts(),
                 provider.place() or tr("every unit")]
        items = []
        for text in cells:
            item = QStandardItem(text)
            item.setToolTip(text)
            item.setData(provider.id, Qt.ItemDataRole.UserRole)
            items.append(item)
        return items

    def _show_detail(self, row: int) -> None:
        if not 0 <= row < len(self.providers):
            self.detail.setText(tr("Choose a provider to see whom it serves."))
            return
        provider, profile = self.providers[row], self.session.profile
        groups = target_groups_text(profile, provider) or tr("everyone")
        lines = [tr("{name} serves: {groups}.", name=provider.name, groups=groups),
                 tr("Services: {services}", services=services_text(profile, provider))]
        reach = " · ".join(p for p in (provider.contacts(), provider.place()) if p)
        if reach:
            lines.append(reach)
        self.detail.setText("\n".join(lines))

    def _select_row(self, row: int) -> None:
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        self.view.selectRow(row)

    # -- the case and the referral ----------------------------------------------------------
    def _load_case(self, case_id: str) -> None:
        self.query(lambda store: chosen_case(store, case_id), self._case_loaded)

    def _case_loaded(self, case: CaseChoice | None) -> None:
        self.case = case
        self._show_case()

    def _show_case(self) -> None:
        if self.case is None:
            self.case_label.setText(tr("No case chosen: Ctrl+K chooses the case to refer."))
        else:
            self.case_label.setText(tr("Referral for case {number} · {name}",
                                       number=self.case.number, name=self.case.name))

    def choose_case(self) -> None:
        self.session.dialogs.open(ChooseCaseDialog, (self.session.ops,), self)

    def case_chosen(self, chosen: CaseChoice) -> None:
        """Told by the case chooser (also one reopened after unlocking)."""
        self.case, self._case_picked = chosen, True
        self._show_case()
        if self._refer_after_choosing:
            self._refer_after_choosing = False
            QTimer.singleShot(0, self.refer_selected)   # after the chooser has closed

    def selected_provider(self) -> Provider | None:
        row = self.view.currentIndex().row()
        return self.providers[row] if 0 <= row < len(self.providers) else None

    def _row_activated(self, index: QModelIndex) -> None:
        self.view.selectRow(index.row())
        self.refer_selected()

    def refer_selected(self) -> None:
        """Open the referral dialog of the case for the selected provider (a case is chosen
        first when none is)."""
        provider = self.selected_provider()
        if provider is None:
            self.session.status_message.emit(tr("Choose a provider in the list first."))
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        if self.case is None:
            self._refer_after_choosing = True
            self.choose_case()
            return
        wanted = self.service.value()
        service = wanted if wanted in provider.services else \
            (provider.services[0] if provider.services else "")
        session = self.session
        session.dialogs.open(DirectoryReferralDialog,
                             (session.ops, self.case.case_id, session.profile, provider.id,
                              service), self, lambda: session.changed("referral"))

    # -- text, lock --------------------------------------------------------------------------
    def subtitle(self) -> str:
        if self.model.loading and not self.providers:
            return ""
        return ntr("{n} provider", "{n} providers", len(self.providers))

    def retranslate(self) -> None:
        profile = self.session.profile
        self.group.set_all_text(tr("Every target group"))
        self.group.set_choices(profile_entries(profile, "target_groups"))
        self.unit.set_all_text(tr("Every unit"))
        self.level.set_all_text(tr("Every level"))
        self.level.set_choices([(code, profile_label(profile, "provider_levels", code))
                                for code in LEVELS])
        self.service.set_all_text(tr("Every service"))
        self.service.set_choices(service_entries(profile))
        self.model.setHorizontalHeaderLabels([tr(msgid) for msgid, _w in COLUMNS])
        for row, provider in enumerate(self.providers):
            for column, item in enumerate(self._row(provider)):
                self.model.setItem(row, column, item)
        self.refer_button.setToolTip(tr("Refer the case to the selected provider (Enter or "
                                        "{keys})", keys=REFER_KEYS))
        self.choose_button.setToolTip(tr("Choose the case to refer ({keys})", keys=CHOOSE_KEYS))
        self._show_case()
        self._show_detail(self.view.currentIndex().row())
        super().retranslate()

    def snapshot(self) -> dict[str, Any]:
        flt = self.current_filter()
        return {"group": flt.target_group, "unit": flt.unit, "level": flt.level,
                "service": flt.service,
                "case": self.case.case_id if self.case and self._case_picked else None}

    def restore(self, state: dict[str, Any]) -> None:
        for combo, key in ((self.group, "group"), (self.level, "level"),
                           (self.service, "service")):
            combo.set_value(state.get(key))
        if state.get("unit"):
            self.unit.set_choices([(state["unit"], state["unit"])])
            self.unit.set_value(state["unit"])
        if state.get("case"):
            self._case_picked = True
            self._load_case(state["case"])



class DirectoryModel(QStandardItemModel):
    """The rows shown; says when a search starts and ends (Enter in the search box waits)."""

    loading_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(0, len(COLUMNS), parent)
        self.loading = False

    def set_loading(self, loading: bool) -> None:
        self.loading = loading
        self.loading_changed.emit(loading)
