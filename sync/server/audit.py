"""The laptops' audit logs on the server: appended in chain order, never changed.

Each vault's log is one chain (named by its first entry's hash) of one user on one laptop.
A batch is stored only when every entry follows the chain the server holds: entries it has
already are skipped when identical (a batch sent again after a cut reply) and refused when they
differ; a new entry must name the last one's hash and carry its own correct hash. A broken
batch is refused whole: nothing of it is stored.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sync.audit import GENESIS_HASH, audit_hash
from sync.server.errors import ApiError
from sync.server.models import AuditEntry, Device, RecordRow

E_AUDIT = "audit_chain_broken"


def _broken(seq: int, why: str) -> ApiError:
    return ApiError(409, E_AUDIT, f"The audit log sent from this laptop is broken at entry "
                    f"{seq}: {why}. Nothing of this batch was stored; tell the administrator.")


def append(session: Session, username: str, device_id: str, chain: str,
           entries: list[dict[str, Any]]) -> dict[str, int]:
    """Check and store a batch of one chain's entries (in the caller's transaction)."""
    for entry in entries:
        if entry["user"] != username or entry["device"] != device_id:
            raise ApiError(403, E_AUDIT, "Audit entries can only be sent by the user and laptop "
                           "that wrote them.")
    key = (AuditEntry.device == device_id, AuditEntry.user == username,
           AuditEntry.chain == chain)
    seqs = [e["seq"] for e in entries]
    known = {row.seq: row.hash for row in session.scalars(
        select(AuditEntry).where(*key, AuditEntry.seq.in_(seqs)))}
    last = session.scalars(select(AuditEntry).where(*key).order_by(AuditEntry.seq.desc())
                           .limit(1)).first()
    head_seq, head_hash = (last.seq, last.hash) if last else (0, None)
    accepted = 0
    for entry in sorted(entries, key=lambda e: e["seq"]):
        seq = entry["seq"]
        if seq in known:
            if known[seq] != entry["hash"]:
                raise _broken(seq, "it differs from the entry the server already holds")
            continue
        if seq <= head_seq:
            raise _broken(seq, "it comes before entries the server already holds")
        expected_prev = head_hash if head_hash is not None else GENESIS_HASH
        if entry["prev_hash"] != expected_prev:
            raise _broken(seq, "it does not follow the previous entry" if head_hash else
                          "the entries before it have not arrived")
        if head_hash is None and entry["hash"] != chain:
            raise _broken(seq, "the first entry does not name this log")
        if audit_hash(entry["prev_hash"], entry["at"], entry["user"], entry["device"],
                      entry["action"], entry["record_type"], entry["record_id"],
                      entry["detail"]) != entry["hash"]:
            raise _broken(seq, "its hash does not match its content")
        session.add(AuditEntry(device=device_id, user=username, chain=chain,
                               **{k: entry[k] for k in ("seq", "at", "action", "record_type",
                                                        "record_id", "detail", "prev_hash",
                                                        "hash")}))
        head_seq, head_hash = seq, entry["hash"]
        accepted += 1
    session.commit()
    return {"accepted": accepted, "head": head_seq}


@dataclass
class AuditLine:
    at: str
    user: str
    device: str
    device_name: str
    action: str
    record_type: str | None


def for_case(session: Session, case_number: str) -> list[AuditLine] | None:
    """Who did what to the case with this number and its records, oldest first; None when
    no case has this number."""
    case_ids = [row.id for row in session.scalars(select(RecordRow).where(
        RecordRow.type == "case")) if row.fields.get("case_number") == case_number]
    if not case_ids:
        return None
    record_ids = set(case_ids) | set(session.scalars(select(RecordRow.id).where(
        RecordRow.case_id.in_(case_ids))))
    names = dict(session.execute(select(Device.id, Device.name)).all())
    rows = session.scalars(select(AuditEntry).where(AuditEntry.record_id.in_(sorted(record_ids)))
                           .order_by(AuditEntry.at, AuditEntry.id)).all()
    return [AuditLine(r.at, r.user, r.device, names.get(r.device, ""), r.action, r.record_type)
            for r in rows]


def count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(AuditEntry)) or 0


def show_time(at: str) -> str:
    """An entry's ISO time as dd.MM.yyyy HH:MM:SS UTC."""
    try:
        when = dt.datetime.fromisoformat(at)
    except ValueError:
        return at
    return when.strftime("%d.%m.%Y %H:%M:%S UTC")
