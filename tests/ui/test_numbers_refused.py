"""Numbers and review dates that cannot be are refused in words and kept as typed: never
dropped, clamped or moved."""
# ruff: noqa: F811  (fixtures imported from the support modules are redefined as arguments)

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop.core.casework.plans import create_plan
from desktop.core.vault import OpenVault
from desktop.ui.dialogs import AssessmentDialog, RegisterPersonDialog
from desktop.ui.dialogs.plan_review import PlanReviewDialog
from desktop.ui.ops import Operations
from tests.ui.dialog_support import case_id, focus, opened, press_save  # noqa: F401
from tests.ui.test_dialogs import db_profile
from tests.ui.test_forms_support import ops, run_job, type_text  # noqa: F401


def _typed(qtbot: Any, widget: Any, text: str) -> None:
    focus(qtbot, widget)
    QTest.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(QApplication.focusWidget(), text)


@pytest.mark.parametrize("members", ["0", "45", "dy"])
def test_household_members_out_of_range_are_refused_in_words(
        qtbot: Any, ops: Operations, members: str) -> None:
    dialog = opened(qtbot, RegisterPersonDialog(ops, db_profile(ops, qtbot)))
    type_text(focus(qtbot, dialog.edits["first_name"]), "Lindita")
    type_text(focus(qtbot, dialog.edits["last_name"]), "Marku")
    _typed(qtbot, dialog.household_panel.members, members)
    before = run_job(qtbot, ops, lambda s: s.count("person"))
    press_save()
    qtbot.wait(300)
    assert dialog.isVisible()
    assert dialog.household_panel.members.text() == members            # kept as typed
    assert dialog.household_panel.fields["size"].error_text == (
        "Write a number from 1 to 30.")
    assert run_job(qtbot, ops, lambda s: s.count("person")) == before


def test_letters_in_a_number_question_are_kept_and_refused(qtbot: Any, ops: Operations,
                                                            case_id: str) -> None:
    dialog = opened(qtbot, AssessmentDialog(ops, case_id, "child_protection_risk"))
    qtbot.waitUntil(lambda: dialog.view.is_loaded, timeout=10_000)
    edit = dialog.view.editor("child_age").edit
    _typed(qtbot, edit, "12a")
    press_save()
    qtbot.waitUntil(lambda: dialog.view.error_text("child_age") != "", timeout=5000)
    assert edit.text() == "12a"
    assert dialog.view.error_text("child_age") == "Enter a whole number."
    assert dialog.isVisible()


def test_a_review_before_the_plan_date_is_refused_in_words(
        qtbot: Any, ops: Operations, vault: OpenVault, case_id: str) -> None:
    create_plan(vault.store, case_id, goals=["Ushqim i ngrohtë"])
    dialog = opened(qtbot, PlanReviewDialog(ops, case_id, db_profile(ops, qtbot)))
    qtbot.waitUntil(lambda: dialog.state is not None, timeout=10_000)
    before = (dt.date.today() - dt.timedelta(days=3)).strftime("%d.%m.%Y")
    _typed(qtbot, dialog.date.edit, before)
    type_text(focus(qtbot, dialog.note), "Rishikim")
    press_save()
    qtbot.wait(300)
    assert dialog.isVisible()
    assert dialog.date.edit.text() == before
    today = dt.date.today().strftime("%d.%m.%Y")
    assert dialog.rows["date"].error_text == (
        f"The plan was written on {today}; it cannot be reviewed before that.")
    plan = run_job(qtbot, ops, lambda s: s.query("plan", case_id=case_id)[0])
    assert not plan.fields.get("reviews")
