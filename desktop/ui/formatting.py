"""How dates, numbers and names are shown: dates as dd.MM.yyyy everywhere."""

from __future__ import annotations

import datetime as dt


def fmt_date(value: str | dt.date | None) -> str:
    """``2025-03-07`` -> ``07.03.2025``; empty for nothing, the text itself if not a date."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    try:
        return dt.date.fromisoformat(str(value)[:10]).strftime("%d.%m.%Y")
    except ValueError:
        return str(value)


def fmt_datetime(value: str | None) -> str:
    """An ISO timestamp (UTC) shown in local time as ``dd.MM.yyyy HH:mm``."""
    if not value:
        return ""
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return str(value)
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.strftime("%d.%m.%Y %H:%M")


def age_on(birth_date: str | None, today: dt.date | None = None) -> int | None:
    if not birth_date:
        return None
    try:
        born = dt.date.fromisoformat(birth_date)
    except ValueError:
        return None
    today = today or dt.date.today()
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def full_name(fields: dict[str, object]) -> str:
    return f"{fields.get('first_name', '')} {fields.get('last_name', '')}".strip()
