"""The register of administrative acts: the coming number, scope, searching, CSV, the act."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop.core.casework.acts import (
    NotAnIssuer,
    coming_protocol_number,
    issue_administrative_act,
    issuer_refusal,
)
from desktop.core.casework.holding import SERVER_USER_KEY, OutsideUnits
from desktop.core.casework.persons import register_person
from desktop.core.documents.act import act_pdf
from desktop.core.keys import FAST_KDF
from desktop.core.store import Store
from desktop.core.vault import create_vault
from desktop.core.views.acts import register_csv, register_rows

from .conftest import PASSWORD, TODAY, person_fields


def xk_person(store: Store, **changes: str) -> str:
    fields = person_fields(personal_id=None, administrative_unit="Gjilan", village="Zhegër",
                           target_groups=["single_mothers"])
    fields.update(changes)
    return register_person(store, fields).id


def issue(store: Store, person_id: str, act_type: str = "child_travel_consent") -> str:
    return issue_administrative_act(store, person_id, act_type, municipality="Gjilan",
                                    issued_on=TODAY, requested_by="Nëna").fields[
        "protocol_number"]


def test_the_coming_number_is_the_one_the_act_gets_and_is_not_taken_by_looking(
        xk_store: Store) -> None:
    person = xk_person(xk_store)
    shown = coming_protocol_number(xk_store, "Gjilan", TODAY)
    assert shown == coming_protocol_number(xk_store, "Gjilan", TODAY)  # looking takes nothing
    assert issue(xk_store, person) == shown
    assert coming_protocol_number(xk_store, "Gjilan", TODAY).endswith("-A00002")


def test_two_laptops_never_give_the_same_act_number(tmp_path: Path) -> None:
    numbers = []
    for name in ("laptop-1", "laptop-2"):
        vault = create_vault(tmp_path / name, "drita", PASSWORD, kdf=FAST_KDF, country="XK")
        person = xk_person(vault.store)
        numbers += [issue(vault.store, person) for _ in range(3)]
        vault.lock()
    assert len(set(numbers)) == 6


def test_an_act_for_a_person_outside_the_users_units_is_refused_and_nothing_saved(
        xk_store: Store) -> None:
    person = xk_person(xk_store, administrative_unit="Kamenicë")
    xk_store.meta_set(SERVER_USER_KEY, json.dumps({"username": xk_store.user,
                                                   "role": "qps_official",
                                                   "units": ["Gjilan"]}))
    before = coming_protocol_number(xk_store, "Gjilan", TODAY)
    with pytest.raises(OutsideUnits) as refused:
        issue(xk_store, person)
    assert "Kamenicë is not one of your administrative units" in str(refused.value)
    assert xk_store.query("administrative_act") == []
    assert coming_protocol_number(xk_store, "Gjilan", TODAY) == before


def test_an_act_from_a_role_that_does_not_issue_acts_is_refused_in_words(
        xk_store: Store) -> None:
    person = xk_person(xk_store)
    xk_store.meta_set(SERVER_USER_KEY, json.dumps({"username": xk_store.user,
                                                   "role": "social_worker",
                                                   "units": ["Gjilan"]}))
    before = coming_protocol_number(xk_store, "Gjilan", TODAY)
    assert issuer_refusal(xk_store) is not None
    with pytest.raises(NotAnIssuer) as refused:
        issue(xk_store, person)
    assert str(refused.value) == (
        "Your role (Social worker) may not issue administrative acts: the municipal server "
        "would refuse them. Roles that may: Centre for Social Work official, Head of the "
        "Centre for Social Work.")
    assert xk_store.query("administrative_act") == []
    assert coming_protocol_number(xk_store, "Gjilan", TODAY) == before
    xk_store.meta_set(SERVER_USER_KEY, json.dumps({"username": xk_store.user,
                                                   "role": "qps_official",
                                                   "units": ["Gjilan"]}))
    assert issuer_refusal(xk_store) is None
    assert issue(xk_store, person) == before


def test_the_register_lists_searches_and_exports(xk_store: Store) -> None:
    first = xk_person(xk_store, first_name="Drita", last_name="Krasniqi")
    second = xk_person(xk_store, first_name="Blerim", last_name="Çollaku")
    a = issue(xk_store, first)
    b = issue(xk_store, second, "no_guardianship_certificate")
    rows = register_rows(xk_store)
    assert [r.number for r in rows] == [b, a]
    assert rows[0].person == "Blerim Çollaku" and rows[0].issued_on == "02.03.2026"
    assert rows[0].act_type == "Certificate that a person is not under guardianship"
    assert [r.number for r in register_rows(xk_store, "collaku")] == [b]  # accents ignored
    assert [r.number for r in register_rows(xk_store, "travel drita")] == [a]
    assert register_rows(xk_store, "nobody") == []
    text = register_csv(rows).decode("utf-8-sig")
    assert text.splitlines()[0] == "Protocol number,Date,Act type,Person,Decision"
    assert f"{a},02.03.2026,Consent for a child's travel abroad,Drita Krasniqi,Granted" in text


def test_the_act_prints_with_its_number_and_the_municipality(xk_store: Store) -> None:
    person = xk_person(xk_store, first_name="Ëngjëll", last_name="Çela")
    number = issue(xk_store, person)
    act = xk_store.query("administrative_act")[0]
    pdf = act_pdf(xk_store, act.id, printed_by="Drita Berisha", language="sq")
    text = "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages)
    assert number in text
    assert "Ëngjëll Çela" in text
    assert "Pëlqim për udhëtimin e fëmijës jashtë vendit" in text
    assert "Gjilan" in text
