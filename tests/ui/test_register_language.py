"""Registering a person: the beneficiary's preferred language, chosen with the keyboard, is
kept on the person record; in Kosovo, a place typed by its Serbian name (Latin or Cyrillic)
becomes the name the records carry."""
# ruff: noqa: F811  (fixtures imported from the support module are redefined as arguments)

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop.core.casework.places import import_villages  # noqa: E402
from desktop.core.keys import FAST_KDF  # noqa: E402
from desktop.core.vault import OpenVault, create_vault  # noqa: E402
from desktop.ui.dialogs import RegisterPersonDialog  # noqa: E402
from desktop.ui.ops import Operations  # noqa: E402
from tests.ui.conftest import press  # noqa: E402
from tests.ui.test_forms_support import ops, run_job, type_text  # noqa: E402, F401


def test_preferred_language_is_kept_on_the_person(qtbot: Any, ops: Operations,
                                                  vault: OpenVault) -> None:
    dialog = RegisterPersonDialog(ops, vault.profile)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    for name, text in (("first_name", "Arta"), ("last_name", "Krasniqi")):
        dialog.edits[name].setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.waitUntil(lambda n=name: QApplication.focusWidget() is dialog.edits[n])
        type_text(dialog.edits[name], text)
    combo = dialog.language
    assert combo.currentData() is None  # not recorded: documents follow the screens
    combo.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is combo)
    while combo.currentData() != "en":
        press(combo, Qt.Key.Key_Down)
    with qtbot.waitSignal(dialog.registered, timeout=5000) as registered:
        press(combo, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    person = run_job(qtbot, ops, lambda s: s.get(registered.args[0]))
    assert person.fields["first_name"] == "Arta"
    assert person.fields["preferred_language"] == "en"


@pytest.fixture
def gjilan(tmp_path: Path, qtbot: Any) -> Iterator[tuple[OpenVault, Operations]]:
    vault = create_vault(tmp_path / "xk", "drita", "gjilan password", kdf=FAST_KDF,
                         country="XK")
    (tmp_path / "villages.csv").write_text(
        "municipality,administrative_unit,village,area_type,village_sr\n"
        "Gjilan,Gjilan,Bresalc,rural,Brasaljce\n", encoding="utf-8")
    import_villages(vault.store, tmp_path / "villages.csv")
    operations = Operations(lambda: vault.store)
    yield vault, operations
    operations.shutdown()
    vault.lock()


def type_and_leave(qtbot: Any, field: Any, text: str) -> None:
    field.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is field)
    type_text(field, text)
    press(field, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not field)


def test_a_place_typed_by_its_serbian_name(qtbot: Any, gjilan: tuple[OpenVault, Operations]
                                           ) -> None:
    vault, operations = gjilan
    dialog = RegisterPersonDialog(operations, vault.profile)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: dialog.village.completer().model().rowCount() > 0)
    type_and_leave(qtbot, dialog.unit, "Гњилане")
    assert dialog.unit.text() == "Gjilan"
    village = dialog.village
    village.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is village)
    type_text(village, "brasaljce")  # the suggestion is the village's name
    popup = village.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    assert popup.model().index(0, 0).data() == "Bresalc"
    press(popup, Qt.Key.Key_Down)
    press(popup, Qt.Key.Key_Return)
    assert village.text() == "Bresalc"
