"""A dialog's draft keeps every kind of input as it was typed or chosen (a wrong date too),
comes back when the dialog opens again, and is forgotten once the input is saved."""

from __future__ import annotations

import datetime as dt
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from typing import Any  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402

from desktop.core.casework.measures import record_protection_order  # noqa: E402
from desktop.core.vault import OpenVault  # noqa: E402
from desktop.ui.dialog_drafts import InputDraft  # noqa: E402
from desktop.ui.dialogs.case_lifecycle import HandOverDialog  # noqa: E402
from desktop.ui.dialogs.measure_kinds import EndMeasureDialog  # noqa: E402
from desktop.ui.dialogs.meeting import MeetingDialog  # noqa: E402
from desktop.ui.dialogs.open_case import OpenCaseDialog  # noqa: E402
from desktop.ui.ops import Operations  # noqa: E402
from tests.ui.dialog_support import focus, opened, press_save  # noqa: E402
from tests.ui.test_forms_support import make_case, ops, run_job, type_text  # noqa: E402, F401

TODAY = dt.date.today()
RESTORED = "Your unsaved input was restored."


@pytest.fixture
def order_case(vault: OpenVault) -> tuple[str, str]:
    case_id = make_case(vault.store, "Mimoza", "Çela", case_type="domestic_violence")[1]
    order = record_protection_order(vault.store, case_id, kind="ordinary",
                                    issued_on=TODAY - dt.timedelta(days=20))
    return case_id, order.id


def _ready(qtbot: Any, dialog: Any) -> Any:
    qtbot.waitUntil(lambda: all(d.ready for d in dialog.findChildren(InputDraft)),
                    timeout=5000)
    return dialog


def _close(qtbot: Any, operations: Operations, dialog: Any) -> None:
    """Escape closes the dialog; its draft reaches the vault."""
    QTest.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    run_job(qtbot, operations, lambda _store: None)  # after the draft's save


def test_every_kind_of_input_comes_back_as_it_was(
        qtbot: Any, ops: Operations, vault: OpenVault,  # noqa: F811
        order_case: tuple[str, str]) -> None:
    case_id, order_id = order_case
    dialog = _ready(qtbot, opened(qtbot, EndMeasureDialog(ops, case_id, vault.profile)))
    assert dialog.measure.currentData() == order_id and not dialog.notice.isVisible()
    edit = focus(qtbot, dialog.on.edit)
    QTest.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(edit, "31.02.2025")                    # not a date: kept as typed
    focus(qtbot, dialog.revoked)
    QTest.keyClick(dialog.revoked, Qt.Key.Key_Space)
    type_text(focus(qtbot, dialog.reason), "Gjykata e shfuqizoi urdhrin")
    _close(qtbot, ops, dialog)

    again = _ready(qtbot, opened(qtbot, EndMeasureDialog(ops, case_id, vault.profile)))
    assert again.notice.text() == RESTORED
    assert again.on.edit.text() == "31.02.2025" and again.on.problem()
    assert again.revoked.isChecked()
    assert again.reason.toPlainText() == "Gjykata e shfuqizoi urdhrin"
    focus(qtbot, again.reason)
    press_save()                                     # the wrong date is refused in words
    assert again.banner.messages() and again.isVisible()
    edit = focus(qtbot, again.on.edit)
    QTest.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(edit, TODAY.strftime("%d.%m.%Y"))
    with qtbot.waitSignal(again.saved, timeout=5000):
        press_save()
    assert run_job(qtbot, ops, lambda s: s.get(order_id)).fields["status"] == "revoked"
    assert run_job(qtbot, ops, lambda s: s.load_draft(f"end_measure:{case_id}")) is None


def test_a_chosen_unit_and_a_typed_worker_come_back(
        qtbot: Any, ops: Operations, vault: OpenVault,  # noqa: F811
        order_case: tuple[str, str]) -> None:
    case_id, _order = order_case
    dialog = _ready(qtbot, opened(qtbot, HandOverDialog(ops, case_id, vault.profile)))
    type_text(focus(qtbot, dialog.worker), "besnik")
    focus(qtbot, dialog.unit)
    QTest.keyClick(dialog.unit, Qt.Key.Key_R)
    assert dialog.unit.currentText() == "Rrapë"
    _close(qtbot, ops, dialog)
    again = _ready(qtbot, opened(qtbot, HandOverDialog(ops, case_id, vault.profile)))
    assert (again.worker.currentText(), again.unit.currentData()) == ("besnik", "Rrapë")
    assert again.notice.text() == RESTORED


def test_the_lines_of_a_meeting_come_back(qtbot: Any, ops: Operations,  # noqa: F811
                                          vault: OpenVault) -> None:
    dialog = _ready(qtbot, opened(qtbot, MeetingDialog(ops, vault.profile)))
    type_text(focus(qtbot, dialog.attendee_name), "Arben Hoxha")
    QTest.keyClick(dialog.attendee_name, Qt.Key.Key_Return)
    type_text(focus(qtbot, dialog.task), "Vizitë në shkollë")
    type_text(focus(qtbot, dialog.owner), "Arben Hoxha")
    QTest.keyClick(dialog.owner, Qt.Key.Key_Return)
    type_text(focus(qtbot, dialog.place), "Zyra e NJVNR")
    _close(qtbot, ops, dialog)

    again = _ready(qtbot, opened(qtbot, MeetingDialog(ops, vault.profile)))
    assert again.attendee_list.count() == 1 and "Arben Hoxha" in again.attendee_list.item(0).text()
    assert [t["description"] for t in again.tasks] == ["Vizitë në shkollë"]
    assert again.place.text() == "Zyra e NJVNR"
    focus(qtbot, again.place)
    with qtbot.waitSignal(again.saved, timeout=5000):
        press_save()
    [meeting] = run_job(qtbot, ops, lambda s: s.query("meeting"))
    assert meeting.fields["attendees"][0]["name"] == "Arben Hoxha"
    assert run_job(qtbot, ops, lambda s: s.load_draft("meeting")) is None


def test_the_person_found_for_a_new_case_is_chosen_again(
        qtbot: Any, ops: Operations, vault: OpenVault) -> None:  # noqa: F811
    person_id = make_case(vault.store, "Zana", "Koci")[0]
    dialog = _ready(qtbot, opened(qtbot, OpenCaseDialog(ops, vault.profile, None)))
    type_text(focus(qtbot, dialog.person_search), "Zana Koci")
    QTest.keyClick(dialog.person_search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.person_id == person_id, timeout=5000)
    type_text(focus(qtbot, dialog.notes), "Fqinja njoftoi për pleqtë vetëm.")
    _close(qtbot, ops, dialog)

    again = _ready(qtbot, opened(qtbot, OpenCaseDialog(ops, vault.profile, None)))
    assert again.person_search.text() == "Zana Koci"
    assert again.notes.toPlainText() == "Fqinja njoftoi për pleqtë vetëm."
    qtbot.waitUntil(lambda: again.person_id == person_id, timeout=5000)
    qtbot.wait(400)  # longer than the search box's pause: the choice stays
    assert again.person_id == person_id
