"""The one draft keeper of the dialogs and the forms: half-typed input saved to the vault a
moment after the last keystroke, so that closing, a crash or locking loses nothing.

API::

    keeper = DraftKeeper(session.ops, DraftSlot(key, "visit", record_id=case_id),
                         collect=self.collect, parent=self)
    edit.textEdited.connect(keeper.touch)     # something was typed: save soon
    keeper.load(self.restore)                 # restore(draft or None), once, on opening
    keeper.load(self.restore, self.show_load_error)  # or say that it could not be read
    keeper.flush()                            # save now if anything changed (closing, locking)
    keeper.flush(force=True)                  # save now even if nothing changed
    discard = keeper.discard_step()           # saving for good: the draft goes in the same
    ChangeOp(..., op=lambda store: (save(store), discard(store)), ...)   # operation
    keeper.discard()                          # forget the draft on its own
    keeper.pause(True)                        # while input is filled in by the program

- ``collect()`` gives the input as a JSON-able dict, or None when there is nothing to keep
  (the form is not loaded, it is read-only). It is copied when the save is asked for.
- Signals: ``saved()`` when a draft reached the vault; ``failed(Exception)`` when it could
  not be saved (the input stays marked as unsaved and the next touch or flush tries again).
- Saves are :class:`ChangeOp` that announce no change (drafts are not records). A save
  asked for before locking still runs while the vault locks (it carries the user's input):
  locking flushes every keeper first.

The database steps are :class:`desktop.core.drafts.DraftSlot`'s. A dialog whose input is
plain fields keeps them with :class:`desktop.ui.dialog_drafts.InputDraft`, which names the
fields and uses this keeper.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.core.changes import NOTHING
from desktop.core.drafts import DraftSlot, snapshot
from desktop.core.store import Store
from desktop.ui.ops import ChangeOp, Operations, QueryOp

log = logging.getLogger(__name__)

DRAFT_DELAY_MS = 500

Draft = dict[str, Any]


class DraftKeeper(QObject):
    """Keeps the input that ``collect`` gives as the draft of ``slot`` (debounced)."""

    saved = Signal()
    failed = Signal(object)

    def __init__(self, ops: Operations, slot: DraftSlot, collect: Callable[[], Draft | None],
                 *, parent: QObject | None = None, delay_ms: int = DRAFT_DELAY_MS) -> None:
        super().__init__(parent)
        self.ops = ops
        self.slot = slot
        self._collect = collect
        self._dirty = False
        self._enabled = True
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.flush)

    @property
    def key(self) -> str:
        return self.slot.key

    @property
    def pending(self) -> bool:
        """Whether there is input not yet handed to the vault."""
        return self._dirty

    def touch(self, *_args: Any) -> None:
        """Something was typed: save soon (signal arguments are ignored)."""
        if self._enabled:
            self._dirty = True
            self._timer.start()

    def flush(self, force: bool = False) -> None:
        """Save now if anything changed since the last save (or always, with ``force``)."""
        self._timer.stop()
        if not self._enabled or not (self._dirty or force):
            return
        collected = self._collect()
        if collected is None:
            return
        self._dirty = False
        data, slot = snapshot(collected), self.slot
        (ChangeOp(self.ops, parent=self, op=lambda store: slot.save(store, data),
                  changes=NOTHING)
         .success(lambda _result: self.saved.emit())
         .failure(self._save_failed)
         .run())

    def load(self, restore: Callable[[Draft | None], None],
             unreadable: Callable[[Exception], None] | None = None) -> None:
        """Hand the saved draft (None when there is none) to ``restore``. When it cannot be
        read, ``unreadable(error)`` is called, or without it ``restore(None)``."""

        def failed(error: Exception) -> None:
            log.warning("a draft could not be read: %s", type(error).__name__)
            if unreadable is not None:
                unreadable(error)
            else:
                restore(None)

        QueryOp(self.ops, parent=self, op=self.slot.load, success=restore).failure(failed).run()

    def discard_step(self) -> Callable[[Store], None]:
        """The database step that deletes the draft, for the operation that saves the input
        for good (so both happen in one go); nothing is saved as a draft after it."""
        self._timer.stop()
        self._dirty = False
        return self.slot.discard

    def discard(self) -> None:
        """Forget the draft now (the input was saved for good elsewhere)."""
        step = self.discard_step()
        (ChangeOp(self.ops, parent=self, op=step, changes=NOTHING)
         .failure(lambda error: log.warning("a draft could not be deleted: %s",
                                            type(error).__name__))
         .run())

    def pause(self, paused: bool) -> None:
        """Ignore touches (while the program fills the input in)."""
        self._enabled = not paused
        if paused:
            self._timer.stop()

    def _save_failed(self, error: Exception) -> None:
        self._dirty = True
        log.warning("a draft could not be saved: %s", type(error).__name__)
        self.failed.emit(error)
