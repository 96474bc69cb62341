"""The beneficiary's preferred language, chosen with the keyboard when the person is
registered, is kept on the person record."""
# ruff: noqa: F811  (fixtures imported from the support module are redefined as arguments)

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from typing import Any  # noqa: E402

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop.core.vault import OpenVault  # noqa: E402
from desktop.ui.database import Database  # noqa: E402
from desktop.ui.dialogs import RegisterPersonDialog  # noqa: E402
from tests.ui.conftest import press  # noqa: E402
from tests.ui.test_forms_support import db, run_job, type_text  # noqa: E402, F401


def test_preferred_language_is_kept_on_the_person(qtbot: Any, db: Database,
                                                  vault: OpenVault) -> None:
    dialog = RegisterPersonDialog(db, vault.profile)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    for name, text in (("first_name", "Arta"), ("last_name", "Krasniqi")):
        dialog.edits[name].setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.waitUntil(lambda n=name: QApplication.focusWidget() is dialog.edits[n])
        type_text(dialog.edits[name], text)
    combo = dialog.language
    assert combo.currentData() is None  # not recorded: documents follow the screens
    combo.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is combo)
    while combo.currentData() != "en":
        press(combo, Qt.Key.Key_Down)
    with qtbot.waitSignal(dialog.registered, timeout=5000) as registered:
        press(combo, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    person = run_job(qtbot, db, lambda s: s.get(registered.args[0]))
    assert person.fields["first_name"] == "Arta"
    assert person.fields["preferred_language"] == "en"
