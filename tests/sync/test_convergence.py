"""Several laptops editing the same case offline: nothing is lost, every laptop converges."""

from __future__ import annotations

from sync.protocol import CONFLICT_TYPE
from tests.server.fixtures import World, new_case
from tests.sync.checks import all_changes, assert_converged, assert_no_lost_edit


def _open_conflicts(replica):  # type: ignore[no-untyped-def]
    return [r for r in replica.records.values()
            if r.type == CONFLICT_TYPE and r.fields["status"] == "open"]


def test_two_laptops_edit_the_same_case_offline(world: World) -> None:
    office, oc = world.device("head")
    _, case = new_case(office, "Qerret", n=1)
    office.sync(oc)
    a, ac = world.device("sw_qerret")
    b, bc = world.device("sw_qerret2")
    a.sync(ac)
    b.sync(bc)
    # offline: both change the risk level differently; each changes one field of its own
    a.update(case, {"risk_level": "high", "reason": "Banesë pa ngrohje"})
    b.update(case, {"risk_level": "medium", "review_due": "2026-06-01"})
    b.create("note", {"case_id": case, "text": "Shënim nga terreni", "written_on": "2026-03-04"})
    a.create("note", {"case_id": case, "text": "Shënim tjetër", "written_on": "2026-03-04"})
    ra = a.sync(ac)
    rb = b.sync(bc)
    assert ra.conflicts == 0 and rb.conflicts == 1
    a.sync(ac)
    office.sync(oc)
    assert_converged([a, b, office])
    record = a.records[case]
    assert record.fields["reason"] == "Banesë pa ngrohje"      # only A changed it
    assert record.fields["review_due"] == "2026-06-01"          # only B changed it
    conflicts = _open_conflicts(a)
    assert len(conflicts) == 1
    conflict = conflicts[0].fields
    assert conflict["record_id"] == case and conflict["field"] == "risk_level"
    assert {v["value"] for v in conflict["values"]} == {"high", "medium"}
    assert {v["user"] for v in conflict["values"]} == {"sw_qerret", "sw_qerret2"}
    assert record.fields["risk_level"] == conflict["shown"]
    assert record.state == "conflict"
    assert len([r for r in a.live("note").values() if r.fields["case_id"] == case]) == 2
    assert_no_lost_edit(a, all_changes([a, b, office]))


def test_three_laptops_converge_whatever_the_sync_order(world: World) -> None:
    office, oc = world.device("head")
    _, case = new_case(office, "Qerret", n=1)
    office.sync(oc)
    laptops = [world.device(u) for u in ("sw_qerret", "sw_qerret2", "head")]
    for replica, client in laptops:
        replica.sync(client)
    (a, ac), (b, bc), (c, cc) = laptops
    a.update(case, {"risk_level": "high", "reason": "A"})
    b.update(case, {"risk_level": "low", "reason": "B"})
    c.update(case, {"risk_level": "urgent", "status": "closed", "closed_on": "2026-03-05",
                    "closure_reason": "goals_reached"})
    a.update(case, {"reason": "A2"})  # a second edit of the same field on the same laptop
    for replica, client in [laptops[2], laptops[0], laptops[1], *laptops]:
        replica.sync(client)
    replicas = [a, b, c]
    assert_converged(replicas)
    conflicts = {r.fields["field"]: r.fields for r in _open_conflicts(a)}
    assert set(conflicts) == {"risk_level", "reason"}
    assert {v["value"] for v in conflicts["risk_level"]["values"]} == {"high", "low", "urgent"}
    assert a.records[case].fields["status"] == "closed"
    assert_no_lost_edit(a, all_changes(replicas))
    # the shown value follows a rule every end computes the same way: the latest stamp
    shown = max(conflicts["risk_level"]["values"], key=lambda v: (v["hlc"], v["device"]))
    assert a.records[case].fields["risk_level"] == shown["value"]


def test_delete_against_edit_is_a_conflict_not_a_silent_loss(world: World) -> None:
    a, ac = world.device("sw_qerret")
    _, case = new_case(a, "Qerret", n=1)
    a.sync(ac)
    b, bc = world.device("sw_qerret2")
    b.sync(bc)
    a.delete(case)
    b.update(case, {"reason": "Ende në nevojë"})
    a.sync(ac)
    b.sync(bc)
    a.sync(ac)
    assert_converged([a, b])
    assert a.records[case].fields["reason"] == "Ende në nevojë"  # the edit is kept
    conflicts = [r.fields for r in _open_conflicts(a) if r.fields["record_id"] == case]
    assert [c["field"] for c in conflicts] == ["_deleted"]


def test_resolving_a_conflict_syncs_to_every_laptop(world: World) -> None:
    a, ac = world.device("sw_qerret")
    _, case = new_case(a, "Qerret", n=1)
    a.sync(ac)
    b, bc = world.device("sw_qerret2")
    b.sync(bc)
    a.update(case, {"risk_level": "high"})
    b.update(case, {"risk_level": "low"})
    a.sync(ac)
    b.sync(bc)
    a.sync(ac)
    conflict = _open_conflicts(a)[0]
    a.update(case, {"risk_level": "low"})
    a.update(conflict.id, {"status": "resolved", "resolved_by": "sw_qerret",
                           "chosen": "low"})
    result = a.sync(ac)
    assert result.rejected == [] and result.conflicts == 0
    b.sync(bc)
    assert_converged([a, b])
    assert b.records[case].fields["risk_level"] == "low"
    assert _open_conflicts(b) == []
    assert b.records[case].state == "synced"
