"""Labels of fixed choice lists declared inline in the profile (not as profile sections).

Message ids, translated with the context ``document`` where a document shows them.
"""

from __future__ import annotations

from desktop.core.i18n import N_

CHOICES: dict[str, dict[str, str]] = {
    "plan.status": {
        "draft": N_("Draft"),
        "active": N_("Active"),
        "superseded": N_("Superseded"),
    },
    "plan_action.status": {
        "planned": N_("Planned"),
        "in_progress": N_("In progress"),
        "done": N_("Done"),
        "cancelled": N_("Cancelled"),
    },
    "visit.protocol": {
        "routine": N_("Routine visit"),
        "rapid_response": N_("Rapid response"),
        "emergency": N_("Emergency"),
    },
    "referral.status": {
        "sent": N_("Sent"),
        "accepted": N_("Accepted"),
        "delivered": N_("Delivered"),
        "refused": N_("Refused by the beneficiary"),
        "not_possible": N_("Not possible"),
    },
    "referral.not_possible_reason": {
        "no_capacity": N_("No capacity"),
        "distance": N_("Distance"),
        "not_available": N_("Service not available"),
        "other": N_("Other"),
    },
    "measure.status": {
        "active": N_("In force"),
        "ended": N_("Ended"),
        "revoked": N_("Revoked"),
    },
    "person.sex": {
        "F": N_("Female"),
        "M": N_("Male"),
    },
    "household.area_type": {
        "urban": N_("Urban"),
        "rural": N_("Rural"),
    },
}
