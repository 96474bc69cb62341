"""The overview tab of a case: the case's facts and a summary on the left, the person and
the latest notes on the right."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QScrollArea, QVBoxLayout, QWidget

from desktop.core.i18n import tr
from desktop.core.views.case import CaseData
from desktop.core.views.case_texts import CaseTexts
from desktop.core.views.consent import consent_rows
from desktop.ui.case_tabs import clear_grid, grid_pairs
from desktop.ui.formatting import fmt_date

CASE_FIELDS = ("referral_source", "reason", "municipality", "administrative_unit", "village",
               "manager_role", "closed_on", "closure_reason", "transferred_to")
PERSON_FIELDS = ("sex", "birth_date", "personal_id", "phone", "target_groups",
                 "disability_type", "disability_severity")
NOTES_SHOWN = 5
LEFT, RIGHT = 0, 1


class CaseOverview(QScrollArea):
    """Two columns of titled (name, value) lists."""

    def __init__(self, texts: CaseTexts, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.texts = texts
        self.setWidgetResizable(True)
        inner = QWidget()
        inner.setObjectName("scrollBody")
        row = QHBoxLayout(inner)
        row.setContentsMargins(16, 14, 16, 14)
        row.setSpacing(36)
        self.columns: list[QGridLayout] = []
        for _ in range(2):
            grid = QGridLayout()
            grid.setHorizontalSpacing(18)
            grid.setVerticalSpacing(6)
            grid.setColumnStretch(1, 1)
            self.columns.append(grid)
            column = QVBoxLayout()
            column.addLayout(grid)
            column.addStretch(1)
            row.addLayout(column, 1)
        self.actions = QHBoxLayout()
        self.actions.setContentsMargins(16, 10, 16, 0)
        self.actions.addStretch(1)
        page = QWidget()
        page.setObjectName("scrollBody")
        page_layout = QVBoxLayout(page)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.addLayout(self.actions)
        page_layout.addWidget(inner, 1)
        self.setWidget(page)

    def add_action(self, widget: QWidget) -> None:
        """A button under the overview (before the stretch: left-aligned)."""
        self.actions.insertWidget(self.actions.count() - 1, widget)

    def clear(self) -> None:
        for grid in self.columns:
            clear_grid(grid)

    def show_case(self, data: CaseData) -> None:
        self.clear()
        left = self._section(0, LEFT, tr("The case"), "case", data.case.fields, CASE_FIELDS)
        plan = data.current_plan
        summary = [
            (tr("Current plan"), self.texts.plan_line(plan) if plan else tr("No plan yet")),
            (tr("Open referrals"), str(data.open_referrals)),
            (tr("Active measures"), str(data.active_measures)),
            (tr("Last visit"), fmt_date(data.last_visit_on) or "—"),
        ]
        grid_pairs(self.columns[LEFT], left, tr("Summary"), summary)
        right = 0
        if data.person is not None:
            right = self._section(0, RIGHT, tr("The person"), "person", data.person.fields,
                                  PERSON_FIELDS)
        right = grid_pairs(self.columns[RIGHT], right, tr("Consent and legal basis"),
                           consent_rows(self.texts.profile, data.consents))
        notes = [(fmt_date(n.fields.get("written_on")), n.fields.get("text", ""))
                 for n in data.notes[:NOTES_SHOWN]]
        if notes:
            grid_pairs(self.columns[RIGHT], right, tr("Latest notes"), notes)

    def _section(self, row: int, side: int, title: str, record_type: str,
                 fields: dict[str, Any], names: Sequence[str]) -> int:
        pairs = [(self.texts.field_label(record_type, n),
                  self.texts.field_value(record_type, n, fields.get(n)))
                 for n in names if fields.get(n) not in (None, "", [])]
        return grid_pairs(self.columns[side], row, title, pairs)
