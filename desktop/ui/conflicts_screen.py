"""Conflicts: every open conflict with the record it is about and both values, and the choice
that settles it (keep this laptop's value, keep the other, or type a new one).

The choice is an ordinary change (``sync_local.resolve_conflict``): it syncs, and the conflict
closes on the server and on every other laptop at their next sync.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
)

from desktop.core.changes import Changes
from desktop.core.conflicts import ConflictView, conflict_views, parse_typed_value
from desktop.core.i18n import fmt_number, tr
from desktop.core.store import Store
from desktop.core.sync_local import resolve_conflict
from desktop.ui.ops import ChangeOp, QueryOp
from desktop.ui.screen import Screen
from desktop.ui.session import Session
from desktop.ui.widgets import button, card, label

_COLUMNS = ("Case", "Person", "Field", "On this laptop", "Other value", "Changed by", "When")


class ConflictsScreen(Screen):
    key = "conflicts"
    title_msgid = "Conflicts"

    def __init__(self, session: Session, parent: Any = None) -> None:
        super().__init__(session, parent)
        self.views: list[ConflictView] = []
        self._build()
        self.retranslate()

    def _build(self) -> None:
        t = self._t
        self.explain = t.text(label("", "muted", wrap=True),
                              "The same field was changed on two laptops before they synced. "
                              "Both values are kept; choose the right one, or type a new "
                              "value. Your choice syncs and closes the conflict everywhere.")
        self.body.addWidget(self.explain)
        self.table = QTableWidget(0, len(_COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab goes on to the buttons
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._selected_changed)
        self.table.setAccessibleName(tr("Open conflicts"))
        self.body.addWidget(self.table, 1)
        self.empty = t.text(label("", "muted"), "No conflicts to resolve.")
        self.body.addWidget(self.empty)
        frame, layout = card(margins=16, spacing=8)
        self.chosen = label("", "sectionTitle", wrap=True)
        layout.addWidget(self.chosen)
        row = QHBoxLayout()
        self.keep_mine = t.text(button("", primary=True, on_click=lambda: self._keep(True)),
                                "Keep the value of this laptop")
        self.keep_theirs = t.text(button("", on_click=lambda: self._keep(False)),
                                  "Keep the other value")
        row.addWidget(self.keep_mine)
        row.addWidget(self.keep_theirs)
        row.addStretch(1)
        layout.addLayout(row)
        typed = QHBoxLayout()
        self.new_value = QLineEdit()
        self.new_value.setMaximumWidth(360)
        self.new_value.returnPressed.connect(self._use_typed)
        self.use_typed = t.text(button("", on_click=self._use_typed), "Use this value")
        typed.addWidget(t.text(label("", "fieldLabel"), "Or type a new value"))
        typed.addWidget(self.new_value)
        typed.addWidget(self.use_typed)
        typed.addStretch(1)
        layout.addLayout(typed)
        self.error = label("", "error", wrap=True)
        self.error.hide()
        layout.addWidget(self.error)
        self.done = label("", "muted", wrap=True)
        layout.addWidget(self.done)
        self.choice_card = frame
        self.body.addWidget(frame)
        self.setTabOrder(self.table, self.keep_mine)
        self.setTabOrder(self.keep_mine, self.keep_theirs)
        self.setTabOrder(self.keep_theirs, self.new_value)
        self.setTabOrder(self.new_value, self.use_typed)

    def activate(self) -> None:
        super().activate()
        self.table.setFocus()

    def refresh(self) -> None:
        self.busy.set_busy(True)
        QueryOp(self.session.ops, parent=self, op=conflict_views, success=self._show).run()

    def _show(self, views: list[ConflictView]) -> None:
        self.busy.set_busy(False)
        previous = self.selected()
        self.views = views
        self.table.setHorizontalHeaderLabels([tr(c) for c in _COLUMNS])
        self.table.setRowCount(len(views))
        for row, view in enumerate(views):
            cells = (view.case_number, view.person, view.field_label, view.mine_text,
                     view.theirs_text, view.who, view.when)
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.empty.setVisible(not views)
        self.table.setVisible(bool(views))
        self.choice_card.setVisible(bool(views))
        if views:
            ids = [v.conflict_id for v in views]
            keep = ids.index(previous.conflict_id) if previous and \
                previous.conflict_id in ids else 0
            self.table.selectRow(keep)
        self.update_header()

    def subtitle(self) -> str:
        return tr("{n} to resolve", n=fmt_number(len(self.views))) if self.views else ""

    def selected(self) -> ConflictView | None:
        rows = {i.row() for i in self.table.selectedItems()}
        return self.views[min(rows)] if rows and min(rows) < len(self.views) else None

    def _selected_changed(self) -> None:
        view = self.selected()
        self.error.hide()
        if view is None:
            self.chosen.setText("")
            return
        self.chosen.setText(tr("{case} · {field}: “{mine}” on this laptop, “{theirs}” by "
                               "{who} on {when}", case=view.case_number or view.person,
                               field=view.field_label, mine=view.mine_text,
                               theirs=view.theirs_text, who=view.who, when=view.when))
        self.keep_theirs.setEnabled(view.theirs != view.mine)

    def _keep(self, mine: bool) -> None:
        view = self.selected()
        if view is not None:
            self._resolve(view, lambda _store: view.mine if mine else view.theirs)

    def _use_typed(self) -> None:
        view = self.selected()
        text = self.new_value.text()
        if view is None or not text.strip():
            return
        self._resolve(view, lambda store: parse_typed_value(store, view.record_type,
                                                            view.field, text), typed=True)

    def _resolve(self, view: ConflictView, value: Any, typed: bool = False) -> None:
        def op(store: Store) -> None:
            resolve_conflict(store, view.conflict_id, {view.field: value(store)})

        def done(_result: None) -> None:
            if typed:
                self.new_value.clear()
            self.done.setText(tr("Resolved: {case} · {field}. The choice is sent at the next "
                                 "sync.", case=view.case_number or view.person,
                                 field=view.field_label))
            self.table.setFocus()

        ChangeOp(self.session.ops, parent=self, op=op,
                 changes=Changes.of("conflict", view.record_type, case_id=view.case_id)
                 ).success(done).failure(self._failed).run()

    def _failed(self, error: Exception) -> None:
        self.error.setText(str(error))
        self.error.show()
        self.new_value.setFocus()
