"""The consent record a filled consent form writes, its later withdrawal, and what a plan or
referral says when the person has no consent or legal basis on record (Qt-free).

A consent is ``given`` or ``refused`` (by the form) and later possibly ``withdrawn``; each
change says when, by whom (the person or their legal representative) and who recorded it,
and is kept in the record's ``history``. A record written before statuses existed counts as
given.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from desktop.core.casework.config import as_date, today
from desktop.core.casework.errors import DateOrder
from desktop.core.errors import KujdesError
from desktop.core.i18n import current_language, tr
from desktop.core.store import Store
from sync.records import Record

CONSENT_FORM = "consent"
GIVEN, REFUSED, WITHDRAWN = "given", "refused", "withdrawn"
PERSON, REPRESENTATIVE = "person", "representative"
CONSENT_KINDS = ("consent", "guardian_consent")   # kinds that a person decides


class ConsentNotGiven(KujdesError):
    message = "Only a consent that was given can be withdrawn; this one is {status}."


class FutureDate(KujdesError):
    message = "The date {date} is in the future."


def status_of(record: Record) -> str:
    return str(record.fields.get("status") or GIVEN)


def _decided_by(answers: dict[str, Any], kind: Any) -> str | None:
    if kind not in CONSENT_KINDS:
        return None     # a legal basis: nobody consented
    if kind == "guardian_consent" or answers.get("signed_by") == "guardian":
        return REPRESENTATIVE
    return PERSON


def consent_fields(content: dict[str, Any], person_id: str, case_id: str,
                   recorded_by: str = "") -> dict[str, Any]:
    """The consent record's fields from the consent form's checked content."""
    answers = content.get("answers") or {}
    computed = content.get("computed") or {}
    purposes = answers.get("purposes") or []
    kind = answers.get("consent_kind")
    status = REFUSED if kind in CONSENT_KINDS and answers.get("decision") == REFUSED else GIVEN
    on = answers.get("consent_date")
    decided_by = _decided_by(answers, kind)
    return {"person_id": person_id, "case_id": case_id, "kind": kind,
            "institutions": answers.get("institutions") or [],
            "purpose": ", ".join(purposes) if isinstance(purposes, list) else purposes,
            "given_on": on, "valid_until": answers.get("valid_until"),
            "legal_basis": computed.get("legal_basis") or answers.get("legal_basis"),
            "status": status, "status_on": on, "decided_by": decided_by,
            "recorded_by": recorded_by or None,
            "history": [{"status": status, "on": on, "by": decided_by,
                         "recorded_by": recorded_by or None}]}


def write_consent(store: Store, content: dict[str, Any], person_id: str,
                  case_id: str) -> Record | None:
    """Called in the assessment's transaction when the consent form is saved."""
    fields = consent_fields(content, person_id, case_id, store.user)
    if not fields["kind"] or not fields["given_on"]:
        return None
    return store.create("consent", {k: v for k, v in fields.items() if v not in (None, "")})


def withdraw_consent(store: Store, consent_id: str, *, on: dt.date | str | None = None,
                     by: str = PERSON, reason: str = "") -> Record:
    """The person (or their legal representative) withdrew a given consent on ``on``."""
    if by not in (PERSON, REPRESENTATIVE):
        raise ValueError(f"unknown party {by!r}")
    day = as_date(on).isoformat()
    if day > today().isoformat():
        raise FutureDate(date=as_date(day).strftime("%d.%m.%Y"))
    with store.transaction():
        record = store.require(consent_id)
        status = status_of(record)
        if status != GIVEN:
            raise ConsentNotGiven(status=_status_label(store, status))
        given_on = str(record.fields.get("given_on") or "")
        if day < given_on:
            raise DateOrder(later=as_date(day).strftime("%d.%m.%Y"),
                            earlier=as_date(given_on).strftime("%d.%m.%Y"))
        entry = {"status": WITHDRAWN, "on": day, "by": by, "recorded_by": store.user,
                 "reason": reason or None}
        history = list(record.fields.get("history") or [
            {"status": GIVEN, "on": given_on, "by": record.fields.get("decided_by"),
             "recorded_by": record.fields.get("recorded_by")}])
        return store.update(consent_id, {
            "status": WITHDRAWN, "status_on": day, "decided_by": by,
            "recorded_by": store.user, "withdrawal_reason": reason or None,
            "history": [*history, entry]})


def consents_of_person(store: Store, person_id: str) -> list[Record]:
    """The person's consent records, newest first."""
    return store.query("consent", person_id=person_id, order_by="main_date", descending=True,
                       limit=100)


def valid_consent(store: Store, person_id: str, on: str) -> Record | None:
    """A consent given (or a legal basis) that is valid on ``on`` and not withdrawn."""
    for record in consents_of_person(store, person_id):
        f = record.fields
        if status_of(record) != GIVEN:
            continue
        if f.get("given_on", "") <= on and (not f.get("valid_until") or f["valid_until"] >= on):
            return record
    return None


def consent_missing(store: Store, person_id: str, on: str) -> str:
    """A sentence when the person has no consent or legal basis valid on ``on`` ("" if they
    have one). A refused or withdrawn consent does not count."""
    if valid_consent(store, person_id, on) is not None:
        return ""
    latest = next(iter(consents_of_person(store, person_id)), None)
    if latest is not None and status_of(latest) in (REFUSED, WITHDRAWN):
        return tr("This person's consent to sharing information was {status}: nothing may be "
                  "shared without a legal basis. Fill the consent form again if the person "
                  "agrees now.", status=_status_label(store, status_of(latest)))
    return tr("This person has no consent or legal basis on record for sharing information: "
              "fill the consent form first.")


def _status_label(store: Store, status: str) -> str:
    return store.profile.label("consent_statuses", status, current_language()).lower()


def case_consent_missing(store: Store, case_id: str, on: str) -> str:
    """:func:`consent_missing` for the person of a case."""
    case = store.require(case_id)
    return consent_missing(store, str(case.fields.get("person_id") or ""), on)
