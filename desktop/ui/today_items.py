"""The Today screen's parts: its tiles and the rows of its lists, with the texts repeated on
hundreds of rows made once per fill."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QLabel, QTreeWidgetItem, QVBoxLayout, QWidget

from desktop.core.i18n import fmt_number, tr
from desktop.core.views.today import kind_text
from desktop.ui import style
from desktop.ui.formatting import fmt_date
from desktop.ui.list_screen import count_subtitle
from desktop.ui.widgets import label


class Tile(QWidget):
    """A number with a caption ("3 overdue")."""

    def __init__(self, colour: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.number = QLabel("–")
        self.number.setStyleSheet(f"font-size: 20pt; font-weight: 600; color: {colour};")
        self.caption = label("", "muted")
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.number)
        column.addWidget(self.caption)


# Texts repeated on hundreds of rows, made once per fill (a few dates and kinds of item).
texts: dict[tuple, str] = {}


def date_text(day: str) -> str:
    key = ("date", day)
    if key not in texts:
        texts[key] = fmt_date(day)
    return texts[key]


def kind_shown(kind: str, detail: str) -> str:
    key = ("kind", kind, detail)
    if key not in texts:
        texts[key] = kind_text(kind, detail)
    return texts[key]


def case_tip(number: str) -> str:
    if ("case",) not in texts:
        texts[("case",)] = tr("Case {number}")  # the sentence, its number put in below
    return texts[("case",)].replace("{number}", number)


def number_text(n: int, or_more: bool = False) -> str:
    """1 975; "2 000+" for a count that stopped there."""
    return fmt_number(n) + ("+" if or_more else "")


def more_item(count: int, or_more: bool = False) -> QTreeWidgetItem:
    """The last row of a list cut short: how many more items there are ("+1.975 records"), or
    an ellipsis when only the heading's "2.000+" is known."""
    item = QTreeWidgetItem(["…" if or_more else
                            "+" + count_subtitle(count, ("{n} record", "{n} records"))])
    item.setForeground(0, QBrush(QColor(style.MUTED)))
    item.setFlags(Qt.ItemFlag.ItemIsEnabled)
    return item


def section_item(title: str, colour: str) -> QTreeWidgetItem:
    item = QTreeWidgetItem([title])
    font = QFont()
    font.setBold(True)
    item.setFont(0, font)
    item.setForeground(0, QBrush(QColor(colour)))
    item.setFlags(Qt.ItemFlag.ItemIsEnabled)
    return item
