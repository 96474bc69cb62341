"""Opening a case reads its records through the keys that name them (case, person,
household), on a vault without ANALYZE statistics as shipped: not every record of a type walked
in date order (at 100,000 cases that was half a minute before the case showed)."""

from __future__ import annotations

from typing import Any

from desktop.core.casework.cases import add_note
from desktop.core.casework.plans import create_plan
from desktop.core.casework.referrals import refer
from desktop.core.forms.catalog import FORM_TYPE
from desktop.core.store import Store
from desktop.core.sync_marks import case_mark
from desktop.core.vault import OpenVault
from desktop.core.views.case import load_case
from tests.casework.conftest import TODAY, new_case, new_person
from tests.core.query_plans import statement_plans

# A step that reads records by one of these finds only the rows asked for.
KEYS = ("(id=?)", "case_id=?)", "person_id=?)", "household_id=?)", "(<expr>=?)")


def _forget_statistics(store: Store) -> None:
    with store.transaction() as conn:
        if conn.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'"
                                ).fetchone():
            conn.exec_driver_sql("DROP TABLE sqlite_stat1")


def test_opening_a_case_reads_its_records_by_their_keys(vault: OpenVault) -> None:
    store = vault.store
    _forget_statistics(store)
    case = new_case(store)
    household_id = case.fields["household_id"]
    other = new_case(store)                       # a case in another household, not shown
    sibling = new_person(store, first_name="Drita", sex="F", personal_id=None)
    store.update(sibling.id, {"household_id": household_id})
    create_plan(store, case.id, goals=["Ngrohje"], created_on=TODAY)
    refer(store, case.id, "home_care", provider_name="Kryqi i Kuq", sent_on=TODAY)
    add_note(store, case.id, "Shënim")

    shown: list[Any] = []
    plans = statement_plans(vault, lambda: shown.extend((load_case(store, case.id),
                                                         case_mark(store, case.id))),
                            kinds=("SELECT",))
    data = shown[0]
    assert {m.id for m in data.members} == {case.fields["person_id"], sibling.id}
    assert [c.id for c in data.member_cases[case.fields["person_id"]]] == [case.id]
    assert other.id not in {c.id for cases in data.member_cases.values() for c in cases}
    assert len(data.plans) == 1 and len(data.referrals) == 1 and len(data.notes) == 1

    assert any("records_household" in plan for _, _, plan in plans)
    assert any("records_person" in plan for _, _, plan in plans)
    for sql, params, plan in plans:
        if FORM_TYPE in params:   # the form definitions: every one is read, a few records
            continue
        for step in plan.splitlines():
            # (the audit entry's write reads the last audit row: "SCAN audit" from its end)
            assert not step.startswith(("SCAN records", "SCAN c", "SCAN m")), f"{sql}\n{plan}"
            if step.startswith(("SEARCH records ", "SEARCH c ", "SEARCH m ")):
                assert any(key in step for key in KEYS), f"{sql}\n{plan}"
