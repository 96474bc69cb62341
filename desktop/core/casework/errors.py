"""Errors of the case workflows: each is a clear sentence for the worker (translated)."""

from __future__ import annotations

from desktop.core.errors import KujdesError
from desktop.core.i18n import tr


class _Named(KujdesError):
    """An error whose ``what`` (a short English noun phrase) is translated too."""

    def __init__(self, message: str | None = None, /, **values: object) -> None:
        if isinstance(values.get("what"), str):
            values["what"] = tr(values["what"])
        super().__init__(message, **values)


class UnknownCode(_Named):
    message = "Unknown {what}: {code}."


class WrongRecord(_Named):
    message = "The record {key} is not a {what}."


class MissingValue(_Named):
    message = "{what} is required."


class DateOrder(KujdesError):
    message = "The date {later} cannot be before {earlier}."


class DuplicatePerson(KujdesError):
    message = ("A person with personal ID number {personal_id} is already registered: "
               "{name}. Open that person instead.")


class CaseAlreadyOpen(KujdesError):
    message = ("This person already has an open case of this type ({number}). "
               "Record the new referral on that case.")


class CaseNotOpen(KujdesError):
    message = "Case {number} is not open."


class CaseAlreadyOpenNow(KujdesError):
    message = "Case {number} is already open."


class NothingToTransfer(KujdesError):
    message = "Say who, which administrative unit or which municipality the case is handed over to."


class PlanExists(KujdesError):
    message = "Case {number} already has a plan. Make a new version of it instead."


class PlanLocked(KujdesError):
    message = "Version {version} of this plan is {status}. Make a new version to change it."


class PlanSuperseded(KujdesError):
    message = "Version {version} of this plan has been replaced by a newer version."


class ApprovalNotNeeded(KujdesError):
    message = "This type of plan does not need approval."


class ReferralTransition(KujdesError):
    message = "A referral that is {current} cannot become {new}."


class MeasureNotActive(KujdesError):
    message = "This measure is no longer active."


class AssessmentInvalid(KujdesError):
    message = "The {form} form cannot be saved: {problems}"


class FormUnavailable(KujdesError):
    message = "The form {form} is not available: {detail}"
