"""A list's cells show what their formatters and styler give, made once per value."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from desktop.core.views.lists import Column
from desktop.ui.row_looks import RowLooks

COLUMNS = [Column(key, key.title(), key, None) for key in ("status", "opened", "village")]
ROWS = [("c1", "open", "2026-01-02", "Fushë"), ("c2", "closed", "2026-01-02", None),
        ("c3", "open", "2026-03-04", "Qendër")]


def test_texts_and_styles_are_those_of_the_formatters_and_styler() -> None:
    labels = {"open": "Open", "closed": "Closed"}
    calls: list[Any] = []

    def label(value: Any) -> str:
        calls.append(value)
        return labels[value]

    def styler(key: str, value: Any, role: int) -> Any:
        return "bold" if key == "status" and value == "open" and \
            role == Qt.ItemDataRole.FontRole else None

    looks = RowLooks({"status": label, "opened": lambda v: v[8:] + "." + v[5:7]}, styler)
    for row, record in enumerate(ROWS):
        assert looks.texts(row, COLUMNS, record) == (
            labels[record[1]], record[2][8:] + "." + record[2][5:7], record[3] or "")
        assert looks.style("status", record[1]) == tuple(
            styler("status", record[1], role) for role in (
                Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole,
                Qt.ItemDataRole.BackgroundRole))
        assert looks.styled("status", record[1], int(Qt.ItemDataRole.FontRole)) == (
            "bold" if record[1] == "open" else None)
    assert sorted(calls) == ["closed", "open"]       # each value formatted once
    labels["open"] = "Hapur"                         # a new language
    looks.forget()
    assert looks.texts(0, COLUMNS, ROWS[0])[0] == "Hapur"
