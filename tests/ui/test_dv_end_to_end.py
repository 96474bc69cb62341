"""One domestic violence case from the protection order to the printed papers, in the main
window: the order and two 60-day reports (the second late) typed into their dialogs, a
meeting with three institutions and two tasks, then the minutes and the 60-day report saved
as PDF and read back."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget

from desktop.core.casework.measures import measures_of_case
from desktop.core.casework.monitoring import DONE, DUE, report_schedule
from desktop.ui.dialogs.measures import MonitoringReportDialog, ProtectionOrderDialog
from desktop.ui.printing import print_document
from tests.ui.conftest import press, unlock, wait_idle
from tests.ui.test_forms_support import make_case
from tests.ui.test_meetings import add_attendee, open_meetings, type_into

TODAY = dt.date.today()
ISSUED = TODAY - dt.timedelta(days=130)   # the first report was due on day 60, the second
FIRST_REPORT = ISSUED + dt.timedelta(days=55)   # on day 115 (60 after the first): late today


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def open_dialog(qtbot: Any, window: Any, dialog_type: type, case_id: str) -> Any:
    """The dialog as the case's Measures tab opens it (through the session's launcher)."""
    session = window.session
    dialog = session.dialogs.open(dialog_type, (session.ops, case_id, session.profile), window)
    qtbot.waitUntil(lambda: dialog.isVisible(), timeout=5_000)
    return dialog


def save(qtbot: Any, dialog: Any) -> None:
    """Ctrl+S in the dialog; it closes once saved."""
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        press(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def enter_order(qtbot: Any, window: Any, case_id: str) -> None:
    dialog = open_dialog(qtbot, window, ProtectionOrderDialog, case_id)
    dialog.kind.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.kind, timeout=5_000)
    press(dialog, Qt.Key.Key_Down)                     # UM, the ordinary order
    type_into(qtbot, dialog.court, "Gjykata e Rrethit Gjyqësor Shkodër")
    type_into(qtbot, dialog.decision_number, "412/2026")
    dialog.decided_on.set_date(ISSUED)
    dialog.starts.set_date(ISSUED)
    dialog.ends.set_date(ISSUED + dt.timedelta(days=365))
    type_into(qtbot, dialog.conditions, "Të mos afrohet më shumë se 200 m nga shtëpia")
    type_into(qtbot, dialog.protected, "Mimoza Çela dhe dy fëmijët")
    save(qtbot, dialog)


def enter_report(qtbot: Any, window: Any, case_id: str, day: dt.date,
                 parts: dict[str, str]) -> None:
    dialog = open_dialog(qtbot, window, MonitoringReportDialog, case_id)
    qtbot.waitUntil(lambda: dialog.measure.currentData() is not None, timeout=5_000)
    dialog.reported_on.set_date(day)
    for name, text in parts.items():
        type_into(qtbot, getattr(dialog, name), text)
    save(qtbot, dialog)


def record_meeting(qtbot: Any, window: Any, number: str) -> Any:
    screen = open_meetings(qtbot, window)
    QTest.mouseClick(screen.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.session.dialogs.dialog() is not None, timeout=5_000)
    dialog = window.session.dialogs.dialog()
    add_attendee(qtbot, dialog, 0, "Arta Hoxha")          # municipal social services
    add_attendee(qtbot, dialog, 1, "Ilir Leka")           # police
    add_attendee(qtbot, dialog, 1, "Mirela Gjoçi")        # school
    type_into(qtbot, dialog.case_number, number)
    type_into(qtbot, dialog.decision, "Vazhdim i urdhrit; këshillim për fëmijët")
    press(dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.case_list.count() == 1, timeout=5_000)
    for task, owner in (("Vizitë në shtëpi me policinë", "drita"),
                        ("Njoftim i gjykatës për shkeljen", "Ilir Leka")):
        type_into(qtbot, dialog.task, task)
        type_into(qtbot, dialog.owner, owner)
        press(dialog, Qt.Key.Key_Return)
    assert dialog.task_list.count() == 2
    press(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.session.dialogs.dialog() is None, timeout=5_000)
    qtbot.waitUntil(lambda: screen.table.rowCount() == 1, timeout=5_000)
    return screen


def press_button(qtbot: Any, widget: QWidget) -> None:
    """Tab to a button and press the space bar."""
    widget.window().activateWindow()
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget, timeout=5_000)
    QTest.keyClick(widget, Qt.Key.Key_Space)


def test_a_dv_case_from_the_order_to_the_printed_minutes_and_60_day_report(
        qtbot: Any, make_window: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    window = make_window()
    unlock(qtbot, window)
    ops = window.session.ops

    def dv_case(store: Any) -> str:   # a synthetic survivor who reads Albanian
        person_id, case_id = make_case(store, "Mimoza", "Çela", case_type="domestic_violence")
        store.update(person_id, {"preferred_language": "sq"})
        return case_id

    case_id = ops.call_blocking(dv_case)
    number = ops.call_blocking(lambda store: store.require(case_id).fields["case_number"])

    enter_order(qtbot, window, case_id)
    enter_report(qtbot, window, case_id, FIRST_REPORT, {
        "checked": "Vizitë në shtëpi me policinë", "situation": "E qetë, pa shkelje",
        "police": "Komisariati i Pukës, çdo javë"})
    enter_report(qtbot, window, case_id, TODAY, {
        "checked": "Bisedë me fqinjët dhe me mësuesen",
        "situation": "Mimoza ndihet më e sigurt; fëmijët shkojnë në shkollë",
        "incidents": "Një telefonatë kërcënuese, e raportuar në komisariat"})
    [order] = ops.call_blocking(lambda store: measures_of_case(store, case_id))
    slots = report_schedule(order, today=TODAY)
    assert [(s.number, s.state, s.done_late) for s in slots] == [
        (1, DONE, False), (2, DONE, True), (3, DUE, False)]

    screen = record_meeting(qtbot, window, number)
    assert screen.table.item(0, 3).text() == "3" and screen.table.item(0, 4).text() == number
    minutes = tmp_path / "procesverbali.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *_a, **_k: (str(minutes), "PDF (*.pdf)")))
    press_button(qtbot, screen.minutes_button)
    qtbot.waitUntil(lambda: minutes.exists(), timeout=10_000)
    text = pdf_text(minutes)
    for expected in (number, "Arta Hoxha", "Ilir Leka", "Mirela Gjoçi",
                     "Vazhdim i urdhrit; këshillim për fëmijët", "Vizitë në shtëpi me policinë",
                     "Njoftim i gjykatës për shkeljen"):
        assert expected in text, expected

    report_pdf = tmp_path / "raporti-60.pdf"
    monkeypatch.setattr("desktop.ui.printing.preview.ask_save_path",
                        lambda *_a, **_k: str(report_pdf))
    preview = print_document(window, ops, case_id, "report_60", order.id)
    qtbot.waitUntil(lambda: preview.is_ready or preview.error.isVisible(), timeout=20_000)
    assert preview.is_ready, preview.error.text()
    with qtbot.waitSignal(preview.saved, timeout=10_000):
        press_button(qtbot, preview.save_button)
    text = pdf_text(report_pdf)
    for expected in (number, "Raporti nr. 2", "Gjykata e Rrethit Gjyqësor Shkodër", "412/2026",
                     "Mimoza ndihet më e sigurt; fëmijët shkojnë në shkollë",
                     "Një telefonatë kërcënuese", "Raportet e mëparshme",
                     FIRST_REPORT.strftime("%d.%m.%Y"), "Mimoza Çela"):
        assert expected in text, expected
    assert "ë" in text and "ç" in text
    preview.reject()
    wait_idle(qtbot, window)
