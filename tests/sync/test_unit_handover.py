"""A case handed over to another administrative unit reaches that unit's worker with its
handover note, over a real server on 127.0.0.1 (SQLite and PostgreSQL)."""

from __future__ import annotations

from desktop.core.casework.cases import transfer_case
from tests.server.fixtures import World, new_case

NOTE = "Familja u zhvendos te vëllai në Rrapë; nëna pret vizitën."


def test_the_receiving_unit_gets_the_case_and_reads_the_handover_note(world: World) -> None:
    receiver, receiver_client = world.device("sw_rrape", kind="memory")
    receiver.sync(receiver_client)
    head, head_client = world.device("head")
    person_id, case_id = new_case(head, "Qerret", n=1)
    assert head.sync(head_client).rejected == []
    receiver.sync(receiver_client)
    assert case_id not in receiver.records  # still Qerret's

    transfer_case(head.store, case_id, to_unit="Rrape", note=NOTE)
    assert head.sync(head_client).rejected == []
    receiver.sync(receiver_client)
    case = receiver.records[case_id].fields
    assert case["administrative_unit"] == "Rrapë"
    assert case["transfers"][-1]["note"] == NOTE
    notes = [r.fields["text"] for r in receiver.records.values()
             if r.type == "note" and r.fields.get("case_id") == case_id]
    assert notes == [NOTE]
    assert person_id in receiver.records
