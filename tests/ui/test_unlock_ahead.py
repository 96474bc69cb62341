"""The workspace built while the key is derived: a refused password leaves nothing of it, the
right one then opens as usual, and another user never sees the previous user's data."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QApplication, QTreeWidget, QWidget

from desktop.core.demo import add_demo_data
from desktop.core.i18n import set_country, set_language
from desktop.core.keys import FAST_KDF
from desktop.core.vault import create_vault, open_vault
from desktop.ui import warm_up
from desktop.ui.warm_up import core_imported
from desktop.ui.workspace import Workspace
from tests.ui.conftest import UI_PASSWORD, UI_USER, unlock
from tests.ui.test_acts import kosovo_dir  # noqa: F401

OTHER_USER, OTHER_PASSWORD = "besnik", "qafe-e-malit-9"


def _held_opener(release: threading.Event) -> Callable[[Path, str, str], Any]:
    """Opens the vault once ``release`` is set: the key derivation, as slow as the test
    needs it to be for the workspace to be built meanwhile."""
    def opener(data_dir: Path, user: str, password: str) -> Any:
        release.wait(10)
        return open_vault(data_dir, user, password)
    return opener


def _submit_while_built(qtbot: Any, window: Any, password: str,
                        user: str = UI_USER) -> Workspace:
    """Type the password; let the key be known only once the workspace is built ahead (it
    is returned)."""
    qtbot.waitUntil(core_imported, timeout=20_000)
    release = threading.Event()
    window.unlock_screen.opener = _held_opener(release)
    window.unlock_screen.select_user(user)
    window.unlock_screen.password.setText(password)
    window.unlock_screen.submit()
    ahead = window._ahead
    assert ahead is not None
    qtbot.waitUntil(lambda: ahead.built, timeout=10_000)
    assert window.workspace is None and window.stack.currentWidget() is window.unlock_screen
    built = ahead.workspace
    assert not built.isVisible()
    release.set()
    return built


def _case_ids(widget: QWidget) -> set[str]:
    """The case ids behind every row of every tree in ``widget``."""
    ids = set()
    for tree in widget.findChildren(QTreeWidget):
        items = [tree.topLevelItem(n) for n in range(tree.topLevelItemCount())]
        while items:
            item = items.pop()
            ids.add(item.data(0, Qt.ItemDataRole.UserRole))
            items.extend(item.child(k) for k in range(item.childCount()))
    return ids - {None}


def _delete_later_done() -> None:
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def test_a_refused_password_leaves_nothing_and_the_right_one_opens(
        qtbot: Any, make_window: Any) -> None:
    window = make_window()
    screen = window.unlock_screen
    built = _submit_while_built(qtbot, window, "not-the-password")
    today = built.screen("today")
    qtbot.waitUntil(lambda: screen.error.isVisible() and not screen._busy, timeout=10_000)
    assert "wrong password" in screen.error.text().lower()
    assert today._data is None                    # nothing of the vault was read into it
    _delete_later_done()
    assert not shiboken6.isValid(built)           # thrown away, never shown
    assert window.workspace is None and window._ahead is None
    assert window.stack.count() == 1 and window.stack.currentWidget() is screen
    assert not [w for w in QApplication.allWidgets()
                if isinstance(w, Workspace) and w.isVisible()]
    assert window.statusBar().currentMessage() == ""   # its refused reads said nothing
    assert warm_up._may_run.is_set()              # the forms' parsing goes on

    built = _submit_while_built(qtbot, window, UI_PASSWORD)
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=10_000)
    assert window.workspace is built              # the one built while the key was derived
    assert window.stack.currentWidget() is window.workspace
    today = window.workspace.screen("today")
    qtbot.waitUntil(lambda: today._data is not None, timeout=10_000)
    assert window.workspace.current_key() == "today" and today.isVisible()
    assert _case_ids(today) and screen.error.text() == ""
    qtbot.waitUntil(warm_up._may_run.is_set, timeout=10_000)   # held only until then


def _second_vault(data_dir: Path) -> None:
    vault = create_vault(data_dir, OTHER_USER, OTHER_PASSWORD, kdf=FAST_KDF)
    add_demo_data(vault.store, 40, seed=5, municipalities=("Pukë",), workers=(OTHER_USER,))
    vault.lock()


def test_another_user_after_a_lock_sees_none_of_the_first_users_data(
        qtbot: Any, make_window: Any, ui_data_dir: Path) -> None:
    _second_vault(ui_data_dir)
    window = make_window()
    unlock(qtbot, window)
    today = window.workspace.screen("today")
    qtbot.waitUntil(lambda: today._data is not None, timeout=10_000)
    first_users = _case_ids(today)
    assert first_users
    window.workspace.open_case(next(iter(first_users)))   # the first user locks on a case
    window.lock()

    built = _submit_while_built(qtbot, window, OTHER_PASSWORD, user=OTHER_USER)
    assert built.case_view is None                # built for this user, not for the resume
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=10_000)
    today = window.workspace.screen("today")
    qtbot.waitUntil(lambda: today._data is not None, timeout=10_000)
    assert window.session.user == OTHER_USER and today.worker.value() == OTHER_USER
    assert window.workspace.current_key() == "today" and window.workspace.case_view is None
    assert window.workspace.user_label.text() == OTHER_USER
    assert _case_ids(today) and not _case_ids(today) & first_users
    assert not _case_ids(window) & first_users


def test_a_screen_not_shown_since_an_unlock_keeps_its_state_through_the_next_lock(
        qtbot: Any, make_window: Any) -> None:
    """Screens other than the one shown are built when first shown after an unlock, with
    the state they had when the vault was locked, even across several locks."""
    window = make_window()
    unlock(qtbot, window)
    window.workspace.navigate("directory")
    screen = window.workspace.screen("directory")
    qtbot.waitUntil(lambda: screen.level.count() > 1, timeout=10_000)
    screen.level.setCurrentIndex(screen.level.count() - 1)
    chosen = screen.level.value()
    assert chosen
    window.workspace.navigate("today")
    for _ in range(2):
        window.lock()
        unlock(qtbot, window)
        assert window.workspace.current_key() == "today"
        assert "directory" not in window.workspace.screens   # not built before it is shown
    window.workspace.navigate("directory")
    assert window.workspace.screen("directory").level.value() == chosen


def test_a_kosovo_vaults_today_built_during_the_key_uses_kosovos_words(
        qtbot: Any, window_factory: Any, kosovo_dir: Path) -> None:  # noqa: F811
    """The first unlock after the program starts: the wording's country is not known yet
    when the password is submitted, and Today is built before the vault opens."""
    set_country(None)
    set_language("sq")
    window = window_factory(kosovo_dir)
    built = _submit_while_built(qtbot, window, UI_PASSWORD)
    qtbot.waitUntil(lambda: window.workspace is built, timeout=10_000)
    today = built.screen("today")
    assert today.due_tree.headerItem().text(2) == "Klienti"     # not Albania's "Përfituesi"
