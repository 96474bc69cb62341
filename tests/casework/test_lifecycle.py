"""Assigning, handing over and reopening: the checks in words and what is saved."""

from __future__ import annotations

import json

import pytest

from desktop.core.casework.cases import close_case
from desktop.core.casework.errors import UnknownCode
from desktop.core.casework.holding import SERVER_USER_KEY, OutsideUnits
from desktop.core.casework.lifecycle import (
    assign,
    assign_problems,
    case_state,
    hand_over,
    handover_problems,
    reopen,
    reopen_problems,
)
from desktop.core.store import Store

from .conftest import TODAY, new_case


def test_assigning_needs_another_worker(store: Store) -> None:
    assert assign_problems("", "drita") == {"worker": "Enter the case manager."}
    assert assign_problems("drita", "drita") == {"worker": "drita is already the case manager."}
    case = new_case(store)
    assign(store, case.id, " besnik ", "")
    assert case_state(store, case.id).manager == "besnik"
    assert "besnik" in case_state(store, case.id).workers


def test_a_handover_needs_a_note_and_keeps_it(store: Store) -> None:
    problems = handover_problems("", "", " ", "drita")
    assert set(problems) == {"worker", "note"}
    case = new_case(store)
    hand_over(store, case.id, "arta", "", "Takim me familjen të enjten.")
    fields = store.get(case.id).fields
    assert fields["assigned_worker"] == "arta" and fields["transfers"][-1]["to_worker"] == "arta"
    notes = store.query("note", case_id=case.id)
    assert notes[0].fields["text"] == "Takim me familjen të enjten."


def test_reopening_needs_a_reason_and_a_date_after_closing(store: Store) -> None:
    case = new_case(store)
    close_case(store, case.id, "goals_reached", closed_on=TODAY)
    problems = reopen_problems("", "2026-02-01", TODAY.isoformat(), TODAY)
    assert problems["reason"] == "Write why the case is opened again."
    assert problems["date"] == ("The case was closed on 02.03.2026; it cannot be opened again "
                                "before that.")
    reopen(store, case.id, "U kthye në rrugë.", TODAY.isoformat())
    assert store.get(case.id).fields["status"] == "open"
    assert store.query("note", case_id=case.id)[0].fields["text"] == "U kthye në rrugë."


def test_a_handover_to_another_unit_moves_the_case_with_its_note(store: Store) -> None:
    case = new_case(store, assigned_worker="drita")
    unit = case.fields["administrative_unit"]
    state = case_state(store, case.id)
    assert state.unit == unit and "Rrapë" in state.other_units and unit not in state.other_units
    assert handover_problems("", "", "Shënim", "drita", "Rrapë") == {}
    assert handover_problems("", "Shkodër", "Shënim", "drita", "Rrapë") == {
        "unit": "Choose a unit of this municipality or another municipality, not both."}
    hand_over(store, case.id, "", "", "Familja u zhvendos te vëllai në Rrapë.", "Rrape")
    fields = store.get(case.id).fields
    assert (fields["administrative_unit"], fields.get("village"), fields.get("assigned_worker"),
            fields["status"]) == ("Rrapë", None, None, "open")
    handover = fields["transfers"][-1]
    assert (handover["from_unit"], handover["to_unit"], handover["note"]) == (
        unit, "Rrapë", "Familja u zhvendos te vëllai në Rrapë.")
    [note] = store.query("note", case_id=case.id)
    assert note.fields["text"] == "Familja u zhvendos te vëllai në Rrapë."


def test_a_handover_to_a_unit_the_server_would_refuse_is_refused_in_words(
        store: Store) -> None:
    case = new_case(store, assigned_worker="drita")
    store.meta_set(SERVER_USER_KEY, json.dumps({"username": store.user, "role": "social_worker",
                                                "units": [case.fields["administrative_unit"]]}))
    with pytest.raises(OutsideUnits) as refused:
        hand_over(store, case.id, "", "", "Shënim", "Rrapë")
    assert str(refused.value).startswith("Rrapë is not one of your administrative units")
    with pytest.raises(UnknownCode):
        hand_over(store, case.id, "", "", "Shënim", "Fshati i Askujt")
    fields = store.get(case.id).fields
    assert fields["administrative_unit"] == case.fields["administrative_unit"]
    assert not fields.get("transfers") and store.query("note", case_id=case.id) == []
