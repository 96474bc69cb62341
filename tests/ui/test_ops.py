"""The operations API on a real vault: reads and changes on the one database thread, change
notices, progress and cancel, and a lock that waits for a safe point and keeps input."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from PySide6.QtWidgets import QWidget

from desktop.core.changes import Changes
from desktop.core.progress import Cancelled, Progress
from desktop.core.store import Store
from desktop.ui.ops import BackgroundOp, ChangeOp, Operations, QueryOp, wait_for_background


@pytest.fixture
def ops(vault: Any) -> Any:
    runner = Operations(lambda: vault.store)
    yield runner
    runner.shutdown()


def _note(store: Store, text: str) -> str:
    return store.meta_set("note", text) or text


def test_query_runs_on_the_database_thread_and_delivers_on_the_ui_thread(qtbot, ops):
    seen: list[tuple[str, str]] = []

    def read(store: Store) -> str:
        return threading.current_thread().name

    QueryOp(ops, parent=None, op=read,
            success=lambda name: seen.append((name, threading.current_thread().name))).run()
    qtbot.waitUntil(lambda: bool(seen))
    assert seen == [("kujdes-database", threading.main_thread().name)]


def test_a_change_is_heard_with_what_it_changed(qtbot, ops):
    heard: list[Changes] = []
    ops.changed.connect(heard.append)
    done: list[str] = []
    ChangeOp(ops, parent=None, op=lambda store: _note(store, "një shënim"),
             changes=Changes.of("visit", case_id="c1")).success(done.append).run()
    qtbot.waitUntil(lambda: bool(done))
    assert heard and heard[0].touches("visit") and not heard[0].touches("plan")
    assert heard[0].touches_case("c1") and not heard[0].touches_case("c2")
    got: list[str | None] = []
    QueryOp(ops, parent=None, op=lambda store: store.meta_get("note"),
            success=got.append).run()
    qtbot.waitUntil(lambda: bool(got))
    assert got == ["një shënim"]


def test_a_failure_goes_to_its_handler_and_an_unhandled_one_to_failed(qtbot, ops):
    handled: list[Exception] = []
    unhandled: list[Exception] = []
    ops.failed.connect(unhandled.append)

    def broken(_store: Store) -> None:
        raise ValueError("no")

    QueryOp(ops, parent=None, op=broken).failure(handled.append).run()
    QueryOp(ops, parent=None, op=broken).run()
    qtbot.waitUntil(lambda: bool(handled) and bool(unhandled))
    assert isinstance(handled[0], ValueError) and isinstance(unhandled[0], ValueError)


def test_only_the_latest_query_of_a_key_delivers(qtbot, ops):
    gate = threading.Event()
    got: list[int] = []
    QueryOp(ops, parent=None, op=lambda _s: gate.wait(5), success=lambda _r: None).run()
    for n in range(5):
        QueryOp(ops, parent=None, op=lambda _s, n=n: n, success=got.append).latest("search").run()
    gate.set()
    qtbot.waitUntil(lambda: bool(got))
    qtbot.wait(100)
    assert got == [4]


def test_a_superseded_query_still_hides_its_busy_bar(qtbot, ops):
    from desktop.ui.widgets import BusyBar

    bar = BusyBar()
    gate = threading.Event()
    got: list[int] = []
    QueryOp(ops, parent=None, op=lambda _s: gate.wait(5)).run()
    for n in range(3):
        QueryOp(ops, parent=None, op=lambda _s, n=n: n, success=got.append).latest(
            "list").with_busy(bar).run()
    assert bar.isVisibleTo(bar.parentWidget() or bar) or bar._depth == 3
    gate.set()
    qtbot.waitUntil(lambda: got == [2] and bar._depth == 0)


def test_nothing_is_delivered_to_a_deleted_widget(qtbot, ops):
    widget = QWidget()
    got: list[Any] = []
    gate = threading.Event()
    QueryOp(ops, parent=widget, op=lambda _s: gate.wait(5), success=got.append).run()
    widget.deleteLater()
    qtbot.wait(50)
    gate.set()
    done: list[bool] = []
    QueryOp(ops, parent=None, op=lambda _s: True, success=done.append).run()
    qtbot.waitUntil(lambda: bool(done))
    assert got == []


def test_locking_runs_the_changes_asked_for_and_drops_queued_reads(qtbot, vault):
    ops = Operations(lambda: vault.store)
    gate = threading.Event()
    read: list[Any] = []
    QueryOp(ops, parent=None, op=lambda _s: gate.wait(5)).run()
    QueryOp(ops, parent=None, op=lambda store: read.append(1)).run()
    ChangeOp(ops, parent=None, op=lambda store: _note(store, "kept on lock"),
             changes=Changes.of("note")).run()
    threading.Timer(0.2, gate.set).start()
    assert ops.shutdown()
    assert read == []
    assert vault.store.meta_get("note") == "kept on lock"
    assert not ops.is_running
    refused: list[Any] = []
    QueryOp(ops, parent=None, op=lambda _s: refused.append(1)).run()
    time.sleep(0.05)
    assert refused == []


def test_locking_cancels_long_work_at_its_next_safe_point(qtbot, vault):
    ops = Operations(lambda: vault.store)
    steps: list[int] = []
    ended: list[str] = []

    def long_work(store: Store, progress: Progress) -> None:
        for step in range(1000):
            _note(store, f"step {step}")  # each step is committed
            steps.append(step)
            progress.update(step, 1000)
            time.sleep(0.01)

    ChangeOp(ops, parent=None, op=long_work, changes=Changes.all()).with_progress(
    ).cancelled(lambda: ended.append("cancelled")).run()
    qtbot.waitUntil(lambda: len(steps) > 3)
    assert ops.shutdown(10_000)
    assert len(steps) < 1000
    assert vault.store.meta_get("note") == f"step {steps[-1]}"


def test_locking_stops_bound_background_work_whose_database_steps_are_refused(qtbot, vault):
    ops = Operations(lambda: vault.store)
    steps: list[int] = []
    outcome: list[str] = []

    def network_work(progress: Progress) -> None:
        for step in range(1000):
            time.sleep(0.01)  # the network part, off the database thread
            ops.call_blocking(lambda store, step=step: _note(store, f"page {step}"))
            steps.append(step)
            progress.update(step, 1000)

    BackgroundOp(parent=None, op=network_work, bound_to=ops).with_progress().cancelled(
        lambda: outcome.append("cancelled")).failure(
        lambda e: outcome.append(type(e).__name__)).run()
    qtbot.waitUntil(lambda: len(steps) > 3)
    assert ops.shutdown(10_000)
    assert len(steps) < 1000
    assert vault.store.meta_get("note") == f"page {steps[-1]}"
    qtbot.waitUntil(lambda: bool(outcome))
    assert outcome == ["cancelled"]
    assert wait_for_background(5_000)


def test_call_blocking_refuses_once_locking(vault):
    ops = Operations(lambda: vault.store)
    ops.shutdown()
    with pytest.raises(Cancelled):
        ops.call_blocking(lambda store: store.meta_get("note"))


def test_the_database_thread_gives_freed_memory_back_once_idle(qtbot, ops, monkeypatch):
    """After work, with nothing more queued, what the work freed goes back to the system
    (at most once a second, however many operations run)."""
    import desktop.ui.db_thread as ops_module

    trims: list[str] = []
    monkeypatch.setattr(ops_module, "give_back_freed_memory",
                        lambda: trims.append(threading.current_thread().name) or True)
    got: list[int] = []
    for n in range(20):
        QueryOp(ops, parent=None, op=lambda _s, n=n: n, success=got.append).run()
    qtbot.waitUntil(lambda: len(got) == 20)
    assert got == list(range(20))
    assert 1 <= len(trims) < 10 and set(trims) == {"kujdes-database"}


def test_a_read_asked_for_when_idle_waits_for_what_was_asked_after_it(qtbot, ops):
    """The status bar's count asked for first does not delay a list asked for just after it;
    it still comes, and a person's reads alone make the database thread busy."""
    order: list[str] = []
    busy: list[bool] = []
    ops.busy_changed.connect(busy.append)
    QueryOp(ops, parent=None, op=lambda _s: "figures", success=order.append).when_idle().run()
    assert busy == []
    for n in range(3):
        QueryOp(ops, parent=None, op=lambda _s, n=n: f"list {n}", success=order.append).run()
    qtbot.waitUntil(lambda: len(order) == 4, timeout=5000)
    assert order == ["list 0", "list 1", "list 2", "figures"]
    assert busy == [True, False]


def test_locking_drops_a_read_waiting_for_idle_and_keeps_the_changes(qtbot, vault):
    runner = Operations(lambda: vault.store)
    seen: list[str] = []
    QueryOp(runner, parent=None, op=lambda _s: "figures", success=seen.append).when_idle().run()
    ChangeOp(runner, parent=None, op=lambda store: _note(store, "kept"),
             changes=Changes.all()).run()
    assert runner.shutdown()
    assert seen == [] and vault.store.meta_get("note") == "kept"
