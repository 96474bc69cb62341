"""The print preview opens in the beneficiary's preferred language, whatever the language of
the screens, and the worker can print in another."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtWidgets import QWidget  # noqa: E402

from desktop.core.i18n import LANGUAGES, current_language  # noqa: E402
from desktop.core.vault import OpenVault  # noqa: E402
from desktop.ui.ops import Operations  # noqa: E402
from tests.ui.test_printing import (  # noqa: E402, F401
    care_plan,
    choose_language,
    data_dir,
    open_preview,
    ops,
    parent,
    pdf_text,
    press_button,
    save_to,
    template,
    vault,
    wait_rendered_again,
)

PAGE_ONE = {"sq": "Faqe 1 nga", "en": "Page 1 of"}


# The fixtures of the printing tests, imported above, are the arguments here.
def test_preview_opens_in_the_beneficiarys_language(qtbot: Any, vault: OpenVault,  # noqa: F811
                                                    ops: Operations,  # noqa: F811
                                                    parent: QWidget,  # noqa: F811
                                                    care_plan: tuple[str, str, str],  # noqa: F811
                                                    monkeypatch: pytest.MonkeyPatch,
                                                    tmp_path: Path) -> None:
    screens = current_language()
    theirs = "sq" if screens != "sq" else "en"
    case_id, plan_id, _number = care_plan
    person_id = vault.store.require(case_id).fields["person_id"]
    vault.store.update(person_id, {"preferred_language": theirs})

    dialog = open_preview(qtbot, ops, parent, case_id, "plan", plan_id)
    assert dialog.document_language == theirs
    assert [dialog.language.itemData(i) for i in range(dialog.language.count())] == \
        list(LANGUAGES)  # an Albanian municipality prints one language at a time
    save_to(monkeypatch, tmp_path / "theirs.pdf")
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        press_button(qtbot, dialog.save_button)
    assert PAGE_ONE[theirs] in pdf_text(tmp_path / "theirs.pdf")

    wait_rendered_again(qtbot, dialog, lambda: choose_language(
        qtbot, dialog, dialog.language.findData(screens)))
    assert dialog.document_language == screens
    press_button(qtbot, dialog.sensitive)  # the choice stays while the copy is made again
    qtbot.waitUntil(lambda: dialog.is_ready and dialog.rendered.include_sensitive,
                    timeout=20_000)
    assert dialog.document_language == screens
    save_to(monkeypatch, tmp_path / "chosen.pdf")
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        press_button(qtbot, dialog.save_button)
    assert PAGE_ONE[screens] in pdf_text(tmp_path / "chosen.pdf")
