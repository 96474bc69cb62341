"""``kujdes --demo`` on screen: the progress window of the demo vault's first build, and the
demo server started off the UI thread (the demo itself is :mod:`desktop.core.demo_vault`)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QProgressBar, QProgressDialog, QWidget

from desktop.core.demo_vault import (
    DEMO_MUNICIPALITIES,
    DEMO_PERSONS,
    DemoServer,
    build_demo_vault,
)
from desktop.core.i18n import fmt_number, tr
from desktop.core.keys import KdfParams
from desktop.core.progress import Cancelled, Progress
from desktop.ui.ops import BackgroundOp
from desktop.ui.warm_up import after_warm_up

log = logging.getLogger(__name__)

def _number(value: int) -> str:
    return fmt_number(value)


@dataclass
class DemoBuild:
    """The progress dialog of a demo build; ``finished(ok)`` when it ends."""

    dialog: QProgressDialog
    progress: Progress
    timer: QTimer


def start_demo_build(parent: QWidget, data_dir: Path, finished: Callable[[bool], None], *,
                     persons: int = DEMO_PERSONS, kdf: KdfParams | None = None,
                     server_url: str = "", country: str = "AL") -> DemoBuild:
    progress = Progress(total=persons)
    preparing = tr("Preparing the demo: synthetic people and cases in {place}…",
                   place=DEMO_MUNICIPALITIES[country])
    dialog = QProgressDialog(preparing,
                             tr("Cancel"), 0, persons, parent)
    bar = QProgressBar(dialog)
    bar.setTextVisible(False)
    dialog.setBar(bar)
    dialog.setWindowTitle("Kujdes")
    dialog.setMinimumDuration(0)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setMinimumWidth(420)
    dialog.canceled.connect(progress.cancel)
    timer = QTimer(dialog)
    timer.setInterval(100)

    def poll() -> None:
        if dialog.wasCanceled():
            progress.cancel()
        done, total = progress.snapshot()
        dialog.setMaximum(max(total, 1))
        dialog.setValue(min(done, total))
        dialog.setLabelText(preparing + "\n"
                            + tr("{done} of {total} persons", done=_number(done),
                                 total=_number(total)))

    timer.timeout.connect(poll)
    timer.start()

    def end(ok: bool, error: Any = None) -> None:
        timer.stop()
        dialog.reset()
        dialog.hide()
        dialog.deleteLater()
        if error is not None and not isinstance(error, Cancelled):
            log.error("demo build failed: %s", type(error).__name__)
        finished(ok)

    BackgroundOp(parent=parent,
                 op=after_warm_up(lambda: build_demo_vault(
                     data_dir, progress, persons=persons, kdf=kdf, server_url=server_url,
                     country=country)),
                 success=lambda _cases: end(True)).failure(
        lambda error: end(False, error)).cancelled(lambda: end(False)).run()
    dialog.show()
    return DemoBuild(dialog, progress, timer)


def start_demo_server(server: DemoServer, on_ready: Callable[[str], None],
                      owner: QWidget) -> None:
    """Start the demo server off the UI thread; ``on_ready(url)``, or ``on_ready("")`` when
    it did not start (the demo then works offline)."""
    def failed(error: Exception) -> None:
        log.warning("demo server did not start: %s", type(error).__name__)
        on_ready("")

    BackgroundOp(parent=owner, op=after_warm_up(server.start), success=on_ready).failure(
        failed).run()
