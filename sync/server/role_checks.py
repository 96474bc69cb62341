"""What only some roles may do, checked again on the server for every pushed change: a plan
is approved or returned only by a role that may approve its type, an administrative act is
issued only by a role that issues acts (rules in :mod:`sync.authority`). The laptop refuses
these first; a laptop that does not (an old or altered one) is refused here."""

from __future__ import annotations

from typing import Any

from sync.authority import (
    APPROVAL_FIELDS,
    NOT_AN_APPROVER,
    NOT_AN_ISSUER,
    RETURN_FIELDS,
    may_approve,
    may_issue_acts,
)
from sync.profile import Profile
from sync.records import Change

ACT_TYPE = "administrative_act"


def role_refusal(profile: Profile, role: str, change: Change, before: dict[str, Any] | None,
                 after: dict[str, Any]) -> str | None:
    """Why ``role`` may not make ``change`` (None when it may). ``before`` and ``after`` are
    the record's fields as stored and as merged with the change."""
    if change.record_type == ACT_TYPE and not may_issue_acts(profile, role):
        return NOT_AN_ISSUER
    if change.record_type == "plan" and _gives_approval(change.fields, before or {}) and \
            not may_approve(profile, role, after.get("plan_type")):
        return NOT_AN_APPROVER
    return None


def _gives_approval(fields: dict[str, Any], before: dict[str, Any]) -> bool:
    """The change approves or returns the plan: it sets an approval field to a new value (a
    whole record sent again with the approval it already had does not)."""
    return any(fields.get(name) and fields.get(name) != before.get(name)
               for name in APPROVAL_FIELDS + RETURN_FIELDS)
