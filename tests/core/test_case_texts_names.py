"""The case screens never show internal names: assessment results by their labels, history
record types and fields in words."""

from __future__ import annotations

from desktop.core.forms import load_form
from desktop.core.i18n import set_language
from desktop.core.views.case_texts import CaseTexts, history_fields, record_type_text, results_text
from sync.profile import load_profile


def test_results_and_history_in_words() -> None:
    set_language("sq")
    try:
        form = load_form("elderly_functional")
        text = results_text(form, {"barthel_total": 5, "barthel_band": "total"}, 4)
        assert "barthel" not in text.replace("Barthel", "")
        assert "Varësi e plotë" in text and "5" in text
        assert record_type_text("case") == "Rasti" and record_type_text("visit") != "visit"
        texts = CaseTexts(load_profile("AL"))
        fields = history_fields(texts, "assessment", ["answers", "case_id", "form_id"])
        assert "case_id" not in fields and "form_id" not in fields and "answers" not in fields
    finally:
        set_language("en")
