"""Texts of a form are fixed: an answer shown inside a label (``${field}``), which ODK allows,
is refused naming sheet, row and column."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop.core.forms.xlsform import XLSFormError, read_xlsform
from tests.forms.books import form_book


def test_an_answer_inside_a_label_is_refused(tmp_path: Path) -> None:
    book = form_book(tmp_path / "v1.xlsx", 1)
    workbook = load_workbook(book)
    workbook["survey"]["D4"] = "Does the person born on ${visit_date} live alone?"
    workbook.save(book)
    with pytest.raises(XLSFormError) as refused:
        read_xlsform(book)
    assert [str(p) for p in refused.value.problems] == [
        "survey:4: column label::English (en): answers shown inside a text (${...}) are not "
        "supported"]
