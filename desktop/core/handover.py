"""Handing a refused case to a colleague on another laptop, through the municipal server
(Qt-free).

The server refused a case from this worker (their role or units may not hold it). The laptop
asks the server which colleagues may hold it (name and role), then sends the case and its
refused records, whole, naming the colleague (``POST /api/handover``, docs/sync-protocol.md).
The server checks them as a push by the colleague and makes the colleague the case manager;
the colleague's laptop receives the case at its next sync.

Once the server has accepted them, the records leave this laptop (they are settled as
``discard_refused`` does, with "handed over to ..." as the reason in the audit log): the
worker's role may not hold them, and the server would take them off at the next caseload check
anyway. A person already on the server stays until that check, which removes them when the
case was their only link the worker may see.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from desktop.core.errors import KujdesError
from desktop.core.i18n import current_language
from desktop.core.refusals import _OPEN, NothingRefused, _with_refused_children, discard_refused
from desktop.core.store import Store
from sync.client import AuthError, RequestRefused, SyncClient
from sync.records import Record

RunDb = Callable[[Callable[[Store], Any]], Any]
_IDS = uuid.UUID("5b1f3f3e-6a43-4c57-9d1e-6b2a8f0c4d11")  # names hand-over change ids


class NoCaseToHandOver(KujdesError):
    message = "Only a case, with its records, can be handed over; this record has no case."


class HandoverRefused(KujdesError):
    message = "The municipal server did not accept the hand-over: {reason}"


@dataclass(frozen=True)
class Colleague:
    username: str
    full_name: str
    role: str        # the role's label in the current language

    @property
    def text(self) -> str:
        return f"{self.full_name} · {self.role}"


@dataclass(frozen=True)
class HandoverPlan:
    """What a hand-over sends: the refused case and its refused records, as whole records."""

    case: Record
    changes: list[dict[str, Any]]


def plan_handover(store: Store, record_id: str) -> HandoverPlan:
    """The changes to send for the refused case of ``record_id`` (the case, its refused
    records, and its person or household when the server refused those too)."""
    with store.reading() as conn:
        refused = {r[0]: r[1] for r in conn.exec_driver_sql(
            f"SELECT record_id, max(change_id) FROM outbox WHERE {_OPEN} GROUP BY record_id")}
    record = store.get(record_id)
    case_id = record.id if record is not None and record.type == "case" else (
        record.fields.get("case_id") if record is not None else None)
    if not isinstance(case_id, str) or case_id not in refused:
        if record_id not in refused:
            raise NothingRefused()
        raise NoCaseToHandOver()
    with store.reading() as conn:
        ids = _with_refused_children(conn, case_id)
    case = store.get(case_id)
    if case is None:
        raise NoCaseToHandOver()
    parties = [case.fields.get("person_id"), case.fields.get("household_id")]
    ids += [p for p in parties if isinstance(p, str) and p in refused]
    changes = []
    for rid in ids:
        item = store.get(rid)
        if item is None:
            continue
        changes.append({
            # the same id each time this refusal is handed over: a retry after a cut reply is
            # answered as the first attempt was
            "change_id": str(uuid.uuid5(_IDS, f"{store.device}:{rid}:{refused[rid]}")),
            "record_id": rid, "record_type": item.type, "base_rev": 0,
            "fields": dict(item.fields), "hlc": store.clock.now(), "user": store.user,
            "device": store.device, "deleted": False, "created": True})
    return HandoverPlan(case, changes)


def server_client(store: Store, device_id: str) -> SyncClient:
    from desktop.core.settings import server_ca_cert
    from desktop.core.sync_local import META_TOKEN, META_URL

    url, token = store.meta_get(META_URL), store.meta_get(META_TOKEN)
    if not url or not token:
        raise AuthError("This vault has no server session. Sign in while connected.")
    return SyncClient(url, device_id, token, ca_cert=server_ca_cert())


def server_colleagues(run: RunDb, device_id: str, record_id: str) -> list[Colleague]:
    """The colleagues at the server whose role and units may hold the refused case."""
    plan, client = run(lambda store: (plan_handover(store, record_id),
                                      server_client(store, device_id)))
    profile = run(lambda store: store.profile)
    found = client.handover_colleagues(str(plan.case.fields.get("case_type") or ""),
                                       plan.case.fields.get("administrative_unit"))
    language = current_language()
    return [Colleague(str(c["username"]), str(c["full_name"]),
                      profile.label("roles", str(c["role"]), language)) for c in found]


def hand_over_at_server(run: RunDb, device_id: str, record_id: str, colleague: str) -> int:
    """Hand the refused case to ``colleague`` through the server; returns how many records
    went. ``run(fn)`` runs ``fn(store)`` where the vault's database work belongs."""
    plan, client = run(lambda store: (plan_handover(store, record_id),
                                      server_client(store, device_id)))
    try:
        reply = client.hand_over(colleague, plan.changes)
    except RequestRefused as error:
        raise HandoverRefused(reason=str(error)) from None
    reason = f"handed over to {reply.get('to') or colleague} at the municipal server"
    run(lambda store: discard_refused(store, plan.case.id, reason))
    person_ids = {c["record_id"] for c in plan.changes if c["record_type"] != "case"
                  and c["record_id"] in (plan.case.fields.get("person_id"),
                                         plan.case.fields.get("household_id"))}
    for pid in person_ids:
        run(lambda store, pid=pid: _settle(store, pid, reason))
    return len(plan.changes)


def _settle(store: Store, record_id: str, reason: str) -> None:
    with contextlib.suppress(NothingRefused):  # settled with the case already
        discard_refused(store, record_id, reason)
