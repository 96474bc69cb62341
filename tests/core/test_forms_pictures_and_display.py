"""Pictures answered in a form are kept inside the vault; stored answers read as a person
expects them. Real vault, no Qt."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest

from desktop.core.forms.display import answer_text, localized
from desktop.core.forms.pictures import MAX_BYTES, AttachmentRefused, store_picked_file
from desktop.core.i18n import current_language, set_language

PNG_HEADER = b"\x89PNG\r\n\x1a\n"


def test_a_picked_picture_is_stored_in_the_vault(vault: Any, tmp_path: Path) -> None:
    picture = tmp_path / "leternjoftim.png"
    picture.write_bytes(PNG_HEADER + b"synthetic picture")
    sha = store_picked_file(vault.store, picture)
    assert sha == hashlib.sha256(picture.read_bytes()).hexdigest()
    assert vault.store.get_blob(sha) == picture.read_bytes()


def test_other_files_are_refused_with_the_reason(vault: Any, tmp_path: Path) -> None:
    notes = tmp_path / "shenime.txt"
    notes.write_text("jo foto", encoding="utf-8")
    with pytest.raises(AttachmentRefused, match="not a picture or a PDF"):
        store_picked_file(vault.store, notes)
    large = tmp_path / "skanim.pdf"
    with large.open("wb") as out:
        out.truncate(MAX_BYTES + 1)
    with pytest.raises(AttachmentRefused, match="larger than 20 MB"):
        store_picked_file(vault.store, large)


def test_stored_answers_read_as_written() -> None:
    assert answer_text("2025-03-07") == "07.03.2025"
    assert answer_text(2.50) == "2.5" and answer_text(3.0) == "3"
    assert answer_text(None) == "—" and answer_text("") == "—"
    assert answer_text("2025-13-40") == "2025-13-40"  # not a date: shown as typed


def test_form_texts_fall_back_to_albanian() -> None:
    before = current_language()
    set_language("en")
    try:
        assert localized({"sq": "Fshati", "en": "Village"}) == "Village"
        assert localized({"sq": "Fshati"}) == "Fshati"
        assert localized({"sq": "Fshati", "en": "Village"}, "sq") == "Fshati"
        assert localized(None) == ""
    finally:
        set_language(before)
