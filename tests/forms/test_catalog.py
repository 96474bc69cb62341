"""The forms on one laptop (a real vault): built in and received from the server, every
version kept, the newest usable one offered where it applies."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from desktop.core.casework.assessments import save_assessment
from desktop.core.casework.cases import open_case
from desktop.core.casework.persons import register_person
from desktop.core.forms import load_form
from desktop.core.forms.catalog import (
    BUILT_IN,
    form_definition,
    form_versions,
    offered_forms,
    user_role,
)
from desktop.core.vault import OpenVault
from desktop.core.views.printing import DocumentRequest, _records, render_request
from sync.protocol import FORM_TYPE
from sync.records import Record
from tests.forms.books import ANSWERS_V1, FORM_ID, form_book, receive_form


def _offered(vault: OpenVault, case_type: str = "social_care",
             role: str = "social_worker") -> dict[str, int]:
    return {f.id: f.version for f in offered_forms(vault.store, case_type, role)}


def test_every_version_stays_and_the_newest_usable_one_is_offered(
        vault: OpenVault, tmp_path: Path) -> None:
    store = vault.store
    receive_form(store, form_book(tmp_path / "v1.xlsx", 1))
    v2 = receive_form(store, form_book(tmp_path / "v2.xlsx", 2, extra_question=True))
    assert _offered(vault)[FORM_ID] == 2
    assert not form_definition(store, FORM_ID, 1).has_field("rooms")
    assert form_definition(store, FORM_ID).version == 2

    newer = copy.deepcopy(store.get(v2))
    newer.fields["spec"]["version"] = newer.fields["version"] = 3
    newer.fields["spec"]["fields"][0]["type"] = "geopoint"  # a newer engine's type
    store.put_synced(Record("00000000-0000-5000-8000-000000000003", FORM_TYPE, newer.fields,
                            2000))
    assert _offered(vault)[FORM_ID] == 2
    listed = {(i.form_id, i.version): i for i in form_versions(store)}
    assert "geopoint" in (listed[(FORM_ID, 3)].problem or "")
    assert listed[("intake", 1)].origin == BUILT_IN


def test_case_types_roles_and_retiring_decide_what_is_offered(vault: OpenVault,
                                                              tmp_path: Path) -> None:
    store = vault.store
    receive_form(store, form_book(tmp_path / "dv.xlsx", 1, case_types="domestic_violence",
                                  roles="dv_coordinator"))
    assert FORM_ID not in _offered(vault)
    assert FORM_ID not in _offered(vault, "domestic_violence", "social_worker")
    assert _offered(vault, "domestic_violence", "dv_coordinator")[FORM_ID] == 1
    receive_form(store, form_book(tmp_path / "v2.xlsx", 2), retired=True)
    assert FORM_ID not in _offered(vault, "domestic_violence", "dv_coordinator")
    assert form_definition(store, FORM_ID, 2).version == 2  # its assessments still show


def test_a_received_copy_of_a_built_in_version_never_replaces_it(vault: OpenVault,
                                                                 tmp_path: Path) -> None:
    store = vault.store
    record = store.get(receive_form(store, form_book(tmp_path / "v1.xlsx", 1)))
    fields = copy.deepcopy(record.fields)
    fields["spec"]["id"] = fields["form_id"] = "intake"
    store.put_synced(Record("00000000-0000-5000-8000-000000000001", FORM_TYPE, fields, 3000))
    found = form_definition(store, "intake", 1)
    assert found.path == load_form("intake", 1).path and not found.has_field("lives_alone")


def test_the_role_is_the_one_the_server_gave(vault: OpenVault) -> None:
    assert user_role(vault.store) is None  # a vault without a server
    vault.store.meta_set("server_user", json.dumps({"username": "arta",
                                                    "role": "social_worker"}))
    assert user_role(vault.store) == "social_worker"


def test_a_printed_assessment_of_a_received_form_uses_its_own_version(
        vault: OpenVault, tmp_path: Path) -> None:
    store = vault.store
    receive_form(store, form_book(tmp_path / "v1.xlsx", 1))
    person = register_person(store, {"first_name": "Drita", "last_name": "Prova", "sex": "F",
                                     "birth_date": "1950-02-03", "administrative_unit": "Qerret"})
    case = open_case(store, person.id, "social_care", referral_source="self",
                     municipality="Pukë", opened_on="2026-03-01")
    made = save_assessment(store, case.id, FORM_ID, ANSWERS_V1, version=1)
    receive_form(store, form_book(tmp_path / "v2.xlsx", 2, extra_question=True))
    for record_id in (None, made.id):  # the latest assessment, or this one
        _kind, records = _records(store, case, "assessment_summary", record_id)
        assert records["form"].version == 1
    printed = render_request(store, DocumentRequest(case.id, "assessment_summary", made.id,
                                                    language="en"))
    assert printed.pdf.startswith(b"%PDF")
