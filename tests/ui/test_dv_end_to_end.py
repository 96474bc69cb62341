"""One domestic violence case from the protection order to the printed papers, by keyboard
alone: the case found with Ctrl+F, its Measures tab reached with Ctrl+Tab, the order and two
60-day reports (the second late) typed into their dialogs with the dates typed as dd.mm.yyyy,
the 60-day report saved as PDF from the Documents tab, then the Meetings screen reached
through the navigation, a meeting with three institutions and two tasks typed in, and its
minutes saved as PDF. Both PDFs are read back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget

from desktop.core.casework.measures import measures_of_case
from desktop.core.casework.monitoring import DONE, DUE, report_schedule
from desktop.ui.case_view import TABS
from desktop.ui.dialogs.measures import MonitoringReportDialog, ProtectionOrderDialog
from desktop.ui.dialogs.meeting import MeetingDialog
from desktop.ui.printing import PrintPreviewDialog
from tests.ui.conftest import press, unlock, wait_idle
from tests.ui.test_forms_support import make_case, type_text

TODAY = dt.date.today()
ISSUED = TODAY - dt.timedelta(days=130)   # the first report was due on day 60, the second
FIRST_REPORT = ISSUED + dt.timedelta(days=55)   # on day 115 (60 after the first): late today
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
TAB_LIMIT = 40


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def day(value: dt.date) -> str:
    return value.strftime("%d.%m.%Y")


def cell(table: Any, row: int, column: int) -> str:
    """What a table (a case tab's or a screen's) shows in a cell."""
    return str(table.model().index(row, column).data() or "")


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def key(window: Any, k: Qt.Key, modifier: Any = None) -> None:
    """A key pressed where the focus is, in the active window of ``window``."""
    press(QApplication.activeModalWidget() or window, k, modifier)


def typed(text: str) -> None:
    """Text typed into the focused field, key by key."""
    type_text(focused(), text)


def tab_to(window: Any, wanted: Callable[[QWidget], bool], *, back: bool = False) -> QWidget:
    """Tab (or Shift+Tab) until the focus is on a widget that ``wanted`` accepts."""
    passed = []
    for _ in range(TAB_LIMIT):
        if wanted(focused()):
            return focused()
        passed.append(type(focused()).__name__)
        if back:
            key(window, Qt.Key.Key_Backtab, SHIFT)
        else:
            key(window, Qt.Key.Key_Tab)
    raise AssertionError(f"never reached by Tab: passed {passed}")


def tab_to_widget(window: Any, widget: QWidget, *, back: bool = False) -> None:
    tab_to(window, lambda w: w is widget, back=back)


def next_field(window: Any, text: str | None = None) -> None:
    """Tab to the next field and type ``text`` over what it holds."""
    key(window, Qt.Key.Key_Tab)
    if text is not None:
        typed(text)


def open_dialog_by_button(qtbot: Any, window: Any, button: QWidget, kind: type) -> Any:
    tab_to_widget(window, button)
    key(window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), kind), timeout=5_000)
    dialog = QApplication.activeModalWidget()
    qtbot.waitUntil(lambda: dialog.isAncestorOf(focused()), timeout=5_000)
    return dialog


def save(qtbot: Any, window: Any, dialog: Any) -> None:
    """Ctrl+S in the dialog; it closes once saved."""
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        key(window, Qt.Key.Key_S, CTRL)
    back_in_main_window(qtbot, window)


def back_in_main_window(qtbot: Any, window: Any) -> None:
    """A dialog has closed: the main window is active again (the window manager's part) and
    its focus is back where it was."""
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None, timeout=5_000)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=5_000)


def find_case(qtbot: Any, window: Any, number: str) -> Any:
    """Cases in the navigation, Ctrl+F, the case number, Enter."""
    go_to(qtbot, window, "cases")
    key(window, Qt.Key.Key_F, CTRL)
    typed(number)
    key(window, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.workspace.current_key() == "case", timeout=10_000)
    view = window.workspace.case_view
    qtbot.waitUntil(lambda: view.data is not None
                    and view.data.case.fields.get("case_number") == number, timeout=10_000)
    return view


def go_to(qtbot: Any, window: Any, screen_key: str) -> None:
    """Shift+Tab back to the navigation list, then the arrow keys to the screen."""
    nav = window.workspace.nav
    tab_to_widget(window, nav, back=True)
    keys = [nav.item(i).data(Qt.ItemDataRole.UserRole) for i in range(nav.count())]
    target = keys.index(screen_key)
    for _ in range(nav.count()):
        if nav.currentRow() == target:
            break
        key(window, Qt.Key.Key_Down if nav.currentRow() < target else Qt.Key.Key_Up)
    qtbot.waitUntil(lambda: window.workspace.current_key() == screen_key, timeout=5_000)


def case_tab(window: Any, view: Any, name: str) -> None:
    """Ctrl+Tab until the case's tab ``name`` shows."""
    for _ in range(len(TABS)):
        if view.current_tab() == TABS.index(name):
            return
        key(window, Qt.Key.Key_Tab, CTRL)
    assert view.current_tab() == TABS.index(name)


def enter_order(qtbot: Any, window: Any, view: Any) -> None:
    dialog = open_dialog_by_button(qtbot, window, view.action_buttons[ProtectionOrderDialog],
                                   ProtectionOrderDialog)
    assert focused() is dialog.kind
    key(window, Qt.Key.Key_Down)                      # UM, the ordinary order
    next_field(window, "Gjykata e Rrethit Gjyqësor Shkodër")
    next_field(window, "412/2026")
    next_field(window, day(ISSUED))                   # decision date
    next_field(window, day(ISSUED))                   # starts on (over today's date)
    next_field(window, day(ISSUED + dt.timedelta(days=365)))
    next_field(window, "Të mos afrohet më shumë se 200 m nga shtëpia")
    next_field(window, "Mimoza Çela dhe dy fëmijët")
    save(qtbot, window, dialog)


def enter_report(qtbot: Any, window: Any, view: Any, reported: dt.date,
                 parts: tuple[str, str, str, str]) -> None:
    dialog = open_dialog_by_button(qtbot, window, view.action_buttons[MonitoringReportDialog],
                                   MonitoringReportDialog)
    qtbot.waitUntil(lambda: dialog.measure.currentData() is not None, timeout=5_000)
    assert focused() is dialog.measure               # the order, the only active measure
    next_field(window, day(reported))                 # over today's date
    for text in parts:                                # checked, situation, incidents, police
        next_field(window, text or None)
    save(qtbot, window, dialog)


def save_60_day_report(qtbot: Any, window: Any, view: Any) -> None:
    """The Documents tab: Tab into the list, the arrow keys to the 60-day report, Enter; in
    the preview, Tab to "Save as PDF…", Space, then Escape."""
    case_tab(window, view, "documents")
    table = view._tab("documents").table
    tab_to_widget(window, table)
    for _ in range(table.rowCount() + 1):
        row = table.currentRow()
        if row >= 0 and cell(table, row, 0).startswith("60-day report"):
            break
        key(window, Qt.Key.Key_Down)
    assert view.print_button.isEnabled()      # the row the keyboard is on is the one chosen
    key(window, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), PrintPreviewDialog),
                    timeout=5_000)
    preview = QApplication.activeModalWidget()
    qtbot.waitUntil(lambda: preview.is_ready or preview.error.isVisible(), timeout=20_000)
    assert preview.is_ready, preview.error.text()
    tab_to_widget(window, preview.save_button)
    with qtbot.waitSignal(preview.saved, timeout=10_000):
        key(window, Qt.Key.Key_Space)
    key(window, Qt.Key.Key_Escape)
    back_in_main_window(qtbot, window)


def add_attendee(window: Any, downs: int, name: str) -> None:
    """From the institution list: Down ``downs`` times, Tab, the name, Enter."""
    for _ in range(downs):
        key(window, Qt.Key.Key_Down)
    next_field(window, name)
    key(window, Qt.Key.Key_Return)


def record_meeting(qtbot: Any, window: Any, number: str) -> Any:
    go_to(qtbot, window, "meetings")
    screen = window.workspace.screen("meetings")
    dialog = open_dialog_by_button(qtbot, window, screen.record_button, MeetingDialog)
    assert focused() is dialog.meeting_date.edit
    tab_to_widget(window, dialog.institution)
    add_attendee(window, 0, "Arta Hoxha")             # municipal social services
    key(window, Qt.Key.Key_Backtab, SHIFT)
    add_attendee(window, 1, "Ilir Leka")              # police
    key(window, Qt.Key.Key_Backtab, SHIFT)
    add_attendee(window, 1, "Mirela Gjoçi")           # school
    assert [dialog.attendee_list.item(i).text() for i in range(3)] == [
        "Arta Hoxha · Municipal social services", "Ilir Leka · Police",
        "Mirela Gjoçi · School"]
    tab_to_widget(window, dialog.case_number)
    typed(number)
    next_field(window, "Vazhdim i urdhrit; këshillim për fëmijët")
    key(window, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.case_list.count() == 1, timeout=5_000)
    tab_to_widget(window, dialog.task)
    for task, due, owner in (
            ("Vizitë në shtëpi me policinë", TODAY + dt.timedelta(days=7), "drita"),
            ("Njoftim i gjykatës për shkeljen", TODAY + dt.timedelta(days=3), "Ilir Leka")):
        typed(task)
        next_field(window, day(due))
        next_field(window, owner)
        key(window, Qt.Key.Key_Return)
    assert [dialog.task_list.item(i).text() for i in range(dialog.task_list.count())] == [
        f"Vizitë në shtëpi me policinë · drita · {day(TODAY + dt.timedelta(days=7))}",
        f"Njoftim i gjykatës për shkeljen · Ilir Leka · {day(TODAY + dt.timedelta(days=3))}"]
    save(qtbot, window, dialog)
    qtbot.waitUntil(lambda: screen.table.rowCount() == 1, timeout=5_000)
    return screen


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
    view = find_case(qtbot, window, number)
    case_tab(window, view, "measures")
    enter_order(qtbot, window, view)
    enter_report(qtbot, window, view, FIRST_REPORT, (
        "Vizitë në shtëpi me policinë", "E qetë, pa shkelje", "",
        "Komisariati i Pukës, çdo javë"))
    enter_report(qtbot, window, view, TODAY, (
        "Bisedë me fqinjët dhe me mësuesen",
        "Mimoza ndihet më e sigurt; fëmijët shkojnë në shkollë",
        "Një telefonatë kërcënuese, e raportuar në komisariat", ""))
    [order] = ops.call_blocking(lambda store: measures_of_case(store, case_id))
    slots = report_schedule(order, today=TODAY)
    assert [(s.number, s.state, s.done_late) for s in slots] == [
        (1, DONE, False), (2, DONE, True), (3, DUE, False)]
    assert (order.fields["order_kind"], order.fields["decided_on"]) == (
        "ordinary", ISSUED.isoformat())
    measures = view._tab("measures").table     # what the tab shows of the typed dates
    qtbot.waitUntil(lambda: "no. 2 done" in cell(measures, 0, 5), timeout=10_000)
    assert (cell(measures, 0, 1), cell(measures, 0, 3)) == (
        day(ISSUED), day(ISSUED + dt.timedelta(days=365)))
    assert f"no. 1 done {day(FIRST_REPORT)}" in cell(measures, 0, 5)
    assert f"no. 2 done {day(TODAY)} (late)" in cell(measures, 0, 5)
    report_pdf = tmp_path / "raporti-60.pdf"
    monkeypatch.setattr("desktop.ui.printing.preview.ask_save_path",
                        lambda *_a, **_k: str(report_pdf))
    save_60_day_report(qtbot, window, view)
    text = pdf_text(report_pdf)
    for expected in (number, "Raporti nr. 2", "Gjykata e Rrethit Gjyqësor Shkodër", "412/2026",
                     "Mimoza ndihet më e sigurt; fëmijët shkojnë në shkollë",
                     "Një telefonatë kërcënuese", "Raportet e mëparshme",
                     day(FIRST_REPORT), "Mimoza Çela"):
        assert expected in text, expected
    assert "ë" in text and "ç" in text

    minutes = tmp_path / "procesverbali.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *_a, **_k: (str(minutes), "PDF (*.pdf)")))
    screen = record_meeting(qtbot, window, number)
    assert screen.table.item(0, 3).text() == "3" and screen.table.item(0, 4).text() == number
    tab_to_widget(window, screen.minutes_button)
    key(window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: minutes.exists(), timeout=10_000)
    text = pdf_text(minutes)
    for expected in (number, "Arta Hoxha", "Ilir Leka", "Mirela Gjoçi",
                     "Vazhdim i urdhrit; këshillim për fëmijët", "Vizitë në shtëpi me policinë",
                     "Njoftim i gjykatës për shkeljen"):
        assert expected in text, expected
    wait_idle(qtbot, window)
