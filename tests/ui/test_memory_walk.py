"""What a worker opens again and again leaves nothing behind: a case, its intake form and its
print preview, opened and closed repeatedly, keep the number of live widgets, windows and
signal connections (of the main window's objects, the database thread's and the language
hub's, which live as long as the program) where the first time left them; and the layout
items of a case's grids, replaced each time it is shown, are deleted."""

from __future__ import annotations

import gc
from typing import Any

import shiboken6
from PySide6.QtCore import QMetaMethod, QObject
from PySide6.QtWidgets import QApplication, QGridLayout, QLabel, QWidget

from desktop.ui.case_tabs import take_all
from desktop.ui.dialogs import AssessmentDialog
from desktop.ui.language import hub
from desktop.ui.printing import print_document
from tests.ui.conftest import first_listed_case, unlock, wait_idle

TIMES = 5


def connections(obj: QObject) -> int:
    """How many connections the signals of ``obj`` have."""
    meta, total = obj.metaObject(), 0
    for index in range(meta.methodCount()):
        method = meta.method(index)
        if method.methodType() == QMetaMethod.MethodType.Signal:
            total += obj.receivers("2" + method.methodSignature().data().decode())
    return total


def live(window: Any) -> dict[str, int]:
    gc.collect()
    objects = [window, *window.findChildren(QObject)]
    return {"widgets": len(QApplication.allWidgets()),
            "windows": len(QApplication.topLevelWidgets()),
            "objects of the main window": len(objects),
            "their connections": sum(map(connections, objects)),
            "database thread's connections": connections(window.session.ops),
            "language hub's connections": connections(hub())}


def open_case(qtbot: Any, window: Any, case_id: str) -> Any:
    view = window.workspace.open_case(case_id)
    qtbot.waitUntil(lambda: view.data is not None and view.data.case.id == case_id,
                    timeout=10_000)
    for index in range(view.tabs.count()):
        view.tabs.setCurrentIndex(index)
    view.tabs.setCurrentIndex(0)
    return view


def open_and_close_form(qtbot: Any, window: Any, view: Any, case_id: str) -> None:
    session = window.session
    dialog = session.dialogs.open(AssessmentDialog, (session.ops, case_id, "intake"), view)
    qtbot.waitUntil(lambda: dialog.view.is_loaded and dialog.view.is_built, timeout=20_000)
    dialog.reject()
    qtbot.waitUntil(lambda: session.dialogs.dialog() is None, timeout=10_000)


def open_and_close_preview(qtbot: Any, window: Any, view: Any, case_id: str) -> None:
    dialog = print_document(view, window.session.ops, case_id, "plan")
    qtbot.waitUntil(lambda: dialog.is_ready or not dialog._busy, timeout=20_000)
    dialog.reject()


def walk(qtbot: Any, window: Any, case_id: str) -> None:
    view = open_case(qtbot, window, case_id)
    open_and_close_form(qtbot, window, view, case_id)
    open_and_close_preview(qtbot, window, view, case_id)
    window.workspace.navigate("cases")
    wait_idle(qtbot, window)
    qtbot.wait(50)   # the closed dialogs' deleteLater()


def test_emptying_a_grid_deletes_its_items(qtbot: Any) -> None:
    """An item taken out of a layout is the taker's to delete: Qt keeps it otherwise."""
    parent = QWidget()
    qtbot.addWidget(parent)
    grid = QGridLayout(parent)
    for column in range(7):
        grid.addWidget(QLabel("name"), 0, column)
        grid.addWidget(QLabel("value"), 1, column)
    items = [grid.itemAt(index) for index in range(grid.count())]
    take_all(grid, delete_widgets=False)   # the labels are to be placed again
    assert grid.count() == 0
    assert sum(shiboken6.isValid(item) for item in items) == 0
    assert len(parent.findChildren(QLabel)) == 14
    for column, shown in enumerate(parent.findChildren(QLabel)[:7]):
        grid.addWidget(shown, 0, column)
    items = [grid.itemAt(index) for index in range(grid.count())]
    take_all(grid)
    qtbot.wait(10)   # the widgets' deleteLater()
    assert sum(shiboken6.isValid(item) for item in items) == 0
    assert len(parent.findChildren(QLabel)) == 14 - 7   # those placed again are deleted


def test_a_case_shown_again_deletes_the_items_it_replaces(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    unlock(qtbot, window)
    case_id = first_listed_case(qtbot, window)
    view = open_case(qtbot, window, case_id)
    grids = view.overview.findChildren(QGridLayout)
    items = [grid.itemAt(index) for grid in grids for index in range(grid.count())]
    assert len(items) >= 10
    shown = view.data
    view.refresh()
    qtbot.waitUntil(lambda: view.data is not shown, timeout=10_000)
    assert sum(grid.count() for grid in grids) == len(items)
    assert sum(shiboken6.isValid(item) for item in items) == 0


def test_repeated_case_form_and_preview_leave_nothing(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    unlock(qtbot, window)
    case_id = first_listed_case(qtbot, window)
    walk(qtbot, window, case_id)    # the first time builds what is kept (the case view)
    first = live(window)
    for _ in range(TIMES):
        walk(qtbot, window, case_id)
    assert live(window) == first
