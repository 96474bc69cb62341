"""The case view: header, the red safety banner, tabs, history, and the print hook."""

from __future__ import annotations

import datetime as dt
import random
import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop.core.casework.assessments import save_assessment
from desktop.core.casework.sample_answers import random_answers
from desktop.core.changes import Changes
from desktop.core.forms import load_form
from desktop.core.vault import open_vault
from desktop.core.views.case_texts import results_text
from desktop.ui.case_view import TABS
from desktop.ui.dialogs import VisitDialog
from desktop.ui.ops import ChangeOp, QueryOp
from desktop.ui.printing import PrintPreviewDialog
from tests.ui.conftest import UI_PASSWORD, UI_USER, press, unlock
from tests.ui.test_forms_support import type_text


@pytest.fixture
def cases(ui_data_dir: Path) -> dict[str, str]:
    """Two open cases in different households: one where the abuser lives, one safe."""
    vault = open_vault(ui_data_dir, UI_USER, UI_PASSWORD)
    store = vault.store
    chosen: dict[str, str] = {}
    households: set[str] = set()
    for case in store.query("case", status="open", limit=500):
        household = case.fields.get("household_id")
        if not household or household in households:
            continue
        if store.get(household).fields.get("abuser_present"):
            continue
        households.add(household)
        key = "abuser" if "abuser" not in chosen else "safe" if "safe" not in chosen \
            else "order"
        chosen[key] = case.id
        if key == "abuser":
            store.update(household, {"abuser_present": True})
        if len(chosen) == 3:
            break
    today = dt.date.today()
    store.create("measure", {"case_id": chosen["order"], "measure_type": "protection_order",
                             "issued_on": today.isoformat(), "status": "active",
                             "end_date": (today + dt.timedelta(days=200)).isoformat()})
    form = load_form("elderly_functional")
    answers = random_answers(form, random.Random(5), today)
    assert answers is not None
    save_assessment(store, chosen["order"], form.id, answers, submitted_on=today)
    vault.lock()
    return chosen


def _open(qtbot: Any, window: Any, case_id: str) -> Any:
    view = window.workspace.open_case(case_id)
    qtbot.waitUntil(lambda: view.data is not None and view.data.case.id == case_id,
                    timeout=10_000)
    return view


def test_safety_banner(qtbot: Any, make_window: Any, cases: dict[str, str]) -> None:
    window = make_window()
    unlock(qtbot, window)
    view = _open(qtbot, window, cases["abuser"])
    assert view.banner.isVisibleTo(window)
    assert "abuser" in view.banner.text.text().lower()
    view = _open(qtbot, window, cases["safe"])
    assert not view.banner.isVisibleTo(window)
    view = _open(qtbot, window, cases["order"])
    assert view.banner.isVisibleTo(window)
    assert "protection order" in view.banner.text.text().lower()


def test_header_tabs_and_history(qtbot: Any, make_window: Any, cases: dict[str, str]) -> None:
    window = make_window()
    unlock(qtbot, window)
    view = _open(qtbot, window, cases["order"])
    fields = view.data.case.fields
    person = view.data.person.fields
    assert view.header.title.text() == f"{person['first_name']} {person['last_name']}"
    facts = " ".join(view.facts.itemAt(i).widget().text() for i in range(view.facts.count()))
    assert fields["case_number"] in facts
    assert window.session.label("case_types", fields["case_type"]) in facts
    assert [view.tabs.tabText(i) for i in range(view.tabs.count())][0] == "Overview"
    assert view.tabs.count() == len(TABS)
    measures = view._tab("measures").table
    assert measures.rowCount() == 1
    assessments = view._tab("assessments").table
    form_titles = {assessments.cell_text(r, 1) for r in range(assessments.rowCount())}
    assert load_form("elderly_functional").text("en") in form_titles   # its title, not its id
    history = view._tab("history").table
    actions = {history.cell_text(r, 2) for r in range(history.rowCount())}
    assert "Created" in actions and "Viewed" in actions


def test_assessment_results_come_from_forms_read_off_the_ui_thread(
        qtbot: Any, make_window: Any, cases: dict[str, str], monkeypatch: Any) -> None:
    import desktop.ui.case_record_tabs as record_tabs

    on_ui_thread: list[str] = []

    def watched(form_id: str, *args: Any, **kwargs: Any) -> Any:
        if threading.current_thread() is threading.main_thread():
            on_ui_thread.append(form_id)
        return load_form(form_id, *args, **kwargs)

    monkeypatch.setattr(record_tabs, "load_form", watched)
    window = make_window()
    unlock(qtbot, window)
    view = _open(qtbot, window, cases["order"])
    record = next(a for a in view.data.assessments
                  if a.fields["form_id"] == "elderly_functional")
    form = load_form("elderly_functional", record.fields["form_version"])
    expected = results_text(form, record.fields["computed"], record_tabs.RESULTS_SHOWN)
    assert expected                                   # the results, by their labels
    assessments = view._tab("assessments").table
    shown = [assessments.cell_text(r, 3) for r in range(assessments.rowCount())]
    assert expected in shown
    view.retranslate()                                # shown again from memory
    assert expected in [assessments.cell_text(r, 3) for r in range(assessments.rowCount())]
    assert on_ui_thread == []                         # the forms' folder read with the case


def test_print_hook(qtbot: Any, make_window: Any, cases: dict[str, str]) -> None:
    window = make_window()
    unlock(qtbot, window)
    view = _open(qtbot, window, cases["order"])
    documents = view._tab("documents").table
    assert not view.print_button.isEnabled()          # nothing chosen yet
    row = next(r for r, d in enumerate(view.data.documents) if d.kind == "report_60")
    documents.selectRow(row)
    assert view.print_button.isEnabled()
    before = set(QApplication.topLevelWidgets())
    assert view.print_document("report_60", view.data.documents[row].record_id) is True
    opened = [w for w in QApplication.topLevelWidgets() if w not in before and w.isVisible()]
    assert opened
    for widget in opened:
        widget.close()


def test_a_saved_visit_shows_in_the_visits_tab(qtbot: Any, make_window: Any,
                                               cases: dict[str, str]) -> None:
    window = make_window()
    unlock(qtbot, window)
    view = _open(qtbot, window, cases["safe"])
    visits = view._tab("visits")
    before = len(view.data.visits)
    view.tabs.setCurrentIndex(TABS.index("visits"))
    QTest.mouseClick(view.action_buttons[VisitDialog], Qt.MouseButton.LeftButton)
    dialog = window.session.dialogs.dialog()
    qtbot.waitUntil(lambda: dialog.subtitle.text() != "", timeout=10_000)
    dialog.activateWindow()
    dialog.observations.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.observations, timeout=5_000)
    type_text(QApplication.focusWidget(), "Soba punon mirë")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_S,
                   Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.session.dialogs.dialog() is None, timeout=10_000)
    qtbot.waitUntil(lambda: len(view.data.visits) == before + 1, timeout=10_000)
    texts = [visits.table.cell_text(r, 3) for r in range(visits.table.rowCount())]
    assert "Soba punon mirë" in texts


def _views_audited(qtbot: Any, window: Any, case_id: str) -> int:
    found: list[int] = []

    def count(store: Any) -> int:
        with store.reading() as conn:
            return conn.exec_driver_sql(
                "SELECT COUNT(*) FROM audit WHERE record_id = ? AND action = 'view'",
                (case_id,)).fetchone()[0]

    QueryOp(window.session.ops, parent=window.workspace, op=count, success=found.append).run()
    qtbot.waitUntil(lambda: bool(found), timeout=10_000)
    return found[0]


def _announce(qtbot: Any, window: Any, changes: Changes) -> None:
    done: list[bool] = []
    ChangeOp(window.session.ops, parent=window.workspace, op=lambda _store: None,
             changes=changes).success(lambda _r: done.append(True)).run()
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)


def test_the_case_is_read_again_only_for_changes_to_it(qtbot: Any, make_window: Any,
                                                       cases: dict[str, str]) -> None:
    window = make_window()
    unlock(qtbot, window)
    view = _open(qtbot, window, cases["safe"])
    before = _views_audited(qtbot, window, cases["safe"])
    _announce(qtbot, window, Changes.of("visit", case_id=cases["order"]))   # another case
    _announce(qtbot, window, Changes.of("provider"))                       # not shown here
    assert _views_audited(qtbot, window, cases["safe"]) == before
    shown = view.data
    _announce(qtbot, window, Changes.of("measure", case_id=cases["safe"]))
    qtbot.waitUntil(lambda: view.data is not shown, timeout=10_000)
    assert _views_audited(qtbot, window, cases["safe"]) == before + 1


def test_the_document_the_keyboard_is_on_prints_with_enter(qtbot: Any, make_window: Any,
                                                           cases: dict[str, str]) -> None:
    window = make_window()
    unlock(qtbot, window)
    view = _open(qtbot, window, cases["order"])
    view.tabs.setCurrentIndex(TABS.index("documents"))
    view.tabs.tabBar().setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view.tabs.tabBar(), timeout=5_000)
    assert not view.print_button.isEnabled()
    table = view._tab("documents").table
    press(view, Qt.Key.Key_Tab)           # Print is off: the list is next
    assert QApplication.focusWidget() is table
    assert view.print_button.isEnabled()  # the row the focus landed on is the one chosen
    for _ in range(table.rowCount()):
        if table.cell_text(table.currentRow(), 0).startswith("60-day report"):
            break
        press(view, Qt.Key.Key_Down)
    press(view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), PrintPreviewDialog),
                    timeout=5_000)
    preview = QApplication.activeModalWidget()
    assert (preview.kind, preview.record_id) == (
        "report_60", view.data.documents[table.currentRow()].record_id)
    preview.reject()
