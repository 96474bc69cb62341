"""The former background-task helpers; new code uses :class:`desktop.ui.ops.BackgroundOp`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject

from desktop.core.progress import Cancelled, Progress
from desktop.ui.ops import BackgroundOp, wait_for_background

__all__ = ["Cancelled", "Progress", "run_in_background", "wait_for_background"]


def run_in_background(work: Callable[[], Any], on_done: Callable[[Any], None] | None = None,
                      on_error: Callable[[Exception], None] | None = None,
                      owner: QObject | None = None) -> None:
    op = BackgroundOp(parent=owner, op=work, success=on_done)
    if on_error is not None:
        op.failure(on_error).cancelled(lambda: on_error(Cancelled()))
    op.run()
