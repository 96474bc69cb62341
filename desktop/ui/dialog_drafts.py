"""A dialog's input kept as a draft field by field, with the one draft keeper
(:class:`desktop.ui.drafts.DraftKeeper`): what was typed or chosen survives closing, a crash
and locking, and comes back when the dialog opens again.

API::

    self.draft = InputDraft(self, DraftSlot(f"reopen:{case_id}", "reopen", case_id),
                            {"reason": self.reason, "date": self.date})
    self.draft.load()               # once the dialog's lists are filled in (not before)
    job = self.draft.saving(job)    # the save for good also forgets the draft (one go)
    ...failure(lambda e: (self.draft.save_failed(), self.show_error(e)))

Fields are line edits, text boxes, date editors (their text, a wrong date included, so
nothing is changed), check boxes and drop-downs (an editable one by its text, another by
its entry's data). ``more=(collect, restore)`` keeps what the fields do not hold (the lines
of a list). Nothing is saved as a draft before :meth:`load` has looked for one, so what the
dialog fills in itself while opening is not mistaken for input.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit, QWidget

from desktop.core.drafts import DraftSlot
from desktop.core.i18n import tr
from desktop.core.store import Store
from desktop.ui.drafts import Draft, DraftKeeper
from desktop.ui.forms.editors import DateEditor

More = tuple[Callable[[], dict[str, Any]], Callable[[dict[str, Any]], None]]


class InputDraft(QObject):
    """The draft of ``fields`` (name -> input widget) of ``dialog`` (a CaseDialog)."""

    def __init__(self, dialog: Any, slot: DraftSlot, fields: Mapping[str, QWidget], *,
                 more: More | None = None) -> None:
        super().__init__(dialog)
        self.dialog = dialog
        self.fields = dict(fields)
        self.more = more
        self.restored = False
        self.ready = False  # the draft was looked for: input is kept from now on
        self.keeper = DraftKeeper(dialog.ops, slot, self.collect, parent=self)
        self.keeper.pause(True)  # until load() has looked for a draft
        for widget in self.fields.values():
            _connect(widget, self.keeper.touch)

    def touch(self, *_args: Any) -> None:
        """Something the fields do not show changed (a line added to a list)."""
        self.keeper.touch()

    def collect(self) -> Draft:
        data: Draft = {name: _value(widget) for name, widget in self.fields.items()}
        if self.more is not None:
            data["more"] = self.more[0]()
        return data

    def load(self) -> None:
        """Put the saved draft (if any) back into the fields, then keep what is typed."""
        self.keeper.load(self._restore)

    def _restore(self, draft: Draft | None) -> None:
        if draft:
            for name, widget in self.fields.items():
                if name in draft:
                    _set_value(widget, draft[name])
            if self.more is not None and isinstance(draft.get("more"), dict):
                self.more[1](draft["more"])
            self.restored = True
            self.dialog.show_notice(tr("Your unsaved input was restored."))
        self.keeper.pause(False)
        self.ready = True

    def saving(self, job: Callable[[Store], Any]) -> Callable[[Store], Any]:
        """``job`` and the draft's deletion, in one transaction (for the save for good)."""
        discard = self.keeper.discard_step()

        def save_and_forget(store: Store) -> Any:
            with store.transaction():
                result = job(store)
                discard(store)
            return result

        return save_and_forget

    def keep(self) -> None:
        """The draft stays (the save did not happen): the input is kept again."""
        self.keeper.touch()

    def save_failed(self, *_args: Any) -> None:
        self.keep()


def _connect(widget: QWidget, touch: Callable[..., None]) -> None:
    if isinstance(widget, DateEditor):
        widget.changed.connect(touch)
    elif isinstance(widget, QLineEdit | QPlainTextEdit):
        widget.textChanged.connect(touch)
    elif isinstance(widget, QCheckBox):
        widget.toggled.connect(touch)
    elif isinstance(widget, QComboBox):
        widget.currentIndexChanged.connect(touch)
        widget.editTextChanged.connect(touch)
    else:
        raise TypeError(f"no draft for a {type(widget).__name__}")


def _value(widget: QWidget) -> Any:
    if isinstance(widget, DateEditor):
        return widget.edit.text()
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QCheckBox):
        return widget.isChecked()
    if isinstance(widget, QComboBox):
        return widget.currentText() if widget.isEditable() else _json(widget.currentData())
    raise TypeError(type(widget).__name__)


def _set_value(widget: QWidget, value: Any) -> None:
    if isinstance(widget, DateEditor):
        widget.edit.setText(value if isinstance(value, str) else "")
        widget.show_problem(force=bool(widget.problem()))
    elif isinstance(widget, QLineEdit):
        widget.setText(value if isinstance(value, str) else "")
    elif isinstance(widget, QPlainTextEdit):
        widget.setPlainText(value if isinstance(value, str) else "")
    elif isinstance(widget, QCheckBox):
        widget.setChecked(bool(value))
    elif isinstance(widget, QComboBox):
        if widget.isEditable():
            widget.setCurrentText(value if isinstance(value, str) else "")
            return
        wanted = json.dumps(value)
        for index in range(widget.count()):
            if json.dumps(_json(widget.itemData(index))) == wanted:
                widget.setCurrentIndex(index)
                return


def _json(value: Any) -> Any:
    """The entry's data as it reads back from the vault (tuples become lists)."""
    return json.loads(json.dumps(value))
