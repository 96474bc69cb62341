"""The filter row of the Reports screen: which report (the services report, the quarterly
child protection report, or a plan's monitoring tables), the period (a year, a half, a
quarter, a month or a range of days), the administrative unit and the public edition."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from desktop.core.numbers import year_message
from desktop.core.reports import Period, ReportRequest
from desktop.core.reports.child_protection import KEY as CHILD_PROTECTION
from desktop.core.reports.periods import KINDS
from desktop.core.reports.texts import PERIOD_KINDS, month_name
from desktop.ui.number_edit import NumberEdit

FIRST_YEAR, LAST_YEAR = 2000, 2100

Text = Callable[..., str]   # a report label in the screen's language


class ReportFilters(QWidget):
    """Emits ``changed`` whenever a filter changes what the report would show."""

    changed = Signal()

    def __init__(self, _t: Text, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.language = language
        self._t = _t
        self.units_loaded = False
        self.plans_loaded = False
        rows = QVBoxLayout(self)
        rows.setContentsMargins(0, 0, 0, 0)
        first, second = QHBoxLayout(), QHBoxLayout()
        rows.addLayout(first)
        rows.addLayout(second)
        self.plan = QComboBox()
        self.plan.addItem(_t("Social care services report"), None)
        self.plan.addItem(_t("Quarterly child protection report"), CHILD_PROTECTION)
        self.plan.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.plan.setMinimumContentsLength(36)
        self.plan.currentIndexChanged.connect(
            lambda: self.plan.setToolTip(self.plan.currentText()))
        self.plan.setToolTip(self.plan.currentText())
        self.kind = QComboBox()
        for kind in KINDS:
            self.kind.addItem(_t(PERIOD_KINDS[kind]), kind)
        self.kind.setCurrentIndex(KINDS.index("year"))
        # a year out of range is refused in words; the report keeps the last good year
        self.year = NumberEdit(FIRST_YEAR, LAST_YEAR, dt.date.today().year,
                               message=year_message)
        self.year.setMaximumWidth(70)
        self.index = QComboBox()
        self.start, self.end = QDateEdit(), QDateEdit()
        for edit in (self.start, self.end):
            edit.setDisplayFormat("dd.MM.yyyy")
            edit.setCalendarPopup(True)
        today = QDate.currentDate()
        self.start.setDate(QDate(today.year(), 1, 1))
        self.end.setDate(today)
        self.unit = QComboBox()
        self.unit.addItem(_t("All units"), None)
        self.unit.setMinimumWidth(200)
        self.public = QCheckBox(_t("Public edition (small cells hidden)"))
        self.public.setToolTip(self.public.text())
        # the hint is a few pixels short for some letters (ë, ç): the closing bracket was cut
        self.public.setMinimumWidth(self.public.sizeHint().width()
                                    + 2 * self.public.fontMetrics().averageCharWidth())
        self.year.error.setWordWrap(False)
        self.from_label, self.to_label = QLabel(_t("From:")), QLabel(_t("To:"))
        self.year_label = QLabel(_t("Year:"))
        # two rows, so that the report's name and the public edition are not cut in Albanian
        for widget in (QLabel(_t("Report:")), self.plan, QLabel(_t("Period:")), self.kind,
                       self.year_label, self.year, self.index, self.from_label, self.start,
                       self.to_label, self.end, self.year.error):
            first.addWidget(widget)
        first.addStretch(1)
        for widget in (QLabel(_t("Unit:")), self.unit, self.public):
            second.addWidget(widget)
        second.addStretch(1)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        for signal in (self.year.valueChanged, self.index.currentIndexChanged,
                       self.start.dateChanged, self.end.dateChanged,
                       self.unit.currentIndexChanged, self.public.toggled,
                       self.plan.currentIndexChanged):
            signal.connect(self.changed)
        self._kind_before = self.kind.currentIndex()
        self.plan.currentIndexChanged.connect(self._report_chosen)
        self._kind_changed()

    def _report_chosen(self) -> None:
        """The child protection report is made for a quarter: the period is one while it is
        chosen; choosing another report gives back the kind of period chosen before."""
        quarterly = self.plan.currentData() == CHILD_PROTECTION
        if quarterly and self.kind.isEnabled():
            self._kind_before = self.kind.currentIndex()
            self.kind.setCurrentIndex(KINDS.index("quarter"))
        elif not quarterly and not self.kind.isEnabled():
            self.kind.setCurrentIndex(self._kind_before)
        self.kind.setEnabled(not quarterly)

    def _kind_changed(self) -> None:
        kind = self.kind.currentData()
        self.index.blockSignals(True)
        self.index.clear()
        if kind == "month":
            for month in range(1, 13):
                self.index.addItem(month_name(month, self.language), month)
            self.index.setCurrentIndex(dt.date.today().month - 1)
        elif kind in ("quarter", "half"):
            for n in range(1, 5 if kind == "quarter" else 3):
                period = Period.quarter(2000, n) if kind == "quarter" else Period.half(2000, n)
                self.index.addItem(period.label(self.language).replace(" 2000", ""), n)
        self.index.blockSignals(False)
        ranged = kind == "range"
        self.index.setVisible(kind in ("month", "quarter", "half"))
        for widget in (self.year, self.year_label):
            widget.setVisible(not ranged)
        if ranged:
            self.year.error.hide()
        else:
            self.year.retranslate()
        for widget in (self.start, self.end, self.from_label, self.to_label):
            widget.setVisible(ranged)
        self.changed.emit()

    def period(self) -> Period:
        kind, year = self.kind.currentData(), self.year.value()
        n = self.index.currentData() or 1
        if kind == "month":
            return Period.month(year, n)
        if kind == "quarter":
            return Period.quarter(year, n)
        if kind == "half":
            return Period.half(year, n)
        if kind == "range":
            start, end = self.start.date().toPython(), self.end.date().toPython()
            return Period.between(min(start, end), max(start, end))
        return Period.year(year)

    def request(self) -> ReportRequest:
        return ReportRequest(self.period(), unit=self.unit.currentData(),
                             language=self.language, public=self.public.isChecked())

    def fill_units(self, units: list[str]) -> None:
        """Offer the vault's administrative units (once), keeping the chosen one."""
        self.units_loaded = True
        self.unit.blockSignals(True)
        current = self.unit.currentData()
        for unit in units:
            self.unit.addItem(unit, unit)
        self.unit.setCurrentIndex(max(self.unit.findData(current), 0))
        self.unit.blockSignals(False)

    def fill_plans(self, plans: list[tuple[str, str]]) -> None:
        """Offer the plans whose monitoring tables can be reported (once)."""
        self.plans_loaded = True
        self.plan.blockSignals(True)
        for key, name in plans:
            self.plan.addItem(name, key)
        self.plan.blockSignals(False)
