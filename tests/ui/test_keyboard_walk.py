"""The whole case process and a routine home visit, by keyboard only: every key goes to the
widget with the focus (tests/ui/walk.py), and the keys are counted."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop.core.i18n import current_language
from desktop.core.settings import Settings
from desktop.core.vault import open_vault
from tests.ui import walk_process
from tests.ui.walk import Walker
from tests.ui.walk_approval import HEAD, municipal_server
from tests.ui.walk_steps import unlock

HOME_VISIT_BAR = 120  # key presses besides the text typed


def _records(folder: Path, kind: str, case_id: str) -> list[Any]:
    vault = open_vault(folder, walk_process.USER, walk_process.PASSWORD)
    try:
        return vault.store.query(kind, case_id=case_id)
    finally:
        vault.lock()


def test_the_whole_case_process_by_keyboard(window_factory: Any, tmp_path: Path) -> None:
    with municipal_server(tmp_path / "server", walk_process.USER,
                          walk_process.PASSWORD) as server:
        folder = walk_process.fresh_laptop(tmp_path / "laptop", server)
        window = window_factory(folder, Settings(server_url=server,
                                                 language=current_language()))
        walker = Walker()
        view = walk_process.whole_process(walker, window)
        case = view.data.case
        assert case.fields["status"] == "closed"
        assert case.fields["case_type"] == "child_protection"
        window.shutdown()

    [assessment] = _records(folder, "assessment", case.id)
    assert assessment.fields["form_id"] == "child_protection_risk"
    [plan] = _records(folder, "plan", case.id)
    assert plan.fields["approved_on"] and plan.fields["signed_by_guardian"] == "Lule Shehaj"
    assert plan.fields["approved_by"] == HEAD          # by the head of unit, not the worker
    assert plan.fields["reviews"][-1]["note"] == "Objektivat u arritën."
    [referral] = _records(folder, "referral", case.id)
    assert referral.fields["service"] == "counselling"
    [visit] = _records(folder, "visit", case.id)
    assert visit.fields["observations"] == "Shkon rregullisht në shkollë."
    names = [name for name, _keys in walker.steps]
    assert names[-1] == "close the case"
    assert "head of unit: first sign-in" in names and "sync the approval" in names
    print(f"whole process: {walker.keys} key presses, {walker.typed} characters typed")


def test_a_routine_home_visit_within_the_bar(window_factory: Any, tmp_path: Path) -> None:
    folder, case_id = walk_process.laptop_with_an_elder(tmp_path / "laptop")
    window = window_factory(folder)
    walker = Walker()
    unlock(walker, window, walk_process.PASSWORD)
    at_unlock = walker.keys
    walk_process.routine_home_visit(walker, window, case_id)
    window.shutdown()
    keys = walker.keys - at_unlock
    assert keys <= HOME_VISIT_BAR, walker.steps

    [visit] = _records(folder, "visit", case_id)
    assert visit.fields["present"] == "Zonja Mrika"
    [assessment] = _records(folder, "assessment", case_id)
    assert assessment.fields["form_id"] == "elderly_functional"
    assert assessment.fields["answers"]["b_stairs"] is not None
    [action] = _records(folder, "plan_action", case_id)
    assert action.fields["status"] == "in_progress"
    print(f"routine home visit: {keys} key presses, {walker.typed} characters typed")
