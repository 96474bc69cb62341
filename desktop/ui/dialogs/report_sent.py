"""Marking a monitoring report as sent to the police, with the date."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QWidget

from desktop.core.casework.errors import DateOrder
from desktop.core.casework.measures import mark_report_sent, measures_of_case
from desktop.core.i18n import fmt_date, tr
from desktop.core.views.profile_lists import profile_label
from desktop.ui.dialogs.common import code_combo, fill_combo
from desktop.ui.dialogs.measures import MeasureDialog
from desktop.ui.field_row import FieldRow
from desktop.ui.forms.editors import DateEditor
from desktop.ui.ops import Operations, QueryOp
from sync.profile import Profile


class ReportSentDialog(MeasureDialog):
    """Which report of the case's measures went to the police, and when."""

    title_msgid = "Mark a report as sent to the police"

    def __init__(self, ops: Operations, case_id: str, profile: Profile,
                 parent: QWidget | None = None) -> None:
        super().__init__(ops, case_id, profile, parent)
        self.report = code_combo([])
        self.on = DateEditor()
        self.on.set_date(dt.date.today())
        self.report_field = FieldRow("Report", self.report, required=True)
        self.date_field = FieldRow("Sent on", self.on, required=True)
        self.on.changed.connect(lambda: self.date_field.set_error(""))
        self.body.addWidget(self.report_field)
        self.body.addWidget(self.date_field)
        self.body.addStretch(1)
        self.retranslate()
        self.fit_screen(600, 360)
        self.keep_draft("report_sent", {"report": self.report, "on": self.on})
        QueryOp(ops, parent=self, op=lambda store: measures_of_case(store, case_id),
                success=self._show_reports).failure(self.show_error).run()

    def _show_reports(self, measures: list) -> None:
        self._fill_reports(measures)
        assert self.draft is not None
        self.draft.load()

    def _fill_reports(self, measures: list) -> None:
        entries = []
        for m in measures:
            name = profile_label(self.profile, "measure_types", m.fields.get("measure_type"))
            for r in m.fields.get("reports") or []:
                if isinstance(r, dict) and not r.get("sent_to_police_on"):
                    entries.append(((m.id, r.get("number")), tr(
                        "{measure}: report no. {n} of {date}", measure=name,
                        n=r.get("number"), date=fmt_date(r.get("date")))))
        fill_combo(self.report, entries)
        if not entries:
            self.report_field.set_error(tr("No report is waiting to be sent."))
            self.save_button.setEnabled(False)

    def save(self) -> None:
        self.show_error("")
        chosen, day = self.report.currentData(), self.on.value()
        self.date_field.set_error("" if day else tr("This is required."))
        if not chosen or not day:
            return
        measure_id, number = chosen
        self._run(lambda store: mark_report_sent(store, measure_id, number, on=day).id)

    def _failed(self, error: Exception) -> None:
        if isinstance(error, DateOrder):
            self.date_field.set_error(str(error.translated()))
        else:
            self.show_error(error)
