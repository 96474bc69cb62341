"""How a paged list's rows look: their shown texts and their cells' styles, made once.

A list shows the same values again and again down its rows (a status, a risk level, a date,
a village): each value is formatted and styled once per column, each row's texts are made
once when first shown, until the language or the rows change.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt

from desktop.core.views.lists import Column

Formatter = Callable[[Any], str]
# (column key, value, role) -> value or None; asked for the foreground, font and background
Styler = Callable[[str, Any, int], Any]
LOOK_ROLES = tuple(int(r) for r in (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole,
                                    Qt.ItemDataRole.BackgroundRole))
MAX_VALUES = 20_000   # formatted values kept (a few screens of distinct dates and names)
_UNSTYLED = (None, None, None)


class RowLooks:
    """The texts and styles of a list's cells, from its formatters and styler."""

    def __init__(self, formatters: dict[str, Formatter] | None = None,
                 styler: Styler | None = None) -> None:
        self._formatters = formatters or {}
        self._styler = styler
        self._rows: dict[int, tuple[str, ...]] = {}    # row → its shown texts, once shown
        self._values: dict[tuple[str, Any], str] = {}  # (column key, value) → its text
        self._styles: dict[tuple[str, Any], tuple[Any, Any, Any]] = {}

    def texts(self, row: int, columns: Sequence[Column], record: Sequence[Any]
              ) -> tuple[str, ...]:
        """The shown texts of ``row`` (``record``: its id, then a value per column)."""
        texts = self._rows.get(row)
        if texts is None:
            texts = self._rows[row] = tuple(
                self._text(column.key, value)
                for column, value in zip(columns, record[1:], strict=False))
        return texts

    def _text(self, key: str, value: Any) -> str:
        formatter = self._formatters.get(key)
        if formatter is None:
            return "" if value is None else str(value)
        text = self._values.get((key, value))
        if text is None:
            if len(self._values) >= MAX_VALUES:
                self._values.clear()
            text = self._values[(key, value)] = formatter(value)
        return text

    def style(self, key: str, value: Any) -> tuple[Any, Any, Any]:
        """A cell's foreground, font and background (None: the view's)."""
        if self._styler is None:
            return _UNSTYLED
        styled = self._styles.get((key, value))
        if styled is None:
            if len(self._styles) >= MAX_VALUES:
                self._styles.clear()
            styler = self._styler
            styled = self._styles[(key, value)] = (styler(key, value, LOOK_ROLES[0]),
                                                   styler(key, value, LOOK_ROLES[1]),
                                                   styler(key, value, LOOK_ROLES[2]))
        return styled

    def styled(self, key: str, value: Any, role: int) -> Any:
        """One of a cell's styles, by its role (None for a role not styled)."""
        return self.style(key, value)[LOOK_ROLES.index(role)] if role in LOOK_ROLES else None

    def drop_rows(self, rows: range) -> None:
        for row in rows:
            self._rows.pop(row, None)

    def forget(self) -> None:
        """New rows, or a new language: every text and style is made again (a label or a
        style may have changed with them: a profile received, the day a date is late)."""
        self._rows, self._values, self._styles = {}, {}, {}
