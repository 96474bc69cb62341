"""Saving assessments: a form submission checked by the forms engine, stored append-only.

The record keeps form id, version, answers and computed scores, so an old assessment is always
shown with the version it was made with, built in or received from the municipality's server.
New assessments are offered the newest version of each form that applies to the case's type
and the user's role. When a form computes a ``risk_level`` the profile knows, the case takes
it as its risk level.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from desktop.core.casework.cases import require_case
from desktop.core.casework.config import as_date
from desktop.core.casework.consent import CONSENT_FORM, write_consent
from desktop.core.casework.errors import AssessmentInvalid, FormUnavailable
from desktop.core.forms import FormDefinition, FormNotFound, validate_submission
from desktop.core.forms.catalog import form_definition, offered_forms, user_role
from desktop.core.forms.state import parse_key
from desktop.core.i18n import current_language, localized
from desktop.core.store import Store
from sync.records import Record
from sync.yamlfile import DataFileError

RISK_KEYS = ("risk_level",)


def _definition(form_id: str, version: int | None, store: Store | None = None
                ) -> FormDefinition:
    try:
        return form_definition(store, form_id, version)
    except (FormNotFound, DataFileError, LookupError) as exc:
        raise FormUnavailable(form=form_id, detail=str(exc)) from exc


def forms_for_case(store: Store, case_id: str) -> list[FormDefinition]:
    """The forms a new assessment of this case may use: the newest version of each, where
    it applies to the case type and the user's role, not retired."""
    case = require_case(store, case_id)
    return offered_forms(store, case.fields.get("case_type"), user_role(store))


def assessment_form(store: Store, assessment: Record) -> FormDefinition:
    """The version of the form ``assessment`` was made with (FormUnavailable if gone)."""
    version = assessment.fields.get("form_version")
    return _definition(str(assessment.fields.get("form_id")),
                       version if isinstance(version, int) else None, store)


def check_answers(form_id: str, answers: dict[str, Any], *, version: int | None = None,
                  on: dt.date | None = None, store: Store | None = None) -> dict[str, Any]:
    """The assessment content (form id, version, answers, computed) or AssessmentInvalid.

    With ``store``, forms received from the municipality's server are found too."""
    definition = _definition(form_id, version, store)
    submission = validate_submission(definition, answers, today=on)
    if submission.errors:
        raise AssessmentInvalid(form=definition.text(current_language()) or form_id,
                                problems=describe_errors(definition, submission.errors))
    return submission.to_fields()


def describe_errors(definition: FormDefinition, errors: dict[str, dict[str, str]]) -> str:
    """"Label: message" for each problem, in the current language."""
    language = current_language()
    parts = []
    for key in sorted(errors):
        try:
            label = parse_key(definition, key)[0].text(language) or key
        except (KeyError, ValueError, LookupError):
            label = key
        message = localized(errors[key], language, "en")
        parts.append(f"{label}: {message}")
    return "; ".join(parts)


def save_assessment(store: Store, case_id: str, form_id: str, answers: dict[str, Any], *,
                    submitted_on: dt.date | str | None = None,
                    version: int | None = None) -> Record:
    """Check ``answers`` with the form (newest version unless given) and save the assessment.

    Raises :class:`AssessmentInvalid` listing every field problem; nothing is saved then.
    """
    day = as_date(submitted_on)
    content = check_answers(form_id, answers, version=version, on=day, store=store)
    with store.transaction():
        case = require_case(store, case_id)
        record = store.create("assessment", {
            **content, "case_id": case.id, "person_id": case.fields.get("person_id"),
            "submitted_on": day.isoformat(), "submitted_by": store.user})
        _take_risk_level(store, case, content.get("computed") or {})
        if form_id == CONSENT_FORM and case.fields.get("person_id"):
            write_consent(store, content, case.fields["person_id"], case.id)
    return record


def _take_risk_level(store: Store, case: Record, computed: dict[str, Any]) -> None:
    levels = set(store.profile.codes("risk_levels"))
    for key in RISK_KEYS:
        level = computed.get(key)
        if level in levels and case.fields.get("status") == "open" \
                and level != case.fields.get("risk_level"):
            store.update(case.id, {"risk_level": level})
            return


def assessments_of_case(store: Store, case_id: str, form_id: str | None = None
                        ) -> list[Record]:
    """The case's assessments, newest first (of one form, if given)."""
    where: dict[str, Any] = {"case_id": case_id}
    if form_id:
        where["subtype"] = form_id
    return store.query("assessment", order_by="main_date", descending=True, **where)
