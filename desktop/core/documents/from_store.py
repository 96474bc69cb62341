"""Documents for a case in the local store: pick the records, then render.

``document_for_case`` finds the case by its number and the latest record the document is
about (the active plan of the right type, the last visit, referral or assessment, the
protection order), and renders it. Rendering is not printing: the caller writes the print
(and a choice to include sensitive data) to the audit log.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Protocol

from desktop.core.documents.bilingual import preferred_language, render_in
from desktop.core.documents.context import DocumentContext
from desktop.core.documents.errors import DocumentError
from desktop.core.documents.letterhead import Letterhead
from desktop.core.documents.render import KINDS, PLAN_KINDS
from sync.profile import Profile
from sync.records import Record

PROTECTION_ORDERS = ("protection_order", "protection_order_immediate")
_PLAN_STATUS_ORDER = {"active": 0, "draft": 1, "superseded": 2}


class NoDocumentSource(DocumentError):
    """The case has nothing this kind of document can be made from (or no such case)."""


class RecordSource(Protocol):
    """What this module needs of the store (``desktop.core.store.Store``)."""

    profile: Profile

    def get(self, record_id: str) -> Record | None: ...

    def query(self, record_type: str, *, order_by: str = ..., descending: bool = ...,
              limit: int | None = ..., **where: Any) -> list[Record]: ...


def document_for_case(store: RecordSource, case_number: str, kind: str,
                      language: str | None = "sq",
                      include_sensitive: bool = False, printed_by: str = "", *,
                      letterhead: Letterhead | None = None, now: dt.datetime | None = None,
                      worker_role: str | None = None, head_of_unit: str | None = None
                      ) -> bytes:
    """The PDF of a ``kind`` document for the case numbered ``case_number``, in ``language``
    (None: the beneficiary's preferred language; ``sq+sr``: the letterhead's pair)."""
    if kind not in KINDS:
        raise DocumentError(f"unknown document kind {kind!r}; one of {', '.join(KINDS)}")
    case = _case(store, case_number)
    person = store.get(str(case.get("person_id") or ""))
    if person is None:
        raise NoDocumentSource(f"case {case_number}: its beneficiary is not on this laptop")
    household_id = case.get("household_id") or person.get("household_id")
    household = store.get(str(household_id)) if household_id else None
    ctx = DocumentContext(
        profile=store.profile,
        letterhead=letterhead or Letterhead.default(str(case.get("municipality") or ""),
                                                    store.profile.country),
        case=case, person=person, household=household, printed_by=printed_by,
        include_sensitive=include_sensitive, now=now,
        worker_role=worker_role, head_of_unit=head_of_unit,
    )
    return render_in(kind, ctx, language or preferred_language(person),
                     **records_for_kind(store, case, kind))


def records_for_kind(store: RecordSource, case: Record, kind: str) -> dict[str, Any]:
    """The records a ``kind`` document of ``case`` is made from (NoDocumentSource if none)."""
    number = case.get("case_number")
    if kind in PLAN_KINDS or kind == "care-plan":
        return plan_records(store, case, _chosen_plan(store, case, kind), kind)
    if kind == "referral":
        return {"referral": _latest(store, "referral", case, f"case {number} has no referral")}
    if kind == "visit-report":
        return {"visit": _latest(store, "visit", case, f"case {number} has no home visit")}
    if kind == "consent":
        return {"consent": _latest(store, "consent", case, f"case {number} has no consent")}
    if kind == "assessment":
        assessment = _latest(store, "assessment", case, f"case {number} has no assessment")
        return {"assessment": assessment, "form": form_of_assessment(store, assessment)}
    return {"measure": _protection_order(store, case)}


def form_of_assessment(store: RecordSource, assessment: Record) -> Any:
    """The version of the form the assessment was made with, built in or received from the
    municipality's server; None shows the answers under their field names."""
    from desktop.core.forms.catalog import form_definition

    version = assessment.get("form_version")
    try:
        return form_definition(store, str(assessment.get("form_id")),  # type: ignore[arg-type]
                               version if isinstance(version, int) else None)
    except (LookupError, ValueError):
        return None


def _case(store: RecordSource, case_number: str) -> Record:
    found = store.query("case", title=case_number, limit=1)
    if not found:
        raise NoDocumentSource(f"no case numbered {case_number} on this laptop")
    return found[0]


def _latest(store: RecordSource, record_type: str, case: Record, missing: str) -> Record:
    found = store.query(record_type, case_id=case.id, order_by="main_date", descending=True,
                        limit=1)
    if not found:
        raise NoDocumentSource(missing)
    return found[0]


def _chosen_plan(store: RecordSource, case: Record, kind: str) -> Record:
    """The plan a ``kind`` document prints when none is named: the active one of that type,
    else a draft, else the newest version."""
    wanted = PLAN_KINDS.get(kind)
    plans = [p for p in store.query("plan", case_id=case.id)
             if (p.get("plan_type") == wanted if wanted
                 else p.get("plan_type") not in PLAN_KINDS.values())]
    if not plans:
        label = kind.replace("-", " ")
        raise NoDocumentSource(f"case {case.get('case_number')} has no {label}")
    return min(plans, key=lambda p: (_PLAN_STATUS_ORDER.get(p.get("status"), 3),
                                     -int(p.get("version") or 0)))


def plan_records(store: RecordSource, case: Record, plan: Record, kind: str
                 ) -> dict[str, Any]:
    """What a plan document of ``kind`` is made from: the plan, its actions and, for a
    protection plan, the measures of the case."""
    actions = [a for a in store.query("plan_action", case_id=case.id)
               if a.get("plan_id") == plan.id]
    records: dict[str, Any] = {"plan": plan, "actions": actions}
    if kind == "protection-plan":
        records["measures"] = store.query("measure", case_id=case.id)
    return records


def _protection_order(store: RecordSource, case: Record) -> Record:
    orders = [m for m in store.query("measure", case_id=case.id, order_by="main_date",
                                     descending=True)
              if m.get("measure_type") in PROTECTION_ORDERS]
    if not orders:
        raise NoDocumentSource(f"case {case.get('case_number')} has no protection order")
    active = [m for m in orders if m.get("status") == "active"]
    return (active or orders)[0]
