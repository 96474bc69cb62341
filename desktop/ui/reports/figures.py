"""The key figures above the report's tables: the grand total of five tables."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop.core.i18n import N_, fmt_number
from desktop.core.reports import Report
from desktop.core.reports.model import Table

# (the figure's label, the table whose grand total it shows)
FIGURES = (("fig_cases_managed", "cases_managed_by_type"), ("fig_persons", "persons_by_age_sex"),
           ("fig_identified", "cases_identified_by_source"),
           ("fig_referrals", "referrals_by_outcome"), ("fig_visits", "visits_by_protocol"))
FIGURE_NAMES = {"fig_cases_managed": N_("Cases managed"), "fig_persons": N_("Beneficiaries"),
                "fig_identified": N_("New cases"), "fig_referrals": N_("Referrals"),
                "fig_visits": N_("Home visits")}


class KeyFigures(QWidget):
    def __init__(self, _t: Callable[..., str], language: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.language = language
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.values: dict[str, QLabel] = {}
        for key, _ in FIGURES:
            frame = QFrame(objectName="reportFigure")
            box = QVBoxLayout(frame)
            box.setContentsMargins(12, 6, 12, 6)
            value = QLabel("–", objectName="reportFigureValue")
            box.addWidget(value)
            box.addWidget(QLabel(_t(FIGURE_NAMES[key]), objectName="reportFigureName"))
            self.values[key] = value
            row.addWidget(frame)

    def show_report(self, report: Report) -> None:
        keys = {t.key for t in report.tables}
        self.setVisible(any(table_key in keys for _, table_key in FIGURES))
        for key, table_key in FIGURES:
            if table_key not in keys:   # a plan's tables: the services report's figures
                self.values[key].setText("–")
                continue
            table = report.table(table_key)
            n_rows, n_cols = table.shape
            total = table.value(n_rows, n_cols)
            self.values[key].setText(number_text(total, self.language) if total is not None
                                     else table.text(n_rows, n_cols, self.language))


def number_text(value: int | None, language: str) -> str:
    return "–" if value is None else fmt_number(value, language)


def table_notes(table: Table, public: bool, language: str, _t: Callable[..., str]) -> str:
    """The line under a table: persons counted once, what a double-click shows, and what the
    public edition's signs mean."""
    notes = list(table.notes)
    if table.unique_source:
        unique = number_text(table.unique_total, language) \
            if table.unique_total is not None else table.unique_text(language)
        notes.insert(0, f"{_t('Persons (each counted once)')}: {unique}")
    if public or table.source:
        notes.append(_t("The public edition does not show the cases behind the "
                        "numbers." if public else
                        "Double-click a number to see the cases behind it."))
    if public:
        notes += [_t("<5: from 1 to 4 (hidden to protect the persons)"),
                  _t("x: also hidden, so that small numbers cannot be worked out "
                     "from the totals")]
    return "   ·   ".join(notes)
