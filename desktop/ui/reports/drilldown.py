"""The cases behind a number, in a window of their own."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.i18n import ntr, ptr
from desktop.core.reports.drilldown import DrillDown
from desktop.ui.reports.models import CaseListModel
from sync.profile import Profile


class DrillDownDialog(QDialog):
    def __init__(self, found: DrillDown, name: str, profile: Profile, language: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(ptr("report", "Cases behind the number: {title}", language, title=name))
        self.resize(1040, 520)
        box = QVBoxLayout(self)
        heading = QLabel(f"{name}\n{ntr('{n} case', '{n} cases', len(found.cases), language)}")
        heading.setWordWrap(True)
        box.addWidget(heading)
        if found.withheld:
            box.addWidget(QLabel(ntr("{n} case of a sensitive kind is not shown for your role.",
                                     "{n} cases of sensitive kinds are not shown for your role.",
                                     found.withheld, language)))
        codes = {"case_type": {c: profile.label("case_types", c, language)
                               for c in profile.codes("case_types")},
                 "status": {c: profile.label("case_statuses", c, language)
                            for c in profile.codes("case_statuses")}}
        self.model = CaseListModel(found.cases, codes, language, self)
        view = QTableView()
        view.setModel(self.model)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.verticalHeader().setVisible(False)
        view.verticalHeader().setDefaultSectionSize(24)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        box.addWidget(view, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(ptr("report", "Close",
                                                                            language))
        buttons.rejected.connect(self.reject)
        box.addWidget(buttons)
