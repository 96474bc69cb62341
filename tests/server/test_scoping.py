"""Scoping on the server: what each user receives and may change."""

from __future__ import annotations

from sync.client import SyncClient
from sync.records import Change
from tests.server.fixtures import World, new_case, person_fields, visit_fields
from tests.sync.memreplica import MemReplica


def _types(replica: MemReplica) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for rec in replica.records.values():
        out.setdefault(rec.type, set()).add(rec.id)
    return out


def test_social_worker_never_receives_a_domestic_violence_case(world: World) -> None:
    head, head_client = world.device("head")
    dv_person, dv_case = new_case(head, "Qerret", "domestic_violence", 1)
    head.create("visit", visit_fields(dv_case, "Dhunuesi jeton në shtëpi"))
    head.create("note", {"case_id": dv_case, "text": "Shënim", "written_on": "2026-03-03"})
    sc_person, sc_case = new_case(head, "Qerret", "social_care", 2)
    result = head.sync(head_client)
    assert result.rejected == []

    worker, worker_client = world.device("sw_qerret")
    worker.sync(worker_client)
    received = set(worker.records)
    assert sc_case in received and sc_person in received
    assert dv_case not in received, "a DV case reached a social worker"
    assert dv_person not in received, "the person of a DV case reached a social worker"
    assert not [r for r in worker.records.values() if r.fields.get("case_id") == dv_case]
    # the DV coordinator does see it, with its visit and note
    dv, dv_client = world.device("dv_coord")
    dv.sync(dv_client)
    assert dv_case in dv.records and dv_person in dv.records
    assert len([r for r in dv.records.values() if r.fields.get("case_id") == dv_case]) == 2


def test_worker_of_one_unit_never_receives_another_units_cases(world: World) -> None:
    qerret, qc = world.device("sw_qerret")
    rrape, rc = world.device("sw_rrape")
    q_person, q_case = new_case(qerret, "Qerret", n=1)
    r_person, r_case = new_case(rrape, "Rrapë", n=2)
    rrape.create("visit", visit_fields(r_case))
    loose = rrape.create("person", person_fields("Rrapë", 3))  # identified, no case yet
    for replica, client in ((qerret, qc), (rrape, rc), (qerret, qc)):
        replica.sync(client)
    assert q_case in qerret.records and r_case not in qerret.records
    assert r_person not in qerret.records and loose not in qerret.records
    assert not [r for r in qerret.records.values() if r.fields.get("case_id") == r_case]
    assert r_case in rrape.records and q_case not in rrape.records
    # both see the municipality's villages
    assert len(qerret.live("village")) == len(rrape.live("village")) == 21


def test_person_linked_only_to_a_hidden_case_does_not_reach_the_user(world: World) -> None:
    head, hc = world.device("head")
    shared_person, dv_case = new_case(head, "Qerret", "domestic_violence", 1)
    household = head.create("household", {"administrative_unit": "Qerret", "village": "Qerret"})
    head.update(shared_person, {"household_id": household})
    head.sync(hc)
    worker, wc = world.device("sw_qerret")
    worker.sync(wc)
    assert shared_person not in worker.records
    assert household not in worker.records
    # once the same person also has a social-care case, the worker sees the person and case
    sc_case = head.create("case", {**head.records[dv_case].fields, "case_type": "social_care",
                                   "case_number": "T-0002"})
    head.sync(hc)
    worker.sync(wc)
    assert sc_case in worker.records and shared_person in worker.records
    assert dv_case not in worker.records


def _forged(replica: MemReplica, record_id: str, record_type: str, fields: dict,
            base_rev: int = 1, deleted: bool = False) -> Change:
    change = Change(change_id=__import__("sync.ids").ids.uuid7(), record_id=record_id,
                    record_type=record_type, base_rev=base_rev, fields=fields,
                    hlc=replica.clock.now(), user=replica.user, device=replica.device,
                    deleted=deleted)
    return change


def test_changes_to_out_of_scope_records_are_refused(world: World) -> None:
    rrape, rc = world.device("sw_rrape")
    _, r_case = new_case(rrape, "Rrapë", n=1)
    rrape.sync(rc)
    before = rrape.records[r_case].fields["status"]
    qerret, qc = world.device("sw_qerret")
    attempts = [
        _forged(qerret, r_case, "case", {"status": "closed"}),
        _forged(qerret, r_case, "case", {}, deleted=True),
        _forged(qerret, __import__("sync.ids").ids.uuid7(), "visit", visit_fields(r_case), 0),
    ]
    results = qc.push([c.to_json() for c in attempts])
    assert [r["status"] for r in results] == ["rejected"] * 3
    assert all("outside your caseload" in r["message"] for r in results)
    # a social worker may not open a DV case either, nor move a case to another unit
    _, dv_case = new_case(qerret, "Qerret", "domestic_violence", 2)
    _, own_case = new_case(qerret, "Qerret", n=3)
    qerret.sync(qc)
    moved = qerret.update(own_case, {"administrative_unit": "Rrapë"})
    result = qerret.sync(qc)
    statuses = {r["change_id"]: r["status"] for r in result.rejected}
    assert moved.change_id in statuses
    assert dv_case not in qerret.records or qerret.records[dv_case].rev == 0
    rrape.sync(rc)
    assert rrape.records[r_case].fields["status"] == before
    assert rrape.records[r_case].deleted is False
    assert own_case not in rrape.records


def test_inspector_reads_but_cannot_change(world: World) -> None:
    head, hc = world.device("head")
    _, case = new_case(head, "Gjegjan", n=1)
    head.sync(hc)
    inspector, ic = world.device("inspector")
    inspector.sync(ic)
    assert case in inspector.records
    inspector.update(case, {"risk_level": "high"})
    result = inspector.sync(ic)
    assert len(result.rejected) == 1 and "only read" in result.rejected[0]["message"]
    head.sync(hc)
    assert "risk_level" not in head.records[case].fields


def test_server_keeps_a_view_consistent_across_clients(world: World) -> None:
    """The same caseload is reported to two laptops of the same user."""
    a, ac = world.device("sw_qerret")
    b, bc = world.device("sw_qerret")
    new_case(a, "Qerret", n=1)
    a.sync(ac)
    b.sync(bc)
    assert ac.caseload() == bc.caseload()
    assert {k: v.fields for k, v in a.records.items()} == \
        {k: v.fields for k, v in b.records.items()}


def _unused(_: SyncClient) -> None:  # keep the import for type hints in helpers
    return None


def test_a_case_moved_to_another_unit_leaves_one_laptop_and_reaches_another(
        world: World) -> None:
    head, hc = world.device("head")
    person, case = new_case(head, "Qerret", n=1)
    visit = head.create("visit", visit_fields(case))
    note = head.create("note", {"case_id": case, "text": "Shënim", "written_on": "2026-03-03"})
    head.sync(hc)
    qerret, qc = world.device("sw_qerret")
    rrape, rc = world.device("sw_rrape")
    qerret.sync(qc)
    rrape.sync(rc)
    assert {person, case, visit, note} <= set(qerret.records)
    head.update(case, {"administrative_unit": "Rrapë"})
    head.update(person, {"administrative_unit": "Rrapë"})
    head.sync(hc)
    moved_out = qerret.sync(qc)
    moved_in = rrape.sync(rc)
    assert moved_out.repaired and moved_in.repaired and not moved_out.restored
    assert not {person, case, visit, note} & set(qerret.records)
    assert {person, case, visit, note} <= set(rrape.records)
    assert rrape.records[visit].fields["observations"] == "Vizitë rutinë"
