"""Changes the server refused, in the open, and what a worker can do about them (Qt-free).

A refused change stays in the outbox, acknowledged, with the server's answer as its result;
the record keeps the worker's edit on this laptop. Each refusal is shown per record with the
reason in words and the roles that may hold the record. The worker then either corrects the
record and sends it again (:func:`resend_refused`: one new change with the whole record), or
discards it with a reason written to the audit log (:func:`discard_refused`; the record comes
back from the server at the next sync, or goes if the server never had it). A refusal settled
either way is marked in its outbox result (``handled``), so it is counted no more.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from desktop.core.casework.holding import require_may_hold, require_unit, roles_that_may_hold
from desktop.core.casework.persons import full_name
from desktop.core.errors import KujdesError
from desktop.core.i18n import current_language, tr
from desktop.core.search import reindex_persons
from desktop.core.store import Store
from sync.authority import NOT_AN_APPROVER, NOT_AN_ISSUER
from sync.records import Record

_OPEN = ("acked = 1 AND json_extract(result, '$.status') = 'rejected' "
         "AND json_extract(result, '$.handled') IS NULL")
# The server's reasons (English, from sync/server/push.py) and how a worker reads them.
_REASONS = (
    (NOT_AN_APPROVER, "Only the head of unit or the director approves plans."),
    (NOT_AN_ISSUER, "Your role may not issue administrative acts."),
    ("outside your caseload", "Your role or your administrative units may not hold this "
                              "record."),
    ("may only read records", "Your role may only read records, not change them."),
    ("another user or device", "The change was made under another user or laptop."),
    ("keeps the records of", "The municipal server keeps the records of another "
                             "municipality."),
    ("required", "The record is missing something the municipal server requires."),
    ("not one of the choices", "A value of the record is not in the municipal server's "
                               "lists (the country profile may differ)."),
)


class NothingRefused(KujdesError):
    message = "No change of this record was refused."


@dataclass(frozen=True)
class Refusal:
    """The refused changes of one record."""

    record_id: str
    record_type: str
    changes: int
    reason: str              # in words, translated
    server_message: str      # the server's own words (English), for IT staff
    case_id: str | None
    case_number: str
    person: str
    roles: str               # the roles that may hold the record, as labels ("" if any)
    gone: bool = False       # the record is no longer on this laptop

    @property
    def advice(self) -> str:
        if self.roles:
            return tr("Correct the record and send it again, hand the case to a colleague "
                      "whose role may hold it ({roles}), or discard the change with a reason.",
                      roles=self.roles)
        return tr("Correct the record and send it again, or discard the change with a "
                  "reason.")


def refused_count(store: Store) -> int:
    """How many changes the server refused that no one has settled yet."""
    with store.reading() as conn:
        return int(conn.exec_driver_sql(f"SELECT count(*) FROM outbox WHERE {_OPEN}"
                                        ).scalar_one())


def refused_record_ids(store: Store) -> set[str]:
    with store.reading() as conn:
        return {r[0] for r in conn.exec_driver_sql(
            f"SELECT DISTINCT record_id FROM outbox WHERE {_OPEN}")}


def open_refusals(store: Store) -> list[Refusal]:
    """One entry per record with refused changes, in the order they were made."""
    with store.reading() as conn:
        rows = conn.exec_driver_sql(
            f"SELECT record_id, record_type, result FROM outbox WHERE {_OPEN} ORDER BY seq"
        ).fetchall()
    grouped: dict[str, tuple[str, list[str]]] = {}
    for record_id, record_type, result in rows:
        message = str(json.loads(result).get("message") or "")
        grouped.setdefault(record_id, (record_type, []))[1].append(message)
    return [_refusal(store, rid, rtype, messages) for rid, (rtype, messages) in grouped.items()]


def reason_text(server_message: str) -> str:
    """The server's reason for a refusal, in words a worker reads."""
    for fragment, msgid in _REASONS:
        if fragment in server_message:
            return tr(msgid)
    return tr("The municipal server did not accept it ({detail}).", detail=server_message)


def _refusal(store: Store, record_id: str, record_type: str, messages: list[str]) -> Refusal:
    record = store.get(record_id, include_deleted=True)
    case = _case_of(store, record)
    person_id = (case or record).fields.get("person_id") if (case or record) else None
    person = record if record is not None and record.type == "person" else (
        store.get(person_id) if isinstance(person_id, str) else None)
    roles = ""
    if case is not None and "caseload" in messages[-1]:
        codes = roles_that_may_hold(store.profile, str(case.fields.get("case_type") or ""))
        roles = ", ".join(store.profile.label("roles", c, current_language()) for c in codes)
    return Refusal(record_id, record_type, len(messages), reason_text(messages[-1]),
                   messages[-1], case.id if case else None,
                   str(case.fields.get("case_number", "")) if case else "",
                   full_name(person), roles, gone=record is None)


def _case_of(store: Store, record: Record | None) -> Record | None:
    if record is None:
        return None
    if record.type == "case":
        return record
    case_id = record.fields.get("case_id")
    return store.get(case_id, include_deleted=True) if isinstance(case_id, str) else None


def _mark_handled(conn: Any, record_ids: list[str], how: str) -> int:
    marked = 0
    for rid in record_ids:
        marked += conn.exec_driver_sql(
            f"UPDATE outbox SET result = json_set(result, '$.handled', ?) WHERE record_id = ? "
            f"AND {_OPEN}", (how, rid)).rowcount
    return marked


def _with_refused_children(conn: Any, record_id: str) -> list[str]:
    """The record and the records of its case that were refused too (a refused case's
    visits and notes are refused with it)."""
    children = [r[0] for r in conn.exec_driver_sql(
        f"SELECT DISTINCT record_id FROM outbox WHERE {_OPEN} AND record_id IN "
        "(SELECT id FROM records WHERE case_id = ? AND id != ?)", (record_id, record_id))]
    return [record_id, *children]


def resend_refused(store: Store, record_id: str) -> int:
    """Send the record (as corrected on this laptop) again, whole, with its refused
    records of the case; returns how many records will be sent."""
    with store.transaction() as conn:
        ids = _with_refused_children(conn, record_id)
        if not _mark_handled(conn, ids, "resent"):
            raise NothingRefused()
        sent = 0
        for rid in ids:
            record = store.get(rid, include_deleted=True)
            if record is None:
                continue
            # the whole record goes in one change: the unsent edits are part of it
            conn.exec_driver_sql("DELETE FROM outbox WHERE record_id = ? AND acked = 0", (rid,))
            store.write_unchecked(record, dict(record.fields), action="resend_refused")
            sent += 1
        return sent


def discard_refused(store: Store, record_id: str, reason: str) -> int:
    """Give up the refused changes of a record (and of its case's refused records), with
    the reason in the audit log. A record the server never had leaves this laptop; one it
    has comes back as the server keeps it at the next sync. Returns the records discarded."""
    if not reason or not reason.strip():
        raise KujdesError("Write why the change is discarded.")
    with store.transaction() as conn:
        ids = _with_refused_children(conn, record_id)
        if not _mark_handled(conn, ids, "discarded"):
            raise NothingRefused()
        for rid in ids:
            record = store.get(rid, include_deleted=True)
            store.audit("discard_refused", record,
                        {"record_id": rid, "reason": reason.strip()})
            if record is None:
                continue
            conn.exec_driver_sql("DELETE FROM outbox WHERE record_id = ? AND acked = 0",
                                 (rid,))
            if record.rev == 0:
                conn.exec_driver_sql("DELETE FROM records WHERE id = ?", (rid,))
                if record.type == "person":
                    reindex_persons(conn, [rid])
            else:
                # the caseload check of the next sync sees a revision it lacks and fetches
                # the server's version of the record
                conn.exec_driver_sql("UPDATE records SET rev = 0, sync_state = 'synced' "
                                     "WHERE id = ?", (rid,))
        return len(ids)


def hand_over_refused(store: Store, record_id: str, colleague: Store) -> int:
    """Give a refused case (with its refused records, and its person if that was refused too)
    to a colleague whose vault is on this laptop and whose role may hold it: the records are
    made in the colleague's vault, to be sent at their next sync, and leave this one with the
    handover in the audit log. Returns how many records were handed over."""
    with store.reading() as conn:
        ids = _with_refused_children(conn, record_id)
        refused = {r[0] for r in conn.exec_driver_sql(
            f"SELECT DISTINCT record_id FROM outbox WHERE {_OPEN}")}
    if record_id not in refused:
        raise NothingRefused()
    records = [r for r in (store.get(rid) for rid in ids) if r is not None]
    case = next((r for r in records if r.type == "case"), None)
    if case is not None:
        require_may_hold(colleague, str(case.fields.get("case_type") or ""),
                         case.fields.get("administrative_unit"))
        person = store.get(str(case.fields.get("person_id")))
        if person is not None and person.id in refused and colleague.get(person.id) is None:
            records.insert(0, person)
    else:
        require_unit(colleague, records[0].fields.get("administrative_unit") if records else None)
    with colleague.transaction():
        for record in records:
            colleague.create(record.type, dict(record.fields), record_id=record.id)
    reason = f"handed over to {colleague.user} on this laptop"
    with store.transaction():
        discard_refused(store, record_id, reason)  # with the case's refused records
        if records and records[0].id != record_id and records[0].type == "person":
            discard_refused(store, records[0].id, reason)
    return len(records)
