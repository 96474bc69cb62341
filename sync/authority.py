"""Which roles may approve plans and issue administrative acts: one rule, read from the
country profile, applied by the laptop before it makes the record and by the server to every
change it is sent.

- A plan is approved (or returned with a comment) by a role marked ``approves_plans`` in the
  profile; a plan type may narrow this with ``approved_by: [role, ...]``.
- An administrative act is issued by a role marked ``issues_acts``.

The server answers a refused change with :data:`NOT_AN_APPROVER` or :data:`NOT_AN_ISSUER`
(English, for IT staff); the laptop shows each in the user's language.
"""

from __future__ import annotations

from typing import Any

from sync.profile import Profile

NOT_AN_APPROVER = "this role may not approve plans of this type"
NOT_AN_ISSUER = "this role may not issue administrative acts"

APPROVAL_FIELDS = ("approved_on", "approved_by")
RETURN_FIELDS = ("returned_on", "returned_by", "return_comment")


def approver_roles(profile: Profile, plan_type: str | None) -> list[str]:
    """The role codes that may approve (or return) a plan of ``plan_type``."""
    roles = [str(r["code"]) for r in profile.items("roles") if r.get("approves_plans")]
    item = profile.item("plan_types", plan_type) if plan_type else None
    narrowed = (item or {}).get("approved_by")
    if isinstance(narrowed, list):
        roles = [r for r in roles if r in narrowed]
    return roles


def may_approve(profile: Profile, role: str, plan_type: str | None) -> bool:
    return role in approver_roles(profile, plan_type)


def issuer_roles(profile: Profile) -> list[str]:
    """The role codes that may issue administrative acts."""
    return [str(r["code"]) for r in profile.items("roles") if r.get("issues_acts")]


def may_issue_acts(profile: Profile, role: str) -> bool:
    return role in issuer_roles(profile)


def sets_approval(fields: dict[str, Any]) -> bool:
    """Whether a change of a plan approves or returns it (sets an approval field)."""
    return any(fields.get(name) for name in APPROVAL_FIELDS + RETURN_FIELDS)
