"""A date that does not exist is refused in words and kept as typed: never saved as another
date (31.02.2025 is not 28.02.2025, 45.13.2020 is no date at all)."""
# ruff: noqa: F811  (fixtures imported from the support module are redefined as arguments)

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from typing import Any  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop.core.casework.visits import visits_of_case  # noqa: E402
from desktop.ui.dialogs import VisitDialog  # noqa: E402
from desktop.ui.ops import Operations  # noqa: E402
from tests.ui.dialog_support import case_id, focus, opened, press_save  # noqa: E402, F401
from tests.ui.test_dialogs import db_profile  # noqa: E402
from tests.ui.test_forms_support import ops, run_job, type_text  # noqa: E402, F401


@pytest.mark.parametrize("typed", ["31.02.2025", "45.13.2020"])
def test_a_visit_on_a_date_that_does_not_exist_is_refused(qtbot: Any, ops: Operations,
                                                          case_id: str, typed: str) -> None:
    dialog = opened(qtbot, VisitDialog(ops, case_id, db_profile(ops, qtbot)))
    qtbot.waitUntil(lambda: dialog.subtitle.text() != "")
    edit = focus(qtbot, dialog.visit_date.edit)
    QTest.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(QApplication.focusWidget(), typed)
    type_text(focus(qtbot, dialog.observations), "Vizitë e shkurtër")
    press_save()
    qtbot.wait(200)
    assert dialog.isVisible()                        # not saved
    assert dialog.visit_date.edit.text() == typed    # kept as typed, not moved
    assert dialog.visit_date.error.isVisible()
    assert "not a date" in dialog.visit_date.problem()
    assert dialog.banner.isVisible()
    assert QApplication.focusWidget() is dialog.visit_date.edit
    assert run_job(qtbot, ops, lambda s: visits_of_case(s, case_id)) == []
