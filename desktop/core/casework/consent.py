"""The consent record a filled consent form writes, and what a plan or referral says when the
person has no consent or legal basis on record (Qt-free)."""

from __future__ import annotations

from typing import Any

from desktop.core.i18n import tr
from desktop.core.store import Store
from sync.records import Record

CONSENT_FORM = "consent"


def consent_fields(content: dict[str, Any], person_id: str, case_id: str) -> dict[str, Any]:
    """The consent record's fields from the consent form's checked content."""
    answers = content.get("answers") or {}
    computed = content.get("computed") or {}
    purposes = answers.get("purposes") or []
    return {"person_id": person_id, "case_id": case_id, "kind": answers.get("consent_kind"),
            "institutions": answers.get("institutions") or [],
            "purpose": ", ".join(purposes) if isinstance(purposes, list) else purposes,
            "given_on": answers.get("consent_date"), "valid_until": answers.get("valid_until"),
            "legal_basis": computed.get("legal_basis") or answers.get("legal_basis")}


def write_consent(store: Store, content: dict[str, Any], person_id: str,
                  case_id: str) -> Record | None:
    """Called in the assessment's transaction when the consent form is saved."""
    fields = consent_fields(content, person_id, case_id)
    if not fields["kind"] or not fields["given_on"]:
        return None
    return store.create("consent", {k: v for k, v in fields.items() if v not in (None, "")})


def consent_missing(store: Store, person_id: str, on: str) -> str:
    """A sentence when the person has no consent or legal basis valid on ``on`` ("" if they
    have one)."""
    for record in store.query("consent", person_id=person_id, limit=50):
        f = record.fields
        if f.get("given_on", "") <= on and (not f.get("valid_until") or f["valid_until"] >= on):
            return ""
    return tr("This person has no consent or legal basis on record for sharing information: "
              "fill the consent form first.")


def case_consent_missing(store: Store, case_id: str, on: str) -> str:
    """:func:`consent_missing` for the person of a case."""
    case = store.require(case_id)
    return consent_missing(store, str(case.fields.get("person_id") or ""), on)
