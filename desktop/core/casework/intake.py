"""Intake: what the "Open a case" dialog offers and checks, and the opening itself (Qt-free).

The case types offered are those the user's role may hold (:mod:`holding`), so the laptop
never makes a case the municipal server would refuse. A person who already has an open case
of the chosen type is not given a second one: the new referral is added to that case.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from desktop.core.casework.cases import OPEN, add_repeat_referral, open_case
from desktop.core.casework.errors import NoUnit
from desktop.core.casework.holding import holder, role_may_hold
from desktop.core.casework.input_checks import Problems
from desktop.core.casework.persons import require
from desktop.core.casework.places import administrative_units, find_unit
from desktop.core.forms.display import localized
from desktop.core.i18n import tr
from desktop.core.search import search
from desktop.core.store import Store
from desktop.core.views.today import case_workers
from sync.profile import Profile
from sync.records import Record


@dataclass(frozen=True)
class Intake:
    """What the worker entered in the intake dialog."""

    person_id: str | None
    case_type: str | None
    referral_source: str | None
    opened_on: str | None
    risk_level: str | None
    urgency: str | None = None
    manager: str = ""
    reason: str = ""
    unit: str | None = None  # chosen in the dialog for a person registered without one


@dataclass(frozen=True)
class IntakeChoices:
    """The dialog's lists: case types the user may open, and the known case managers."""

    case_types: tuple[str, ...]
    workers: tuple[str, ...]
    user: str
    units: tuple[str, ...] = ()  # offered for a person registered without a unit


def openable_case_types(store: Store) -> tuple[str, ...]:
    """The profile's case types the user's role may hold (all of them before the first
    sign-in at a server; none for a read-only role)."""
    codes = tuple(item["code"] for item in store.profile.items("case_types"))
    who = holder(store)
    if who is None:
        return codes
    if who.read_only:
        return ()
    return tuple(code for code in codes if role_may_hold(store.profile, who.role, code))


def intake_choices(store: Store) -> IntakeChoices:
    workers = set(case_workers(store)) | {store.user}
    who = holder(store)
    units = tuple(u.name for u in administrative_units(store.profile.country)
                  if who is None or who.has_unit(u.name))
    return IntakeChoices(openable_case_types(store), tuple(sorted(workers)), store.user,
                         units)


def person_unit(store: Store, person_id: str) -> str | None:
    """The person's administrative unit, when it is one the country has (None: to choose)."""
    unit = require(store, person_id, "person").fields.get("administrative_unit")
    found = find_unit(store.profile.country, unit) if unit else None
    return found.name if found is not None else None


def case_municipality(store: Store, person: Record) -> str | None:
    """The municipality of the person's administrative unit, else that of the newest case."""
    unit = person.fields.get("administrative_unit")
    found = find_unit(store.profile.country, unit) if unit else None
    if found is not None:
        return found.municipality
    newest = store.query("case", order_by="main_date", descending=True, limit=1)
    return newest[0].fields.get("municipality") if newest else None


def manager_role_label(profile: Profile, case_type: str | None) -> str:
    """The role that manages cases of this type, in the current language ("" for none)."""
    item = profile.item("case_types", case_type) if case_type else None
    role = profile.item("roles", item.get("manager_role")) if item else None
    return localized(role.get("label")) if role else ""


def intake_problems(intake: Intake, allowed_types: tuple[str, ...],
                    today: dt.date | None = None, *, needs_unit: bool = False) -> Problems:
    """Every field the worker must fix, in words; an empty dict means the intake is whole.
    ``needs_unit``: the person was registered without an administrative unit."""
    problems: Problems = {}
    if needs_unit and not intake.unit:
        problems["unit"] = tr("Choose the administrative unit where the person lives.")
    if not intake.person_id:
        problems["person"] = tr("Choose the person the case is for.")
    if not intake.case_type:
        problems["case_type"] = tr("Choose the case type.")
    elif intake.case_type not in allowed_types:
        problems["case_type"] = tr("Your role may not open cases of this type.")
    if not intake.referral_source:
        problems["referral_source"] = tr("Choose who referred the person.")
    if not intake.opened_on:
        problems["opened_on"] = tr("Enter the date the case was opened.")
    elif intake.opened_on > (today or dt.date.today()).isoformat():
        problems["opened_on"] = tr("The date cannot be in the future.")
    if not intake.risk_level:
        problems["risk_level"] = tr("Choose the risk level.")
    if not intake.manager.strip():
        problems["manager"] = tr("Enter the case manager.")
    return problems


def open_case_of_type(store: Store, person_id: str, case_type: str) -> Record | None:
    """The person's open case of this type, if there is one."""
    found = store.query("case", person_id=person_id, subtype=case_type, status=OPEN, limit=1)
    return found[0] if found else None


def open_intake(store: Store, intake: Intake) -> Record:
    """Open the case the intake describes (the caller has checked :func:`intake_problems`)."""
    assert intake.person_id and intake.case_type and intake.referral_source
    with store.transaction():
        person = require(store, intake.person_id, "person")
        if intake.unit and person_unit(store, person.id) is None:
            person = store.update(person.id, {"administrative_unit": intake.unit})
        municipality = case_municipality(store, person)
        if municipality is None:
            raise NoUnit()
        case = open_case(store, intake.person_id, intake.case_type,
                         referral_source=intake.referral_source, reason=intake.reason,
                         risk_level=intake.risk_level or "medium", opened_on=intake.opened_on,
                         assigned_worker=intake.manager.strip(), municipality=municipality)
        if intake.urgency:
            case = store.update(case.id, {"urgency": intake.urgency})
        return case


def add_referral_to_case(store: Store, case_id: str, intake: Intake) -> Record:
    """The second referral of a person with an open case of that type goes on that case."""
    assert intake.referral_source
    return add_repeat_referral(store, case_id, referral_source=intake.referral_source,
                               reason=intake.reason, on=intake.opened_on)


@dataclass(frozen=True)
class IntakeOutcome:
    """What saving an intake did: ``case_id`` is the case opened or added to; ``existing``
    is the number of an open case of that type when nothing was saved (ask first)."""

    case_id: str
    existing: str | None = None

    @property
    def saved(self) -> bool:
        return self.existing is None


def record_intake(store: Store, intake: Intake, *, add_to_case: str | None = None
                  ) -> IntakeOutcome:
    """Open the case, or add the referral to ``add_to_case``; a person who already has an
    open case of the type gets nothing new until the worker chooses (``existing`` says)."""
    with store.transaction():
        if add_to_case:
            return IntakeOutcome(add_referral_to_case(store, add_to_case, intake).id)
        assert intake.person_id and intake.case_type
        existing = open_case_of_type(store, intake.person_id, intake.case_type)
        if existing is not None:
            return IntakeOutcome(existing.id, str(existing.fields["case_number"]))
        return IntakeOutcome(open_intake(store, intake).id)


def person_name(store: Store, person_id: str) -> str:
    fields = require(store, person_id, "person").fields
    return f"{fields.get('first_name', '')} {fields.get('last_name', '')}".strip()


def people_found(store: Store, text: str, limit: int = 8) -> list[tuple[str, str]]:
    """(person id, "name · father's name · village, unit") for what was typed."""
    with store.reading() as conn:
        hits = search(conn, text, limit=limit * 3)
    found: dict[str, str] = {}
    for hit in hits:
        if hit.person_id not in found:
            place = ", ".join(p for p in (hit.village, hit.unit) if p)
            found[hit.person_id] = " · ".join(p for p in (hit.full_name, hit.father_name,
                                                          place) if p)
    return list(found.items())[:limit]
