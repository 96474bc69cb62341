"""Helpers for the form and dialog tests: a database thread over a real vault, a sample form
with every field type, and a synthetic case to attach things to. (No tests here.)"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable, Iterator  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QEvent, Qt  # noqa: E402
from PySide6.QtGui import QKeyEvent  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from desktop.core.casework.cases import open_case  # noqa: E402
from desktop.core.casework.persons import register_person  # noqa: E402
from desktop.core.forms import FormDefinition, load_form  # noqa: E402
from desktop.core.store import Store  # noqa: E402
from desktop.core.vault import OpenVault  # noqa: E402
from desktop.ui.ops import Operations  # noqa: E402

SAMPLE_FORM = """
id: sample_needs
version: 1
title: {sq: Vlerësim provë i nevojave, en: Sample needs assessment}
description: {sq: Formular prove., en: A form for the tests.}
choices:
  yes_no:
    - {name: 'yes', label: {sq: Po, en: 'Yes'}}
    - {name: 'no', label: {sq: Jo, en: 'No'}}
  needs:
    - {name: food, label: {sq: Ushqim, en: Food}}
    - {name: heating, label: {sq: Ngrohje, en: Heating}}
    - {name: medicine, label: {sq: Barna, en: Medicine}}
  villages:
    - {name: qelez, label: {sq: Qelëz, en: Qelëz}, unit: qerret}
    - {name: kabash, label: {sq: Kabash, en: Kabash}, unit: qerret}
    - {name: fushe_arrez, label: {sq: Fushë-Arrëz, en: Fushë-Arrëz}, unit: fushe}
    - {name: iballe, label: {sq: Iballë, en: Iballë}, unit: iballe}
    - {name: gjegjan, label: {sq: Gjegjan, en: Gjegjan}, unit: gjegjan}
    - {name: rrape, label: {sq: Rrapë, en: Rrapë}, unit: qerret}
  units:
    - {name: qerret, label: {sq: Qerret, en: Qerret}}
    - {name: fushe, label: {sq: Fushë-Arrëz, en: Fushë-Arrëz}}
    - {name: iballe, label: {sq: Iballë, en: Iballë}}
    - {name: gjegjan, label: {sq: Gjegjan, en: Gjegjan}}
  level:
    - {name: '0', label: {sq: Pa vështirësi, en: No difficulty}}
    - {name: '1', label: {sq: Me ndihmë, en: With help}}
    - {name: '2', label: {sq: Nuk mundet, en: Cannot}}
fields:
  - {name: full_name, type: text, required: true, label: {sq: Emri i plotë, en: Full name}}
  - name: age
    type: integer
    required: true
    label: {sq: Mosha, en: Age}
    constraint: ". >= 0 and . <= 120"
    constraint_message: {sq: Mosha duhet të jetë nga 0 deri në 120., en: The age must be from 0 to 120.}
  - {name: lives_alone, type: select_one, choices: yes_no, label: {sq: "Jeton vetëm?", en: "Lives alone?"}}
  - name: contact_person
    type: text
    required: true
    relevant: "${lives_alone} = 'no'"
    label: {sq: Personi i kontaktit, en: Contact person}
  - {name: visit_date, type: date, label: {sq: Data e vizitës, en: Visit date}}
  - {name: needs, type: select_multiple, choices: needs, label: {sq: Nevojat, en: Needs}}
  - {name: unit, type: select_one, choices: units, label: {sq: Njësia, en: Unit}}
  - name: village
    type: select_one
    choices: villages
    choice_filter: "unit = ${unit} or ${unit} = ''"
    label: {sq: Fshati, en: Village}
  - {name: income, type: decimal, label: {sq: Të ardhurat mujore, en: Monthly income}}
  - {name: notes, type: text, appearance: multiline, label: {sq: Shënime, en: Notes}}
  - name: adl
    type: group
    label: {sq: Aktivitetet e jetës së përditshme, en: Activities of daily living}
    fields:
      - {name: bathing, type: select_one, choices: level, label: {sq: Larja, en: Bathing}}
      - {name: dressing, type: select_one, choices: level, label: {sq: Veshja, en: Dressing}}
      - name: adl_score
        type: calculate
        calculation: "coalesce(${bathing}, 0) + coalesce(${dressing}, 0)"
        label: {sq: Pikët e varësisë, en: Dependency score}
  - name: members
    type: repeat
    label: {sq: Anëtar i familjes, en: Household member}
    fields:
      - {name: member_name, type: text, required: true, label: {sq: Emri, en: Name}}
      - {name: member_age, type: integer, label: {sq: Mosha, en: Age}}
  - {name: member_count, type: calculate, calculation: "count(${members})", label: {sq: Anëtarë, en: Members}}
  - {name: info, type: note, label: {sq: Kontrolloni dokumentet., en: Check the documents.}}
  - {name: photo, type: image, label: {sq: Foto e dokumentit, en: Photo of the document}}
  - {name: informed, type: acknowledge, label: {sq: Përfituesi u informua, en: The beneficiary was informed}}
"""


def write_form(folder: Path, text: str = SAMPLE_FORM, form_id: str = "sample_needs",
               version: int = 1) -> FormDefinition:
    target = folder / form_id
    target.mkdir(parents=True, exist_ok=True)
    (target / f"v{version}.yaml").write_text(text, encoding="utf-8")
    return load_form(form_id, version, directory=folder)


@pytest.fixture
def sample_form(tmp_path: Path) -> FormDefinition:
    return write_form(tmp_path / "forms")


@pytest.fixture
def ops(vault: OpenVault, qtbot: Any) -> Iterator[Operations]:
    """The vault's operations (its one database thread); shut down when the test ends."""
    operations = Operations(lambda: vault.store)
    yield operations
    operations.shutdown()


@pytest.fixture
def db(vault: OpenVault, qtbot: Any) -> Iterator[Operations]:
    """The vault's operations under the name the dialog tests use."""
    operations = Operations(lambda: vault.store)
    yield operations
    operations.shutdown()


def run_job(qtbot: Any, ops: Operations, job: Callable[[Store], Any]) -> Any:
    """Run ``job`` on the database thread, as the application's operations do, and return
    its result (to look into the vault from a test)."""
    return ops.call_blocking(job)


def type_text(widget: QWidget, text: str) -> None:
    """Type ``text`` key by key (QTest only knows ASCII; workers type ë and ç)."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier,
                                                     char))


def make_case(store: Store, first: str = "Drita", last: str = "Gjoka",
              village: str = "Qelëz", case_type: str = "elderly_care") -> tuple[str, str]:
    """A synthetic person in a new household with an open case; returns (person, case) ids."""
    person = register_person(store, {
        "first_name": first, "last_name": last, "sex": "F", "birth_date": "1948-05-02",
        "village": village, "administrative_unit": "Qerret"}, new_household={"size": 1})
    case = open_case(store, person.id, case_type, referral_source="village_head",
                     municipality="Pukë", opened_on="2025-01-10")
    return person.id, case.id
