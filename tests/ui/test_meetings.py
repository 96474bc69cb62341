"""Recording a multidisciplinary meeting and printing its minutes, by keys."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog

from tests.ui.conftest import press, unlock, wait_idle
from tests.ui.test_forms_support import type_text


def type_into(qtbot: Any, widget: Any, text: str) -> None:
    widget.window().activateWindow()
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget, timeout=5_000)
    type_text(QApplication.focusWidget(), text)


def open_meetings(qtbot: Any, window: Any) -> Any:
    nav = window.workspace.nav
    row = next(i for i in range(nav.count())
               if nav.item(i).data(Qt.ItemDataRole.UserRole) == "meetings")
    QTest.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton,
                     pos=nav.visualItemRect(nav.item(row)).center())
    screen = window.workspace.screen("meetings")
    qtbot.waitUntil(lambda: window.workspace.pages.currentWidget() is screen, timeout=5_000)
    return screen


def add_attendee(qtbot: Any, dialog: Any, downs: int, name: str) -> None:
    dialog.institution.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.institution, timeout=5_000)
    for _ in range(downs):
        press(dialog, Qt.Key.Key_Down)
    type_into(qtbot, dialog.attendee_name, name)
    press(dialog, Qt.Key.Key_Return)


def test_a_meeting_with_three_institutions_and_two_tasks_and_its_minutes(
        qtbot: Any, make_window: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    window = make_window()
    unlock(qtbot, window)
    number = window.session.ops.call_blocking(
        lambda store: store.query("case", limit=1)[0].get("case_number"))
    screen = open_meetings(qtbot, window)
    QTest.mouseClick(screen.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.session.dialogs.dialog() is not None, timeout=5_000)
    dialog = window.session.dialogs.dialog()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=5_000)

    press(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # nobody attended yet
    assert dialog.rows["attendees"].error_text == "Add at least one attendee."
    assert window.session.dialogs.dialog() is dialog

    add_attendee(qtbot, dialog, 0, "Arta Hoxha")
    add_attendee(qtbot, dialog, 1, "Ilir Leka")
    add_attendee(qtbot, dialog, 1, "Mirela Gjoçi")
    assert [a["institution"] for a in dialog.attendees] == ["social_services", "police",
                                                            "school"]
    type_into(qtbot, dialog.case_number, number)
    type_into(qtbot, dialog.decision, "Vendosje te të afërmit")
    press(dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.case_list.count() == 1, timeout=5_000)
    for task, owner in (("Vizitë në familje", "drita"), ("Njoftim i gjykatës", "Ilir Leka")):
        type_into(qtbot, dialog.task, task)
        type_into(qtbot, dialog.owner, owner)
        press(dialog, Qt.Key.Key_Return)
    assert dialog.task_list.count() == 2

    press(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.session.dialogs.dialog() is None, timeout=5_000)
    qtbot.waitUntil(lambda: screen.table.rowCount() == 1, timeout=5_000)
    assert screen.table.item(0, 3).text() == "3"
    assert screen.table.item(0, 4).text() == number

    pdf = tmp_path / "minutes.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *_a, **_k: (str(pdf), "PDF (*.pdf)")))
    QTest.mouseClick(screen.minutes_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: pdf.exists(), timeout=10_000)
    text = "\n".join(p.extract_text() or "" for p in PdfReader(pdf).pages)
    for expected in (number, "Mirela Gjoçi", "Vendosje te të afërmit", "Vizitë në familje",
                     "Njoftim i gjykatës"):
        assert expected in text, expected
    wait_idle(qtbot, window)


def open_nav(qtbot: Any, window: Any, key: str) -> Any:
    nav = window.workspace.nav
    row = next(i for i in range(nav.count())
               if nav.item(i).data(Qt.ItemDataRole.UserRole) == key)
    QTest.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton,
                     pos=nav.visualItemRect(nav.item(row)).center())
    screen = window.workspace.screen(key)
    qtbot.waitUntil(lambda: window.workspace.pages.currentWidget() is screen, timeout=5_000)
    return screen


def test_a_task_shows_in_its_owners_today_and_is_marked_done(qtbot: Any,
                                                              make_window: Any) -> None:
    from desktop.core.casework.meetings import record_meeting

    window = make_window()
    unlock(qtbot, window)
    meeting_id = window.session.ops.call_blocking(lambda store: record_meeting(
        store, meeting_date="2026-02-10", group="gtn",
        attendees=[{"name": "Arta Hoxha", "institution": "social_services"}],
        case_ids=[store.query("case", limit=1)[0].id],
        tasks=[{"description": "Vizitë në familje", "owner": "drita", "due": "2026-02-17"},
               {"description": "Njoftim i gjykatës", "owner": "besnik"}]).id)
    today = open_nav(qtbot, window, "today")
    today.refresh()
    panel = today.tasks_panel
    qtbot.waitUntil(lambda: len(panel.rows) == 1, timeout=10_000)
    assert panel.rows[0].description == "Vizitë në familje"  # besnik's task is his own
    assert panel.rows[0].overdue
    panel.tree.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is panel.tree, timeout=5_000)
    press(panel.tree, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: panel.done_button.isEnabled(), timeout=5_000)
    panel.done_button.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is panel.done_button, timeout=5_000)
    press(panel.done_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not panel.rows, timeout=10_000)
    tasks = window.session.ops.call_blocking(lambda store: store.get(meeting_id).get("tasks"))
    assert [t["status"] for t in tasks] == ["done", "open"]
    wait_idle(qtbot, window)


def test_a_pim_ticked_as_agreed_is_marked_on_the_plan_and_a_case_without_one_refused(
        qtbot: Any, make_window: Any) -> None:
    from desktop.core.casework.plans import current_plan

    window = make_window()
    unlock(qtbot, window)

    def numbers(store: Any) -> tuple[str, str]:
        with_pim = without = None
        for case in store.query("case"):
            plan = current_plan(store, case.id)
            has_pim = plan is not None and plan.get("plan_type") == "protection_plan"
            if has_pim and with_pim is None:
                with_pim = case.get("case_number")
            if plan is None and without is None:
                without = case.get("case_number")
        if with_pim is None:  # a synthetic child with a protection plan
            from desktop.core.casework.cases import open_case
            from desktop.core.casework.persons import register_person
            from desktop.core.casework.plans import create_plan

            child = register_person(store, {"first_name": "Arbër", "last_name": "Çeliku",
                                            "sex": "M", "birth_date": "2014-03-01",
                                            "administrative_unit": "Qerret"},
                                    new_household={"size": 3})
            case = open_case(store, child.id, "child_protection", municipality="Pukë",
                             referral_source="school")
            create_plan(store, case.id, plan_type="protection_plan")
            with_pim = case.get("case_number")
        return with_pim, without

    with_pim, without = window.session.ops.call_blocking(numbers)
    assert with_pim and without
    screen = open_meetings(qtbot, window)
    QTest.mouseClick(screen.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.session.dialogs.dialog() is not None, timeout=5_000)
    dialog = window.session.dialogs.dialog()
    add_attendee(qtbot, dialog, 1, "Ilir Leka")
    for number in (without, with_pim):
        type_into(qtbot, dialog.case_number, number)
        type_into(qtbot, dialog.decision, "Plani u miratua")
        press(dialog, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda n=number: n in dialog.case_list.item(
            dialog.case_list.count() - 1).text() if dialog.case_list.count() else False,
            timeout=5_000)
    dialog.case_list.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.case_list, timeout=5_000)
    press(dialog, Qt.Key.Key_Home)
    press(dialog, Qt.Key.Key_Space)  # the case without a plan: ticked by mistake
    press(dialog, Qt.Key.Key_Down)
    press(dialog, Qt.Key.Key_Space)
    assert len(dialog.agreed_cases()) == 2
    press(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(dialog.banner.messages()), timeout=5_000)
    assert without in dialog.banner.messages()[0]
    assert "no protection plan" in dialog.banner.messages()[0]
    assert window.session.ops.call_blocking(lambda store: store.query("meeting")) == []

    press(dialog, Qt.Key.Key_Home)
    press(dialog, Qt.Key.Key_Space)  # untick it
    press(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.session.dialogs.dialog() is None, timeout=5_000)

    def agreed(store: Any) -> tuple[str | None, str]:
        case = store.query("case", title=with_pim, limit=1)[0]
        meeting = store.query("meeting")[0]
        return current_plan(store, case.id).get("agreed_in_meeting"), meeting.id

    plan_meeting, meeting_id = window.session.ops.call_blocking(agreed)
    assert plan_meeting == meeting_id
    wait_idle(qtbot, window)
