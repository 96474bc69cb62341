"""Documents for a case in a real (temporary) vault."""

from __future__ import annotations

from typing import Any

import pytest

from desktop.core.documents import DocumentError
from desktop.core.documents.from_store import NoDocumentSource, document_for_case
from tests.documents import samples
from tests.documents.conftest import pdf_text


def add(store: Any, record: Any) -> None:
    store.create(record.type, dict(record.fields), record_id=record.id)


@pytest.fixture
def store(vault: Any) -> Any:
    store = vault.store
    for record in (samples.household(), samples.person(), samples.case()):
        add(store, record)
    old = samples.plan(version=2, status="superseded", goals=["Objektivi i vjetër"])
    old.id = "pl-0"
    add(store, old)
    add(store, samples.plan())
    for action in samples.actions():
        add(store, action)
    home = samples.plan("home_service_plan", goals=["Vizita javore në shtëpi"])
    home.id = "pl-home"
    add(store, home)
    for n in (0, 3, 1):
        add(store, samples.visit(n))
    add(store, samples.referral())
    add(store, samples.measure())
    add(store, samples.assessment(form_id="no_such_form", form_version=1))
    return store


def render(store: Any, kind: str, **over: Any) -> str:
    values: dict[str, Any] = dict(language="sq", include_sensitive=False,
                                  printed_by=samples.WORKER, now=samples.NOW)
    values.update(over)
    return pdf_text(document_for_case(store, samples.CASE_NUMBER, kind, **values))


def test_care_plan_is_the_current_version_with_its_actions(store: Any) -> None:
    text = render(store, "care-plan")
    assert "Ërmira merr çdo ditë" in text and "Objektivi i vjetër" not in text
    assert "Shpërndarje e një vakti" in text
    assert "Bashkia Pukë" in text  # the default letterhead, from the case's municipality


def test_other_kinds_pick_their_latest_record(store: Any) -> None:
    assert "Vizita javore në shtëpi" in render(store, "home-service-plan")
    assert "26.01.2026" in render(store, "visit-report")  # visit 3 is the latest
    assert "Qendra Ditore «Nënë Tereza»" in render(store, "referral")
    assert "Raporti nr. 2" in render(store, "dv-60-day")
    assert "E kryen vetë" not in render(store, "assessment")  # no definition: field names
    assert samples.SENSITIVE["address"] not in render(store, "visit-report")
    assert samples.SENSITIVE["address"] in render(store, "visit-report",
                                                  include_sensitive=True)
    assert "Page 1 of" in render(store, "referral", language="en")


@pytest.mark.parametrize("kind, message", [
    ("protection-plan", "has no protection plan"),
    ("employment-plan", "has no employment plan"),
])
def test_a_case_without_the_record_is_a_clear_error(store: Any, kind: str, message: str
                                                    ) -> None:
    with pytest.raises(NoDocumentSource, match=message):
        render(store, kind)


def test_empty_case(vault: Any) -> None:
    store = vault.store
    for record in (samples.person(), samples.case()):
        add(store, record)
    for kind, message in [("care-plan", "has no care plan"), ("visit-report", "no home visit"),
                          ("referral", "no referral"), ("assessment", "no assessment"),
                          ("dv-60-day", "no protection order")]:
        with pytest.raises(NoDocumentSource, match=message):
            render(store, kind)


def test_unknown_case_and_kind(store: Any) -> None:
    with pytest.raises(NoDocumentSource, match="no case numbered PUK-0"):
        document_for_case(store, "PUK-0", "care-plan", printed_by=samples.WORKER)
    with pytest.raises(DocumentError, match="unknown document kind"):
        render(store, "letter")
