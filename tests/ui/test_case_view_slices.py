"""A case view's first turn lays out what is on screen; the buttons of the tabs not shown
come once that is laid out and painted (or at once when something asks for them), and the
case is read then too. Shown, the view is whole and usable by keyboard; a
view deleted before its second turn leaves nothing half-built."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QApplication, QPushButton
from shiboken6 import isValid

from desktop.core.vault import open_vault
from desktop.ui.case_view import CaseView
from desktop.ui.dialogs import VisitDialog
from tests.ui.conftest import UI_PASSWORD, UI_USER, press, unlock, wait_idle


@pytest.fixture
def case_id(ui_data_dir: Path) -> str:
    vault = open_vault(ui_data_dir, UI_USER, UI_PASSWORD)
    try:
        return vault.store.query("case", status="open", limit=1)[0].id
    finally:
        vault.lock()


def buttons(view: CaseView) -> list[QPushButton]:
    return view.findChildren(QPushButton)


def test_the_tabs_buttons_come_one_turn_after_the_view(qtbot: Any, make_window: Any,
                                                       case_id: str) -> None:
    window = make_window()
    unlock(qtbot, window)
    view = window.workspace.open_case(case_id)
    assert not view._tab_actions_built and view.data is None    # what is on screen first
    first = len(buttons(view))
    QCoreApplication.processEvents()
    assert view._tab_actions_built
    assert len(buttons(view)) > first
    visits = view._tab("visits")
    record = view.action_buttons[VisitDialog]
    assert visits.actions.indexOf(record) == 0                  # in its tab's row of actions
    qtbot.waitUntil(lambda: view.data is not None and view.data.case.id == case_id,
                    timeout=10_000)
    view.tabs.setCurrentIndex(view.tabs.indexOf(visits))
    qtbot.waitUntil(record.isVisible)
    record.window().activateWindow()
    record.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is record)
    press(record, Qt.Key.Key_Space)                               # usable by keyboard
    qtbot.waitUntil(lambda: isinstance(window.session.dialogs.dialog(), VisitDialog),
                    timeout=5_000)
    window.session.dialogs.dialog().reject()
    wait_idle(qtbot, window)


def test_asking_for_a_tabs_button_first_makes_them_all_once(qtbot: Any, make_window: Any,
                                                          case_id: str) -> None:
    window = make_window()
    unlock(qtbot, window)
    view = window.workspace.open_case(case_id)
    assert view.print_button.text()                 # asked for: all made now
    made = len(buttons(view))
    QCoreApplication.processEvents()                # the turn they were due adds none
    assert len(buttons(view)) == made
    qtbot.waitUntil(lambda: view.data is not None, timeout=10_000)
    assert view.form_choice.count() > 0             # filled when the case came
    wait_idle(qtbot, window)


def test_a_view_deleted_before_its_second_turn_makes_nothing_more(qtbot: Any,
                                                                 make_window: Any,
                                                                 case_id: str) -> None:
    window = make_window()
    unlock(qtbot, window)
    view = CaseView(window.session)
    view.show_case(case_id)                         # its read waits for the next turn
    view.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    for _ in range(5):
        QCoreApplication.processEvents()
    assert not isValid(view)
    assert not view._tab_actions_built
    assert view.data is None                        # and it read nothing
    wait_idle(qtbot, window)



def overview_texts(overview: Any) -> list[tuple[int, int, int, str]]:
    """The overview's texts as shown: (column, row, cell, text) in each column's grid."""
    texts = []
    for side, grid in enumerate(overview.columns):
        for row in range(grid.rowCount()):
            for cell in range(2):
                item = grid.itemAtPosition(row, cell)
                widget = item.widget() if item is not None else None
                if widget is not None and widget.isVisibleTo(overview):
                    texts.append((side, row, cell, widget.text()))
    return texts


def title_margins(overview: Any) -> list[tuple[int, int, int, int]]:
    """The margins of the overview's titles shown (the style's padding and the space above)."""
    margins = []
    for grid in overview.columns:
        for row in range(grid.rowCount()):
            item = grid.itemAtPosition(row, 0)
            widget = item.widget() if item is not None else None
            if widget is not None and widget.objectName() == "sectionTitle":
                m = widget.contentsMargins()
                margins.append((m.left(), m.top(), m.right(), m.bottom()))
    return margins


def test_the_overview_keeps_its_labels_and_shows_each_case_as_new_ones_would(
        qtbot: Any, make_window: Any, ui_data_dir: Path) -> None:
    from PySide6.QtWidgets import QLabel

    from desktop.ui.case_overview import CaseOverview

    vault = open_vault(ui_data_dir, UI_USER, UI_PASSWORD)
    try:
        ids = [c.id for c in vault.store.query("case", status="open", limit=6)]
    finally:
        vault.lock()
    window = make_window()
    unlock(qtbot, window)
    first: list[QLabel] = []
    for case_id in ids:
        view = window.workspace.open_case(case_id)
        qtbot.waitUntil(lambda c=case_id, v=view: v.data is not None and v.data.case.id == c,
                        timeout=10_000)
        first = first or view.overview.findChildren(QLabel)
        fresh = CaseOverview(view.texts)       # what new labels would show
        qtbot.addWidget(fresh)
        fresh.show_case(view.data)
        fresh.show()
        assert overview_texts(view.overview) == overview_texts(fresh)
        assert title_margins(view.overview) == title_margins(fresh)   # laid out alike
        hidden = [w.text() for w in view.overview.findChildren(QLabel)
                  if not w.isVisibleTo(view.overview) and w.text()]
        assert hidden == []                     # nothing of an earlier case stays
    assert all(isValid(label) for label in first)   # kept from the first case on
    wait_idle(qtbot, window)


def test_the_overviews_labels_made_ahead_show_the_first_case_as_new_ones_would(
        qtbot: Any, make_window: Any, case_id: str) -> None:
    from PySide6.QtWidgets import QLabel

    from desktop.ui.case_overview import CaseOverview

    window = make_window()
    unlock(qtbot, window)
    view = CaseView(window.session)
    qtbot.addWidget(view)
    QCoreApplication.processEvents()            # the tabs' buttons
    assert view.overview.findChildren(QLabel) == []
    QCoreApplication.processEvents()            # the next turn: the overview's labels
    ahead = view.overview.findChildren(QLabel)
    assert ahead and not any(w.isVisibleTo(view.overview) or w.text() for w in ahead)
    view.show_case(case_id)
    qtbot.waitUntil(lambda: view.data is not None, timeout=10_000)
    fresh = CaseOverview(view.texts)            # what new labels would show
    qtbot.addWidget(fresh)
    fresh.show_case(view.data)
    fresh.show()
    assert overview_texts(view.overview) == overview_texts(fresh) != []
    shown = [w for w in view.overview.findChildren(QLabel) if w.isVisibleTo(view.overview)]
    assert set(shown) <= set(ahead)             # the case came with the labels made ahead
    wait_idle(qtbot, window)


def test_a_case_read_shows_its_tabs_then_the_case_and_only_the_last_read(
        qtbot: Any, make_window: Any, case_id: str) -> None:
    window = make_window()
    unlock(qtbot, window)
    view = window.workspace.open_case(case_id)
    qtbot.waitUntil(lambda: view.data is not None and view.data.case.id == case_id,
                    timeout=10_000)
    read, title = (view.data, view._forms), view.title()
    history = view._tab("history").table.model()
    shown_rows = history.rowCount()
    assert shown_rows and title

    view.clear()
    view.case_id = case_id
    view._loaded(read)          # the record tabs in this turn; the case not yet
    assert history.rowCount() == shown_rows and view.data is None
    assert view.header.title.text() != title
    qtbot.waitUntil(lambda: view.data is not None, timeout=5_000)   # the case, a turn later
    assert view.header.title.text() == title and view.overview.isVisible()

    view.clear()
    view.case_id = case_id
    view._loaded(read)
    view.clear()                # cleared (locked, another case) before its second turn
    for _ in range(5):
        QCoreApplication.processEvents()
    assert view.data is None and view.header.title.text() != title
