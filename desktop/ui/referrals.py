"""Referrals: every referral out, with those waiting past their answer date and those the
commission prescribed but that could not be delivered made easy to find."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from desktop.core.i18n import tr
from desktop.core.views.lists import ListQuery
from desktop.core.views.work_lists import referral_query
from desktop.ui import style
from desktop.ui.formatting import fmt_date
from desktop.ui.list_screen import ListScreen
from desktop.ui.session import Session
from desktop.ui.widgets import FilterCombo

VIEWS = (("overdue", "Waiting past the answer date"),
         ("not_delivered", "Prescribed but not delivered"))


# The records the list shows (with their case and person): other changes leave it as it is.
SHOWN_TYPES = ("referral", "case", "person")


class ReferralsScreen(ListScreen):
    key = "referrals"
    title_msgid = "Referrals"
    shows_types = SHOWN_TYPES
    count_msgid = ("{n} referral", "{n} referrals")
    empty_msgid = "No referral matches. Referrals are made from a case."

    def __init__(self, session: Session, parent: Any = None) -> None:
        self.status = FilterCombo(tr("Any status"))
        self.view_choice = FilterCombo(tr("All referrals"))
        self.view_choice.setMinimumWidth(250)
        super().__init__(session, parent, formatters={
            "sent": fmt_date, "due": fmt_date,
            "status": lambda v: session.label("referral_statuses", v) if v else "",
            "service": self._service}, styler=self._style)
        self.add_filter(self.view_choice, self.view_choice.currentIndexChanged)
        self.add_filter(self.status, self.status.currentIndexChanged)
        self.filter_row.addStretch(1)
        self._fill_choices()
        self.retranslate()

    def _service(self, code: Any) -> str:
        return self.session.label("service_taxonomy", code) if code else ""

    @staticmethod
    def _style(key: str, value: Any, role: int) -> Any:
        if key == "status" and role == Qt.ItemDataRole.ForegroundRole:
            if value in ("refused", "not_possible"):
                return QColor(style.DANGER)
            if value == "delivered":
                return QColor(style.SUCCESS)
        if key == "due" and role == Qt.ItemDataRole.ForegroundRole and value and \
                value < dt.date.today().isoformat():
            return QColor(style.WARNING)
        return None

    def _fill_choices(self) -> None:
        self.status.set_choices([(code, self.session.label("referral_statuses", code))
                                 for code in self.session.profile.codes("referral_statuses")])
        self.view_choice.set_choices([(code, tr(text)) for code, text in VIEWS])

    def make_query(self) -> ListQuery:
        view = self.view_choice.value()
        return referral_query(status=self.status.value(),
                              overdue_on=dt.date.today() if view == "overdue" else None,
                              not_delivered=view == "not_delivered")

    def retranslate(self) -> None:
        super().retranslate()
        self.status.set_all_text(tr("Any status"))
        self.view_choice.set_all_text(tr("All referrals"))
        self._fill_choices()
