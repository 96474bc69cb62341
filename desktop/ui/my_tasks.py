"""The head of unit's "My tasks": open cases without a case manager, the caseload of each
worker and the plans waiting for approval. Enter (or a double click) on a row opens its case."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QTableWidget

from desktop.core.i18n import fmt_number, tr
from desktop.core.views.my_tasks import MyTasks, load_my_tasks
from desktop.ui.case_tabs import fill_table, small_table
from desktop.ui.dialogs.common import fit_columns, panel, retranslate_titles, section_title
from desktop.ui.formatting import fmt_date
from desktop.ui.screen import Screen
from desktop.ui.session import Session
from desktop.ui.widgets import label


class MyTasksScreen(Screen):
    key = "tasks"
    title_msgid = "My tasks"
    shows_types = ("case", "plan")

    def __init__(self, session: Session, parent: Any = None) -> None:
        super().__init__(session, parent)
        self.data: MyTasks | None = None
        self.note = label("", "muted", wrap=True)
        self.body.addWidget(self.note)
        self.unassigned = self._table("Cases without a case manager", "Cases without a manager")
        row = QHBoxLayout()
        row.setSpacing(12)
        self.caseloads = self._table("Caseload per worker", "Caseloads", row, 2)
        self.plans = self._table("Plans waiting for approval", "Plans waiting for approval",
                                 row, 3)
        self.body.addLayout(row, 1)
        self.retranslate()

    def _table(self, msgid: str, name: str, row: QHBoxLayout | None = None,
               stretch: int = 1) -> QTableWidget:
        frame, layout = panel()
        layout.addWidget(section_title(msgid))
        table = small_table(1)
        table.setAccessibleName(name)
        table.setTabKeyNavigation(False)        # Tab leaves the table
        table.activated.connect(lambda index, t=table: self._open(t, index.row()))
        layout.addWidget(table, 1)
        if row is None:
            self.body.addWidget(frame, 1)
        else:
            row.addWidget(frame, stretch)
        return table

    def refresh(self) -> None:
        today = dt.date.today().isoformat()
        self.query(lambda store: load_my_tasks(store, today), self._loaded)

    def _loaded(self, data: MyTasks) -> None:
        self.data = data
        self._show()

    def _show(self) -> None:
        data = self.data
        if data is None:
            return
        self.note.setText("" if data.for_head else tr(
            "This screen is for the head of unit; your role does not assign cases or approve "
            "plans."))
        self.note.setVisible(not data.for_head)
        label_of = self.session.label
        fill_table(self.unassigned, [tr("Case number"), tr("Beneficiary"), tr("Case type"),
                                     tr("Opened on")],
                   [(c.number, c.name, label_of("case_types", c.case_type),
                     fmt_date(c.opened_on)) for c in data.unassigned],
                   ids=[c.case_id for c in data.unassigned])
        fill_table(self.caseloads, [tr("Case manager"), tr("Open cases"),
                                    tr("Reviews overdue")],
                   [(c.worker, fmt_number(c.open_cases), fmt_number(c.reviews_overdue))
                    for c in data.caseloads])
        fill_table(self.plans, [tr("Case number"), tr("Beneficiary"), tr("Plan"),
                                tr("Written on"), tr("Written by")],
                   [(p.number, p.name, label_of("plan_types", p.plan_type),
                     fmt_date(p.written_on), p.written_by) for p in data.waiting_plans],
                   ids=[p.case_id for p in data.waiting_plans])
        for table, stretch in ((self.unassigned, 1), (self.caseloads, 0), (self.plans, 2)):
            fit_columns(table, stretch)
        self.update_header()

    def _open(self, table: QTableWidget, row: int) -> None:
        item = table.item(row, 0)
        case_id = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if case_id:
            self.session.open_case(case_id)

    def subtitle(self) -> str:
        if self.data is None:
            return ""
        return tr("{unassigned} without a manager · {plans} plans to approve",
                  unassigned=fmt_number(len(self.data.unassigned)),
                  plans=fmt_number(len(self.data.waiting_plans)))

    def retranslate(self) -> None:
        super().retranslate()
        retranslate_titles(self)
        self._show()
