"""Starting the desktop application: ``kujdes`` and ``kujdes --demo``."""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QLocale, QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QWidget

from desktop.core import paths
from desktop.core.i18n import current_language, set_language
from desktop.core.settings import Settings, load_settings
from desktop.ui.main_window import MainWindow
from desktop.ui.op_pool import wait_for_background
from desktop.ui.style import ICONS_DIR, apply_style

if TYPE_CHECKING:  # the demo (its server, its data) is imported only for ``--demo``
    from desktop.core.demo_vault import DemoServer

log = logging.getLogger(__name__)
START_SIZE = (1366, 768)
# For measuring the start (bench/bench_start.py), not for users: when set, the program prints
# "unlock window painted at monotonic SECONDS cpu SECONDS" (time.monotonic(), the system-wide
# clock a measuring process also reads, and the CPU time this process has used) once the
# first window has been painted, and quits; set to
# "modules", it also prints the modules imported by then ("imported at first paint: a b c").
EXIT_AFTER_START = "KUJDES_EXIT_AFTER_START"
PAINTED_LINE = "unlock window painted at monotonic"
MODULES_LINE = "imported at first paint:"


def make_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with high-DPI scaling, the style and the window icon."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        app = existing
    else:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("Kujdes")
    app.setOrganizationName("Kujdes")
    app.setWindowIcon(QIcon(str(ICONS_DIR / "cases.svg")))
    apply_style(app)
    return app


QT_LOCALES = {"sr": "sr_Latn_XK", "sr-Cyrl": "sr_Cyrl_XK"}


def choose_language(settings: Settings) -> None:
    """The saved language, unless ``--language`` or ``KUJDES_LANG`` already chose one."""
    if current_language() == "sq" and settings.language != "sq":
        set_language(settings.language)
    # Qt's own dialogs in the same language (and script: Qt's plain "sr" is Cyrillic)
    QLocale.setDefault(QLocale(QT_LOCALES.get(current_language(), current_language())))


def fit_to_screen(window: MainWindow) -> None:
    screen = window.screen().availableGeometry() if window.screen() else None
    width, height = START_SIZE
    if screen is not None:
        width, height = min(width, screen.width()), min(height, screen.height())
    window.resize(width, height)
    if screen is not None and (screen.width() <= START_SIZE[0] or
                               screen.height() <= START_SIZE[1]):
        window.showMaximized()
    else:
        window.show()


def run_app(demo: bool = False, data_dir: Path | None = None, country: str = "AL") -> int:
    """Run the application until its window closes; returns the exit code."""
    app = make_application()
    settings = load_settings()
    choose_language(settings)
    if demo:
        from desktop.core.demo_vault import DEMO_PASSWORD, DEMO_USER, DemoServer, demo_data_dir

        folder = demo_data_dir(data_dir, country)
    else:
        folder = paths.data_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    window = MainWindow(folder, settings, demo=demo,
                        demo_hint=(DEMO_USER, DEMO_PASSWORD) if demo else None)
    fit_to_screen(window)
    if os.environ.get(EXIT_AFTER_START):
        _quit_after_first_paint(app, window)
    server = DemoServer(folder, country) if demo else None
    if server is not None:
        _start_demo(window, folder, server)
    code = app.exec()
    window.shutdown()
    if server is not None:
        server.stop()
    wait_for_background()
    return int(code)


def _start_demo(window: MainWindow, folder: Path, server: DemoServer) -> None:
    """Start the demo server, then build the demo vault signed in on it (first run only)."""
    from desktop.core.demo_vault import DEMO_USER, demo_ready
    from desktop.ui.demo_setup import start_demo_build, start_demo_server

    needs_build = not demo_ready(folder)
    if not needs_build:
        window.unlock_screen.select_user(DEMO_USER)

    def built(_ok: bool) -> None:
        window.unlock_screen.reload_users(select=DEMO_USER)

    def server_ready(url: str) -> None:
        if url:
            window.set_server_url(url)
        if needs_build:
            window.demo_build = start_demo_build(window, folder, built, server_url=url,
                                                 country=server.country)

    start_demo_server(server, server_ready, window)


class _FirstPaint(QObject):
    """Prints the monotonic time once the window's first paint is done, then quits."""

    def __init__(self, app: QApplication, window: QWidget) -> None:
        super().__init__(app)
        self._app, self._window, self._seen = app, window, False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt
        if not self._seen and event.type() == QEvent.Type.Paint:
            self._seen = True
            self._window.removeEventFilter(self)
            QTimer.singleShot(0, self._painted)  # after the whole paint pass is flushed
        return False

    def _painted(self) -> None:
        print(f"{PAINTED_LINE} {time.monotonic():.4f} cpu {time.process_time():.4f}",
              flush=True)
        if os.environ.get(EXIT_AFTER_START) == "modules":
            print(MODULES_LINE, " ".join(sorted(sys.modules)), flush=True)
        self._app.quit()


def _quit_after_first_paint(app: QApplication, window: QWidget) -> None:
    window.installEventFilter(_FirstPaint(app, window))
