"""The one draft keeper and the one field row, against a real vault."""
# ruff: noqa: F811  (fixtures imported from the support module are redefined as arguments)

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from typing import Any  # noqa: E402

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget  # noqa: E402

from desktop.core.drafts import DraftSlot  # noqa: E402
from desktop.core.vault import OpenVault  # noqa: E402
from desktop.ui.drafts import DraftKeeper  # noqa: E402
from desktop.ui.field_row import FieldRow  # noqa: E402
from desktop.ui.language import switch_language  # noqa: E402
from desktop.ui.ops import Operations  # noqa: E402
from tests.ui.test_forms_support import ops, run_job, type_text  # noqa: E402, F401

SLOT = DraftSlot("test:draft", "note", record_id="case-1")


def _keeper(qtbot: Any, ops: Operations) -> tuple[QWidget, QLineEdit, DraftKeeper]:
    owner = QWidget()
    qtbot.addWidget(owner)
    edit = QLineEdit(owner)
    keeper = DraftKeeper(ops, SLOT, lambda: {"text": edit.text()}, parent=owner, delay_ms=50)
    edit.textEdited.connect(keeper.touch)
    owner.show()
    owner.activateWindow()
    edit.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is edit, timeout=2000)
    return owner, edit, keeper


def test_typing_is_kept_as_a_draft_and_comes_back(qtbot: Any, ops: Operations,
                                                  vault: OpenVault) -> None:
    _owner, edit, keeper = _keeper(qtbot, ops)
    with qtbot.waitSignal(keeper.saved, timeout=5000):
        type_text(QApplication.focusWidget(), "Qelëz")
    assert vault.store.load_draft(SLOT.key) == {"text": "Qelëz"}

    restored: list[Any] = []
    _other, _edit, again = _keeper(qtbot, ops)
    again.load(restored.append)
    qtbot.waitUntil(lambda: bool(restored), timeout=5000)
    assert restored == [{"text": "Qelëz"}]


def test_flush_saves_at_once_and_discard_forgets(qtbot: Any, ops: Operations,
                                                 vault: OpenVault) -> None:
    _owner, edit, keeper = _keeper(qtbot, ops)
    QTest.keyClicks(QApplication.focusWidget(), "Kabash")
    assert keeper.pending
    with qtbot.waitSignal(keeper.saved, timeout=5000):
        keeper.flush()
    assert not keeper.pending
    assert vault.store.load_draft(SLOT.key) == {"text": "Kabash"}
    keeper.discard()
    run_job(qtbot, ops, lambda store: None)
    assert vault.store.load_draft(SLOT.key) is None
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_A)
    assert keeper.pending  # typing after a discard is kept again


def test_paused_keeper_ignores_filled_in_input(qtbot: Any, ops: Operations) -> None:
    _owner, edit, keeper = _keeper(qtbot, ops)
    keeper.pause(True)
    QTest.keyClicks(QApplication.focusWidget(), "x")
    assert not keeper.pending


def test_field_row_label_error_and_language(qtbot: Any) -> None:
    edit = QLineEdit()
    row = FieldRow("First name", edit, required=True, hint="As on the ID card")
    qtbot.addWidget(row)
    assert row.title.text().startswith("First name") and "*" in row.title.text()
    assert row.title.buddy() is edit
    assert row.error.isHidden() and row.error_text == ""
    row.set_error("This field is required.")
    assert row.error_text == "This field is required."
    assert not row.error.isHidden()
    switch_language("sq")
    try:
        row.retranslate()
        assert row.title.text().startswith("Emri")
        row.set_error(lambda: "mesazh" if True else "")
        assert row.error_text == "mesazh"
    finally:
        switch_language("en")
    row.set_error("")
    assert row.error.isHidden()
