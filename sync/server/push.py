"""Applying a pushed batch of changes: idempotent, scoped, merged field by field.

One batch is one transaction:

1. changes already seen (by change id) get the result stored with them, unchanged;
2. the records the new changes touch are locked (``SELECT ... FOR UPDATE``, in id order);
3. each change is checked (type, fields, author, scope before and after) and merged
   (:mod:`sync.merge`); a field both sides changed opens or extends a conflict record;
4. revisions are taken from the commit sequence last (:func:`revs.allocate_revs`), so pulls
   wait for this write's claim on them only during the final writes;
5. the records are written (:mod:`record_writes`: one INSERT for the new ones, one UPDATE for
   the others; the rows are read and written as plain values (:class:`PushRow`), not as ORM
   objects) and every change is stored with its result, in the same transaction.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from sync.hlc import parse_stamp
from sync.ids import uuid7
from sync.merge import DELETED, FieldConflict, FieldStamp, MergeRefused, MergeState, merge_change
from sync.profile import Profile
from sync.protocol import CONFLICT_TYPE, FORM_TYPE, INDICATOR_TYPE
from sync.records import Change
from sync.server import blobs, record_writes
from sync.server.models import ChangeRow, RecordRow, utcnow
from sync.server.revs import allocate_revs, transaction_id
from sync.server.role_checks import role_refusal
from sync.server.scope import ScopeIndex, UserScope, scope_columns

log = logging.getLogger("kujdes.server.push")
_RECORDS = RecordRow.__table__

CONFLICT_RESOLUTION_FIELDS = {"status", "resolved_by", "resolved_on", "chosen"}
ATTACHMENT_CONTENT = {"sha256", "size"}


class Rejected(Exception):
    """A change that cannot be applied; its message is returned to the device."""


class PushRow:
    """A record as a push reads, merges and writes it: the columns of ``records`` as plain
    attributes (ORM objects cost more to load and to set than the merge itself)."""

    __slots__ = tuple(c.name for c in _RECORDS.columns)

    def __init__(self, **values: Any) -> None:
        for name in self.__slots__:
            setattr(self, name, values.get(name))

    @classmethod
    def new(cls, rid: str, rtype: str, creator_device: str | None) -> PushRow:
        return cls(id=rid, type=rtype, creator_device=creator_device, deleted=False)


# Built once: a statement built per push costs more to look up in the compiled cache than
# the database takes to run it.
_BY_ID = select(_RECORDS).where(_RECORDS.c.id.in_(bindparam("ids", expanding=True))) \
    .order_by(_RECORDS.c.id)
_LOCKED_BY_ID = _BY_ID.with_for_update()
_SEEN = select(ChangeRow.change_id, ChangeRow.result).where(
    ChangeRow.change_id.in_(bindparam("ids", expanding=True)))
_CONFLICTS_ON = select(_RECORDS).where(_RECORDS.c.type == CONFLICT_TYPE,
                                       _RECORDS.c.target_id == bindparam("target"))


def _read_rows(session: Session, query: Any, params: dict[str, Any]) -> list[PushRow]:
    return [PushRow(**row._mapping) for row in session.execute(query, params)]


@dataclass
class PushContext:
    user: UserScope
    device_id: str
    profile: Profile
    municipality: str


@dataclass
class _Batch:
    session: Session
    ctx: PushContext
    index: ScopeIndex
    rows: dict[str, PushRow]
    owner: int | None  # the transaction's id (revs.transaction_id)
    writes: list[PushRow] = field(default_factory=list)
    created: set[str] = field(default_factory=set)  # ids of the records new in this batch
    next_prov: int = -1
    results: dict[str, dict[str, Any]] = field(default_factory=dict)

    def provisional_rev(self) -> int:
        rev = self.next_prov
        self.next_prov -= 1
        return rev


def apply_batch(session: Session, ctx: PushContext, changes: list[Change]) -> list[dict[str, Any]]:
    """Apply a batch in the caller's transaction; return one result per change, in order."""
    ids = [c.change_id for c in changes]
    seen = dict(session.execute(_SEEN, {"ids": ids}).all())
    new: list[Change] = []
    taken = set(seen)
    for change in changes:
        if change.change_id not in taken:
            taken.add(change.change_id)
            new.append(change)
    record_ids = sorted({c.record_id for c in new})
    owner = transaction_id(session) if new else None
    rows = {row.id: row for row in _read_rows(session, _LOCKED_BY_ID, {"ids": record_ids})}
    index = ScopeIndex.lazy(session, ctx.user, ctx.profile)
    index.prepare([(r.id, r.type, r.fields) for r in rows.values()] +
                  [(c.record_id, c.record_type, c.fields) for c in new])
    batch = _Batch(session, ctx, index, rows, owner)
    with session.no_autoflush:  # nothing is written before the real revisions are known
        for change in new:
            batch.results[change.change_id] = _apply_one(batch, change)
        _finish(batch, new)
    log.info("push from device %s: %d changes, %d new, %d records written",
             ctx.device_id[:8], len(changes), len(new), len(batch.writes))
    return [seen.get(c.change_id) or batch.results[c.change_id] for c in changes]


def _apply_one(batch: _Batch, change: Change) -> dict[str, Any]:
    try:
        return _merge_into(batch, change)
    except Rejected as exc:
        return {"change_id": change.change_id, "status": "rejected", "message": str(exc)}


def _check_change(batch: _Batch, change: Change, row: PushRow | None) -> None:
    ctx = batch.ctx
    if ctx.user.read_only:
        raise Rejected("this role may only read records")
    if change.user != ctx.user.username or change.device != ctx.device_id:
        raise Rejected("the change was made by another user or device")
    try:
        parse_stamp(change.hlc)
    except ValueError:
        raise Rejected("the change has no valid clock stamp") from None
    if change.record_type == FORM_TYPE or (row is not None and row.type == FORM_TYPE):
        raise Rejected("form definitions are published by the municipality's server "
                       "(kujdes-server forms import); a laptop cannot send one")
    if INDICATOR_TYPE in (change.record_type, row.type if row is not None else None):
        raise Rejected("indicator definitions are published by the municipality's server "
                       "(kujdes-server indicators publish); a laptop cannot send one")
    if row is not None and row.type != change.record_type:
        raise Rejected(f"record {change.record_id} is a {row.type}, not a {change.record_type}")
    if change.record_type == CONFLICT_TYPE:
        if row is None:
            raise Rejected("conflict records are made by the server")
        extra = set(change.fields) - CONFLICT_RESOLUTION_FIELDS
        if extra or change.deleted:
            raise Rejected("a conflict record can only be resolved")
        return
    if change.record_type not in ctx.profile.record_types:
        raise Rejected(f"unknown record type {change.record_type!r}")
    fields = {k: v for k, v in change.fields.items() if k != DELETED}
    if DELETED in change.fields and change.fields[DELETED] is not False:
        raise Rejected("_deleted may only be set to false (to keep a deleted record)")
    problems = ctx.profile.validate_fields(change.record_type, fields,
                                           complete=row is None and not change.deleted)
    if problems:
        raise Rejected("; ".join(problems[:5]))
    municipality = change.fields.get("municipality")
    if municipality is not None and municipality != ctx.municipality and \
            change.record_type == "case":
        raise Rejected(f"this server keeps the records of {ctx.municipality}")


def _merge_into(batch: _Batch, change: Change) -> dict[str, Any]:
    row = batch.rows.get(change.record_id)
    _check_change(batch, change, row)
    if row is not None and not batch.index.visible(row.id, row.type, row.fields):
        raise Rejected("this record is outside your caseload")
    state = None if row is None else _state(row)
    rev = batch.provisional_rev()
    spec = batch.ctx.profile.record_types.get(change.record_type)
    try:
        outcome = merge_change(
            state, change, rev,
            append_only=bool(spec and spec.append_only) or change.record_type == CONFLICT_TYPE,
            creator_device=row.creator_device if row is not None else None)
    except MergeRefused as exc:
        raise Rejected(str(exc)) from None
    if change.record_type != CONFLICT_TYPE and not batch.index.visible(
            change.record_id, change.record_type, outcome.state.fields):
        raise Rejected("this record would be outside your caseload")
    why = role_refusal(batch.ctx.profile, batch.ctx.user.role, change,
                       row.fields if row is not None else None, outcome.state.fields)
    if why:
        raise Rejected(why)
    if change.record_type == "attachment" and (row is None or ATTACHMENT_CONTENT & set(
            change.fields)):
        why = blobs.check_attachment(batch.session, batch.index, batch.ctx.user,
                                     batch.ctx.profile, outcome.state.fields)
        if why:
            raise Rejected(why)
    if not outcome.changed and not outcome.conflicts:
        batch.next_prov += 1  # the revision was not used
        return {"change_id": change.change_id, "status": "applied",
                "rev": row.rev if row is not None else 0}
    row = _write(batch, change, row, outcome.state, rev)
    conflict_ids = [_open_conflict(batch, row, c, change) for c in outcome.conflicts]
    result: dict[str, Any] = {"change_id": change.change_id, "rev": rev,
                              "status": "conflict" if conflict_ids else "applied"}
    if conflict_ids:
        result["conflicts"] = conflict_ids
    return result


def _state(row: PushRow) -> MergeState:
    stamps = {k: FieldStamp.from_json(v) for k, v in (row.stamps or {}).items()}
    return MergeState(dict(row.fields), row.deleted, stamps)


def _write(batch: _Batch, change: Change, row: PushRow | None, state: MergeState,
           rev: int) -> PushRow:
    if row is None:
        row = PushRow.new(change.record_id, change.record_type, change.device)
        batch.created.add(row.id)
        batch.rows[row.id] = row
    _set_state(row, state, rev)
    batch.index.note(row.id, row.type, row.fields)
    batch.writes.append(row)
    return row


def _set_state(row: PushRow, state: MergeState, rev: int) -> None:
    row.fields = state.fields
    row.deleted = state.deleted
    row.stamps = {k: v.to_json() for k, v in state.stamps.items()}
    row.rev = rev
    row.updated_at = utcnow()
    for name, value in scope_columns(row.type, state.fields).items():
        setattr(row, name, value)


def _open_conflict(batch: _Batch, target: PushRow, conflict: FieldConflict,
                   change: Change) -> str:
    """Record a field conflict: extend the open conflict on that field, or open a new one."""
    row = _find_open_conflict(batch, target.id, conflict.field)
    values = [v.to_json() for v in conflict.values]
    if row is None:
        fields: dict[str, Any] = {
            "record_id": target.id, "record_type": target.type, "field": conflict.field,
            "values": values, "shown": conflict.shown, "status": "open",
            "opened_hlc": change.hlc}
        if target.fields.get("case_id"):
            fields["case_id"] = target.fields["case_id"]
        row = PushRow.new(uuid7(), CONFLICT_TYPE, None)
        batch.created.add(row.id)
        batch.rows[row.id] = row
    else:
        fields = dict(row.fields)
        known = {v["change_id"] for v in fields["values"]}
        fields["values"] = fields["values"] + [v for v in values if v["change_id"] not in known]
        fields["shown"] = conflict.shown
    stamp = FieldStamp(0, change.hlc, change.device, change.user, change.change_id)
    state = MergeState(fields, False, dict.fromkeys(fields, stamp))
    rev = batch.provisional_rev()
    for s in state.stamps.values():
        s.rev = rev
    _set_state(row, state, rev)
    batch.index.note(row.id, row.type, row.fields)
    batch.writes.append(row)
    return row.id


def _find_open_conflict(batch: _Batch, target_id: str, field_name: str) -> PushRow | None:
    for row in batch.rows.values():
        if row.type == CONFLICT_TYPE and row.target_id == target_id and \
                row.fields.get("field") == field_name and row.fields.get("status") == "open":
            return row
    for row in _read_rows(batch.session, _CONFLICTS_ON, {"target": target_id}):
        if row.fields.get("field") == field_name and row.fields.get("status") == "open":
            batch.rows.setdefault(row.id, row)
            return batch.rows[row.id]
    return None


def _finish(batch: _Batch, new: list[Change]) -> None:
    # Everything but the revisions is made before they are taken.
    stored = [{"change_id": change.change_id, "record_id": change.record_id,
               "record_type": change.record_type, "base_rev": change.base_rev,
               "fields": change.fields, "deleted": change.deleted, "hlc": change.hlc,
               "user": change.user, "device": change.device,
               "result": batch.results[change.change_id]} for change in new]
    used = -batch.next_prov - 1
    first = allocate_revs(batch.session, used, batch.owner) if used else 0

    def real(rev: int) -> int:
        return first + (-rev) - 1 if rev < 0 else rev

    for row in {id(r): r for r in batch.writes}.values():
        row.rev = real(row.rev)
        row.stamps = {k: [real(v[0]), *v[1:]] for k, v in row.stamps.items()}
    for change in new:
        result = batch.results[change.change_id]
        if "rev" in result:
            result["rev"] = real(result["rev"])
    rows = list({id(r): r for r in batch.writes}.values())
    conn = batch.session.connection()
    record_writes.write_records(conn, [r for r in rows if r.id in batch.created],
                                [r for r in rows if r.id not in batch.created])
    record_writes.insert_changes(conn, stored)  # never read back in this request

