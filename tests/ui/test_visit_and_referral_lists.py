"""The visits and referrals lists: their filters list the profile's codes, and a saved visit
or referral shows without leaving the list."""

from __future__ import annotations

from typing import Any

from desktop.core.casework.referrals import refer
from desktop.core.casework.visits import record_visit
from desktop.core.changes import Changes
from desktop.ui.ops import ChangeOp, QueryOp
from tests.ui.conftest import unlock


def _shown(qtbot: Any, window: Any, key: str) -> Any:
    window.workspace.navigate(key)
    screen = window.workspace.screen(key)
    qtbot.waitUntil(lambda: screen._count is not None, timeout=10_000)
    return screen


def _open_case_id(qtbot: Any, window: Any) -> str:
    found: list[str] = []
    QueryOp(window.session.ops, parent=window.workspace,
            op=lambda store: store.query("case", status="open", limit=1)[0].id,
            success=found.append).run()
    qtbot.waitUntil(lambda: bool(found), timeout=10_000)
    return found[0]


def _change(qtbot: Any, window: Any, op: Any, changes: Changes) -> None:
    done: list[bool] = []
    (ChangeOp(window.session.ops, parent=window.workspace, op=op, changes=changes)
     .success(lambda _r: done.append(True)).run())
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)


def test_a_saved_visit_shows_in_the_visits_list(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    unlock(qtbot, window)
    screen = _shown(qtbot, window, "visits")
    protocols = [screen.protocol.itemData(i) for i in range(1, screen.protocol.count())]
    assert protocols == window.session.profile.codes("visit_protocols")
    assert screen.protocol.itemText(1) == "Routine visit"
    before = screen._count
    case_id = _open_case_id(qtbot, window)
    _change(qtbot, window, lambda store: record_visit(store, case_id, {
        "protocol": "routine", "observations": "Kulmi u rregullua."}),
        Changes.of("visit", case_id=case_id))
    qtbot.waitUntil(lambda: screen._count == before + 1, timeout=10_000)


def test_a_sent_referral_shows_in_the_referrals_list(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    unlock(qtbot, window)
    screen = _shown(qtbot, window, "referrals")
    statuses = [screen.status.itemData(i) for i in range(1, screen.status.count())]
    assert statuses == window.session.profile.codes("referral_statuses")
    before = screen._count
    case_id = _open_case_id(qtbot, window)
    _change(qtbot, window, lambda store: refer(store, case_id, "home_care",
                                               provider_name="Kryqi i Kuq"),
            Changes.of("referral", case_id=case_id))
    qtbot.waitUntil(lambda: screen._count == before + 1, timeout=10_000)
