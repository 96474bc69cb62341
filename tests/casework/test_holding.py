"""The laptop never makes what the server would refuse: cases outside the user's role or units
are refused at once, with the roles that may hold them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.core.casework.cases import change_case_type, change_case_unit
from desktop.core.casework.holding import (
    SERVER_USER_KEY,
    OutsideRole,
    OutsideUnits,
    ReadOnlyRole,
)
from desktop.core.casework.importer import import_persons
from desktop.core.i18n import set_language
from desktop.core.store import Store

from .conftest import new_case, new_person
from .test_importer import write


def _signed_in(store: Store, role: str, units: list[str] | None = None) -> None:
    store.meta_set(SERVER_USER_KEY, json.dumps({"username": store.user, "role": role,
                                                "units": units or []}))


def test_a_case_type_outside_the_role_is_refused_naming_the_roles_that_may(
        store: Store) -> None:
    _signed_in(store, "social_worker")
    person = new_person(store, personal_id=None)
    before = store.pending_count()
    with pytest.raises(OutsideRole) as refused:
        new_case(store, "domestic_violence", person=person)
    text = refused.value.translated("en")
    assert "Your role (Social worker) may not hold Domestic violence cases" in text
    assert "Domestic violence coordinator" in text
    set_language("sq")
    try:
        with pytest.raises(OutsideRole) as refused:
            new_case(store, "domestic_violence", person=person)
    finally:
        set_language("en")
    assert "Rolet që mundin: Koordinator" in str(refused.value)
    assert store.count("case") == 0 and store.pending_count() == before
    case = new_case(store, "social_care", person=person)
    with pytest.raises(OutsideRole):
        change_case_type(store, case.id, "child_protection")
    assert store.require(case.id).fields["case_type"] == "social_care"


def test_a_unit_outside_the_users_units_is_refused(store: Store, tmp_path: Path) -> None:
    _signed_in(store, "social_worker", ["Qelëz"])
    case = new_case(store, "social_care")
    with pytest.raises(OutsideUnits) as refused:
        change_case_unit(store, case.id, "Rrapë")
    assert "Rrapë is not one of your administrative units (Qelëz)" in refused.value.translated(
        "en")
    assert store.require(case.id).fields["administrative_unit"] == "Qelëz"
    path = write(tmp_path / "people.csv",
                 "Ana,Kola,Gjon,F,1990-01-02,,Qelëz,Plan,income\n"
                 "Besa,Doda,Pal,F,1991-01-02,,Rrapë,,income\n")
    set_language("en")
    report = import_persons(store, path)
    assert report.imported == 0
    assert [p.line for p in report.errors] == [3]
    assert "Rrapë is not one of your administrative units" in str(report.errors[0])


def test_a_read_only_role_opens_no_case(store: Store) -> None:
    _signed_in(store, "inspector")
    with pytest.raises(ReadOnlyRole):
        new_case(store, "social_care")


def test_kosovo_qps_officials_hold_domestic_violence_and_trafficking(xk_store: Store) -> None:
    _signed_in(xk_store, "qps_official")
    for case_type in ("domestic_violence", "trafficking"):
        person = new_person(xk_store, personal_id=None, administrative_unit="Gjilan",
                            village="Bresalc", target_groups=["domestic_violence"])
        case = new_case(xk_store, case_type, person=person, municipality="Gjilan")
        assert case.fields["case_type"] == case_type
    with pytest.raises(OutsideRole):
        new_case(xk_store, "addiction", municipality="Gjilan",
                 person=new_person(xk_store, personal_id=None, administrative_unit="Gjilan",
                                   village="Bresalc", target_groups=["domestic_violence"]))


def test_a_vault_that_never_signed_in_is_not_restricted(store: Store) -> None:
    assert new_case(store, "domestic_violence").fields["case_type"] == "domestic_violence"
