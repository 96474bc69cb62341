"""Multidisciplinary meetings (GTN / GTR / ETN): who attended from which institution, which
cases were discussed, what was decided, and tasks with owners.

A meeting names one main case (``case_id``) so it inherits the protection of a sensitive
case: the first sensitive case discussed, else the first case.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from desktop.core.casework.cases import require_case
from desktop.core.casework.config import as_date, casework_config, iso
from desktop.core.casework.errors import MissingValue, UnknownCode
from desktop.core.casework.persons import require
from desktop.core.casework.plans import current_plan
from desktop.core.errors import KujdesError
from desktop.core.store import Store
from sync.records import Record, loads

OPEN, DONE = "open", "done"
PIM = "protection_plan"


class NoProtectionPlan(KujdesError):
    message = ("Case {number} has no protection plan (PIM) to agree: make the plan first, "
               "then mark it agreed.")


def _attendee(item: dict[str, Any], institutions: set[str]) -> dict[str, Any]:
    name = str(item.get("name") or "").strip()
    institution = item.get("institution")
    if not name:
        raise MissingValue(what="The attendee's name")
    if institution not in institutions:
        raise UnknownCode(what="institution", code=institution)
    return {"name": name, "institution": institution,
            **({"role": item["role"]} if item.get("role") else {})}


def _task(item: dict[str, Any], case_ids: list[str]) -> dict[str, Any]:
    description = str(item.get("description") or "").strip()
    owner = str(item.get("owner") or "").strip()
    if not description or not owner:
        raise MissingValue(what="Each task's description and owner")
    case_id = item.get("case_id")
    if case_id and case_id not in case_ids:
        raise UnknownCode(what="case of the task", code=case_id)
    return {"description": description, "owner": owner,
            "institution": item.get("institution"), "case_id": case_id,
            "due": iso(item["due"]) if item.get("due") else None,
            "status": item.get("status") or OPEN, "done_on": item.get("done_on")}


def record_meeting(store: Store, *, meeting_date: dt.date | str | None = None,
                   group: str, attendees: list[dict[str, Any]], case_ids: list[str],
                   decisions: str = "", tasks: list[dict[str, Any]] | None = None,
                   municipality: str | None = None, place: str = "",
                   case_decisions: dict[str, str] | None = None) -> Record:
    """Save a meeting. ``attendees``: {name, institution[, role]}; ``tasks``: {description,
    owner[, institution, case_id, due]}; ``case_decisions``: what was decided, by case id."""
    config = casework_config(store.profile)
    config.require_code("multidisciplinary_groups", group, "group")
    institutions = set(store.profile.codes("institutions"))
    people = [_attendee(a, institutions) for a in attendees]
    if not people:
        raise MissingValue(what="At least one attendee")
    case_ids = list(dict.fromkeys(case_ids))
    with store.transaction():
        cases = [require_case(store, c) for c in case_ids]
        work = [_task(t, case_ids) for t in tasks or []]
        return store.create("meeting", {
            "meeting_date": iso(meeting_date), "group": group, "attendees": people,
            "case_ids": case_ids, "decisions": decisions or None, "tasks": work,
            "case_id": _main_case(store, cases), "municipality": municipality,
            "convened_by": store.user, "place": place.strip() or None,
            "case_decisions": _decisions(case_decisions, case_ids)})


def _decisions(given: dict[str, str] | None, case_ids: list[str]) -> dict[str, str] | None:
    decided = {c: str(text).strip() for c, text in (given or {}).items() if str(text).strip()}
    for case_id in decided:
        if case_id not in case_ids:
            raise UnknownCode(what="case of the decision", code=case_id)
    return decided or None


def _main_case(store: Store, cases: list[Record]) -> str | None:
    sensitive = store.profile.sensitive_case_types
    for case in cases:
        if case.fields.get("case_type") in sensitive:
            return case.id
    return cases[0].id if cases else None


def add_task(store: Store, meeting_id: str, *, description: str, owner: str,
             institution: str | None = None, case_id: str | None = None,
             due: dt.date | str | None = None) -> Record:
    with store.transaction():
        meeting = require(store, meeting_id, "meeting")
        task = _task({"description": description, "owner": owner, "institution": institution,
                      "case_id": case_id, "due": due}, meeting.fields.get("case_ids") or [])
        return store.update(meeting_id, {"tasks": [*(meeting.fields.get("tasks") or []),
                                                   task]})


def complete_task(store: Store, meeting_id: str, index: int, *,
                  done_on: dt.date | str | None = None) -> Record:
    """Mark task ``index`` (0-based, in the order recorded) done."""
    with store.transaction():
        meeting = require(store, meeting_id, "meeting")
        tasks = [dict(t) for t in meeting.fields.get("tasks") or []]
        if not 0 <= index < len(tasks):
            raise UnknownCode(what="task", code=str(index))
        tasks[index].update(status=DONE, done_on=as_date(done_on).isoformat())
        return store.update(meeting_id, {"tasks": tasks})


def meetings_of_case(store: Store, case_id: str) -> list[Record]:
    """Meetings that discussed the case, newest first."""
    with store.reading() as conn:
        rows = conn.exec_driver_sql(
            "SELECT id, type, fields, rev FROM records r WHERE type = 'meeting' AND deleted = 0 "
            "AND EXISTS (SELECT 1 FROM json_each(r.fields, '$.case_ids') c WHERE c.value = ?) "
            "ORDER BY main_date DESC, id", (case_id,)).fetchall()
    return [Record(r[0], r[1], loads(r[2]), r[3]) for r in rows]


def open_tasks(store: Store, *, owner: str | None = None) -> list[tuple[Record, int, dict]]:
    """(meeting, task index, task) of tasks not done, by due date."""
    out = []
    with store.reading() as conn:
        rows = conn.exec_driver_sql(
            "SELECT r.id, r.type, r.fields, r.rev, t.key FROM records r, "
            "json_each(r.fields, '$.tasks') t WHERE r.type = 'meeting' AND r.deleted = 0 "
            "AND json_extract(t.value, '$.status') != 'done' "
            "AND (? IS NULL OR json_extract(t.value, '$.owner') = ?)", (owner, owner))
        for rid, rtype, fields, rev, key in rows:
            meeting = Record(rid, rtype, loads(fields), rev)
            out.append((meeting, int(key), meeting.fields["tasks"][int(key)]))
    return sorted(out, key=lambda x: (x[2].get("due") or "9999", x[0].id, x[1]))


def mark_plan_agreed(store: Store, meeting_id: str, case_id: str) -> Record:
    """Record that the child's protection plan (PIM) of ``case_id`` was agreed in the
    meeting: the plan names the meeting and its date."""
    with store.transaction():
        meeting = require(store, meeting_id, "meeting")
        if case_id not in (meeting.fields.get("case_ids") or []):
            raise UnknownCode(what="case of the meeting", code=case_id)
        case = require_case(store, case_id)
        plans = [p for p in [current_plan(store, case_id)] if p is not None
                 and p.fields.get("plan_type") == PIM]
        if not plans:
            raise NoProtectionPlan(number=case.fields.get("case_number"))
        return store.update(plans[0].id, {"agreed_in_meeting": meeting_id,
                                          "agreed_on": meeting.fields.get("meeting_date")})
