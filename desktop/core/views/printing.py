"""What the print preview prints, made on the vault's database thread. Qt-free.

The case view names its documents by what they are about (``plan``, ``referral_letter``,
``visit_report``, ``report_60``, ``assessment_summary``) and the record they come from; the
documents module names them by layout (``care-plan``, ``referral`` ...). :func:`render_request`
finds the records, renders the PDF in memory and returns it with what the dialog shows and
the audit log needs. :func:`save_pdf` and :func:`audit_output` write the two logged actions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.core import paths
from desktop.core.atomic import write_atomic
from desktop.core.case_numbers import fold
from desktop.core.casework.persons import full_name, require
from desktop.core.casework.plans import current_plan
from desktop.core.documents.bilingual import preferred_language, render_in
from desktop.core.documents.context import DocumentContext
from desktop.core.documents.errors import DocumentError
from desktop.core.documents.from_store import (
    NoDocumentSource,
    form_of_assessment,
    plan_records,
    records_for_kind,
)
from desktop.core.documents.letterhead import Letterhead
from desktop.core.documents.render import KINDS, PLAN_KINDS, kind_for_plan_type
from desktop.core.errors import KujdesError
from desktop.core.i18n import LANGUAGE_NAMES, LANGUAGES, current_language, localized, tr
from desktop.core.store import Store
from sync.records import Record

# The case view's names of documents -> the documents module's kinds ("plan": by plan type).
CASE_VIEW_KINDS = {"referral_letter": "referral", "visit_report": "visit-report",
                   "report_60": "dv-60-day", "assessment_summary": "assessment",
                   "consent": "consent"}
PLAN_DOCUMENTS = ("care-plan", *PLAN_KINDS)
# The record each other kind is made from: (keyword of render_document, record type).
SOURCE_RECORDS = {"referral": ("referral", "referral"), "visit-report": ("visit", "visit"),
                  "assessment": ("assessment", "assessment"),
                  "dv-60-day": ("measure", "measure"), "consent": ("consent", "consent")}
TITLES = {
    "care-plan": "Individual care and support plan",
    "protection-plan": "Individual protection plan",
    "employment-plan": "Individual employment plan",
    "home-service-plan": "Home service plan",
    "referral": "Referral letter",
    "visit-report": "Visit report",
    "dv-60-day": "60-day report on the protection order",
    "assessment": "Assessment summary",
    "consent": "Consent and legal basis",
}
# What a case lacks when there is nothing to print (message ids).
MISSING = {"referral": "referral", "visit-report": "home visit", "assessment": "assessment",
           "dv-60-day": "protection order", "consent": "consent"}


@dataclass(frozen=True)
class DocumentRequest:
    """A document of a case: ``kind`` as the case view or the documents module names it."""

    case_id: str
    kind: str
    record_id: str | None = None
    language: str | None = "sq"   # None: the beneficiary's preferred language; "sq+sr": both
    include_sensitive: bool = False


@dataclass(frozen=True)
class RenderedDocument:
    """A rendered PDF (in memory) and what it was made from."""

    pdf: bytes
    kind: str
    case: Record
    source_id: str
    case_number: str
    person_name: str
    language: str
    include_sensitive: bool
    plan_titles: dict[str, str] = field(default_factory=dict)  # plan type label by language
    languages: tuple[str, ...] = ()  # what the document can be printed in (with a pair)

    @property
    def plan_id(self) -> str | None:
        return self.source_id if self.kind in PLAN_DOCUMENTS else None

    def title(self) -> str:
        """What the document is, in the language of the screens."""
        return localized(self.plan_titles, current_language(), None) or tr(TITLES[self.kind])

    def file_name(self) -> str:
        """A name to offer when saving: the case number and what the document is, in the
        language of the screens (without diacritics), nothing personal."""
        what = fold(self.title()) or self.kind
        stem = re.sub(r"[^A-Za-z0-9._-]+", "-", f"{self.case_number}-{what}").strip("-.")
        return f"{stem or 'document'}.pdf"


def language_name(code: str) -> str:
    """A document language as offered: "Shqip", or a pair "Shqip + Srpski"."""
    return " + ".join(LANGUAGE_NAMES.get(part, part) for part in code.split("+"))


def _letterhead(store: Store, case: Record) -> Letterhead:
    return configured_letterhead() or Letterhead.default(
        str(case.fields.get("municipality") or ""), store.profile.country)


def configured_letterhead() -> Letterhead | None:
    """The municipality's letterhead, if the IT person placed one in the config folder."""
    path = paths.config_dir() / "letterhead.yaml"
    return Letterhead.load(path) if path.exists() else None


def render_request(store: Store, request: DocumentRequest) -> RenderedDocument:
    """Render the document (a database job); a preview with sensitive fields is audited."""
    case = require(store, request.case_id, "case")
    try:
        kind, records = _records(store, case, request.kind, request.record_id)
        ctx = _context(store, case, request)
        language = request.language or preferred_language(ctx.person)
        pair = ctx.letterhead.bilingual
        pdf = render_in(kind, ctx, language, **records)
    except NoDocumentSource as error:
        what = MISSING.get(CASE_VIEW_KINDS.get(request.kind, request.kind), "plan of this type")
        raise KujdesError("Case {case} has no {what} to print.", what=tr(what),
                          case=case.fields.get("case_number", "")) from error
    except DocumentError as error:
        raise KujdesError("The document could not be made: {reason}",
                          reason=str(error)) from error
    source = records.get("plan") or records[SOURCE_RECORDS[kind][0]]
    if request.include_sensitive:
        store.audit("view", case, {"screen": "print_preview", "document": kind,
                                   "include_sensitive": True})
    person = store.get(str(case.fields.get("person_id") or ""))
    return RenderedDocument(pdf, kind, case, source.id, str(case.fields.get("case_number", "")),
                            full_name(person), language, request.include_sensitive,
                            _plan_titles(store, source),
                            (*LANGUAGES, *([pair.code] if pair else [])))


def _plan_titles(store: Store, source: Record) -> dict[str, str]:
    if source.type != "plan":
        return {}
    code = source.fields.get("plan_type")
    return {lang: store.profile.label("plan_types", code, lang) for lang in LANGUAGES}


def document_kind(store: Store, case: Record, kind: str, record_id: str | None) -> str:
    """The documents module's kind for ``kind`` as the case view or that module names it."""
    if kind == "plan":
        plan = (require(store, record_id, "plan") if record_id
                else current_plan(store, case.id))
        if plan is None:
            raise NoDocumentSource("the case has no plan")
        return kind_for_plan_type(plan.fields.get("plan_type"))
    kind = CASE_VIEW_KINDS.get(kind, kind)
    if kind not in KINDS:
        raise DocumentError(f"unknown document kind {kind!r}")
    return kind


def _records(store: Store, case: Record, kind: str, record_id: str | None
             ) -> tuple[str, dict[str, Any]]:
    kind = document_kind(store, case, kind, record_id)
    if record_id is None:
        return kind, records_for_kind(store, case, kind)
    if kind in PLAN_DOCUMENTS:
        plan = _of_case(store, case, record_id, "plan")
        return kind, plan_records(store, case, plan, kind)
    keyword, record_type = SOURCE_RECORDS[kind]
    record = _of_case(store, case, record_id, record_type)
    if record_type == "assessment":  # with the form version it was made with
        return kind, {keyword: record, "form": form_of_assessment(store, record)}
    return kind, {keyword: record}


def _of_case(store: Store, case: Record, record_id: str, record_type: str) -> Record:
    record = require(store, record_id, record_type)
    if record.fields.get("case_id") != case.id:
        raise NoDocumentSource(f"the {record_type} is not of this case")
    return record


def _context(store: Store, case: Record, request: DocumentRequest) -> DocumentContext:
    person = store.get(str(case.fields.get("person_id") or ""))
    if person is None:
        raise NoDocumentSource("the beneficiary is not on this laptop")
    household_id = case.fields.get("household_id") or person.fields.get("household_id")
    household = store.get(str(household_id)) if household_id else None
    return DocumentContext(profile=store.profile, letterhead=_letterhead(store, case), case=case,
                           person=person, household=household, printed_by=store.user,
                           include_sensitive=request.include_sensitive)


def audit_output(store: Store, action: str, document: RenderedDocument, pages: int) -> None:
    """Write a ``print`` or ``save_pdf`` of ``document`` to the audit log."""
    store.audit(action, document.case, {
        "document": document.kind, "include_sensitive": document.include_sensitive,
        "pages": pages, "language": document.language, "source": document.source_id})


def save_pdf(store: Store, document: RenderedDocument, path: str | Path, pages: int) -> Path:
    """Write the PDF where the worker chose (atomically) and log it; the path written.

    The audit entry commits only if the file was written; a failed write logs nothing."""
    path = Path(path)
    with store.transaction():
        audit_output(store, "save_pdf", document, pages)
        write_atomic(path, document.pdf)
    return path
