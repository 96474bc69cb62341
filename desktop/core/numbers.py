"""Whole numbers typed into a field: read as typed, or refused in words. Never clamped."""

from __future__ import annotations

from desktop.core.i18n import tr


def whole_in_range(text: str, low: int, high: int) -> int | None:
    """The number ``text`` holds when it is a whole number from ``low`` to ``high``."""
    text = text.strip()
    if not text.isdigit():
        return None
    number = int(text)
    return number if low <= number <= high else None


def range_message(low: int, high: int) -> str:
    """What to write instead, in the current language."""
    return tr("Write a whole number from {low} to {high}.", low=low, high=high)


def year_message(low: int, high: int) -> str:
    return tr("Write a year from {low} to {high}.", low=low, high=high)
