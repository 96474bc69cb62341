"""The Today screen: the earliest-due items first, how many more there are, the user's own
cases by default, another case manager's or everyone's on request."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop.core.casework.due import due_items
from desktop.core.changes import Changes
from desktop.core.vault import open_vault
from desktop.core.views import today as today_data
from desktop.ui.list_screen import count_subtitle
from desktop.ui.ops import ChangeOp
from tests.ui.conftest import UI_PASSWORD, UI_USER, unlock, wait_idle

SHOWN = 6


@pytest.fixture
def expected(ui_data_dir: Path) -> Any:
    """What is due as the store sees it, whole: ``expected(worker, today)``."""
    def read(worker: str | None, today: Any) -> list[Any]:
        vault = open_vault(ui_data_dir, UI_USER, UI_PASSWORD)
        try:
            return due_items(vault.store, worker=worker, today=today,
                             within_days=today_data.SOON_DAYS)
        finally:
            vault.lock()
    return read


def _today(qtbot: Any, window: Any, worker: str | None = None, *, choose: bool = False) -> Any:
    screen = window.workspace.screen("today")
    qtbot.waitUntil(lambda: screen._data is not None, timeout=10_000)
    wait_idle(qtbot, window)
    if choose:
        before = screen._data
        choose_by_keys(qtbot, screen.worker, worker)
        assert screen.worker.value() == worker
        qtbot.waitUntil(lambda: screen._data is not before, timeout=10_000)
        wait_idle(qtbot, window)
    return screen


def choose_by_keys(qtbot: Any, combo: Any, value: str | None) -> None:
    """Choose ``value`` in a drop-down as a person does: arrow keys on the focused box."""
    combo.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is combo)
    steps = combo.findData(value) - combo.currentIndex()
    key = Qt.Key.Key_Down if steps > 0 else Qt.Key.Key_Up
    for _ in range(abs(steps)):
        QTest.keyClick(QApplication.focusWidget(), key)


def _sections(screen: Any) -> list[tuple[str, list[tuple[str | None, str]]]]:
    """(title, [(case id or None, first column)]) of each section of the due list."""
    tree = screen.due_tree
    out = []
    for n in range(tree.topLevelItemCount()):
        section = tree.topLevelItem(n)
        out.append((section.text(0), [(section.child(k).data(0, Qt.ItemDataRole.UserRole),
                                       section.child(k).text(0))
                                      for k in range(section.childCount())]))
    return out


def _more(count: int) -> str:
    return "+" + count_subtitle(count, ("{n} record", "{n} records"))


def test_the_list_shows_the_earliest_due_and_how_many_more(
        qtbot: Any, make_window: Any, expected: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(today_data, "DUE_SHOWN", SHOWN)
    window = make_window()
    unlock(qtbot, window)
    screen = _today(qtbot, window, None, choose=True)
    items = expected(None, screen.today())
    overdue = [i for i in items if i.overdue]
    coming = [i for i in items if not i.overdue]
    assert len(items) > SHOWN and overdue
    first = items[:SHOWN]
    sections = _sections(screen)
    # the earliest-due items, overdue ones under their own heading, then how many are left out
    shown_overdue = [i.case_id for i in first if i.overdue]
    title, rows = sections[0]
    assert title.endswith(f"({len(overdue)})")
    assert [case for case, _text in rows[:len(shown_overdue)]] == shown_overdue
    if len(overdue) > len(shown_overdue):
        assert rows[-1] == (None, _more(len(overdue) - len(shown_overdue)))
    shown_coming = [i.case_id for i in first if not i.overdue]
    if coming:
        title, rows = sections[1]
        assert title.endswith(f"({len(coming)})")
        assert [case for case, _text in rows[:len(shown_coming)]] == shown_coming
        if len(coming) > len(shown_coming):
            assert rows[-1] == (None, _more(len(coming) - len(shown_coming)))
    assert len(sections) == (1 if not coming else 2)
    # the tiles count everything due, not only the rows shown
    assert screen.tile_overdue.number.text() == str(len(overdue))
    assert screen.tile_soon.number.text() == str(len(coming))


def test_a_count_that_stopped_says_or_more(qtbot: Any, make_window: Any, expected: Any,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in (("DUE_SHOWN", SHOWN), ("ROUTE_SHOWN", SHOWN), ("COUNT_CAP", 10)):
        monkeypatch.setattr(today_data, name, value)
    window = make_window()
    unlock(qtbot, window)
    screen = _today(qtbot, window, None, choose=True)
    overdue = [i for i in expected(None, screen.today()) if i.overdue]
    assert len(overdue) > 10
    title, rows = _sections(screen)[0]
    assert title.endswith("(10+)") and screen.tile_overdue.number.text() == "10+"
    assert len(rows) == SHOWN + 1 and rows[-1] == (None, "…")


def test_own_cases_first_then_another_case_manager_or_everyone(
        qtbot: Any, make_window: Any, expected: Any) -> None:
    window = make_window()
    unlock(qtbot, window)
    screen = _today(qtbot, window)
    assert screen.worker.value() == UI_USER
    assert [screen.worker.itemData(i) for i in range(screen.worker.count())] == [
        None, "besnik", UI_USER]

    def shown() -> list[str]:
        return [case for _title, rows in _sections(screen) for case, _text in rows if case]

    mine = expected(UI_USER, screen.today())
    assert shown() == [i.case_id for i in mine] and mine
    screen = _today(qtbot, window, "besnik", choose=True)
    theirs = expected("besnik", screen.today())
    assert shown() == [i.case_id for i in theirs] and theirs
    assert not {i.case_id for i in mine} & set(shown())
    screen = _today(qtbot, window, None, choose=True)
    everyone = expected(None, screen.today())
    assert len(everyone) == len(mine) + len(theirs)
    assert shown() == [i.case_id for i in everyone[:today_data.DUE_SHOWN]]


def test_the_chosen_case_manager_survives_a_lock(qtbot: Any, make_window: Any,
                                                 expected: Any) -> None:
    window = make_window()
    unlock(qtbot, window)
    _today(qtbot, window, "besnik", choose=True)
    window.lock()
    unlock(qtbot, window)
    screen = _today(qtbot, window)
    assert screen.worker.value() == "besnik"
    besnik = {i.case_id for i in expected("besnik", screen.today())}
    assert {r.case_id for r in screen._data.due} == besnik


def test_reads_again_only_after_a_change_to_what_it_shows(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    unlock(qtbot, window)
    screen = _today(qtbot, window)
    before = screen._data
    ChangeOp(window.session.ops, parent=None, op=lambda _store: None,
             changes=Changes.of("attachment")).run()
    wait_idle(qtbot, window)
    wait_idle(qtbot, window)           # and whatever the notice would have asked for
    assert screen._data is before      # a signed copy added elsewhere: nothing to read again
    ChangeOp(window.session.ops, parent=None, op=lambda _store: None,
             changes=Changes.of("visit")).run()
    qtbot.waitUntil(lambda: screen._data is not before, timeout=10_000)


def test_unlock_shows_today_read_while_the_workspace_was_built(
        qtbot: Any, make_window: Any, expected: Any, monkeypatch: Any) -> None:
    """Today's data is asked for before the workspace is built, once; what the screen
    shows is what the vault says."""
    from desktop.ui import today as today_screen

    asked: list[tuple] = []
    load = today_screen.load_today

    def counted(store: Any, **options: Any) -> Any:
        asked.append((options["worker"], options["today"]))
        return load(store, **options)

    monkeypatch.setattr(today_screen, "load_today", counted)
    window = make_window()
    unlock(qtbot, window)
    screen = _today(qtbot, window)
    assert asked == [(UI_USER, screen.today())]
    assert window.session.take_early(today_screen.today_key(
        UI_USER, screen.today(), screen.today(), False)) is None   # taken, once
    assert [r.case_id for r in screen._data.due] == [i.case_id for i in
                                                      expected(UI_USER, screen.today())]


def _tree_ids(tree: Any) -> list[str]:
    ids, items = [], [tree.topLevelItem(n) for n in range(tree.topLevelItemCount())]
    while items:
        item = items.pop(0)
        if item.data(0, Qt.ItemDataRole.UserRole):
            ids.append(item.data(0, Qt.ItemDataRole.UserRole))
        items.extend(item.child(k) for k in range(item.childCount()))
    return ids


def test_built_in_parts_while_the_key_is_derived_it_is_the_whole_screen(
        qtbot: Any, make_window: Any) -> None:
    """Today, built part by part at unlock, has every part, in the user's language, and a
    screen built at once over the same data shows the same rows."""
    from desktop.core.i18n import tr
    from desktop.ui.today import TodayScreen

    window = make_window()
    unlock(qtbot, window)
    screen = _today(qtbot, window, UI_USER)
    assert screen.due_tree.headerItem().text(0) == tr("Due")
    assert screen.route_tree.headerItem().text(0) == tr("Beneficiary")
    assert screen.tile_overdue.caption.text() == tr("overdue")
    assert _tree_ids(screen.due_tree) or _tree_ids(screen.route_tree)

    whole = TodayScreen(window.session)
    qtbot.addWidget(whole)
    whole._loaded(screen._data, at_once=True)
    assert whole._data is screen._data
    assert _tree_ids(whole.due_tree) == _tree_ids(screen.due_tree)
    assert _tree_ids(whole.route_tree) == _tree_ids(screen.route_tree)
    assert whole.tile_route.number.text() == screen.tile_route.number.text()


def test_the_data_is_filled_in_two_turns_and_shown_once_all_is_in(
        qtbot: Any, make_window: Any) -> None:
    """The due list in one turn of the event loop, the route and the figures in the next:
    the screen says it shows the data (``_data``) only once both are in."""
    window = make_window()
    unlock(qtbot, window)
    screen = _today(qtbot, window, UI_USER)
    data = screen._data
    due, route = _tree_ids(screen.due_tree), _tree_ids(screen.route_tree)
    assert due and route
    screen._data = None
    screen.due_tree.clear()
    screen.route_tree.clear()
    screen._loaded(data)
    assert _tree_ids(screen.due_tree) == due      # the first half at once
    assert _tree_ids(screen.route_tree) == [] and screen._data is None
    qtbot.waitUntil(lambda: screen._data is data, timeout=10_000)
    assert _tree_ids(screen.route_tree) == route and screen.updatesEnabled()
