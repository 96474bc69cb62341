"""Entry point of the bundled application (PyInstaller starts here).

``--exit-after-start`` (for measuring a build, not for users) quits as soon as the first
window (the unlock window) is shown, and prints how long that took since this script began.
"""

from __future__ import annotations

import multiprocessing
import sys
import time

STARTED = time.perf_counter()
EXIT_AFTER_START = "--exit-after-start"
SAFETY_SECONDS = 120


def quit_when_shown() -> None:
    """Make the application quit once its first window is shown (Qt is imported only here)."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    import desktop.ui.app as app_module

    class FirstWindow(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt
            if (event.type() == QEvent.Type.Show and isinstance(watched, QWidget)
                    and watched.isWindow()):
                print(f"window shown after {time.perf_counter() - STARTED:.2f} s", flush=True)
                QApplication.instance().removeEventFilter(self)
                QTimer.singleShot(0, QApplication.instance().quit)
            return False

    original = app_module.make_application

    def make_application(*args: object, **kwargs: object) -> QApplication:
        app = original(*args, **kwargs)
        app._first_window = FirstWindow(app)  # kept alive with the application
        app.installEventFilter(app._first_window)
        QTimer.singleShot(SAFETY_SECONDS * 1000, lambda: app.exit(3))
        return app

    app_module.make_application = make_application


def main() -> int:
    if EXIT_AFTER_START in sys.argv:
        sys.argv.remove(EXIT_AFTER_START)
        quit_when_shown()
    from desktop.cli import main as cli_main

    return cli_main()


if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
