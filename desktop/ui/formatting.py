"""How dates, numbers and names are shown: dates as dd.MM.yyyy everywhere, numbers as the
language writes them (both from desktop.core.i18n)."""

from __future__ import annotations

import datetime as dt

from desktop.core.i18n import fmt_date, fmt_number

__all__ = ["age_on", "fmt_date", "fmt_datetime", "fmt_number", "full_name"]


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


def fmt_time(value: str | None) -> str:
    """The local ``HH:mm`` of an ISO timestamp (UTC)."""
    shown = fmt_datetime(value)
    return shown.rsplit(" ", 1)[-1] if " " in shown else shown


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
