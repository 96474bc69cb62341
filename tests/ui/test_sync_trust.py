"""Sync a worker can trust, driven by the keyboard against a real server on 127.0.0.1: locking
during a sync loses nothing, refused changes are shown with what to do, and conflicts are
settled on the Conflicts screen and closed on the other laptop."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop.core.demo import add_demo_data
from desktop.core.i18n import set_language
from desktop.core.keys import FAST_KDF
from desktop.core.settings import Settings
from desktop.core.sync_local import login, open_conflicts, sync_now
from desktop.core.sync_marks import REFUSED, mark_text
from desktop.core.vault import OpenVault, open_vault

USER, OTHER, COORDINATOR, PASSWORD = "vjollca", "arben", "teuta", "lumi-i-drinit-9"
SHOTS = Path(os.environ.get("KUJDES_SHOTS", "/work/shots/sync-trust"))


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    from sync.server import admin, embedded

    url = f"sqlite:///{tmp_path / 'server.db'}"
    admin.init(url, "Pukë", "AL")
    admin.add_user(url, USER, "Vjollca Leka", "social_worker", [], PASSWORD)
    admin.add_user(url, OTHER, "Arben Kola", "social_worker", [], PASSWORD)
    admin.add_user(url, COORDINATOR, "Teuta Marku", "dv_coordinator", [], PASSWORD)
    running = embedded.start_embedded_server(url)
    yield running.url
    running.stop()


@pytest.fixture
def make_window(qtbot: Any, tmp_path: Path, server: str, window_factory: Any) -> Any:
    """A main window on tmp_path/laptop (made after its vault signed in at the server)."""
    return lambda: window_factory(tmp_path / "laptop", Settings(server_url=server,
                                                                language="en"))


def _focus(qtbot: Any, widget: Any) -> Any:
    """Give ``widget`` the keyboard focus, as a click would; returns the focused widget."""
    widget.window().activateWindow()
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget, timeout=5_000)
    return QApplication.focusWidget()


def _unlock(qtbot: Any, window: Any) -> None:
    window.unlock_screen.select_user(USER)
    QTest.keyClicks(_focus(qtbot, window.unlock_screen.password), PASSWORD)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=15_000)


def _sync_screen(qtbot: Any, window: Any) -> Any:
    window.workspace.navigate("sync")
    screen = window.workspace.screen("sync")
    qtbot.waitUntil(lambda: screen._status is not None, timeout=10_000)
    return screen


def _press(qtbot: Any, widget: Any, key: Qt.Key = Qt.Key.Key_Space) -> None:
    QTest.keyClick(_focus(qtbot, widget), key)


def _sync_by_keyboard(qtbot: Any, screen: Any) -> str:
    qtbot.waitUntil(screen.sync_button.isEnabled, timeout=10_000)
    _press(qtbot, screen.sync_button)
    qtbot.waitUntil(lambda: screen._running is None, timeout=120_000)
    return screen.progress_line.text()


def _signed_in_vault(server: str, folder: Path, user: str = USER) -> OpenVault:
    return login(server, folder, user, PASSWORD, kdf=FAST_KDF, device_name="test laptop")


def _shot(widget: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.window().grab().save(str(SHOTS / f"{name}.png"))


def test_locking_during_a_sync_keeps_what_was_done_and_the_next_sync_completes(
        qtbot: Any, tmp_path: Path, server: str, window_factory: Any) -> None:
    from tests.sync.proxy import Link, ThrottleProxy

    # a slow link, so that Ctrl+L falls in the middle of the push
    link = ThrottleProxy(int(server.rsplit(":", 1)[1]), Link(4_000_000, 4_000_000, 0.4))
    vault = _signed_in_vault(link.url, tmp_path / "laptop")
    add_demo_data(vault.store, 300, seed=5, municipalities=("Pukë",), workers=(USER,))
    made = vault.store.pending_count()
    vault.lock()
    assert made > 1_100  # three batches to send

    window = window_factory(tmp_path / "laptop", Settings(server_url=link.url, language="en"))
    _unlock(qtbot, window)
    screen = _sync_screen(qtbot, window)
    _press(qtbot, screen.sync_button)
    qtbot.waitUntil(lambda: screen._running is not None and screen._running.stage == "push"
                    and screen._running.snapshot()[0] > 0, timeout=60_000)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.workspace is None, timeout=60_000)
    assert window.vault is None

    between = open_vault(tmp_path / "laptop", USER, PASSWORD)
    left = between.store.pending_count()
    with between.store.reading() as conn:
        acked = conn.exec_driver_sql("SELECT count(*) FROM outbox WHERE acked = 1").scalar_one()
    between.lock()
    assert 0 < left < made and acked + left == made  # stopped at a safe point, all kept

    _unlock(qtbot, window)
    screen = _sync_screen(qtbot, window)
    done = _sync_by_keyboard(qtbot, screen)
    assert done.startswith(f"Synced: {left} changes sent"), done
    assert done.endswith("0 refused by the server."), done
    qtbot.waitUntil(lambda: screen.values["pending"].text() == "0", timeout=10_000)
    other = _signed_in_vault(server, tmp_path / "office", OTHER)
    with other.store.reading() as conn:
        on_server = conn.exec_driver_sql("SELECT count(*) FROM records WHERE type IN "
                                         "('person', 'case', 'visit')").scalar_one()
    other.lock()
    with window.vault.store.reading() as conn:
        here = conn.exec_driver_sql("SELECT count(*) FROM records WHERE type IN "
                                    "('person', 'case', 'visit')").scalar_one()
    assert on_server == here  # nothing lost, nothing twice
    link.close()


def _refused_case(vault: OpenVault) -> str:
    """A domestic violence case made behind the role check (an older version made these)."""
    store = vault.store
    pid = store.create("person", {"first_name": "Drane", "last_name": "Gjoka", "sex": "F",
                                  "administrative_unit": "Qelëz"}).id
    return store.create("case", {"case_number": "PUK-2026-T-00001", "person_id": pid,
                                 "case_type": "domestic_violence", "status": "open",
                                 "opened_on": "2026-03-01", "municipality": "Pukë",
                                 "administrative_unit": "Qelëz"}).id


@pytest.mark.parametrize("language", ["en", "sq"])
def test_refused_changes_are_shown_with_what_to_do_and_discarded_with_a_reason(
        qtbot: Any, tmp_path: Path, server: str, make_window: Any,
        language: str) -> None:
    vault = _signed_in_vault(server, tmp_path / "laptop")
    case_id = _refused_case(vault)
    vault.lock()
    set_language(language)
    window = make_window()
    _unlock(qtbot, window)
    screen = _sync_screen(qtbot, window)
    done = _sync_by_keyboard(qtbot, screen)
    panel = screen.refusals
    qtbot.waitUntil(lambda: panel.isVisible() and panel.table.rowCount() == 1, timeout=10_000)
    assert screen.values["refused"].text() == "1"
    assert screen.values["pending"].text() == "0"
    cells = [panel.table.item(0, c).text() for c in range(4)]
    if language == "en":
        assert done.endswith("1 refused by the server."), done
        assert cells[0] == "PUK-2026-T-00001 · Drane Gjoka"
        assert cells[2] == "Your role or your administrative units may not hold this record."
        assert "Domestic violence coordinator" in cells[3]
        assert screen.by_type.text() == ("Nothing waits to be sent; the refused changes are "
                                         "listed above.")
    else:
        assert "refuzuara nga serveri" in done
        assert cells[2].startswith("Roli juaj ose njësitë tuaja")
    _shot(screen, f"sync-refusals-{language}")
    window.workspace.navigate("cases")  # the case list marks the refused case
    cases = window.workspace.screen("cases").model
    qtbot.waitUntil(lambda: cases.rowCount() == 1 and cases.is_loaded(0), timeout=10_000)
    first = cases.index(0, 0)
    assert cases.data(first, Qt.ItemDataRole.UserRole) == case_id
    assert cases.data(first, Qt.ItemDataRole.ToolTipRole) == mark_text(REFUSED)
    assert not cases.data(first, Qt.ItemDataRole.DecorationRole).isNull()
    window.workspace.navigate("sync")

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert dialog is not None
        QTest.keyClicks(QApplication.focusWidget(), "Given to the DV coordinator")
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)  # to the Discard button
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)

    QTimer.singleShot(300, answer)
    _press(qtbot, panel.discard_button)
    qtbot.waitUntil(lambda: not panel.isVisible(), timeout=10_000)
    qtbot.waitUntil(lambda: screen.values["refused"].text() == "0", timeout=10_000)
    store = window.vault.store
    assert store.get(case_id) is None
    with store.reading() as conn:
        detail = conn.exec_driver_sql("SELECT detail FROM audit WHERE action = "
                                      "'discard_refused'").scalar_one()
    assert json.loads(detail)["reason"] == "Given to the DV coordinator"


def test_a_refused_case_is_handed_over_to_a_colleague_on_this_laptop_by_keyboard(
        qtbot: Any, tmp_path: Path, server: str, make_window: Any) -> None:
    _signed_in_vault(server, tmp_path / "laptop", COORDINATOR).lock()
    vault = _signed_in_vault(server, tmp_path / "laptop")
    case_id = _refused_case(vault)
    vault.lock()
    window = make_window()
    _unlock(qtbot, window)
    screen = _sync_screen(qtbot, window)
    _sync_by_keyboard(qtbot, screen)
    panel = screen.refusals
    qtbot.waitUntil(lambda: panel.table.rowCount() == 1 and panel.hand_over_button.isEnabled(),
                    timeout=10_000)

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert dialog is not None and dialog.colleague.currentText() == COORDINATOR
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)  # to the password
        QTest.keyClicks(QApplication.focusWidget(), PASSWORD)
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)

    QTimer.singleShot(300, answer)
    _press(qtbot, panel.hand_over_button)
    qtbot.waitUntil(lambda: "handed over to teuta" in panel.message.text(), timeout=15_000)
    qtbot.waitUntil(lambda: screen.values["refused"].text() == "0", timeout=10_000)
    assert window.vault.store.get(case_id) is None
    coordinator = open_vault(tmp_path / "laptop", COORDINATOR, PASSWORD)
    try:
        assert coordinator.store.get(case_id).fields["case_type"] == "domestic_violence"
        assert sync_now(coordinator).rejected == []
    finally:
        coordinator.lock()


@pytest.mark.parametrize("language", ["en", "sq"])
def test_conflicts_are_settled_by_keyboard_and_close_on_the_other_laptop(
        qtbot: Any, tmp_path: Path, server: str, make_window: Any,
        language: str) -> None:
    from desktop.core.casework.cases import open_case
    from desktop.core.casework.persons import register_person

    theirs = _signed_in_vault(server, tmp_path / "office", OTHER)
    person = register_person(theirs.store, {"first_name": "Mrika", "last_name": "Doda",
                                            "sex": "F", "administrative_unit": "Qelëz",
                                            "village": "Plan"})
    case = open_case(theirs.store, person.id, "social_care", referral_source="self",
                     municipality="Pukë", opened_on="2026-03-01")
    sync_now(theirs)
    mine = _signed_in_vault(server, tmp_path / "laptop")
    mine.store.update(case.id, {"risk_level": "high", "opened_on": "2026-03-05"})
    theirs.store.update(case.id, {"risk_level": "low", "opened_on": "2026-03-04"})
    sync_now(theirs)
    mine.lock()

    set_language(language)
    window = make_window()
    _unlock(qtbot, window)
    screen = _sync_screen(qtbot, window)
    _sync_by_keyboard(qtbot, screen)
    qtbot.waitUntil(lambda: screen.values["conflicts"].text() == "2", timeout=10_000)
    qtbot.waitUntil(screen.conflicts_button.isVisible, timeout=5_000)
    _press(qtbot, screen.conflicts_button)
    conflicts = window.workspace.screen("conflicts")
    qtbot.waitUntil(lambda: window.workspace.current_key() == "conflicts"
                    and conflicts.table.rowCount() == 2, timeout=10_000)
    rows = {conflicts.table.item(r, 2).text(): [conflicts.table.item(r, c).text()
                                                for c in range(7)] for r in range(2)}
    risk = "Risk level" if language == "en" else "Niveli i riskut"
    assert rows[risk][3:6] == (["High", "Low", OTHER] if language == "en"
                               else ["I lartë", "I ulët", OTHER])
    opened = "Opened on" if language == "en" else "Hapur më"
    assert rows[opened][0] == case.fields["case_number"] and rows[opened][1] == "Mrika Doda"
    assert rows[opened][3:5] == ["05.03.2026", "04.03.2026"]
    _shot(conflicts, f"conflicts-{language}")

    # the risk level: keep the other laptop's value
    _focus(qtbot, conflicts.table)
    risk_row = [conflicts.table.item(r, 2).text() for r in range(2)].index(risk)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Home)
    for _ in range(risk_row):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is conflicts.keep_theirs
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: conflicts.table.rowCount() == 1, timeout=10_000)
    # the opening date: a bad date is said and kept, then a new one typed
    _focus(qtbot, conflicts.table)
    for _ in range(3):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is conflicts.new_value
    QTest.keyClicks(QApplication.focusWidget(), "31.02.2026")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(conflicts.error.isVisible, timeout=10_000)
    assert ("dd.MM.yyyy" if language == "en" else "dd.MM.vvvv") in conflicts.error.text()
    assert conflicts.new_value.text() == "31.02.2026"
    conflicts.new_value.selectAll()
    QTest.keyClicks(QApplication.focusWidget(), "03.03.2026")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not conflicts.table.isVisible(), timeout=10_000)

    screen = _sync_screen(qtbot, window)
    _sync_by_keyboard(qtbot, screen)
    sync_now(theirs)
    assert open_conflicts(theirs.store) == []
    # the main navigation reaches the screen by keyboard too: Administration is last
    QTest.keyClick(_focus(qtbot, window.workspace.nav), Qt.Key.Key_End)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Up)
    qtbot.waitUntil(lambda: window.workspace.current_key() == "conflicts", timeout=5_000)
    qtbot.waitUntil(conflicts.empty.isVisible, timeout=10_000)
    fields = theirs.store.get(case.id).fields
    assert (fields["risk_level"], fields["opened_on"]) == ("low", "2026-03-03")
    theirs.lock()
