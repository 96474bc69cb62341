"""The periodic report of a child's placement prints like the 60-day report of an order: the
entered content, and the reports before it with the day each was due (one came late)."""

from __future__ import annotations

from typing import Any

import pytest

from desktop.core.casework.cases import open_case
from desktop.core.casework.measures import place_child, record_monitoring_report
from desktop.core.casework.persons import register_person
from desktop.core.documents import DocumentContext, Letterhead, render_document
from desktop.core.documents.from_store import NoDocumentSource, document_for_case
from desktop.core.errors import KujdesError
from desktop.core.views.case import load_case
from desktop.core.views.printing import DocumentRequest, render_request
from tests.documents.conftest import pdf_text


def context(store: Any, case: Any) -> DocumentContext:
    person = store.get(case.fields["person_id"])
    return DocumentContext(profile=store.profile, letterhead=Letterhead.default("Pukë"),
                           case=case, person=person, printed_by="Arta Kola", language="en")


@pytest.fixture
def placed(vault: Any) -> tuple[Any, Any, Any]:
    """A synthetic girl of eight placed with a foster family; two reports, the second late."""
    store = vault.store
    girl = register_person(store, {"first_name": "Ylbere", "last_name": "Qafëzezi", "sex": "F",
                                   "birth_date": "2018-03-03", "administrative_unit": "Qelëz",
                                   "village": "Plan"}, new_household={"area_type": "rural"})
    case = open_case(store, girl.id, "child_protection", referral_source="school",
                     opened_on="2026-01-05", municipality="Pukë")
    placement = place_child(store, case.id, "foster", carer_name="Familja Malësori",
                            carer_address="Rruga e Çezmës 4", issued_on="2026-01-10")
    record_monitoring_report(store, placement.id, reported_on="2026-04-05",
                             checked="Vizitë në shtëpinë e familjes kujdestare",
                             situation="Ylbere shkon rregullisht në shkollë.")
    placement = record_monitoring_report(
        store, placement.id, reported_on="2026-07-20", checked="Bisedë me mësuesen",
        situation="Përshtatje e mirë; ushqim i rregullt.", incidents="Asnjë incident.")
    return store, case, placement


def test_the_latest_report_prints_with_its_content_and_the_one_before(placed) -> None:
    store, case, placement = placed
    printed = render_request(store, DocumentRequest(case.id, "placement_report", placement.id,
                                                    language="sq"))
    text = pdf_text(printed.pdf)
    number = case.fields["case_number"]
    for expected in (number, "Raport periodik monitorimi për vendosjen", "Raporti nr. 2",
                     "Vendosje në familje kujdestare", "Bisedë me mësuesen",
                     "Përshtatje e mirë; ushqim i rregullt.", "Asnjë incident.",
                     "Raportet e mëparshme", "05.04.2026", "10.04.2026",
                     "20.07.2026", "04.07.2026 me vonesë", "Punonjësi për mbrojtjen e fëmijës (PMF)"):
        assert expected in text, expected
    assert "Rruga e Çezmës" not in text       # the carer's address is sensitive
    assert printed.title() == "Periodic report on the placement"


def test_the_first_report_has_no_history_and_was_on_time(placed) -> None:
    store, case, placement = placed
    first = render_request(store, DocumentRequest(case.id, "placement_report", placement.id,
                                                  language="en", include_sensitive=True))
    assert "Rruga e Çezmës 4" in pdf_text(first.pdf)
    by_number = document_for_case(store, case.fields["case_number"], "placement-report", "en",
                                  printed_by="Arta Kola")
    assert "Report no. 2" in pdf_text(by_number)
    earliest = render_document("placement-report", context(store, case), measure=placement,
                               report_index=0)
    text = pdf_text(earliest)
    assert "Report no. 1" in text and "Previous reports" not in text
    assert "Ylbere shkon rregullisht në shkollë." in text


def test_the_case_offers_it_among_its_documents(placed) -> None:
    store, case, placement = placed
    offered = [(d.kind, d.record_id) for d in load_case(store, case.id, audit=False).documents]
    assert ("placement_report", placement.id) in offered
    assert not any(kind == "report_60" for kind, _ in offered)


def test_a_case_without_a_placement_says_so(vault: Any) -> None:
    store = vault.store
    boy = register_person(store, {"first_name": "Drin", "last_name": "Gjethja", "sex": "M",
                                  "birth_date": "2015-01-01", "administrative_unit": "Qelëz"},
                          new_household={"area_type": "rural"})
    case = open_case(store, boy.id, "child_protection", referral_source="school",
                     opened_on="2026-01-05", municipality="Pukë")
    with pytest.raises(NoDocumentSource):
        document_for_case(store, case.fields["case_number"], "placement-report", "en",
                          printed_by="Arta Kola")
    with pytest.raises(KujdesError) as refused:
        render_request(store, DocumentRequest(case.id, "placement_report", language="en"))
    assert "has no placement to print" in str(refused.value)
