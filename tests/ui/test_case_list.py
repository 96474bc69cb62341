"""The case list: search as you type, filters and sorting done in SQL, opening a case."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from desktop.core.vault import open_vault
from desktop.core.views.lists import CASE_COLUMNS, case_query
from tests.ui.conftest import UI_PASSWORD, UI_USER, filters_filled, unlock, wait_idle

RISK_ORDER = {"low": 1, "medium": 2, "high": 3, "urgent": 4}


@pytest.fixture
def store(ui_data_dir: Path) -> Any:
    vault = open_vault(ui_data_dir, UI_USER, UI_PASSWORD)
    yield vault.store
    vault.lock()


def test_filters_count_like_the_store(store: Any) -> None:
    store.delete(store.query("case", limit=1)[0].id)      # not counted any more
    assert case_query().count(store) == store.count("case")
    for filters, where in (({"status": "open"}, {"status": "open"}),
                           ({"case_type": "disability"}, {"subtype": "disability"}),
                           ({"risk": "high", "status": "open"}, {"risk": "high",
                                                                  "status": "open"}),
                           ({"worker": "besnik"}, {"worker": "besnik"})):
        assert case_query(**filters).count(store) == store.count("case", **where)


def test_filter_by_unit_and_village(store: Any) -> None:
    case = store.query("case", limit=1)[0]
    unit, village = case.fields["administrative_unit"], case.fields["village"]
    rows = case_query(unit=unit, village=village).page(store, 0, 500)
    assert rows and case.id in {r[0] for r in rows}
    village_at = [c.key for c in CASE_COLUMNS].index("village") + 1
    assert {r[village_at] for r in rows} == {village}


def test_sorting_is_done_in_sql(store: Any) -> None:
    total = case_query().count(store)
    risk_at = [c.key for c in CASE_COLUMNS].index("risk") + 1
    levels = store.profile.codes("risk_levels")
    rows = case_query(sort_key="risk", descending=True, risk_levels=levels).page(store, 0, total)
    ranks = [RISK_ORDER.get(r[risk_at], 0) for r in rows]
    assert ranks == sorted(ranks, reverse=True) and len(set(ranks)) > 2
    # the order is the profile's: a profile listing the levels the other way round
    rows = case_query(sort_key="risk", descending=True,
                      risk_levels=levels[::-1]).page(store, 0, total)
    assert [RISK_ORDER.get(r[risk_at], 0) for r in rows] == sorted(ranks)
    number_at = [c.key for c in CASE_COLUMNS].index("number") + 1
    rows = case_query(sort_key="number", descending=False).page(store, 0, total)
    numbers = [r[number_at] for r in rows]
    assert numbers == sorted(numbers)
    # pages are windows of the same order, without gaps or repeats
    first, second = (case_query(sort_key="number", descending=False).page(store, o, 10)
                     for o in (0, 10))
    assert [r[0] for r in first + second] == [r[0] for r in rows[:20]]


def test_sorting_by_the_beneficiary_name(store: Any) -> None:
    total = case_query().count(store)
    name_at = [c.key for c in CASE_COLUMNS].index("name") + 1
    rows = case_query(sort_key="name", descending=False).page(store, 0, total)
    nocase = [bytes(b + 32 if 65 <= b <= 90 else b for b in r[name_at].split()[-1].encode())
              for r in rows if r[name_at]]            # SQLite's NOCASE: ASCII letters only
    assert len(rows) == total and nocase == sorted(nocase)


def test_pages_read_from_the_end_are_the_same_rows(store: Any) -> None:
    """A page in the second half of the list is read backwards from its end (given the
    count): the same rows in the same order as reading forwards, for every sort."""
    levels = store.profile.codes("risk_levels")
    queries = [case_query(), case_query(status="open"), case_query(text="a", sort_key="")]
    queries += [case_query(sort_key=c.key, descending=d, risk_levels=levels)
                for c in CASE_COLUMNS for d in (False, True)]
    for query in queries:
        query = query.resolve(store)
        total = query.count(store)
        assert total > 7
        everything = query.page(store, 0, total)
        for offset in (total // 2 + 1, total - 7, total - 3, total - 1, total):
            rows = query.page(store, offset, 5, total=total)
            assert rows == everything[offset:offset + 5], (query.sort_key, offset)


def test_search_matches_without_diacritics(store: Any) -> None:
    def fold(text: str) -> str:
        return text.replace("ë", "e").replace("ç", "c").replace("Ç", "C").lower()

    case = next(c for c in store.query("case", limit=2000)
                if any(ch in store.get(c.fields["person_id"]).fields["last_name"]
                       for ch in "ëçÇ"))
    person = store.get(case.fields["person_id"]).fields
    typed = f"{fold(person['first_name'])[:3]} {fold(person['last_name'])[:4]}"
    query = case_query(text=typed)
    assert case.id in {r[0] for r in query.page(store, 0, query.count(store))}
    assert case_query(text="zzzzqx").count(store) == 0
    assert case_query(text="!!!").count(store) == 0


def focus(qtbot: Any, widget: QWidget) -> QWidget:
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)
    return widget


def press(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(QApplication.focusWidget(), key, modifier)


def _screen(qtbot: Any, window: Any) -> Any:
    window.workspace.navigate("cases")
    screen = window.workspace.screen("cases")
    qtbot.waitUntil(lambda: screen.model.rowCount() > 0 and screen.model.is_loaded(0)
                    and filters_filled(screen), timeout=10_000)
    return screen


def test_search_as_you_type_and_open_a_case(qtbot: Any, make_window: Any, store: Any) -> None:
    window = make_window()
    unlock(qtbot, window)
    screen = _screen(qtbot, window)
    total = screen.model.rowCount()
    case = store.query("case", status="open", limit=1)[0]
    number = case.fields["case_number"]
    focus(qtbot, screen.search)
    QTest.keyClicks(QApplication.focusWidget(), number)
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1 and screen.model.is_loaded(0),
                    timeout=10_000)
    assert screen.model.record_id(0) == case.id
    assert screen.subtitle().startswith("1 ")
    focus(qtbot, screen.view)
    press(Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)   # the first row
    press(Qt.Key.Key_Return)
    view = window.workspace.case_view
    qtbot.waitUntil(lambda: view.data is not None, timeout=10_000)
    assert view.data.case.id == case.id
    assert window.workspace.current_key() == "case"
    wait_idle(qtbot, window)
    with store.reading() as conn:
        actions = [r[0] for r in conn.exec_driver_sql(
            "SELECT action FROM audit WHERE record_id = ? ORDER BY seq", (case.id,))]
    assert actions[-1] == "view"
    view.go_back()
    assert window.workspace.current_key() == "cases"
    focus(qtbot, screen.search)
    press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    press(Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: screen.model.rowCount() == total, timeout=10_000)


def test_filters_and_sort_on_screen(qtbot: Any, make_window: Any, store: Any) -> None:
    window = make_window()
    unlock(qtbot, window)
    screen = _screen(qtbot, window)
    combo = focus(qtbot, screen.filters["status"])
    for _ in range(combo.findData("closed") - combo.currentIndex()):
        press(Qt.Key.Key_Down)
    assert combo.value() == "closed"
    expected = store.count("case", status="closed")
    qtbot.waitUntil(lambda: screen.model.rowCount() == expected, timeout=10_000)
    status_column = [c.key for c in CASE_COLUMNS].index("status")
    qtbot.waitUntil(lambda: screen.model.is_loaded(0), timeout=10_000)
    shown = screen.model.data(screen.model.index(0, status_column))
    assert shown == window.session.label("case_statuses", "closed")
    number_column = [c.key for c in CASE_COLUMNS].index("number")
    header = screen.view.horizontalHeader()   # a click on the column's heading sorts by it
    heading = QPoint(header.sectionViewportPosition(number_column) + 20, 10)
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=heading)
    if screen.model.query.descending:         # a second click for the other direction
        QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=heading)
    qtbot.waitUntil(lambda: screen.model.query.sort_key == "number"
                    and screen.model.is_loaded(0), timeout=10_000)
    qtbot.waitUntil(lambda: not screen.model.loading, timeout=10_000)
    closed = sorted(c.fields["case_number"] for c in store.query("case", status="closed"))
    assert screen.model.data(screen.model.index(0, number_column)) == closed[0]
    focus(qtbot, screen.clear_link)
    press(Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: screen.model.rowCount() == store.count("case"), timeout=10_000)


def test_search_lists_the_best_match_first(store: Any) -> None:
    case = store.query("case", limit=50)[-1]
    person = store.get(case.fields["person_id"]).fields
    query = case_query(text=person["personal_id"])
    assert query.searching and query.sort_key == "opened"
    rows = query.with_(sort_key="").page(store, 0, 10)
    assert rows[0][0] == case.id
    # a search that finds more than the limit lists the first SEARCH_LIMIT only
    from desktop.core.views.lists import SEARCH_LIMIT

    assert case_query(text="a").count(store) <= SEARCH_LIMIT


def test_the_busy_bar_shows_for_a_slow_read_only(qtbot: Any, make_window: Any,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """A quick read does not flash the busy bar (it would move the table twice); a read that
    takes a while shows it until the rows are in."""
    import time

    from desktop.core.views.lists import ListQuery

    window = make_window()
    unlock(qtbot, window)
    screen = _screen(qtbot, window)
    wait_idle(qtbot, window)
    shown: list[bool] = []
    screen.model.busy_changed.connect(shown.append)
    screen.filters["status"].set_value("closed")
    qtbot.waitUntil(lambda: screen.model.query.filters and not screen.model.loading
                    and screen.model.is_loaded(0), timeout=10_000)
    assert shown == [] and not screen.busy.isVisibleTo(window)
    count = ListQuery.count
    monkeypatch.setattr(ListQuery, "count", lambda q, store: time.sleep(0.6) or count(q, store))
    screen.filters["status"].set_value("open")
    qtbot.waitUntil(lambda: screen.busy.isVisibleTo(window), timeout=10_000)
    assert screen.model.loading and shown == [True]
    qtbot.waitUntil(lambda: not screen.model.loading and screen.model.is_loaded(0),
                    timeout=10_000)
    assert shown == [True, False] and not screen.busy.isVisibleTo(window)


def test_the_list_read_ahead_after_today_follows_a_change(qtbot: Any, make_window: Any) -> None:
    """The case list is built and read while Today is shown; a case deleted before the list
    is opened is not on it when it is opened."""
    from desktop.core.changes import Changes
    from desktop.ui.ops import ChangeOp

    window = make_window()
    unlock(qtbot, window)
    workspace = window.workspace
    qtbot.waitUntil(lambda: "cases" in workspace.screens, timeout=10_000)
    screen = workspace.screens["cases"]
    qtbot.waitUntil(lambda: screen.model.rowCount() > 0 and screen.model.is_loaded(0),
                    timeout=10_000)
    assert workspace.current_key() == "today" and not screen.isVisible()
    before = screen.model.rowCount()
    first = screen.model.record_id(0)
    done: list[bool] = []
    ChangeOp(window.session.ops, parent=None, op=lambda store: store.delete(first),
             changes=Changes.of("case")).success(lambda _r: done.append(True)).run()
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    workspace.navigate("cases")
    qtbot.waitUntil(lambda: screen.model.rowCount() == before - 1
                    and screen.model.is_loaded(0), timeout=10_000)
    assert screen.model.record_id(0) != first
