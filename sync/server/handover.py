"""Handing a refused case over to a colleague who works on another laptop.

The server refused a case (and the records of it) from the worker who made it: their role or
units may not hold it. The worker's laptop sends those records again, whole, naming a colleague
whose role and units may hold them. The server accepts them only

* from a user who may write (not a read-only role), for an active colleague who may write;
* when the records are one case and its own records (and the person or household it names),
  none of which the server holds yet, each of which this server refused from this same user
  (a hand-over brings only what its sender made and the server refused, so it can neither
  read anything nor write into a record that exists);
* when a person or household the case names and the hand-over does not bring is one the
  sender may see now;
* when the colleague may hold every record: the same checks as a push by the colleague
  (:func:`sync.server.push.apply_batch` with the colleague's role and units).

The colleague becomes the case manager (``assigned_worker``, and an entry in ``transfers``),
and each record handed over is written to the server's audit as ``handover`` with the sender,
the sender's laptop and the colleague. All or nothing: one refusal refuses the whole hand-over.
The laptop chooses the change ids once per refused record, so a request sent again after a cut
reply is answered as the first time and applies nothing twice.
"""

import datetime as dt
import json
import logging
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from sync.audit import GENESIS_HASH, audit_hash
from sync.profile import Profile
from sync.protocol import CHILD_TYPES, E_INVALID, E_SCOPE, PUSH_BATCH_MAX
from sync.records import Change
from sync.server import push
from sync.server.errors import ApiError
from sync.server.models import AuditEntry, ChangeRow, RecordRow, User
from sync.server.schemas import ChangeIn, ChangeResult, ErrorReply, Strict
from sync.server.scope import ScopeIndex, UserScope

log = logging.getLogger("kujdes.server.handover")
AUDIT_CHAIN = "server-handover"  # the server's own entries; laptops' chains are hashes
E_EXISTS = "already_on_server"


class ColleaguesRequest(Strict):
    case_type: str = Field(min_length=1, max_length=64)
    administrative_unit: str | None = Field(default=None, max_length=120)


class Colleague(BaseModel):
    username: str
    full_name: str
    role: str


class ColleaguesReply(BaseModel):
    colleagues: list[Colleague]


class HandoverRequest(Strict):
    to: str = Field(min_length=1, max_length=80)
    changes: list[ChangeIn] = Field(min_length=1, max_length=PUSH_BATCH_MAX)


class HandoverReply(BaseModel):
    to: str
    full_name: str
    results: list[ChangeResult]


def _refuse(message: str) -> ApiError:
    return ApiError(403, E_SCOPE, f"{message} Nothing was handed over.")


def may_hold(profile: Profile, user: User, case_type: str, unit: str | None) -> bool:
    """Whether ``user`` may write and hold a case of this type in this unit."""
    role = profile.item("roles", user.role) or {}
    scope = UserScope(user.username, user.role, tuple(user.units or ()))
    item = profile.item("case_types", case_type) or {}
    role_may = not item.get("sensitive") or user.role in (item.get("visible_to") or [])
    return not user.disabled and not role.get("read_only") and scope.has_unit(unit) \
        and bool(item) and role_may


def colleagues(session: Session, sender: UserScope, profile: Profile, case_type: str,
               unit: str | None) -> list[dict[str, str]]:
    """The active users, other than the sender, who may hold such a case: name and role."""
    if sender.read_only:
        raise ApiError(403, E_SCOPE, "This role may only read records; it cannot hand a "
                       "case over.")
    if profile.item("case_types", case_type) is None:
        raise ApiError(422, E_INVALID, f"case_type: {case_type!r} is not a case type of "
                       "this server's profile")
    users = session.scalars(select(User).where(User.username != sender.username)
                            .order_by(User.full_name)).all()
    return [{"username": u.username, "full_name": u.full_name, "role": u.role}
            for u in users if may_hold(profile, u, case_type, unit)]


def hand_over(session: Session, ctx: push.PushContext, to: str,
              changes: list[Change]) -> dict[str, Any]:
    """Check and apply a hand-over in the caller's transaction (committed here)."""
    sender = ctx.user
    if sender.read_only:
        raise _refuse("This role may only read records.")
    colleague = session.scalar(select(User).where(User.username == to))
    if colleague is None or colleague.disabled or colleague.username == sender.username:
        raise _refuse(f"There is no active colleague {to!r} to hand the case to.")
    case = _the_case(changes)
    seen = set(session.scalars(select(ChangeRow.change_id).where(
        ChangeRow.change_id.in_([c.change_id for c in changes]))))
    new = [c for c in changes if c.change_id not in seen]
    if new:
        _check_new(session, ctx, new, case, colleague)
    elif _handed_to(session, case.change_id) != colleague.username:
        raise _refuse("These records were handed over already, to another colleague.")
    case_type = str(case.fields.get("case_type") or "")
    if not may_hold(ctx.profile, colleague, case_type, case.fields.get("administrative_unit")):
        raise _refuse(f"{colleague.full_name} ({colleague.role}) may not hold this case.")
    as_colleague = push.PushContext(
        UserScope(sender.username, colleague.role, tuple(colleague.units or ())),
        ctx.device_id, ctx.profile, ctx.municipality)
    batch = [_with_manager(c, colleague.username, sender.username) if c is case and c in new
             else c for c in changes]
    results = push.apply_batch(session, as_colleague, batch)
    refused = [r for r in results if r["status"] == "rejected"]
    if refused:
        session.rollback()
        why = str(refused[0].get("message") or "")
        if "caseload" in why:
            why = f"{colleague.full_name} ({colleague.role}) may not hold one of its records"
        raise _refuse(f"The server did not accept the hand-over: {why}.")
    _audit(session, ctx, colleague.username, new)
    session.commit()
    log.info("hand-over from device %s: %d records, %d new", ctx.device_id[:8], len(changes),
             len(new))
    return {"to": colleague.username, "full_name": colleague.full_name, "results": results}


def _handed_to(session: Session, change_id: str) -> str | None:
    row = session.get(ChangeRow, change_id)
    return row.fields.get("assigned_worker") if row is not None else None


def _the_case(changes: list[Change]) -> Change:
    cases = [c for c in changes if c.record_type == "case"]
    if len(cases) != 1:
        raise ApiError(422, E_INVALID, "A hand-over holds exactly one case and its records.")
    return cases[0]


def _check_new(session: Session, ctx: push.PushContext, new: list[Change], case: Change,
               colleague: User) -> None:
    sender = ctx.user
    parties = {v for v in (case.fields.get("person_id"), case.fields.get("household_id"))
               if isinstance(v, str) and v}
    ids = {c.record_id for c in new}
    for change in new:
        if change.user != sender.username or change.device != ctx.device_id:
            raise _refuse("A hand-over carries only changes made by its sender on this laptop.")
        if change.deleted:
            raise _refuse("A hand-over cannot delete a record.")
        belongs = change is case or (change.record_type in ("person", "household")
                                     and change.record_id in parties) or \
            (change.record_type in CHILD_TYPES and change.fields.get("case_id") == case.record_id)
        if not belongs:
            raise _refuse(f"Record {change.record_id} is not part of the case handed over.")
    existing = session.scalars(select(RecordRow.id).where(RecordRow.id.in_(sorted(ids)))).all()
    if existing:
        raise ApiError(409, E_EXISTS, f"Record {existing[0]} is already on the municipal "
                       "server: a hand-over brings only records the server refused and does not "
                       "hold. Nothing was handed over.")
    refused = {row.record_id for row in session.scalars(select(ChangeRow).where(
        ChangeRow.record_id.in_(sorted(ids)), ChangeRow.user == sender.username,
        ChangeRow.device == ctx.device_id)) if (row.result or {}).get("status") == "rejected"}
    missing = sorted(ids - refused)
    if missing:
        raise _refuse(f"Record {missing[0]} was not refused to you by the server: only the "
                      "records the server refused from you can be handed over.")
    index = ScopeIndex.lazy(session, sender, ctx.profile)
    for party in sorted(parties - ids):
        row = session.get(RecordRow, party)
        if row is None or row.type not in ("person", "household") or \
                not index.visible(row.id, row.type, row.fields):
            raise _refuse("The case names a person or household that you may not see and "
                          "that the hand-over does not bring.")


def _with_manager(change: Change, colleague: str, sender: str) -> Change:
    fields = dict(change.fields)
    entry = {"on": dt.date.today().isoformat(), "by": sender,
             "from_worker": fields.get("assigned_worker"), "to_worker": colleague,
             "from_municipality": None, "to_municipality": None}
    transfers = fields.get("transfers") if isinstance(fields.get("transfers"), list) else []
    fields.update(assigned_worker=colleague, transfers=[*transfers, entry])
    return Change(change.change_id, change.record_id, change.record_type, change.base_rev,
                  fields, change.hlc, change.user, change.device, change.deleted,
                  change.created)


def _audit(session: Session, ctx: push.PushContext, colleague: str,
           changes: list[Change]) -> None:
    """One ``handover`` entry per record, in the server's own chain for this user and laptop."""
    key = (AuditEntry.device == ctx.device_id, AuditEntry.user == ctx.user.username,
           AuditEntry.chain == AUDIT_CHAIN)
    last = session.scalars(select(AuditEntry).where(*key).order_by(AuditEntry.seq.desc())
                           .limit(1)).first()
    seq, prev = (last.seq, last.hash) if last else (0, GENESIS_HASH)
    at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    for change in changes:
        detail = json.dumps({"to": colleague, "from": ctx.user.username}, sort_keys=True)
        digest = audit_hash(prev, at, ctx.user.username, ctx.device_id, "handover",
                            change.record_type, change.record_id, detail)
        seq += 1
        session.add(AuditEntry(device=ctx.device_id, user=ctx.user.username, chain=AUDIT_CHAIN,
                               seq=seq, at=at, action="handover", record_type=change.record_type,
                               record_id=change.record_id, detail=detail, prev_hash=prev,
                               hash=digest))
        prev = digest


def add_routes(router: APIRouter, caller: Any, db: Any, context: Callable[..., Any],
               retries: Callable[..., Any]) -> None:
    """``POST /api/handover/colleagues`` and ``POST /api/handover`` (wired in app.py)."""

    @router.post("/handover/colleagues", response_model=ColleaguesReply)
    def handover_colleagues(body: ColleaguesRequest, who: caller,  # type: ignore[valid-type]
                            session: db,  # type: ignore[valid-type]
                            ) -> dict[str, Any]:
        ctx = context(who)
        return {"colleagues": colleagues(session, ctx.user, ctx.profile, body.case_type,
                                         body.administrative_unit)}

    @router.post("/handover", response_model=HandoverReply, response_model_exclude_none=True,
                 responses={409: {"model": ErrorReply,
                                  "description": "A record handed over is already on the "
                                                 "server"}})
    def handover(body: HandoverRequest,
                 who: caller) -> dict[str, Any]:  # type: ignore[valid-type]
        ctx = context(who)
        changes = [Change(**c.model_dump()) for c in body.changes]
        return retries(lambda s: hand_over(s, ctx, body.to, changes))

