"""Database jobs on behalf of a widget: results are dropped once the widget is gone.

The forms and printing no longer use this; it stays only while the case dialogs import it
(new code uses :mod:`desktop.ui.ops` and :func:`desktop.core.errors.user_message`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject

from desktop.core.errors import user_message
from desktop.ui.database import Database, Job


def run_for(db: Database, owner: QObject, job: Job,
            on_done: Callable[[Any], None] | None = None,
            on_error: Callable[[Exception], None] | None = None) -> int:
    """``db.run(job, ...)``, delivering only while ``owner`` still exists."""

    def done(result: Any) -> None:
        if on_done is not None and shiboken6.isValid(owner):
            on_done(result)

    def failed(error: Exception) -> None:
        if on_error is not None and shiboken6.isValid(owner):
            on_error(error)

    return db.run(job, done, failed)


def error_text(error: Exception) -> str:
    """A message for the worker; details of unexpected errors stay out of the screen."""
    return user_message(error)
