"""Administrative acts of the Kosovo Centre for Social Work (QPS): certificates that a person
is not under guardianship, consents for a child's travel abroad or for a property transfer,
guardianship decisions — each with a protocol number unique without a connection
(``GJI-2026-7F3A-A00012``). Only profiles with an ``administrative_act`` record type have them.
"""

from __future__ import annotations

import datetime as dt

from desktop.core.case_numbers import case_number_prefix, device_code, municipality_code
from desktop.core.casework.config import as_date, casework_config, iso
from desktop.core.casework.errors import UnknownCode
from desktop.core.casework.holding import holder, require_unit
from desktop.core.casework.persons import require
from desktop.core.casework.places import find_municipality
from desktop.core.errors import KujdesError
from desktop.core.i18n import current_language
from desktop.core.store import Store
from sync.authority import issuer_roles, may_issue_acts
from sync.records import Record

DECISIONS = ("granted", "refused")


class NotAnIssuer(KujdesError):
    message = ("Your role ({role}) may not issue administrative acts: the municipal server "
               "would refuse them. Roles that may: {roles}.")


def require_issuer(store: Store) -> None:
    """Refuse at once an act the server would refuse: the user's role does not issue acts
    (a vault that has never signed in at a server knows no role and is not restricted)."""
    who = holder(store)
    if who is None or may_issue_acts(store.profile, who.role):
        return
    profile, language = store.profile, current_language()
    raise NotAnIssuer(role=profile.label("roles", who.role, language),
                      roles=", ".join(profile.label("roles", r, language)
                                      for r in issuer_roles(profile)))


def issuer_refusal(store: Store) -> str | None:
    """Why this user may not issue acts, in words (None when they may)."""
    try:
        require_issuer(store)
    except NotAnIssuer as error:
        return str(error.translated())
    return None


def _prefix(store: Store, municipality: str, year: int) -> str:
    return case_number_prefix(municipality_code(municipality), year, device_code(store))


def next_protocol_number(store: Store, municipality: str, year: int) -> str:
    prefix = _prefix(store, municipality, year)
    return f"{prefix}-A{store.next_counter('act:' + prefix):05d}"


def coming_protocol_number(store: Store, municipality: str,
                           issued_on: dt.date | str | None = None) -> str:
    """The number the next act of this municipality and year will get on this laptop (the
    counter is not moved: nothing is taken until the act is issued)."""
    place = find_municipality(store.profile.country, municipality)
    if place is None:
        raise UnknownCode(what="municipality", code=municipality)
    prefix = _prefix(store, place.name, as_date(issued_on).year)
    with store.reading() as conn:
        value = conn.exec_driver_sql("SELECT value FROM counters WHERE name = ?",
                                     ("act:" + prefix,)).scalar()
    return f"{prefix}-A{int(value or 0) + 1:05d}"


def act_types(store: Store) -> list[str]:
    """The act types of the profile (empty where the profile has no administrative acts)."""
    if "administrative_act" not in store.profile.record_types:
        return []
    return list(store.profile.codes("administrative_act_types"))


def issue_administrative_act(store: Store, person_id: str, act_type: str, *,
                             municipality: str, decision: str = "granted",
                             issued_on: dt.date | str | None = None, purpose: str = "",
                             requested_by: str | None = None, case_id: str | None = None,
                             valid_until: dt.date | str | None = None,
                             details: str | None = None) -> Record:
    """Record an act with the next protocol number of this municipality, year and laptop."""
    if "administrative_act" not in store.profile.record_types:
        raise UnknownCode(what="record type", code="administrative_act")
    casework_config(store.profile).require_code("administrative_act_types", act_type,
                                                "administrative act")
    if decision not in DECISIONS:
        raise UnknownCode(what="decision", code=decision)
    place = find_municipality(store.profile.country, municipality)
    if place is None:
        raise UnknownCode(what="municipality", code=municipality)
    day = as_date(issued_on)
    require_issuer(store)
    with store.transaction():
        person = require(store, person_id, "person")
        require_unit(store, person.fields.get("administrative_unit"))
        if case_id:
            require(store, case_id, "case")
        return store.create("administrative_act", {
            "act_type": act_type, "person_id": person_id, "case_id": case_id,
            "protocol_number": next_protocol_number(store, place.name, day.year),
            "issued_on": day.isoformat(), "issued_by": store.user,
            "municipality": place.name, "requested_by": requested_by,
            "purpose": purpose or None, "decision": decision,
            "valid_until": iso(valid_until) if valid_until else None, "details": details})
