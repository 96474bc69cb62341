"""Which records the lists and the case view mark: open conflict, refused, unsent."""

from __future__ import annotations

from desktop.core.sync_local import VaultReplica
from desktop.core.sync_marks import CONFLICT, REFUSED, UNSENT, case_mark, record_marks
from desktop.core.vault import OpenVault
from sync.protocol import CONFLICT_TYPE
from sync.records import Record


def _case(vault: OpenVault, n: int) -> tuple[str, str]:
    store = vault.store
    pid = store.create("person", {"first_name": f"Emri{n}", "last_name": "Kola", "sex": "F",
                                  "administrative_unit": "Qelëz"}).id
    cid = store.create("case", {"case_number": f"T-{n}", "person_id": pid,
                                "case_type": "social_care", "status": "open",
                                "opened_on": "2026-03-01", "municipality": "Pukë",
                                "administrative_unit": "Qelëz"}).id
    return pid, cid


def _all_sent(vault: OpenVault) -> None:
    changes = vault.store.pending_changes(1000)
    VaultReplica(vault).mark_results([{"change_id": c.change_id, "status": "applied", "rev": 1}
                                      for c in changes])


def test_marks_follow_records_to_their_case_and_person(vault: OpenVault) -> None:
    store = vault.store
    plain_person, plain_case = _case(vault, 1)
    refused_person, refused_case = _case(vault, 2)
    conflict_person, conflict_case = _case(vault, 3)
    _all_sent(vault)
    shown = [plain_person, plain_case, refused_person, refused_case, conflict_person,
             conflict_case]
    assert record_marks(store, shown) == {} and case_mark(store, plain_case) is None

    visit = store.create("note", {"case_id": plain_case, "text": "Shënim",
                                  "written_on": "2026-03-02", "author": store.user}).id
    store.update(refused_case, {"risk_level": "high"})
    [refused] = [c for c in store.pending_changes(10) if c.record_id == refused_case]
    VaultReplica(vault).mark_results([{"change_id": refused.change_id, "status": "rejected",
                                       "message": "this record is outside your caseload"}])
    store.put_synced(Record("c0nf1ict", CONFLICT_TYPE, {
        "record_id": conflict_case, "record_type": "case", "field": "risk_level",
        "values": [], "status": "open"}, 5, False))
    marks = record_marks(store, [*shown, visit])
    assert marks[visit] == marks[plain_case] == marks[plain_person] == UNSENT
    assert marks[refused_case] == marks[refused_person] == REFUSED
    assert marks[conflict_case] == marks[conflict_person] == CONFLICT
    assert (case_mark(store, plain_case), case_mark(store, refused_case),
            case_mark(store, conflict_case)) == (UNSENT, REFUSED, CONFLICT)
