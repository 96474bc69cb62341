"""Case numbers made offline on two laptops never collide; Kosovo works the same way."""

from __future__ import annotations

import re
from pathlib import Path

from desktop.core.casework.acts import issue_administrative_act
from desktop.core.casework.cases import open_case
from desktop.core.casework.persons import register_person
from desktop.core.keys import FAST_KDF
from desktop.core.store import Store
from desktop.core.vault import create_vault

from .conftest import PASSWORD, TODAY, person_fields


def open_cases(store: Store, count: int) -> list[str]:
    numbers = []
    for i in range(count):
        person = register_person(store, person_fields(first_name=f"Person{i}", personal_id=None))
        case = open_case(store, person.id, "social_care", referral_source="self",
                         municipality="Pukë", opened_on=TODAY)
        numbers.append(case.fields["case_number"])
    return numbers


def test_two_laptops_offline_make_different_case_numbers(tmp_path: Path) -> None:
    # Two laptops: two data folders, so two device ids; the same user name and municipality.
    first = create_vault(tmp_path / "laptop-1", "arta", PASSWORD, kdf=FAST_KDF)
    second = create_vault(tmp_path / "laptop-2", "arta", PASSWORD, kdf=FAST_KDF)
    assert first.device_id != second.device_id
    a = open_cases(first.store, 15)
    b = open_cases(second.store, 15)
    first.lock()
    second.lock()
    assert len(set(a) | set(b)) == 30
    for number in a + b:
        assert re.fullmatch(r"PUK-2026-[0-9A-F]{4}-\d{5}", number)
    assert a[0].endswith("-00001") and b[0].endswith("-00001")  # each counts on its own


def test_kosovo_cases_and_administrative_acts(xk_store: Store) -> None:
    person = register_person(xk_store, person_fields(personal_id="1234567890",
                                                     administrative_unit="Gjilan",
                                                     village="Zhegër",
                                                     target_groups=["single_mothers"]))
    case = open_case(xk_store, person.id, "juvenile_justice", referral_source="probation",
                     municipality="Gnjilane", opened_on=TODAY)
    assert case.fields["municipality"] == "Gjilan"
    assert case.fields["manager_role"] == "child_protection_worker"
    assert re.fullmatch(r"GJI-2026-[0-9A-F]{4}-00001", case.fields["case_number"])
    act = issue_administrative_act(xk_store, person.id, "child_travel_consent",
                                   municipality="Gjilan", issued_on=TODAY,
                                   requested_by="Nëna", purpose="Udhëtim në Gjermani",
                                   valid_until="2026-09-01")
    second = issue_administrative_act(xk_store, person.id, "no_guardianship_certificate",
                                      municipality="Gjilan", issued_on=TODAY)
    assert act.fields["protocol_number"].endswith("-A00001")
    assert second.fields["protocol_number"].endswith("-A00002")
    assert xk_store.query("administrative_act", person_id=person.id, order_by="title")


def test_albania_has_no_administrative_acts(store: Store) -> None:
    import pytest

    from desktop.core.casework.errors import UnknownCode

    person = register_person(store, person_fields())
    with pytest.raises(UnknownCode):
        issue_administrative_act(store, person.id, "child_travel_consent", municipality="Pukë")
