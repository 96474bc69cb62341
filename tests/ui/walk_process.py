"""The two keyboard walks, as the test and the benchmark run them: the whole case process on a
fresh vault, and a routine home visit (visit, Barthel, plan update, print preview)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from desktop.core.keys import FAST_KDF
from desktop.core.vault import create_vault
from tests.ui import walk_approval
from tests.ui import walk_steps as steps
from tests.ui.walk import Walker

USER, PASSWORD = "drita", "mali-i-thate-7"
CHILD = {"first_name": "Arbana", "last_name": "Shehaj", "administrative_unit": "Qerret",
         "village": "Qelëz"}
ELDER = ("Mrika", "Dodaj")
ELDERLY_FUNCTIONAL = {
    "informant": 0, "lives_alone": 0, "has_carer": 1,
    "b_feeding": 1, "b_bathing": 0, "b_grooming": 1, "b_dressing": 1, "b_bowels": 2,
    "b_bladder": 1, "b_toilet": 1, "b_transfers": 2, "b_mobility": 1, "b_stairs": 0,
    "l_telephone": 0, "l_shopping": 1, "l_food": 1, "l_housekeeping": 1, "l_laundry": 0,
    "l_transport": 1, "l_medication": 0, "l_finances": 1}


def fresh_laptop(folder: Path, server: str) -> Path:
    """A laptop with one new, empty vault, made at the worker's first sign-in at the
    municipal server ``server``."""
    from desktop.core.sync_local import login
    login(server, folder, USER, PASSWORD, kdf=FAST_KDF, device_name="laptop").lock()
    return folder


def laptop_with_an_elder(folder: Path) -> tuple[Path, str]:
    """A vault with an old woman living alone: open case, active home-service plan with one
    planned action. Returns the folder and the case id."""
    from desktop.core.casework.cases import open_case
    from desktop.core.casework.persons import register_person
    from desktop.core.casework.plans import add_action, create_plan, sign_plan

    vault = create_vault(folder, USER, PASSWORD, kdf=FAST_KDF)
    store = vault.store
    try:
        person = register_person(store, {
            "first_name": ELDER[0], "last_name": ELDER[1], "sex": "F",
            "birth_date": "1941-09-12", "village": "Qelëz", "administrative_unit": "Qerret"},
            new_household={"size": 1})
        opened = (dt.date.today() - dt.timedelta(days=60)).isoformat()
        case = open_case(store, person.id, "elderly_care", referral_source="village_head",
                         municipality="Pukë", opened_on=opened)
        plan = create_plan(store, case.id, goals=["Ushqim i ngrohtë çdo ditë"])
        add_action(store, plan.id, description="Pako ushqimore çdo javë",
                   service="food_package")
        sign_plan(store, plan.id, by="worker", on=opened)
        sign_plan(store, plan.id, by="beneficiary", on=opened)
        return folder, case.id
    finally:
        vault.lock()


def whole_process(w: Walker, window: Any) -> Any:
    """Unlock, register a child, open a protection case, assess, plan, have the plan approved
    by the head of unit (through the municipal server), refer, visit, review and close: by
    keyboard only. Returns the case screen."""
    steps.unlock(w, window, PASSWORD)
    people = steps.register_person(w, window, {**CHILD, "birth_date": steps.in_days(-12 * 366)})
    view = steps.open_case(w, window, people, {
        "case_type": "child_protection", "referral_source": "police", "risk_level": "high",
        "urgency": "rapid_response", "notes": "Referuar nga shkolla."})
    steps.assessment(w, window, view, "child_protection_risk", steps.child_risk())
    steps.write_plan(w, window, view, {
        "goal": "Frekuentim i rregullt i shkollës", "action": "Takim me mësuesen",
        "service": None, "guardian": "Lule Shehaj"})
    view = walk_approval.approved_by_the_head(
        w, window, USER, PASSWORD, f"{CHILD['first_name']} {CHILD['last_name']}",
        view.data.case.id)
    steps.refer(w, window, view, "counselling", "Mbështetje psikologjike për fëmijën.")
    steps.record_visit(w, window, view, "Fëmija dhe nëna", "Shkon rregullisht në shkollë.")
    steps.review_plan(w, window, view, "Objektivat u arritën.")
    steps.close_case(w, window, view, "goals_reached", "Plani u realizua.")
    return view


def routine_home_visit(w: Walker, window: Any, case_id: str) -> Any:
    """From the unlocked Today screen: find the case, record the visit, fill the Barthel and
    Lawton form, mark the plan's action in progress and look at the plan's print preview."""
    view = steps.find_case(w, window, " ".join(ELDER), case_id)
    steps.record_visit(w, window, view, "Zonja Mrika", "Shtëpia e ngrohtë, ushqim i mjaftueshëm.")
    steps.assessment(w, window, view, "elderly_functional", ELDERLY_FUNCTIONAL)
    steps.update_plan_action(w, window, view, "in_progress")
    steps.print_preview(w, window, view, "plan")
    return view
