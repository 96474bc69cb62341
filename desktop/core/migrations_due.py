"""Schema step 10: what is due kept in its own table, ``due_items``.

Today read what is due from the records (desktop/core/casework/due.py): on a 100,000-case
vault that meant walking thousands of index entries and looking up their case for every
count, each page decrypted on a new connection. ``due_items`` holds one row per item due on
an open case, with the case's worker and number, so a case manager's first items and capped
counts are one short range of a small index.

Triggers keep it up to date: any change to a case or to a plan, measure, visit or referral
computes the rows of the case it belongs to again (before and after the change), from the same
rules as before:

* plan review: a plan in draft or active with a due date;
* case review (assessment and plan): an open case with a due date and no plan yet;
* monitoring report: an active measure with a due date;
* follow-up visit: the latest visit of the case (by date, then id) with a due date and no
  status;
* referral: sent or accepted, with a due date.

The statements are frozen with the step: a later change to these rules is a new step.
"""

from __future__ import annotations

_TYPES = ("case", "plan", "measure", "visit", "referral")
_OPEN = "c.type = 'case' AND c.status = 'open' AND c.deleted = 0"
_CASE = "c.id AS cid, c.worker AS worker, c.title AS title"
_NO_PLAN = ("NOT EXISTS (SELECT 1 FROM records p INDEXED BY records_live_case_dates "
            "WHERE p.type = 'plan' AND p.case_id = c.id AND p.deleted = 0)")
_LATEST_VISIT = ("NOT EXISTS (SELECT 1 FROM records v INDEXED BY records_live_case_dates "
                 "WHERE v.type = 'visit' AND v.case_id = x.case_id AND v.deleted = 0 AND "
                 "(v.main_date > x.main_date OR (v.main_date = x.main_date AND v.id > x.id)))")
# (kind, record type, status test on x, extra test)
_KINDS = (("plan_review", "plan", "(x.status = 'draft' OR x.status = 'active')", ""),
          ("report", "measure", "x.status = 'active'", ""),
          ("follow_up_visit", "visit", "x.status IS NULL", " AND " + _LATEST_VISIT),
          ("referral", "referral", "(x.status = 'sent' OR x.status = 'accepted')", ""))


def due_rows(case: str | None) -> str:
    """The rows of ``due_items`` of the open case whose id is the SQL expression ``case``
    (None: of every open case)."""
    only = f" AND c.id = {case}" if case else ""
    parts = [f"SELECT 'case_review' AS kind, c.id AS rid, c.due AS due, c.subtype AS detail, "
             f"{_CASE} FROM records c WHERE {_OPEN}{only} AND c.due IS NOT NULL "
             f"AND {_NO_PLAN}"]
    for kind, record_type, status, extra in _KINDS:
        parts.append(
            f"SELECT '{kind}' AS kind, x.id AS rid, x.due AS due, x.subtype AS detail, {_CASE} "
            f"FROM records c CROSS JOIN records x INDEXED BY records_case "
            f"WHERE {_OPEN}{only} AND x.type = '{record_type}' AND x.case_id = c.id "
            f"AND {status} AND x.due IS NOT NULL AND x.deleted = 0{extra}")
    return ("INSERT INTO due_items (kind, rid, cid, due, detail, worker, title) "
            "SELECT kind, rid, cid, due, detail, worker, title FROM ("
            + " UNION ALL ".join(parts) + ")")


def _case_of(row: str) -> str:
    return f"(CASE WHEN {row}.type = 'case' THEN {row}.id ELSE {row}.case_id END)"


def _again(row: str) -> str:
    """Trigger statements computing the rows of ``row``'s case again."""
    case = _case_of(row)
    return f"DELETE FROM due_items WHERE cid = {case}; {due_rows(case)};"


def _one_of(column: str) -> str:
    return "(" + " OR ".join(f"{column} = '{t}'" for t in _TYPES) + ")"


# The open tasks of meetings (Today lists the user's): one row per task not done, its place in
# the meeting's list, its owner and its due date as the list sorts it (none: last).
_TASKS = ("INSERT INTO open_tasks (meeting_id, idx, owner, due) SELECT {row}.id, t.key, "
          "json_extract(t.value, '$.owner'), CASE WHEN coalesce(json_extract(t.value, "
          "'$.due'), '') = '' THEN '9999' ELSE json_extract(t.value, '$.due') END "
          "FROM json_each({row}.fields, '$.tasks') t WHERE {row}.type = 'meeting' "
          "AND {row}.deleted = 0 AND json_extract(t.value, '$.status') != 'done'")
_TASKS_AGAIN = "DELETE FROM open_tasks WHERE meeting_id = {row}.id; " + _TASKS + ";"

V10 = [
    "CREATE TABLE IF NOT EXISTS due_items (kind TEXT NOT NULL, rid TEXT NOT NULL, "
    "cid TEXT NOT NULL, due TEXT NOT NULL, detail TEXT, worker TEXT, title TEXT, "
    "PRIMARY KEY (rid, kind)) WITHOUT ROWID",
    "CREATE INDEX IF NOT EXISTS due_items_worker ON due_items(worker, due, kind, title, rid, "
    "cid, detail)",
    "CREATE INDEX IF NOT EXISTS due_items_due ON due_items(due, kind, title, rid, cid, "
    "detail)",
    "CREATE INDEX IF NOT EXISTS due_items_case ON due_items(cid)",
    "DELETE FROM due_items",  # (a vault brought back to an older version keeps the table)
    due_rows(None),
    "CREATE TRIGGER IF NOT EXISTS due_items_insert AFTER INSERT ON records "
    f"WHEN {_one_of('NEW.type')} BEGIN {_again('NEW')} END",
    "CREATE TRIGGER IF NOT EXISTS due_items_update AFTER UPDATE OF type, deleted, case_id, "
    "status, due, subtype, worker, title, main_date ON records "
    f"WHEN {_one_of('OLD.type')} OR {_one_of('NEW.type')} "
    f"BEGIN {_again('OLD')} {_again('NEW')} END",
    "CREATE TRIGGER IF NOT EXISTS due_items_delete AFTER DELETE ON records "
    f"WHEN {_one_of('OLD.type')} BEGIN {_again('OLD')} END",
    # The route's safety warnings: the protection orders naming a household as the abuser's,
    # looked up by household instead of reading every active measure.
    "CREATE INDEX IF NOT EXISTS records_abuser_household ON records("
    "json_extract(fields, '$.abuser_household_id')) WHERE type = 'measure' AND deleted = 0",
    "CREATE TABLE IF NOT EXISTS open_tasks (meeting_id TEXT NOT NULL, idx INTEGER NOT NULL, "
    "owner TEXT, due TEXT NOT NULL, PRIMARY KEY (meeting_id, idx)) WITHOUT ROWID",
    "CREATE INDEX IF NOT EXISTS open_tasks_owner ON open_tasks(owner, due, meeting_id, idx)",
    "CREATE INDEX IF NOT EXISTS open_tasks_due ON open_tasks(due, meeting_id, idx)",
    "DELETE FROM open_tasks",
    _TASKS.format(row="r").replace("FROM json_each", "FROM records r, json_each"),
    "CREATE TRIGGER IF NOT EXISTS open_tasks_insert AFTER INSERT ON records "
    "WHEN NEW.type = 'meeting' "
    f"BEGIN {_TASKS_AGAIN.format(row='NEW')} END",
    "CREATE TRIGGER IF NOT EXISTS open_tasks_update AFTER UPDATE OF type, deleted, fields "
    "ON records "
    "WHEN OLD.type = 'meeting' OR NEW.type = 'meeting' "
    "BEGIN DELETE FROM open_tasks WHERE meeting_id = OLD.id; "
    f"{_TASKS_AGAIN.format(row='NEW')} END",
    "CREATE TRIGGER IF NOT EXISTS open_tasks_delete AFTER DELETE ON records "
    "WHEN OLD.type = 'meeting' "
    "BEGIN DELETE FROM open_tasks WHERE meeting_id = OLD.id; END",
]
