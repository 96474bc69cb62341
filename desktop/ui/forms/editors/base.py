"""What every field editor shares, and the drop-down the flat style draws a mark on.

Every editor offers the same small interface: ``value()`` gives the answer as the forms engine
stores it (``None`` when empty), ``set_value()`` shows an answer without emitting ``changed``,
``clear()`` empties it, and ``changed`` fires when the worker edits it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QWidget


def paint_chevron(widget: QWidget) -> None:
    """Draw a small "v" at the right edge: the drop-down mark the flat style leaves out."""
    painter = QPainter(widget)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    colour = QColor("#5f6b7a" if widget.isEnabled() else "#b0b8c4")
    painter.setPen(QPen(colour, 1.6, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    x, y = widget.width() - 14.0, widget.height() / 2.0
    painter.drawPolyline([QPointF(x - 4, y - 2), QPointF(x, y + 2), QPointF(x + 4, y - 2)])
    painter.end()


class Combo(QComboBox):
    """A combo box that shows its drop-down mark under the application's flat style."""

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        paint_chevron(self)


class Editor(QWidget):
    """Base class of the field editors."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(6)

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def clear(self) -> None:
        self.set_value(None)

    def set_read_only(self, read_only: bool) -> None:
        self.setEnabled(not read_only)

    def focus_widgets(self) -> list[QWidget]:
        """The widgets that take keyboard focus, in tab order."""
        return [self.edit] if isinstance(getattr(self, "edit", None), QWidget) else []

    def retranslate(self) -> None:
        """Refresh texts that do not come from the form definition."""

    def set_required(self, required: bool) -> None:
        """A required answer cannot be cleared, only changed (editors may drop a button)."""

    def _emit(self, *_: object) -> None:
        self.changed.emit()
