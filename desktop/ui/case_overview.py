"""The overview tab of a case: the case's facts and a summary on the left, the person and
the latest notes on the right.

The labels of a column are kept from case to case and given the next case's texts (those
left over are hidden): opening another case makes no new labels to style and measure.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QMargins, Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.core.i18n import tr
from desktop.core.views.case import CaseData
from desktop.core.views.case_texts import CaseTexts
from desktop.core.views.consent import consent_rows
from desktop.ui.case_tabs import take_all
from desktop.ui.formatting import fmt_date
from desktop.ui.widgets import label

CASE_FIELDS = ("referral_source", "reason", "municipality", "administrative_unit", "village",
               "manager_role", "closed_on", "closure_reason", "transferred_to")
PERSON_FIELDS = ("sex", "birth_date", "personal_id", "phone", "target_groups",
                 "disability_type", "disability_severity")
NOTES_SHOWN = 5
LEFT, RIGHT = 0, 1
# the labels made ahead for each column (titles, names/values): about what a case shows
AHEAD = {LEFT: (2, len(CASE_FIELDS) + 4), RIGHT: (3, len(PERSON_FIELDS) + 4 + NOTES_SHOWN)}


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
        self._labels: list[Labels] = []
        for _ in range(2):
            grid = QGridLayout()
            self._labels.append(Labels(grid, inner))
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

    def make_ahead(self) -> None:
        """Make and style the labels a case is shown with, hidden, before a case comes (the
        case view does it in a turn of its own): showing the first case then only gives
        them their texts."""
        for side, (titles, pairs) in AHEAD.items():
            self._labels[side].make_ahead(titles, pairs)

    def add_action(self, widget: QWidget) -> None:
        """A button under the overview (before the stretch: left-aligned)."""
        self.actions.insertWidget(self.actions.count() - 1, widget)

    def clear(self) -> None:
        for labels in self._labels:
            labels.start()
            labels.finish()

    def show_case(self, data: CaseData) -> None:
        for labels in self._labels:
            labels.start()
        left = self._section(0, LEFT, tr("The case"), "case", data.case.fields, CASE_FIELDS)
        plan = data.current_plan
        summary = [
            (tr("Current plan"), self.texts.plan_line(plan) if plan else tr("No plan yet")),
            (tr("Open referrals"), str(data.open_referrals)),
            (tr("Active measures"), str(data.active_measures)),
            (tr("Last visit"), fmt_date(data.last_visit_on) or "—"),
        ]
        self._labels[LEFT].pairs(left, tr("Summary"), summary)
        right = 0
        if data.person is not None:
            right = self._section(0, RIGHT, tr("The person"), "person", data.person.fields,
                                  PERSON_FIELDS)
        right = self._labels[RIGHT].pairs(right, tr("Consent and legal basis"),
                                          consent_rows(self.texts.profile, data.consents))
        notes = [(fmt_date(n.fields.get("written_on")), n.fields.get("text", ""))
                 for n in data.notes[:NOTES_SHOWN]]
        if notes:
            self._labels[RIGHT].pairs(right, tr("Latest notes"), notes)
        for labels in self._labels:
            labels.finish()

    def _section(self, row: int, side: int, title: str, record_type: str,
                 fields: dict[str, Any], names: Sequence[str]) -> int:
        pairs = [(self.texts.field_label(record_type, n),
                  self.texts.field_value(record_type, n, fields.get(n)))
                 for n in names if fields.get(n) not in (None, "", [])]
        return self._labels[side].pairs(row, title, pairs)


class Labels:
    """The labels of one column's grid, kept from case to case: between :meth:`start` and
    :meth:`finish`, :meth:`pairs` places titled lists of (name, value) with the labels made
    before, in order, and makes only those missing; :meth:`finish` hides the rest."""

    def __init__(self, grid: QGridLayout, parent: QWidget) -> None:
        self.grid = grid
        self.parent = parent
        self.kept: dict[str, list[QLabel]] = {"title": [], "name": [], "value": []}
        self.used: dict[str, int] = {}
        self.title_margins: QMargins | None = None   # a title's, as its style sets them

    def make_ahead(self, titles: int, pairs: int) -> None:
        """At least this many labels kept, hidden, styled as they will be shown."""
        for kind, count in (("title", titles), ("name", pairs), ("value", pairs)):
            labels = self.kept[kind]
            while len(labels) < count:
                widget = self._make(kind)
                widget.setParent(self.parent)   # the parent it is shown in: styled as there
                widget.hide()
                widget.ensurePolished()
                labels.append(widget)

    def start(self) -> None:
        take_all(self.grid, delete_widgets=False)   # out of the grid; the labels are reused
        self.used = {kind: 0 for kind in self.kept}

    def finish(self) -> None:
        for kind, labels in self.kept.items():
            for unused in labels[self.used[kind]:]:
                unused.hide()
                unused.clear()   # nothing of the case stays in a hidden label either

    def pairs(self, row: int, title: str, pairs: Sequence[tuple[str, str]]) -> int:
        """A titled list of (name, value) from ``row`` on; returns the next free row."""
        heading = self._next("title", title)
        # beyond the style's own (its padding, set when styled): given after it, once or again
        styled = self.title_margins
        assert styled is not None   # set when the first title was made
        heading.setContentsMargins(styled.left(), styled.top() + (10 if row else 0),
                                   styled.right(), styled.bottom() + 2)
        self._place(heading, row, 0, 2)
        for name, value in pairs:
            row += 1
            self._place(self._next("name", name), row, 0)
            self._place(self._next("value", value), row, 1)
        return row + 1

    def _place(self, widget: QLabel, row: int, column: int, span: int = 1) -> None:
        self.grid.addWidget(widget, row, column, 1, span)
        widget.show()   # in the grid first: a label shown without a parent is a window

    def _next(self, kind: str, text: str) -> QLabel:
        labels, index = self.kept[kind], self.used[kind]
        if index == len(labels):
            labels.append(self._make(kind))
        self.used[kind] = index + 1
        widget = labels[index]
        widget.setText(text)
        return widget

    def _make(self, kind: str) -> QLabel:
        if kind == "title":
            widget = label("", "sectionTitle")
            widget.ensurePolished()   # its margins from the style first (see pairs)
            if self.title_margins is None:
                self.title_margins = widget.contentsMargins()
            return widget
        if kind == "name":
            widget = label("", "fieldLabel")
            widget.setAlignment(Qt.AlignmentFlag.AlignTop)
            return widget
        widget = label("", wrap=True)
        widget.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return widget
