"""The head of an individual plan: its type, its review date and its state (version,
status, when it was made)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop.core.casework.plans import ACTIVE, DRAFT, SUPERSEDED
from desktop.core.i18n import tr
from desktop.core.views.profile_lists import profile_entries
from desktop.ui.dialogs.common import code_combo, fill_combo, section_title
from desktop.ui.field_row import FieldRow
from desktop.ui.formatting import fmt_date
from desktop.ui.forms.editors import DateEditor
from sync.profile import Profile
from sync.records import Record

STATUS_TEXT = {DRAFT: "Draft", ACTIVE: "Active", SUPERSEDED: "Superseded"}


class PlanFacts(QFrame):
    """The plan's type (chosen only before the plan is made) and review date."""

    def __init__(self, profile: Profile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.profile = profile
        self.setObjectName("panel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.setSpacing(6)
        layout.addWidget(section_title("Plan", self))
        self.plan_type = code_combo(profile_entries(profile, "plan_types"))
        self.review_date = DateEditor()
        self.state_label = QLabel(self)
        self.state_label.setObjectName("hint")
        self.state_label.setWordWrap(True)
        self.fields = {"plan_type": FieldRow("Type of plan", self.plan_type, required=True),
                       "review_date": FieldRow("Review date", self.review_date)}
        layout.addWidget(self.fields["plan_type"])
        row = QHBoxLayout()
        row.addWidget(self.fields["review_date"])
        row.addWidget(self.state_label, 1, Qt.AlignmentFlag.AlignBottom)
        layout.addLayout(row)
        layout.addStretch(1)

    def retranslate(self) -> None:
        fill_combo(self.plan_type, profile_entries(self.profile, "plan_types"))

    def show_state(self, plan: Record | None, *, editable: bool) -> None:
        self.plan_type.setEnabled(plan is None)
        self.review_date.set_read_only(not editable)
        if plan is None:
            self.state_label.setText(
                tr("No plan yet: it is made when you save or add an action."))
            return
        status = plan.fields["status"]
        self.state_label.setText(tr(
            "Version {version} · {status} · made on {date}", version=plan.fields["version"],
            status=tr(STATUS_TEXT[status]) if status in STATUS_TEXT else "",
            date=fmt_date(plan.fields.get("created_on"))))
