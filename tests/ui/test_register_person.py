"""Registering a person, with the duplicate check as the worker types."""
# ruff: noqa: F811  (fixtures imported from the support modules are redefined as arguments)

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from typing import Any  # noqa: E402

from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QLabel  # noqa: E402

from desktop.core.casework.persons import register_person  # noqa: E402
from desktop.core.vault import OpenVault  # noqa: E402
from desktop.ui.dialogs import RegisterPersonDialog  # noqa: E402
from desktop.ui.ops import Operations  # noqa: E402
from tests.ui.dialog_support import case_id, focus, opened, press_save  # noqa: E402, F401
from tests.ui.test_forms_support import ops, run_job  # noqa: E402, F401


def existing_person(vault: OpenVault) -> str:
    person = register_person(vault.store, {
        "first_name": "Engjëll", "last_name": "Çela", "father_name": "Gjon", "sex": "M",
        "birth_date": "1950-03-04", "village": "Qelëz", "administrative_unit": "Qerret"},
        new_household={"size": 2})
    return person.id


def type_new_person(qtbot: Any, dialog: RegisterPersonDialog) -> None:
    for name, text in (("first_name", "Engjell"), ("last_name", "Cela")):  # without ë and ç
        QTest.keyClicks(focus(qtbot, dialog.edits[name]), text)
    dialog.birth_date.set_value("1950-11-20")       # same year, another day
    QTest.keyClicks(focus(qtbot, dialog.edits["village"]), "Qelez")


def test_duplicate_is_proposed_before_saving(qtbot: Any, ops: Operations,
                                             vault: OpenVault) -> None:
    existing = existing_person(vault)
    dialog = opened(qtbot, RegisterPersonDialog(ops, vault.profile))
    type_new_person(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.card_for(existing) is not None, timeout=3000)
    assert "Engjëll Çela" in dialog.card_for(existing).findChildren(QLabel)[0].text()

    press_save()                                    # not before the match is looked at
    assert dialog.isVisible()
    assert dialog.banner.isVisibleTo(dialog)
    assert run_job(qtbot, ops, lambda s: s.count("person")) == 1

    dialog.card_for(existing).other_button.click()  # "it is someone else"
    assert dialog.card_for(existing) is None
    with qtbot.waitSignal(dialog.registered, timeout=5000) as registered:
        press_save()
    person = run_job(qtbot, ops, lambda s: s.get(registered.args[0]))
    assert person.fields["first_name"] == "Engjell"
    assert person.fields["village"] == "Qelez" or person.fields["village"] == "Qelëz"
    assert person.fields.get("household_id")


def test_use_the_registered_person_instead(qtbot: Any, ops: Operations,
                                           vault: OpenVault) -> None:
    existing = existing_person(vault)
    dialog = opened(qtbot, RegisterPersonDialog(ops, vault.profile))
    type_new_person(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.card_for(existing) is not None, timeout=3000)
    with qtbot.waitSignal(dialog.chosen) as chosen:
        dialog.card_for(existing).use_button.click()
    assert chosen.args == [existing]
    assert dialog.person_id == existing
    assert run_job(qtbot, ops, lambda s: s.count("person")) == 1


def test_the_check_runs_again_when_saving(qtbot: Any, ops: Operations,
                                          vault: OpenVault) -> None:
    existing = existing_person(vault)
    dialog = opened(qtbot, RegisterPersonDialog(ops, vault.profile))
    type_new_person(qtbot, dialog)
    dialog._check_timer.stop()                      # Save pressed before the check ran
    press_save()
    qtbot.waitUntil(lambda: dialog.card_for(existing) is not None, timeout=3000)
    assert run_job(qtbot, ops, lambda s: s.count("person")) == 1


def test_required_names_are_checked_inline(qtbot: Any, ops: Operations,
                                           vault: OpenVault) -> None:
    dialog = opened(qtbot, RegisterPersonDialog(ops, vault.profile))
    QTest.keyClicks(focus(qtbot, dialog.edits["first_name"]), "Besa")
    press_save()
    assert dialog.fields["last_name"].error_text
    assert dialog.fields["first_name"].error_text == ""
