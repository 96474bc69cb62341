"""The actions of an individual plan as a table, with Add, Change and Remove."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.i18n import tr
from desktop.core.views.profile_lists import profile_label
from desktop.ui.dialogs.common import fit_columns, section_title
from desktop.ui.dialogs.plan_action import action_status_text
from desktop.ui.formatting import fmt_date
from desktop.ui.widgets import button
from sync.profile import Profile
from sync.records import Record

_COLUMNS = ("Goal", "Action", "Service", "Provider", "Responsible", "Start", "End",
           "Frequency", "Status")
COLUMN_LIMIT = 150


class PlanActionsPanel(QFrame):
    """``add_requested``, ``edit_requested`` (also on a double click) and
    ``remove_requested`` from the buttons; ``selection_changed`` when a row is chosen."""

    add_requested = Signal()
    edit_requested = Signal()
    remove_requested = Signal()
    selection_changed = Signal()

    def __init__(self, profile: Profile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.profile = profile
        self.actions: list[Record] = []
        self.setObjectName("panel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.setSpacing(6)
        head = QHBoxLayout()
        head.addWidget(section_title("Actions", self), 1)
        self.add_button = button("", icon_name="plus", on_click=self.add_requested.emit)
        self.edit_button = button("", on_click=self.edit_requested.emit)
        self.remove_button = button("", on_click=self.remove_requested.emit)
        for widget in (self.add_button, self.edit_button, self.remove_button):
            widget.setAutoDefault(False)
            head.addWidget(widget)
        layout.addLayout(head)
        self.table = QTableWidget(0, len(_COLUMNS), self)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(True)
        self.table.doubleClicked.connect(lambda _i: self.edit_requested.emit())
        self.table.activated.connect(self._activated)  # Enter on a row changes it
        self.table.itemSelectionChanged.connect(self.selection_changed)
        layout.addWidget(self.table, 1)

    def _activated(self, index: QModelIndex) -> None:
        if not self.table.selectionModel().isRowSelected(index.row()):
            self.table.selectRow(index.row())
        self.edit_requested.emit()

    def retranslate(self) -> None:
        self.add_button.setText(tr("Add an action"))
        self.edit_button.setText(tr("Change…"))
        self.remove_button.setText(tr("Remove"))
        self.table.setHorizontalHeaderLabels([tr(c) for c in _COLUMNS])

    def show_actions(self, actions: list[Record]) -> None:
        self.actions = actions
        self.table.setRowCount(len(actions))
        for row, action in enumerate(actions):
            f = action.fields
            cells = [f.get("goal") or "", f.get("description") or "",
                     profile_label(self.profile, "service_taxonomy", f.get("service")),
                     f.get("provider") or "", f.get("responsible") or "",
                     fmt_date(f.get("start_date")), fmt_date(f.get("end_date")),
                     f.get("frequency") or "", action_status_text(f.get("status"))]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                item.setData(Qt.ItemDataRole.UserRole, action.id)
                self.table.setItem(row, column, item)
        fit_columns(self.table, stretch=1, limit=COLUMN_LIMIT)
        self.table.resizeRowsToContents()

    def allow(self, *, editable: bool, superseded: bool) -> None:
        """Adding and removing need an editable plan; changing, one not superseded."""
        chosen = self.selected_action() is not None
        self.add_button.setEnabled(editable)
        self.edit_button.setEnabled(chosen and not superseded)
        self.remove_button.setEnabled(chosen and editable)

    def selected_action(self) -> Record | None:
        rows = {i.row() for i in self.table.selectedItems()}
        if len(rows) != 1:
            return None
        row = rows.pop()
        return self.actions[row] if row < len(self.actions) else None

    def clear(self) -> None:
        self.table.setRowCount(0)
