"""What the print preview asks of core: a document of a case by the case view's name and the
record it comes from, and the two logged actions (print, save as PDF). Real vaults."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from desktop.core.errors import KujdesError
from desktop.core.views.printing import (
    DocumentRequest,
    audit_output,
    render_request,
    save_pdf,
)
from tests.documents import samples
from tests.documents.conftest import pdf_text
from tests.documents.test_from_store import add
from tests.documents.test_from_store import store as store  # noqa: F401 (fixture)


def audit(store: Any, action: str) -> list[dict[str, Any]]:
    with store.reading() as conn:
        rows = conn.exec_driver_sql(
            "SELECT detail FROM audit WHERE action = ? ORDER BY seq", (action,)).fetchall()
    return [json.loads(row[0]) for row in rows]


def test_a_plan_named_by_the_case_view_prints_that_version(store: Any) -> None:
    current = render_request(store, DocumentRequest("c-1", "care-plan"))
    assert current.kind == "care-plan" and current.plan_id == "pl-1"
    assert "Shpërndarje e një vakti" in pdf_text(current.pdf)  # its actions

    older = render_request(store, DocumentRequest("c-1", "plan", "pl-0"))
    assert older.source_id == "pl-0"
    assert "Objektivi i vjetër" in pdf_text(older.pdf)
    assert "Ërmira merr çdo ditë" not in pdf_text(older.pdf)


def test_a_record_of_another_case_is_not_printed(store: Any) -> None:
    other = samples.case()
    other.id = "c-2"
    other.fields["case_number"] = "PUK-2026-7F3A-00013"
    add(store, other)
    with pytest.raises(KujdesError, match="has no plan of this type to print"):
        render_request(store, DocumentRequest("c-2", "plan", "pl-1"))
    with pytest.raises(KujdesError, match="has no referral to print"):
        render_request(store, DocumentRequest("c-2", "referral_letter"))


def test_the_file_name_offered_holds_nothing_personal(store: Any) -> None:
    from desktop.core.i18n import current_language, set_language
    rendered = render_request(store, DocumentRequest("c-1", "visit_report"))
    assert rendered.person_name and rendered.person_name not in rendered.file_name()
    language = current_language()
    try:
        set_language("en")
        assert rendered.file_name() == f"{samples.CASE_NUMBER}-visit-report.pdf"
        set_language("sq")   # named in the language of the screens, not in English
        assert rendered.file_name() != f"{samples.CASE_NUMBER}-visit-report.pdf"
        assert rendered.file_name().startswith(samples.CASE_NUMBER)
        assert rendered.file_name().isascii()
    finally:
        set_language(language)


def test_a_preview_with_sensitive_fields_and_a_print_are_audited(store: Any) -> None:
    rendered = render_request(store, DocumentRequest("c-1", "referral_letter",
                                                     include_sensitive=True))
    assert audit(store, "view")[-1] == {"screen": "print_preview", "document": "referral",
                                        "include_sensitive": True}
    audit_output(store, "print", rendered, 2)
    [printed] = audit(store, "print")
    assert printed["pages"] == 2 and printed["include_sensitive"] is True


def test_save_as_pdf_logs_only_a_file_that_was_written(store: Any, tmp_path: Path) -> None:
    rendered = render_request(store, DocumentRequest("c-1", "plan", "pl-1"))
    written = save_pdf(store, rendered, tmp_path / "plan.pdf", 1)
    assert written.read_bytes() == rendered.pdf
    assert len(audit(store, "save_pdf")) == 1
    with pytest.raises(OSError):
        save_pdf(store, rendered, tmp_path / "no-such-folder" / "plan.pdf", 1)
    assert len(audit(store, "save_pdf")) == 1
