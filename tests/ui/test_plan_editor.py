"""The individual plan: actions, signatures, versions and drafts."""
# ruff: noqa: F811  (fixtures imported from the support modules are redefined as arguments)

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from typing import Any  # noqa: E402

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402

from desktop.core.vault import OpenVault  # noqa: E402
from desktop.ui.dialogs import PlanEditor  # noqa: E402
from desktop.ui.ops import Operations  # noqa: E402
from tests.ui.dialog_support import case_id, focus, opened, press_save  # noqa: E402, F401
from tests.ui.test_forms_support import ops, run_job, type_text  # noqa: E402, F401


def open_plan(qtbot: Any, ops: Operations, vault: OpenVault, case_id: str) -> PlanEditor:
    editor = opened(qtbot, PlanEditor(ops, case_id, vault.profile))
    qtbot.waitUntil(lambda: editor.subtitle.text() != "")
    return editor


def test_add_a_plan_action(qtbot: Any, ops: Operations, vault: OpenVault, case_id: str) -> None:
    editor = open_plan(qtbot, ops, vault, case_id)
    assert editor.plan is None
    assert editor.plan_type.currentData() == "home_service_plan"   # from the case type
    type_text(focus(qtbot, editor.goals), "Ngrohje për dimër")
    QTest.mouseClick(editor.actions_panel.add_button, Qt.MouseButton.LeftButton)
    action = editor.action_dialog
    assert action is not None
    focus(qtbot, action.description)
    press_save()
    assert action.fields["description"].error_text        # the action must say what
    action.service.setCurrentIndex(action.service.findData("emergency_fund"))
    action.goal.setCurrentText("Ngrohje për dimër")
    type_text(focus(qtbot, action.description), "Dru për dimër")
    with qtbot.waitSignal(editor.saved, timeout=5000):
        press_save()
    qtbot.waitUntil(lambda: len(editor.actions) == 1)
    assert editor.actions_panel.table.item(0, 1).text() == "Dru për dimër"
    saved = run_job(qtbot, ops, lambda s: s.query("plan_action", case_id=case_id))
    assert len(saved) == 1
    assert saved[0].fields["service"] == "emergency_fund"
    assert saved[0].fields["plan_id"] == editor.plan.id
    assert editor.plan.fields["goals"][0]["text"] == "Ngrohje për dimër"


def test_sign_off_and_new_version(qtbot: Any, ops: Operations, vault: OpenVault,
                                  case_id: str) -> None:
    editor = open_plan(qtbot, ops, vault, case_id)
    editor.goals.setPlainText("Mbështetje me ushqime")
    editor.save_action(None, {"description": "Pako ushqimore çdo muaj",
                              "service": "food_package", "status": "planned"})
    qtbot.waitUntil(lambda: len(editor.actions) == 1)
    signatures = editor.signatures
    QTest.mouseClick(signatures.worker_sign, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(editor.plan.fields.get("signed_worker_on")))
    QTest.mouseClick(signatures.by_guardian, Qt.MouseButton.LeftButton)
    QTest.mouseClick(signatures.beneficiary_sign, Qt.MouseButton.LeftButton)
    assert signatures.error.isVisibleTo(editor)     # the guardian's name is missing
    QTest.keyClicks(focus(qtbot, signatures.guardian_name), "Lule Gjoka")
    QTest.mouseClick(signatures.beneficiary_sign, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.plan.fields.get("status") == "active")
    assert editor.plan.fields["signed_by_guardian"] == "Lule Gjoka"
    assert not editor.actions_panel.add_button.isEnabled() and editor.version_button.isEnabled()

    QTest.mouseClick(editor.version_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.plan.fields["version"] == 2)
    assert editor.plan.fields["status"] == "draft" and len(editor.actions) == 1
    assert editor.actions_panel.add_button.isEnabled()


def test_remove_an_action_and_keep_half_typed_goals(qtbot: Any, ops: Operations,
                                                    vault: OpenVault, case_id: str) -> None:
    editor = open_plan(qtbot, ops, vault, case_id)
    editor.save_action(None, {"description": "Vizitë mujore", "status": "planned"})
    qtbot.waitUntil(lambda: len(editor.actions) == 1)
    editor.remove(editor.actions[0].id)
    qtbot.waitUntil(lambda: editor.actions == [])
    assert run_job(qtbot, ops, lambda s: s.query("plan_action", case_id=case_id)) == []

    editor.goals.setPlainText("Objektiv i pa ruajtur")
    with qtbot.waitSignal(editor.drafts.saved, timeout=3000):
        pass
    editor.reject()
    again = open_plan(qtbot, ops, vault, case_id)
    qtbot.waitUntil(lambda: again.goals.toPlainText() == "Objektiv i pa ruajtur")
