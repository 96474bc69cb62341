"""How the values of a case read on screen: profile codes as their labels, field names as
the profile's labels, dates as dd.MM.yyyy, in the current language (Qt-free)."""

from __future__ import annotations

from typing import Any

from desktop.core.i18n import current_language, fmt_date, localized, tr
from sync.profile import Profile
from sync.records import Record

# Statuses of records the profile declares no list for (plan actions, plans, measures).
STATUS_TEXT = {"planned": "Planned", "in_progress": "In progress", "done": "Done",
               "cancelled": "Cancelled", "active": "Active", "ended": "Ended",
               "revoked": "Revoked", "draft": "Draft", "superseded": "Superseded"}
# Profile lists a code shown in the overview may come from, in the order they are tried.
CODE_SECTIONS = ("case_types", "case_statuses", "risk_levels", "referral_sources",
                 "closure_reasons", "target_groups", "plan_types", "measure_types",
                 "service_taxonomy", "roles")


class CaseTexts:
    """Labels and values of the records of one profile."""

    def __init__(self, profile: Profile) -> None:
        self.profile = profile

    def label(self, section: str, code: str | None) -> str:
        return self.profile.label(section, code, current_language()) if code else ""

    def field_label(self, record_type: str, name: str) -> str:
        spec = self.profile.record_type(record_type).fields.get(name)
        if spec is None:
            return name
        return localized(spec.label, current_language()) or name

    def field_value(self, record_type: str, name: str, value: Any) -> str:
        spec = self.profile.record_type(record_type).fields.get(name)
        if value is None or value == "":
            return ""
        if name == "manager_role":
            return self.label("roles", str(value))
        if spec is not None and spec.type == "date":
            return fmt_date(value)
        if spec is not None and spec.type == "bool":
            return tr("Yes") if value else tr("No")
        if isinstance(value, list):
            return ", ".join(self.code_text(v, name) for v in value)
        return self.code_text(value, name)

    def code_text(self, value: Any, field_name: str = "") -> str:
        """A code as its label: from the profile list that has it, or a status word."""
        if field_name == "sex":
            return self.sex(str(value))
        if field_name == "area_type":
            return tr("Urban") if value == "urban" else tr("Rural")
        for section in CODE_SECTIONS:
            if self.profile.item(section, str(value)) is not None:
                return self.label(section, str(value))
        return tr(STATUS_TEXT[str(value)]) if str(value) in STATUS_TEXT else str(value)

    @staticmethod
    def sex(code: str | None) -> str:
        return {"F": tr("Female"), "M": tr("Male")}.get(code or "", code or "")

    def plan_line(self, plan: Record) -> str:
        fields = plan.fields
        return tr("{type}, version {version}, review on {date}",
                  type=self.label("plan_types", fields.get("plan_type")),
                  version=fields.get("version", 1),
                  date=fmt_date(fields.get("review_date")) or "—")

    @staticmethod
    def signature_line(plan: Record) -> str:
        f = plan.fields
        if f.get("signed_beneficiary_on"):
            return " · " + tr("signed on {date}", date=fmt_date(f["signed_beneficiary_on"]))
        return " · " + tr("not signed yet")


# The record types of the case history, as a person calls them.
RECORD_TYPE_TEXT = {"case": "Case", "visit": "Visit", "person": "Person",
                    "household": "Household", "assessment": "Assessment", "plan": "Plan",
                    "plan_action": "Plan action", "referral": "Referral", "note": "Note",
                    "consent": "Consent", "measure": "Measure", "meeting": "Meeting",
                    "attachment": "Attachment", "administrative_act": "Administrative act",
                    "service_provider": "Service provider", "village": "Village"}
# Fields the records carry that the profile does not list (internal ones are not shown).
OTHER_FIELD_TEXT = {"answers": "Answers", "form_id": "Form", "form_version": "Version",
                    "computed": "Result", "submitted_on": "Date"}


def record_type_text(record_type: str | None) -> str:
    return tr(RECORD_TYPE_TEXT[record_type]) if record_type in RECORD_TYPE_TEXT else ""


def history_fields(texts: CaseTexts, record_type: str | None, names: list[str]) -> str:
    """The changed fields by their labels; internal names (ids) are left out."""
    shown: list[str] = []
    declared = texts.profile.record_types
    fields = texts.profile.record_type(record_type).fields if record_type in declared else {}
    for name in names:
        spec = fields.get(name)
        if spec is not None and spec.label:
            shown.append(texts.field_label(str(record_type), name))
        elif name in OTHER_FIELD_TEXT:
            shown.append(tr(OTHER_FIELD_TEXT[name]))
    return ", ".join(dict.fromkeys(shown))


def results_text(form: Any, computed: dict[str, Any], limit: int) -> str:
    """An assessment's computed results by their labels and choice texts ("Dependency
    (Barthel): Severe dependency, Barthel total: 5"), never the form's internal names."""
    language = current_language()
    parts: list[str] = []
    for name, value in computed.items():
        if value in (None, "") or form is None or not form.has_field(name):
            continue
        spec = form.field(name)
        shown = str(value)
        if spec.choices:
            choice = form.choice(spec.choices, str(value))
            shown = choice.text(language) if choice else shown
        parts.append(f"{spec.text(language) or name}: {shown}")
    return ", ".join(parts[:limit])
