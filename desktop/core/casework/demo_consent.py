"""The demo's consent records: a case referred to a service has the person's consent (or a
guardian's for a child) from before the first referral; a few were refused or later withdrawn.
Chosen from the case number, so the same seed makes the same records."""

from __future__ import annotations

import datetime as dt
import zlib
from typing import Any

from sync.ids import uuid7

Item = tuple[str, str, dict[str, Any]]
VALID_DAYS = 365


def demo_consent(case_id: str, case: dict[str, Any], person_id: str, first_referral: str,
                 worker: str, is_child: bool, today: dt.date) -> Item:
    """The consent of a referred case, given on the day of its first referral."""
    roll = zlib.crc32(str(case.get("case_number") or case_id).encode()) % 20
    given = dt.date.fromisoformat(first_referral)
    kind, by = ("guardian_consent", "representative") if is_child else ("consent", "person")
    status = "refused" if roll == 0 else "given"
    history: list[dict[str, Any]] = [{"status": status, "on": given.isoformat(), "by": by,
                                      "recorded_by": worker}]
    fields: dict[str, Any] = {
        "person_id": person_id, "case_id": case_id, "kind": kind, "legal_basis": "consent",
        "institutions": ["service_provider", "health_centre"], "purpose": "referral",
        "given_on": given.isoformat(),
        "valid_until": (given + dt.timedelta(days=VALID_DAYS)).isoformat(),
        "status": status, "status_on": given.isoformat(), "decided_by": by,
        "recorded_by": worker}
    withdrawn = given + dt.timedelta(days=20)
    if roll in (1, 2) and withdrawn <= today:
        history.append({"status": "withdrawn", "on": withdrawn.isoformat(), "by": by,
                        "recorded_by": worker, "reason": "Nuk dëshiron më shërbimin."})
        fields.update(status="withdrawn", status_on=withdrawn.isoformat(),
                      withdrawal_reason="Nuk dëshiron më shërbimin.")
    fields["history"] = history
    return uuid7(), "consent", fields
