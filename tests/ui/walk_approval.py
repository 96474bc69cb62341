"""The plan approved by the head of unit, as it happens in a municipality: the worker syncs
with the municipal server and locks; the head of unit signs in for the first time on the same
laptop, syncs, approves the plan from "My tasks" and syncs; the worker unlocks, syncs and
finds the plan approved. By keyboard only (see :mod:`tests.ui.walk`)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from tests.ui import walk_steps as steps
from tests.ui.walk import CTRL, Walker

KEY = Qt.Key
HEAD, HEAD_PASSWORD = "mirela", "lugina-e-valbones-4"


@contextmanager
def municipal_server(folder: Path, worker: str, password: str) -> Iterator[str]:
    """A municipal server on 127.0.0.1 (embedded, SQLite) with the worker, a child
    protection worker, and the head of unit; yields its address."""
    from sync.server import admin, embedded

    folder.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{folder / 'server.db'}"
    admin.init(url, "Pukë", "AL")
    admin.add_user(url, worker, "Drita Hoxha", "child_protection_worker", [], password)
    admin.add_user(url, HEAD, "Mirela Gjoka", "head_of_unit", [], HEAD_PASSWORD)
    running = embedded.start_embedded_server(url)
    try:
        yield running.url
    finally:
        running.stop()


def sync(w: Walker, window: Any, name: str) -> Any:
    """To the Sync screen, Space on "Sync now", until the sync has ended without refusals."""
    screen = steps.go_to(w, window, "sync")
    w.wait(screen.sync_button.isEnabled, 15_000, "the sync button")
    w.tab_to(screen.sync_button)
    w.key(KEY.Key_Space)
    w.wait(lambda: screen._running is not None or screen.progress_line.isVisible(), 10_000,
           "the sync to start")
    w.wait(lambda: screen._running is None, 60_000, "the sync to end")
    w.step_done(name)
    return screen


def lock(w: Walker, window: Any) -> None:
    w.key(KEY.Key_L, CTRL)
    w.wait(lambda: window.workspace is None, 30_000, "the lock")
    w.step_done("lock")


def head_signs_in(w: Walker, window: Any) -> None:
    """"New user on this laptop": the first sign-in at the municipal server."""
    unlock = window.unlock_screen
    w.wait(lambda: w.focus() is unlock.password, 5_000, "the unlock form")
    w.tab_to(unlock.new_user_link)
    w.key(KEY.Key_Space)
    w.wait(lambda: w.focus() is unlock.first.user, 5_000, "the first sign-in")
    w.type(HEAD)
    w.tab_to(unlock.first.password)
    w.type(HEAD_PASSWORD)
    w.key(KEY.Key_Return)
    w.wait(lambda: window.workspace is not None, 60_000, "the head of unit's workspace")
    w.step_done("head of unit: first sign-in")


def approve_from_my_tasks(w: Walker, window: Any) -> None:
    """My tasks, the plans waiting for approval, Enter on the plan, then approve it."""
    screen = steps.go_to(w, window, "tasks")
    w.wait(lambda: screen.plans.rowCount() == 1, 10_000, "the plan waiting for approval")
    w.tab_to(screen.plans)
    w.key(KEY.Key_Return)
    w.wait(lambda: window.workspace.current_key() == "case"
           and window.workspace.case_view.data is not None, 10_000, "the case")
    w.step_done("head of unit: open the plan to approve")
    steps.approve_plan(w, window, window.workspace.case_view)


def worker_unlocks(w: Walker, window: Any, user: str, password: str) -> None:
    """Back on the unlock form: the worker chosen in the user list, the password typed."""
    unlock = window.unlock_screen
    w.wait(lambda: w.focus() is unlock.password, 5_000, "the unlock form")
    if unlock.user_combo.currentData() != user:
        w.tab_to(unlock.user_combo, back=True)
        w.choose(unlock.user_combo, lambda name: name == user)
        w.tab_to(unlock.password)
    w.type(password)
    w.key(KEY.Key_Return)
    w.wait(lambda: window.workspace is not None, 20_000, "the workspace")
    w.step_done("unlock")


def approved_by_the_head(w: Walker, window: Any, user: str, password: str, name: str,
                         case_id: str) -> Any:
    """The whole round from the worker's laptop to the approved plan; returns the worker's
    case screen with the plan approved."""
    sync(w, window, "sync the plan")
    lock(w, window)
    head_signs_in(w, window)
    sync(w, window, "head of unit: sync")
    approve_from_my_tasks(w, window)
    sync(w, window, "head of unit: sync the approval")
    lock(w, window)
    worker_unlocks(w, window, user, password)
    sync(w, window, "sync the approval")
    view = steps.find_case(w, window, name, case_id)
    w.wait(lambda: view.data is not None and view.data.current_plan is not None
           and bool(view.data.current_plan.fields.get("approved_on")), 10_000,
           "the plan approved")
    return view
