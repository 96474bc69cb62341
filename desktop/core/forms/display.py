"""How a form's texts and stored answers read on screen: Qt-free helpers of the renderer."""

from __future__ import annotations

import datetime as dt
from typing import Any

from desktop.core.forms.definition import LangText
from desktop.core.i18n import current_language, in_language, tr

EMPTY_ANSWER = "—"


def localized(text: LangText | None, language: str | None = None) -> str:
    """A {sq, en, sr} text of a form in ``language`` (the current one by default): the
    open vault's country's own wording first, Cyrillic made from Latin Serbian, Albanian
    when that language is missing."""
    if not text:
        return ""
    return in_language(text, language or current_language())


def answer_text(value: Any) -> str:
    """A stored answer for reading: dates as dd.mm.yyyy, numbers without trailing zeros."""
    if value is None or value == "":
        return EMPTY_ANSWER
    if isinstance(value, bool):
        return tr("Yes") if value else tr("No")
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return dt.date.fromisoformat(value).strftime("%d.%m.%Y")
        except ValueError:
            return value
    return str(value)
