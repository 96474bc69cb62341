"""Answer values: what each field type stores, how typed input is normalised, and messages.

Stored answers are JSON: text and choice names are ``str``, select_multiple a ``list`` of
choice names, integer ``int``, decimal ``float``, date an ISO ``'YYYY-MM-DD'`` string,
acknowledge ``True``, image the SHA-256 (64 hex digits) of the attachment, repeat a ``list`` of
dicts. A missing key, ``None``, ``''`` and ``[]`` all mean "not answered".
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from typing import Any

from desktop.core.forms.definition import Choice, FieldDef
from desktop.core.forms.evaluate import NodeSet, parse_iso_date
from desktop.core.i18n import LANGUAGES, tr

Message = dict[str, str]  # text by language, as a form's own constraint_message


def _message(msgid: str) -> Message:
    """A message of the forms engine in every language, from the translation catalogs."""
    return {language: tr(msgid, language) for language in LANGUAGES}


REQUIRED: Message = _message("This field is required.")
INVALID: Message = _message("The value is not valid.")
UNKNOWN_FIELD: Message = _message("This field is not part of the form.")
NO_ANSWER: Message = _message("This field does not take an answer.")
_TYPE_MESSAGES: dict[str, Message] = {
    "text": _message("Enter text."),
    "integer": _message("Enter a whole number."),
    "decimal": _message("Enter a number."),
    "date": _message("Enter a valid date."),
    "time": _message("Enter a valid time (HH:MM)."),
    "choice": _message("Choose one of the options in the list."),
    "acknowledge": _message("The confirmation must be yes or no."),
    "image": _message("The attachment is not valid."),
    "repeat": _message("The repeated entries are not valid."),
}
_SHA256 = re.compile(r"[0-9a-f]{64}\Z")
_TIME = re.compile(r"([01]\d|2[0-3]):[0-5]\d\Z")
_INTEGER_TEXT = re.compile(r"[+-]?\d+\Z")
_DECIMAL_TEXT = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)\Z")


def is_blank(value: Any) -> bool:
    """Not answered: None, empty or blank text, an empty list, an unticked acknowledge."""
    if isinstance(value, str):
        return not value.strip()
    return value is None or value is False or (isinstance(value, list) and not value)


def check_value(f: FieldDef, value: Any, choices: Sequence[Choice]) -> Message | None:
    """The type error of a non-blank answer, or None. ``choices`` are the allowed ones."""
    t = f.type
    if t == "text" and not isinstance(value, str):
        return _TYPE_MESSAGES["text"]
    if t == "integer" and not _is_int(value):
        return _TYPE_MESSAGES["integer"]
    if t == "decimal" and not _is_number(value):
        return _TYPE_MESSAGES["decimal"]
    if t == "date" and not (isinstance(value, str) and parse_iso_date(value)):
        return _TYPE_MESSAGES["date"]
    if t == "time" and not (isinstance(value, str) and _TIME.match(value)):
        return _TYPE_MESSAGES["time"]
    if t == "select_one" and not (isinstance(value, str) and _in(value, choices)):
        return _TYPE_MESSAGES["choice"]
    if t == "select_multiple" and not (
            isinstance(value, list) and all(isinstance(v, str) and _in(v, choices)
                                            for v in value)
            and len(set(value)) == len(value)):
        return _TYPE_MESSAGES["choice"]
    if t == "acknowledge" and not isinstance(value, bool):
        return _TYPE_MESSAGES["acknowledge"]
    if t == "image" and not (isinstance(value, str) and _SHA256.match(value)):
        return _TYPE_MESSAGES["image"]
    if t == "repeat" and not (isinstance(value, list)
                              and all(isinstance(v, dict) for v in value)):
        return _TYPE_MESSAGES["repeat"]
    return None


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return (isinstance(value, int | float) and not isinstance(value, bool)
            and math.isfinite(value))


def _in(name: str, choices: Sequence[Choice]) -> bool:
    return any(c.name == name for c in choices)


def coerce(f: FieldDef, value: Any) -> Any:
    """Normalise input from a widget (text for numbers, a date object, a set of choices).

    Anything that cannot be read is kept as given, so :func:`check_value` reports it rather
    than the worker's input being silently lost.
    """
    if f.type == "integer":
        return _coerce_integer(value)
    if f.type == "decimal":
        return _coerce_decimal(value)
    if f.type == "date" and isinstance(value, dt.date):
        return value.isoformat()[:10]
    if f.type == "time" and isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if f.type == "select_multiple":
        return _coerce_multiple(value)
    if f.type == "image" and isinstance(value, str):
        return value.strip().lower()
    return value


def _coerce_integer(value: Any) -> Any:
    if isinstance(value, str) and _INTEGER_TEXT.match(value.strip()):
        return int(value.strip())
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _coerce_decimal(value: Any) -> Any:
    if isinstance(value, str) and _DECIMAL_TEXT.match(value.strip()):
        return float(value.strip().replace(",", "."))
    if _is_int(value):
        return float(value)
    return value


def _coerce_multiple(value: Any) -> Any:
    if isinstance(value, str):
        return value.split()
    if isinstance(value, tuple | set | frozenset):
        return sorted(value) if not isinstance(value, tuple) else list(value)
    return value


def expression_value(f: FieldDef, raw: Any) -> Any:
    """How a stored answer looks inside an expression (XLSForm conventions)."""
    if is_blank(raw):
        return ""
    if f.type == "select_multiple" and isinstance(raw, list):
        return " ".join(str(v) for v in raw)
    if f.type == "date" and isinstance(raw, str):
        return parse_iso_date(raw) or raw
    if f.type == "acknowledge":
        return "OK" if raw is True else ""
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int | float):
        return float(raw)
    return raw


def stored_value(value: Any) -> Any:
    """A calculation result as JSON: NaN and empty become None, whole numbers int."""
    if isinstance(value, NodeSet):
        return stored_value(value[0]) if value else None
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        return int(value) if value.is_integer() and abs(value) < 1e15 else value
    if isinstance(value, dt.date):
        return value.isoformat()
    if value == "" or value is None:
        return None
    return value
