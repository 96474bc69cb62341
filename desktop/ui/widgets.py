"""Small widgets shared by the screens: page titles, cards, banners, filters, busy bars."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyleOptionComboBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.style import icon

ROW_HEIGHT = 30


def next_turn(owner: QObject, call: Callable[[], None]) -> None:
    """Run ``call`` in a later turn of the event loop, after the events and timers waiting
    (paints, input), unless ``owner`` is deleted first. A zero timer: QTimer.singleShot(0)
    is posted as an event, and Qt runs the events posted in one pass together, so slices
    chained by it make one long turn."""
    timer = QTimer(owner, singleShot=True, interval=0)
    timer.timeout.connect(call)
    timer.timeout.connect(timer.deleteLater)
    timer.start()


def label(text: str = "", name: str | None = None, *, wrap: bool = False) -> QLabel:
    widget = QLabel(text)
    if name:
        widget.setObjectName(name)
    widget.setWordWrap(wrap)
    return widget


def button(text: str, *, primary: bool = False, icon_name: str | None = None,
           on_click: Callable[[], None] | None = None) -> QPushButton:
    widget = QPushButton(text)
    if primary:
        widget.setProperty("primary", True)
    if icon_name:
        widget.setIcon(icon(icon_name, "#ffffff" if primary else None))
        widget.setIconSize(QSize(16, 16))
    if on_click is not None:
        widget.clicked.connect(lambda _checked=False: on_click())
    widget.setCursor(Qt.CursorShape.PointingHandCursor)
    return widget


def link_button(text: str, on_click: Callable[[], None] | None = None) -> QPushButton:
    widget = button(text, on_click=on_click)
    widget.setProperty("flat", True)
    return widget


def card(layout_kind: type[QVBoxLayout] | type[QHBoxLayout] = QVBoxLayout,
         margins: int = 14, spacing: int = 8) -> tuple[QFrame, QVBoxLayout | QHBoxLayout]:
    frame = QFrame()
    frame.setObjectName("card")
    layout = layout_kind(frame)
    layout.setContentsMargins(margins, margins, margins, margins)
    layout.setSpacing(spacing)
    return frame, layout


class PageHeader(QWidget):
    """A page title with an optional subtitle and actions on the right."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = label("", "pageTitle")
        self.subtitle = label("", "muted")
        self.subtitle.hide()
        text = QVBoxLayout()
        text.setSpacing(2)
        text.addWidget(self.title)
        text.addWidget(self.subtitle)
        self.actions = QHBoxLayout()
        self.actions.setSpacing(8)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addLayout(text, 1)
        row.addLayout(self.actions)

    def set_text(self, title: str, subtitle: str = "") -> None:
        self.title.setText(title)
        self.subtitle.setText(subtitle)
        self.subtitle.setVisible(bool(subtitle))

    def add_action(self, widget: QWidget) -> None:
        self.actions.addWidget(widget)


class Banner(QFrame):
    """A red warning across the top of a case (safety), hidden when there is nothing to say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self._icon = QLabel()
        self._icon.setPixmap(icon("warning").pixmap(QSize(22, 22)))
        self._icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.text = label("", "bannerText", wrap=True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 10, 12, 10)
        row.setSpacing(10)
        row.addWidget(self._icon)
        row.addWidget(self.text, 1)
        self.hide()

    def set_messages(self, messages: Sequence[str]) -> None:
        self.text.setText("\n".join(messages))
        self.setVisible(bool(messages))

    def messages(self) -> list[str]:
        return [m for m in self.text.text().split("\n") if m] if self.isVisible() else []


class SearchBox(QLineEdit):
    """A search field that reports what was typed after a short pause (debounced)."""

    search = Signal(str)

    def __init__(self, delay_ms: int = 150, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setClearButtonEnabled(True)
        self.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(lambda: self.search.emit(self.text().strip()))
        # without a pause, the search is asked for before the box repaints its new text
        self.textChanged.connect(self.flush if delay_ms <= 0 else lambda _t: self._timer.start())
        self.returnPressed.connect(self.flush)
        self.setMinimumWidth(260)

    def flush(self, *_args: object) -> None:
        """Report now (Enter pressed, tests)."""
        self._timer.stop()
        self.search.emit(self.text().strip())


class FilterCombo(QComboBox):
    """A filter: "All ..." first, then (code, label) choices. ``value()`` is a code or None."""

    def __init__(self, all_text: str = "", parent: QWidget | None = None, *,
                 later: bool = False) -> None:
        super().__init__(parent)
        self._all_text = all_text
        # Sized as AdjustToMinimumContentsLengthWithIcon sizes it (room for 10 characters
        # and an icon, whatever the choices: a long village list is not measured), but by
        # sizeHint below: setting that policy makes the drop-down's popup and styles it, as
        # the first item does (a few ms a filter). ``later``: no item until :meth:`fill`,
        # so that a screen can make its filters in one turn and their popups in another.
        self.setMinimumContentsLength(10)
        self._filled = False
        if not later:
            self.fill()

    def fill(self) -> None:
        """Put the "All ..." choice first (once; for a filter made with ``later``)."""
        if self._filled:
            return
        self._filled = True
        self.blockSignals(True)
        self.insertItem(0, self._all_text, None)
        self.blockSignals(False)

    def sizeHint(self) -> QSize:  # noqa: N802
        # not kept: a layout keeps it until the combo's geometry changes (its font, style)
        return self._contents_hint()

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return self.sizeHint()

    def _contents_hint(self) -> QSize:
        """QComboBox's size hint under AdjustToMinimumContentsLengthWithIcon (qcombobox.cpp,
        recomputeSizeHint)."""
        metrics = self.fontMetrics()
        icon_size = self.iconSize()
        width = (self.minimumContentsLength() * metrics.horizontalAdvance("X")
                 + icon_size.width() + 4)
        height = max(max(metrics.height(), 14) + 2, icon_size.height() + 2)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        return self.style().sizeFromContents(QStyle.ContentsType.CT_ComboBox, option,
                                             QSize(width, height), self)

    def set_all_text(self, text: str) -> None:
        self._all_text = text
        self.setItemText(0, text)

    def set_choices(self, choices: Sequence[tuple[str, str]]) -> None:
        current = self.value()
        self._filled = True
        self.blockSignals(True)
        self.clear()
        self.addItem(self._all_text, None)
        for code, text in choices:
            self.addItem(text, code)
        position = self.findData(current) if current is not None else 0
        self.setCurrentIndex(max(position, 0))
        self.blockSignals(False)
        if self.value() != current:
            self.currentIndexChanged.emit(self.currentIndex())

    def value(self) -> str | None:
        return self.currentData()

    def set_value(self, code: str | None) -> None:
        position = self.findData(code) if code is not None else 0
        self.setCurrentIndex(max(position, 0))


class BusyBar(QProgressBar):
    """A thin indeterminate bar shown while the database works for this screen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(0, 0)
        self.setTextVisible(False)
        self.setFixedHeight(4)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        # its room is kept while hidden: the bar showing or hiding moves nothing below it
        # (a list under it would be laid out and painted again, twice per slow read)
        policy.setRetainSizeWhenHidden(True)
        self.setSizePolicy(policy)
        self.setVisible(False)
        self._depth = 0

    def set_busy(self, busy: bool) -> None:
        self.setVisible(busy)

    def push(self) -> None:
        """One more operation runs for this screen."""
        self._depth += 1
        self.setVisible(True)

    def pop(self) -> None:
        self._depth = max(self._depth - 1, 0)
        self.setVisible(self._depth > 0)


def table_view(parent: QWidget | None = None, *, sortable: bool = True) -> QTableView:
    """A table for large lists: uniform row heights, fixed column widths, row selection."""
    view = QTableView(parent)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(False)
    view.setShowGrid(False)
    view.setWordWrap(False)
    view.setSortingEnabled(False)
    vertical = view.verticalHeader()
    vertical.setVisible(False)
    vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    vertical.setDefaultSectionSize(ROW_HEIGHT)
    vertical.setMinimumSectionSize(ROW_HEIGHT)
    horizontal = view.horizontalHeader()
    horizontal.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    horizontal.setHighlightSections(False)
    horizontal.setStretchLastSection(True)
    horizontal.setSectionsClickable(sortable)
    horizontal.setSortIndicatorShown(sortable)
    horizontal.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    return view
