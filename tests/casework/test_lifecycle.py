"""Assigning, handing over and reopening: the checks in words and what is saved."""

from __future__ import annotations

from desktop.core.casework.cases import close_case
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
