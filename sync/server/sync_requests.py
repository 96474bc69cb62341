"""The two requests every sync sends, push and pull: each checks its sign-in and does its work
in one turn of a request thread (see app.py); and the write transactions they share with the
other routes, retried when they lose a race."""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from fastapi import Response
from sqlalchemy import update
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session

from sync.records import Change
from sync.server import auth, pull, push
from sync.server.auth import SignedDevice, SignedUser
from sync.server.models import Device, utcnow
from sync.server.replies import json_reply
from sync.server.schemas import PullReply, PullRequest, PushReply, PushRequest
from sync.server.scope import UserScope

if TYPE_CHECKING:
    from sync.server.app import ServerState

log = logging.getLogger("kujdes.server")
RETRIES = 5
TOUCH_DEVICE_S = 30  # a device's last contact and last sync are written at most this often


@dataclass(frozen=True)
class Credentials:
    """The token and device headers of a request, checked by :func:`signed_in`."""

    authorization: str | None
    device: str | None


def signed_in(state: ServerState, session: Session, sent: Credentials,
              end_read: bool = True) -> tuple[SignedUser, SignedDevice]:
    """The user and device behind the request's token (refused as :func:`auth.authenticate`
    says); ends ``session``'s read unless the caller reads on."""
    user, dev, token = auth.authenticate(session, sent.authorization, sent.device,
                                         state.limits.token_idle_seconds)
    if end_read:
        session.commit()  # the endpoint starts its own transactions
    if auth.needs_touch(token, state.limits.token_idle_seconds):
        with_retries(state, lambda s: auth.touch(s, token.token_hash))
    return user, dev


def push_request(state: ServerState, sent: Credentials, body: PushRequest) -> Response:
    with state.sessions() as session:
        user, device = signed_in(state, session, sent)
    ctx = push.PushContext(scope_of(state, user), device.id, state.profile, state.municipality)
    changes = [Change(**c.model_dump()) for c in body.changes]
    results = with_retries(state, lambda s: _push_tx(s, ctx, changes, device))
    # written here, in the request's thread, as the route's response model would write it
    reply = PushReply.model_validate({"results": results})
    return Response(reply.model_dump_json(exclude_none=True).encode(),
                    media_type="application/json")


def pull_request(state: ServerState, sent: Credentials, body: PullRequest) -> Response:
    with state.sessions() as session:
        user, device = signed_in(state, session, sent, end_read=False)
        page = pull.pull_page(session, scope_of(state, user), state.profile, body.cursor,
                              body.limit)
        session.commit()
    synced = not page["more"]
    if _touch_due(device, synced=synced):
        with_retries(state, lambda s: _touch(s, device.id, synced=synced))
    return json_reply(page, PullReply)


def _push_tx(session: Session, ctx: push.PushContext, changes: list[Change],
             device: SignedDevice) -> list[dict[str, Any]]:
    if _touch_due(device, synced=False):  # before the commit sequence's lock
        _touch(session, device.id, synced=False, commit=False)
    results = push.apply_batch(session, ctx, changes)
    session.commit()
    return results


def with_retries(state: ServerState, work: Callable[[Session], Any]) -> Any:
    """Run a write transaction; retry when it lost a race (duplicate insert, deadlock)."""
    for attempt in range(RETRIES):
        with state.writer() as session:
            try:
                return work(session)
            except (IntegrityError, OperationalError, DBAPIError) as exc:
                session.rollback()
                if attempt == RETRIES - 1:
                    raise
                log.warning("write transaction retried after %s", type(exc).__name__)
                time.sleep(0.02 * (attempt + 1))
    raise AssertionError("unreachable")


def _touch_due(device: SignedDevice, synced: bool) -> bool:
    """Whether the device's last contact (or last complete sync) is older than
    ``TOUCH_DEVICE_S``: the administrator sees them to the minute, and a write on every
    request would cost each pull a transaction of its own."""
    limit = utcnow() - dt.timedelta(seconds=TOUCH_DEVICE_S)
    stale = [device.last_seen, device.last_sync] if synced else [device.last_seen]
    return any(when is None or when < limit for when in stale)


def _touch(session: Session, device_id: str, synced: bool, commit: bool = True) -> None:
    """Note the device's last contact (and last complete sync) in one statement."""
    now = utcnow()
    values = {"last_seen": now, "last_sync": now} if synced else {"last_seen": now}
    table = Device.__table__
    session.connection().execute(update(table).where(table.c.id == device_id).values(**values))
    if commit:
        session.commit()


def scope_of(state: ServerState, user: SignedUser) -> UserScope:
    role = state.profile.item("roles", user.role) or {}
    return UserScope(user.username, user.role, tuple(user.units or ()),
                     bool(role.get("read_only")))

