"""Monitoring reports due, for the report bases (see :mod:`.bases`): computed in Python."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import Connection

from desktop.core.reports.codes import Codes
from sync.profile import Profile

DUES_AHEAD_DAYS = 366


def _of(alias: str, record_type: str) -> str:
    return f"{alias}.type = '{record_type}'"


def _measure_rows(codes: Codes) -> str:
    return f"""
        SELECT m.case_id, c.unit, {codes.sql('measure_type', 'm.subtype')}, m.subtype, m.main_date,
            m.ended_on, m.report_every_days, m.reports
        FROM rf_records m JOIN rn_cases c ON c.case_id = m.case_id
        WHERE {_of('m', 'measure')}"""


# -- monitoring reports due, computed in Python ---------------------------------------------------

def dues_horizon(today: dt.date | None = None) -> str:
    """The last day monitoring reports are counted up to when the bases are built today."""
    return ((today or dt.date.today()) + dt.timedelta(days=DUES_AHEAD_DAYS)).isoformat()


def build_dues(conn: Connection, profile: Profile, codes: Codes) -> None:
    """Monitoring reports due of the measures in ``rf_records``, into ``temp.rn_dues``."""
    every_by_type = {m["code"]: m.get("report_every_days") for m in profile.items("measure_types")}
    horizon = dues_horizon()
    rows = []
    for case_id, unit, kind_n, kind, issued, ended, every, reports in conn.exec_driver_sql(
            _measure_rows(codes)).fetchall():
        days = every or every_by_type.get(kind)
        if not days or not issued:
            continue
        done = sorted(_dates(reports))
        last = min(d for d in (ended, horizon) if d)
        for number, due in enumerate(_due_dates(issued, int(days), last), start=1):
            report = done[number - 1] if len(done) >= number else None
            rows.append((case_id, unit, kind_n, _int_day(due), _int_day(report)))
    conn.exec_driver_sql("CREATE TEMP TABLE rn_dues (case_id, unit, reported_measure, due, "
                         "report)")
    if rows:
        conn.exec_driver_sql("INSERT INTO rn_dues VALUES (?, ?, ?, ?, ?)", rows)


def _due_dates(issued: str, every: int, last: str) -> list[str]:
    start = dt.date.fromisoformat(issued[:10])
    out, number = [], 1
    while (due := (start + dt.timedelta(days=every * number)).isoformat()) <= last:
        out.append(due)
        number += 1
    return out


def _int_day(value: str | None) -> int | None:
    return int(value.replace("-", "")) if value else None


def _dates(raw: Any) -> list[str]:
    """Dates of a JSON list of reports (each a date or an object with one)."""
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            return []
    out = []
    for item in raw if isinstance(raw, list) else []:
        value = item
        if isinstance(item, dict):
            value = next((item[k] for k in ("date", "submitted_on", "reported_on", "on")
                          if item.get(k)), None)
        if isinstance(value, str) and _is_date(value[:10]):
            out.append(value[:10])
    return out


def _is_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True
