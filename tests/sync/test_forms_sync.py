"""Forms from the server: two laptops and a real server on 127.0.0.1. A form version imported
on the server reaches both laptops; an assessment made with v1 keeps rendering and validating
with v1 after v2 arrived; case types, roles and retiring decide what is offered; no laptop may
send a form definition."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.commands.forms import field_count
from desktop.core.casework.assessments import (
    assessment_form,
    assessments_of_case,
    forms_for_case,
    save_assessment,
)
from desktop.core.casework.errors import AssessmentInvalid
from desktop.core.documents.from_store import document_for_case, records_for_kind
from desktop.core.forms import FormState, validate_submission
from desktop.core.forms.catalog import MUNICIPALITY, form_versions, offered_forms
from desktop.core.forms.xlsform import read_xlsform
from desktop.core.keys import FAST_KDF
from desktop.core.sync_local import login, sync_now
from desktop.core.vault import OpenVault
from sync.protocol import FORM_TYPE
from sync.server.forms import FormSource, form_record_id, import_form, retire_form
from tests.forms.books import ANSWERS_V1, FORM_ID, form_book
from tests.server.fixtures import PASSWORD, World, new_case


def _login(world: World, folder: Path, user: str) -> OpenVault:
    return login(world.url, folder, user, PASSWORD, kdf=FAST_KDF, device_name="test laptop")


def _publish(world: World, book: Path) -> bool:
    """Publish as ``kujdes-server forms import`` does, in this process (the command line
    itself is tested in tests/forms/test_forms_cli.py)."""
    imported = read_xlsform(book)
    source = FormSource(imported.spec, imported.case_types, imported.roles,
                        field_count(imported.form), book.name)
    return import_form(world.db_url, source).new


def _offered(vault: OpenVault, case_id: str) -> dict[str, int]:
    return {f.id: f.version for f in forms_for_case(vault.store, case_id)}


def _office_case(world: World, case_type: str = "social_care") -> str:
    office, client = world.device("head")
    _, case = new_case(office, "Qerret", case_type, n=7)
    office.sync(client)
    return case


def test_a_new_version_reaches_both_laptops_and_old_assessments_keep_their_version(
        world: World, tmp_path: Path) -> None:
    case = _office_case(world)
    assert _publish(world, form_book(tmp_path / "v1.xlsx", 1))
    first = _login(world, tmp_path / "laptop-1", "sw_qerret")
    second = _login(world, tmp_path / "laptop-2", "sw_qerret2")
    assert _offered(first, case)[FORM_ID] == 1 and _offered(second, case)[FORM_ID] == 1
    assert _offered(first, case)["intake"] == 1  # the built-in forms stay offered

    made = save_assessment(first.store, case, FORM_ID, ANSWERS_V1, submitted_on="2026-03-02",
                           version=1)
    assert made.fields["computed"] == {"risk_points": 2}
    assert sync_now(first).rejected == []

    _publish(world, form_book(tmp_path / "v2.xlsx", 2, extra_question=True))
    sync_now(first)
    sync_now(second)
    assert _offered(first, case)[FORM_ID] == 2 and _offered(second, case)[FORM_ID] == 2
    with pytest.raises(AssessmentInvalid):  # v2 asks a question v1 did not
        save_assessment(second.store, case, FORM_ID, ANSWERS_V1)

    old = assessments_of_case(second.store, case, FORM_ID)[0]
    assert old.id == made.id and old.fields["form_version"] == 1
    form = assessment_form(second.store, old)
    assert (form.version, form.text("en")) == (1, "Municipal check v1")
    assert validate_submission(form, old.fields["answers"]).errors == {}
    state = FormState(form, old.fields["answers"])
    assert state.value("visit_time") == "09:30" and not form.has_field("rooms")
    assert [f.score for f in form.all_fields() if f.name == "risk_points"] == [True]
    case_record = second.store.get(case)
    assert records_for_kind(second.store, case_record, "assessment")["form"].version == 1
    printed = document_for_case(second.store, case_record.fields["case_number"], "assessment",
                                "en", printed_by="Test sw_qerret2")
    assert printed.startswith(b"%PDF")
    listed = {(v.form_id, v.version): v for v in form_versions(second.store)}
    assert listed[(FORM_ID, 1)].origin == listed[(FORM_ID, 2)].origin == MUNICIPALITY
    assert listed[(FORM_ID, 2)].received_on and listed[(FORM_ID, 2)].problem is None
    first.lock()
    second.lock()


def test_forms_apply_to_their_case_types_and_roles_and_retired_forms_are_not_offered(
        world: World, tmp_path: Path) -> None:
    case = _office_case(world)
    _publish(world, form_book(tmp_path / "dv.xlsx", 1, form_id="dv_followup",
                              case_types="domestic_violence"))
    _publish(world, form_book(tmp_path / "head.xlsx", 1, form_id="head_review",
                              roles="head_of_unit dv_coordinator"))
    _publish(world, form_book(tmp_path / "v1.xlsx", 1))
    worker = _login(world, tmp_path / "laptop-1", "sw_qerret")
    store = worker.store
    offered = _offered(worker, case)
    assert FORM_ID in offered and "dv_followup" not in offered and "head_review" not in offered
    assert "dv_followup" in {f.id for f in offered_forms(store, "domestic_violence",
                                                         "social_worker")}
    assert "head_review" in {f.id for f in offered_forms(store, "social_care",
                                                         "head_of_unit")}
    made = save_assessment(store, case, FORM_ID, ANSWERS_V1, version=1)

    assert retire_form(world.db_url, FORM_ID) == 1
    sync_now(worker)
    assert FORM_ID not in _offered(worker, case)
    form = assessment_form(store, store.get(made.id))
    assert form.version == 1 and validate_submission(form, ANSWERS_V1).errors == {}
    worker.lock()


def test_no_laptop_may_send_a_form_definition(world: World, tmp_path: Path) -> None:
    _publish(world, form_book(tmp_path / "v1.xlsx", 1))
    laptop, client = world.device("head", kind="memory")
    laptop.sync(client)
    received = form_record_id(FORM_ID, 1)
    assert laptop.records[received].type == FORM_TYPE
    laptop.update(received, {"retired": True})
    made = laptop.create(FORM_TYPE, {"form_id": "own_form", "version": 1, "spec": {}})
    result = laptop.sync(client)
    refused = {r["change_id"]: r["message"] for r in result.rejected}
    assert len(refused) == 2
    for message in refused.values():
        assert "form definitions are published by the municipality's server" in message
    other, other_client = world.device("sw_qerret", kind="memory")
    other.sync(other_client)
    assert made not in other.records
    assert other.records[received].fields["retired"] is False
