"""Adding and removing the entries of a form's repeated groups (a household's members, say):
part of :class:`desktop.ui.forms.view.FormView`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from desktop.core.i18n import tr

if TYPE_CHECKING:
    from desktop.core.forms import FormState
    from desktop.ui.forms.layout import FormWidgets


class RepeatEntries:
    """The form view's repeats; the view has the state, the widgets and the edit marks."""

    _state: FormState | None
    _widgets: FormWidgets | None
    _edited: set[str]
    _touched: set[str]

    def _built_with(self, key: str) -> FormWidgets | None:
        raise NotImplementedError

    def _after_edit(self, key: str) -> None:
        raise NotImplementedError

    def add_instance(self, key: str) -> int:
        """Add an entry to the repeat ``key``; focus goes to its first field."""
        assert self._state is not None and self._built_with(key) is not None
        index = self._state.add_repeat(key)
        self._rebuild_repeat(key)
        self._after_edit(key)
        self._widgets.focus_first(self._widgets.repeats[key].instances[index].items)
        return index

    def remove_instance(self, key: str, index: int, *, confirm: bool = True) -> None:
        assert self._state is not None and self._built_with(key) is not None
        entries = self._state.get(key) or []
        if confirm and index < len(entries) and entries[index] and not self._confirm_remove():
            return
        self._state.remove_repeat(key, index)
        self._rebuild_repeat(key)
        self._after_edit(key)

    def _confirm_remove(self) -> bool:
        no, yes = QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes
        return QMessageBox.question(self, tr("Remove entry"), tr(
            "Remove this entry and everything typed in it?"), yes | no, no) == yes

    def _rebuild_repeat(self, key: str) -> None:
        assert self._widgets is not None
        prefix = f"{key}["
        self._edited = {k for k in self._edited if not k.startswith(prefix)}
        self._touched = {k for k in self._touched if not k.startswith(prefix)}
        self._widgets.rebuild_repeat(key)
