"""One entry point for every printed document: ``render_document(kind, ctx, **records)``."""

from __future__ import annotations

import inspect
from typing import Any

from desktop.core.documents.assessment import AssessmentSummary
from desktop.core.documents.base import DocumentBuilder
from desktop.core.documents.consent import ConsentDocument
from desktop.core.documents.context import DocumentContext
from desktop.core.documents.dv_report import ProtectionOrderReport
from desktop.core.documents.errors import DocumentError
from desktop.core.documents.plans import CarePlan, EmploymentPlan, HomeServicePlan, ProtectionPlan
from desktop.core.documents.referral import ReferralLetter
from desktop.core.documents.visit import VisitReport

BUILDERS: dict[str, type[DocumentBuilder]] = {
    "care-plan": CarePlan,
    "protection-plan": ProtectionPlan,
    "employment-plan": EmploymentPlan,
    "home-service-plan": HomeServicePlan,
    "referral": ReferralLetter,
    "visit-report": VisitReport,
    "dv-60-day": ProtectionOrderReport,
    "assessment": AssessmentSummary,
    "consent": ConsentDocument,
}
KINDS = tuple(BUILDERS)
# Which plan kind prints which plan type; plan types no kind claims print as a care plan.
PLAN_KINDS = {"protection-plan": "protection_plan", "employment-plan": "employment_plan",
              "home-service-plan": "home_service_plan"}


def render_document(kind: str, ctx: DocumentContext, **records: Any) -> bytes:
    """The PDF of a document of ``kind`` for the case in ``ctx``, as bytes in memory.

    Records by kind: plans take ``plan`` and ``actions`` (its plan_action records; the
    protection plan also ``measures``); ``referral``; ``visit`` (or ``visits`` for a history);
    ``dv-60-day`` takes ``measure`` (and ``report_index``, default the latest report);
    ``assessment`` takes ``assessment`` (and ``form``, default loaded by id and version).
    """
    builder_class = BUILDERS.get(kind)
    if builder_class is None:
        raise DocumentError(f"unknown document kind {kind!r}; one of {', '.join(KINDS)}")
    if not isinstance(ctx, DocumentContext):
        raise DocumentError("ctx: expected a DocumentContext")
    _check_arguments(kind, builder_class, records)
    _check_plan_type(kind, ctx, records.get("plan"))
    return builder_class(ctx, **records).render()


def _check_arguments(kind: str, builder_class: type[DocumentBuilder],
                     records: dict[str, Any]) -> None:
    params = dict(inspect.signature(builder_class.__init__).parameters)
    params.pop("self")
    params.pop("ctx")
    unknown = sorted(set(records) - set(params))
    if unknown:
        raise DocumentError(f"{kind}: unexpected {unknown[0]!r}; takes "
                            f"{', '.join(params)}")
    missing = [name for name, p in params.items()
               if p.default is inspect.Parameter.empty and name not in records]
    if missing:
        raise DocumentError(f"{kind} needs {missing[0]}=")


def _check_plan_type(kind: str, ctx: DocumentContext, plan: Any) -> None:
    if plan is None or not hasattr(plan, "get"):
        return
    plan_type = plan.get("plan_type")
    expected = PLAN_KINDS.get(kind)
    if expected and plan_type != expected:
        raise DocumentError(f"{kind}: the plan is a {plan_type!r}, not a {expected!r}")
    if kind == "care-plan" and plan_type in PLAN_KINDS.values():
        raise DocumentError(f"care-plan: a {plan_type!r} prints as "
                            f"{kind_for_plan_type(plan_type)}")


def kind_for_plan_type(plan_type: str | None) -> str:
    """The document kind that prints a plan of ``plan_type``."""
    for kind, ptype in PLAN_KINDS.items():
        if ptype == plan_type:
            return kind
    return "care-plan"
