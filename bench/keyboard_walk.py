"""Key presses needed, by keyboard only, for the whole case process and a routine home visit.

    .venv/bin/python bench/keyboard_walk.py [--quick] [--language sq|en]

Walks the app offscreen as tests/ui/test_keyboard_walk.py does (the same code,
tests/ui/walk_process.py): every key goes to the widget that has the focus. Prints the keys
of each step and the totals; typed text is counted apart. The bar: a routine home visit
(visit + Barthel + plan update + print preview) in at most 120 key presses besides the text
typed; the exit status is 1 above it. The whole process has its plan approved by the head of
unit through a municipal server started on 127.0.0.1 (embedded, SQLite); ``--quick`` walks
the routine home visit only, which needs no server.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication  # noqa: E402

if TYPE_CHECKING:
    from tests.ui.walk import Walker

HOME_VISIT_BAR = 120


def _walk(folder: Path, language: str, case_id: str | None, server: str = ""
          ) -> tuple[Walker, int]:
    """One main window on ``folder``, walked; returns the walker and the keys of unlocking."""
    from desktop.core.keys import FAST_KDF
    from desktop.core.settings import Settings
    from desktop.ui.main_window import MainWindow
    from tests.ui import walk_process
    from tests.ui.walk import Walker
    from tests.ui.walk_steps import unlock

    window = MainWindow(folder, Settings(language=language, server_url=server), kdf=FAST_KDF,
                        settings_path=folder.parent / "settings.json")
    window.resize(1366, 768)
    window.show()
    window.activateWindow()
    walker = Walker()
    try:
        if case_id is None:
            walk_process.whole_process(walker, window)
            return walker, 0
        unlock(walker, window, walk_process.PASSWORD)
        at_unlock = walker.keys
        walk_process.routine_home_visit(walker, window, case_id)
        return walker, at_unlock
    finally:
        window.shutdown()
        window.close()
        window.deleteLater()


def _print(title: str, walker: Walker, skip: int) -> int:
    keys = walker.keys - skip
    print(f"{title}: {keys} key presses, {walker.typed} characters typed")
    for name, count in walker.steps:
        print(f"    {name:<36} {count:>4}")
    return keys


def _whole_process(tmp: Path, language: str) -> None:
    from tests.ui import walk_process
    from tests.ui.walk_approval import municipal_server

    with municipal_server(tmp / "server", walk_process.USER, walk_process.PASSWORD) as server:
        folder = walk_process.fresh_laptop(tmp / "fresh", server)
        walker, _ = _walk(folder, language, None, server)
        _print("whole case process (fresh vault, unlock to closed case, plan approved by "
               "the head of unit)", walker, 0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true",
                        help="the routine home visit only (no server needed)")
    parser.add_argument("--language", default="sq", choices=("sq", "en"))
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    from tests.ui import walk_process

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["KUJDES_CONFIG_DIR"] = str(Path(tmp) / "config")
        if not args.quick:
            _whole_process(Path(tmp), args.language)
        folder, case_id = walk_process.laptop_with_an_elder(Path(tmp) / "elder")
        walker, at_unlock = _walk(folder, args.language, case_id)
        keys = _print("routine home visit (after unlocking)", walker, at_unlock)
    app.processEvents()
    within = keys <= HOME_VISIT_BAR
    print(f"bar: at most {HOME_VISIT_BAR} key presses for a routine home visit: "
          f"{'met' if within else 'NOT met'}")
    return 0 if within else 1


if __name__ == "__main__":
    sys.exit(main())
