"""Fixtures for the GUI tests: offscreen Qt, real vaults with synthetic data, a main window
that is shut down (threads stopped, vault locked) at the end of each test."""

from __future__ import annotations

import gc
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402

from desktop.core.demo import add_demo_data  # noqa: E402
from desktop.core.i18n import current_language, set_language  # noqa: E402
from desktop.core.keys import FAST_KDF  # noqa: E402
from desktop.core.settings import Settings  # noqa: E402
from desktop.core.vault import create_vault  # noqa: E402

UI_USER = "drita"
UI_PASSWORD = "mali-i-thate-7"


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Settings go to a temporary folder; the language is put back after each test."""
    monkeypatch.setenv("KUJDES_CONFIG_DIR", str(tmp_path / "config"))
    language = current_language()
    yield
    set_language(language)


@pytest.fixture
def automatic_collection_off() -> Iterator[None]:
    """Python's automatic garbage collection off: only a collection the program asks for
    frees a reference cycle."""
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


@pytest.fixture
def ui_data_dir(tmp_path: Path) -> Path:
    """A data folder with one vault (user drita) holding a small synthetic caseload."""
    folder = tmp_path / "laptop"
    vault = create_vault(folder, UI_USER, UI_PASSWORD, kdf=FAST_KDF)
    add_demo_data(vault.store, 160, seed=3, municipalities=("Pukë",),
                  workers=(UI_USER, UI_USER, "besnik"))
    vault.lock()
    return folder


@pytest.fixture
def window_factory(qtbot: Any) -> Iterator[Any]:
    """``make(data_dir, settings=None, **options)``: a main window on ``data_dir`` (settings
    file beside it); each is shut down after the test."""
    from desktop.ui.main_window import MainWindow
    from desktop.ui.ops import wait_for_background

    made: list[MainWindow] = []

    def make(data_dir: Path, settings: Settings | None = None, **options: Any) -> MainWindow:
        window = MainWindow(data_dir, settings or Settings(language=current_language()),
                            kdf=FAST_KDF, settings_path=data_dir.parent / "settings.json",
                            **options)
        qtbot.addWidget(window)
        window.resize(1366, 768)
        window.show()
        made.append(window)
        return window

    yield make
    for window in made:
        window.shutdown()
    assert wait_for_background(15_000)


@pytest.fixture
def make_window(window_factory: Any, ui_data_dir: Path) -> Any:
    """Builds main windows on ``ui_data_dir``."""
    return lambda **options: window_factory(ui_data_dir, **options)


def unlock(qtbot: Any, window: Any, password: str = UI_PASSWORD) -> None:
    """Type the password and wait for the workspace."""
    window.unlock_screen.select_user(UI_USER)
    window.unlock_screen.password.setText(password)
    window.unlock_screen.submit()
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=10_000)


def wait_idle(qtbot: Any, window: Any) -> None:
    """Wait until the database thread has delivered everything asked of it."""
    from desktop.core.changes import NOTHING
    from desktop.ui.ops import ChangeOp

    done: list[bool] = []
    ChangeOp(window.session.ops, parent=None, op=lambda _store: True,
             changes=NOTHING).success(done.append).run()
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)


def press(widget: Any, key: Any, modifier: Any = None) -> None:
    """A real key press, sent where the keyboard focus is (the window of ``widget`` is made
    active first, as a person's click on it would)."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    window = widget.window()
    if not window.isActiveWindow():
        window.activateWindow()
        for _ in range(100):
            if window.isActiveWindow():
                break
            QTest.qWait(20)
    focused = QApplication.focusWidget()
    assert focused is not None, "nothing has the keyboard focus"
    QTest.keyClick(focused, key, modifier or Qt.KeyboardModifier.NoModifier)


def filters_filled(screen: Any) -> bool:
    """The case list's filter row made and the profile's choices in it."""
    return bool(screen.filters) and screen.filters["status"].count() > 1


def shown_case_list(qtbot: Any, window: Any, more_than: int = 0, settled: bool = False
                    ) -> Any:
    """The case list, opened, with more than ``more_than`` rows and its first page read
    (``settled``: and nothing more being read), its filters made and filled (a turn or two
    after the table when it was not built ahead)."""
    window.workspace.navigate("cases")
    screen = window.workspace.screen("cases")
    qtbot.waitUntil(lambda: screen.model.rowCount() > more_than and screen.model.is_loaded(0)
                    and not (settled and screen.model.loading) and filters_filled(screen),
                    timeout=10_000)
    return screen


def first_listed_case(qtbot: Any, window: Any) -> str:
    """The id of the case list's first row, the list opened and its first page read."""
    case_id = shown_case_list(qtbot, window).model.record_id(0)
    assert case_id is not None
    return case_id


def closed_cases(data_dir: Path) -> int:
    """How many closed cases the test user's vault holds (some: the filter tests need them)."""
    from desktop.core.vault import open_vault

    vault = open_vault(data_dir, UI_USER, UI_PASSWORD)
    try:
        closed = vault.store.count("case", status="closed")
    finally:
        vault.lock()
    assert closed
    return closed
