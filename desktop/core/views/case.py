"""What the case view and the case dialogs show, read on the database thread (Qt-free).

Reading a case for display writes a "view" entry to the audit log, in the same operation.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Any

from desktop.core.casework.cases import require_case
from desktop.core.casework.consent import consents_of_person
from desktop.core.casework.persons import full_name
from desktop.core.casework.referrals import PENDING, referrals_of_case
from desktop.core.casework.safety import safety_warnings as warnings_of
from desktop.core.store import Store
from sync.records import Record, loads

log = logging.getLogger(__name__)
HISTORY_LIMIT = 500


@dataclass
class AuditEntry:
    at: str
    user: str
    action: str
    record_type: str | None
    record_id: str | None
    fields: list[str]


@dataclass
class Document:
    kind: str               # plan, referral_letter, visit_report, report_60, assessment_summary
    record_id: str | None
    date: str
    title_msgid: str
    subject: str = ""       # which one, when a case has several a day (an assessment's form)


@dataclass
class CaseData:
    case: Record
    person: Record | None
    household: Record | None
    members: list[Record] = field(default_factory=list)
    member_cases: dict[str, list[Record]] = field(default_factory=dict)
    assessments: list[Record] = field(default_factory=list)
    plans: list[Record] = field(default_factory=list)
    plan_actions: list[Record] = field(default_factory=list)
    visits: list[Record] = field(default_factory=list)
    referrals: list[Record] = field(default_factory=list)
    measures: list[Record] = field(default_factory=list)
    notes: list[Record] = field(default_factory=list)
    consents: list[Record] = field(default_factory=list)   # the person's, newest first
    history: list[AuditEntry] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    forms: list[Any] = field(default_factory=list)  # offered for a new assessment
    form_titles: dict[str, dict[str, str]] = field(default_factory=dict)  # every form known

    @property
    def current_plan(self) -> Record | None:
        active = [p for p in self.plans if p.fields.get("status") == "active"]
        ordered = active or [p for p in self.plans if p.fields.get("status") == "draft"]
        return max(ordered, key=lambda p: p.fields.get("version", 0)) if ordered else None

    @property
    def current_plan_actions(self) -> list[Record]:
        plan = self.current_plan
        return [a for a in self.plan_actions
                if plan is not None and a.fields.get("plan_id") == plan.id]

    @property
    def open_referrals(self) -> int:
        """Referrals sent or accepted, still waiting to be delivered."""
        return sum(1 for r in self.referrals if r.fields.get("status") in PENDING)

    @property
    def active_measures(self) -> int:
        return sum(1 for m in self.measures if m.fields.get("status") == "active")

    @property
    def last_visit_on(self) -> str:
        """The ISO date of the latest visit ("" before the first)."""
        return max((v.fields.get("visit_date", "") for v in self.visits), default="")

    def is_household_head(self, person_id: str) -> bool:
        return self.household is not None and \
            self.household.fields.get("head_person_id") == person_id


def goal_text(goal: Any) -> str:
    """A plan goal as text (goals are {"text": ...}; older ones plain text)."""
    if isinstance(goal, dict):
        return str(goal.get("text") or goal.get("goal") or goal.get("title") or "")
    return str(goal)


def load_case(store: Store, case_id: str, *, audit: bool = True) -> CaseData:
    """The case with its person, household and records; audits the view."""
    case = store.require(case_id)
    person = store.get(case.fields["person_id"]) if case.fields.get("person_id") else None
    household_id = case.fields.get("household_id")
    household = store.get(household_id) if household_id else None
    data = CaseData(case=case, person=person, household=household)
    if household_id:
        data.members = store.query("person", order_by="main_date", household_id=household_id)
        for member in data.members:
            data.member_cases[member.id] = store.query("case", person_id=member.id)
    for record_type, attr in (("assessment", "assessments"), ("plan", "plans"),
                              ("plan_action", "plan_actions"), ("visit", "visits"),
                              ("referral", "referrals"), ("measure", "measures"),
                              ("note", "notes")):
        setattr(data, attr, store.query(record_type, descending=True, case_id=case_id))
    if person is not None:
        data.consents = consents_of_person(store, person.id)
    data.warnings = safety_warnings(store, case_id)
    data.forms, data.form_titles = offered_forms(store, case_id)
    data.documents = printable_documents(data)
    data.forms = forms_by_age(data.forms, _age(person))
    if audit:
        store.audit("view", case, {"screen": "case"})
    data.history = history(store, case_id, data)
    return data


# Forms meant for one age group: offered first to it and last to the others.
FORM_AGE_GROUP = {"child_protection_risk": "child", "elderly_functional": "elderly"}
CHILD_UNDER, ELDERLY_FROM = 18, 60


def _age(person: Record | None, today: dt.date | None = None) -> int | None:
    born = person.fields.get("birth_date") if person is not None else None
    try:
        day = dt.date.fromisoformat(str(born)[:10]) if born else None
    except ValueError:
        return None
    if day is None:
        return None
    today = today or dt.date.today()
    return today.year - day.year - ((today.month, today.day) < (day.month, day.day))


def forms_by_age(forms: list[Any], age: int | None) -> list[Any]:
    """The forms for the person's age group first, those for another age group last (a
    43-year-old is not offered the child risk form first); the order is kept otherwise."""
    if age is None:
        return list(forms)
    group = "child" if age < CHILD_UNDER else "elderly" if age >= ELDERLY_FROM else "adult"

    def rank(form: Any) -> int:
        meant = FORM_AGE_GROUP.get(getattr(form, "id", ""))
        return 0 if meant == group else 2 if meant is not None else 1

    return sorted(forms, key=rank)


def offered_forms(store: Store, case_id: str) -> tuple[list[Any], dict[str, dict[str, str]]]:
    """The forms a new assessment may use, and the title of every form on this laptop (also
    retired ones, for the assessments made with them); a form that cannot be read is left
    out."""
    from desktop.core.casework.assessments import forms_for_case
    from desktop.core.forms.catalog import form_versions

    try:
        return forms_for_case(store, case_id), {i.form_id: i.title for i in form_versions(store)}
    except Exception as exc:  # noqa: BLE001 - a broken form must not break the case view
        log.warning("forms unavailable: %s", type(exc).__name__)
        return [], {}


def safety_warnings(store: Store, case_id: str) -> list[str]:
    """What the worker must know before visiting (abuser present, protection order ...)."""
    return [str(w) for w in warnings_of(store, case_id)]


def printable_documents(data: CaseData) -> list[Document]:
    docs: list[Document] = []
    plan = data.current_plan
    if plan is not None:
        docs.append(Document("plan", plan.id, plan.fields.get("created_on", ""),
                             "Individual plan"))
    for referral in data.referrals:
        docs.append(Document("referral_letter", referral.id, referral.fields.get("sent_on", ""),
                             "Referral letter"))
    for visit in data.visits:
        docs.append(Document("visit_report", visit.id, visit.fields.get("visit_date", ""),
                             "Visit report"))
    for measure in data.measures:
        if str(measure.fields.get("measure_type", "")).startswith("protection_order"):
            docs.append(Document("report_60", measure.id, measure.fields.get("issued_on", ""),
                                 "60-day report on the protection order"))
    for consent in data.consents:
        if consent.fields.get("case_id") == data.case.id:
            docs.append(Document("consent", consent.id, consent.fields.get("given_on", ""),
                                 "Consent and legal basis"))
    for assessment in data.assessments:
        docs.append(Document("assessment_summary", assessment.id,
                             assessment.fields.get("submitted_on", ""), "Assessment summary",
                             str(assessment.fields.get("form_id") or "")))
    return docs


def history(store: Store, case_id: str, data: CaseData) -> list[AuditEntry]:
    ids = [case_id] + [r.id for records in (data.assessments, data.plans, data.plan_actions,
                                            data.visits, data.referrals, data.measures,
                                            data.notes, data.consents) for r in records]
    marks = ",".join("?" for _ in ids)
    with store.reading() as conn:
        rows = conn.exec_driver_sql(
            f"SELECT at, user, action, record_type, record_id, detail FROM audit "
            f"WHERE record_id IN ({marks}) ORDER BY seq DESC LIMIT {HISTORY_LIMIT}",
            tuple(ids)).fetchall()
    entries = []
    for at, user, action, record_type, record_id, detail in rows:
        try:
            fields = list(loads(detail).get("fields", []))
        except (ValueError, AttributeError):
            fields = []
        entries.append(AuditEntry(at, user, action, record_type, record_id, fields))
    return entries


@dataclass(frozen=True)
class CaseHeading:
    """What a case dialog says about its case under its title."""

    number: str
    name: str
    opened_on: str | None
    status: str | None


def case_heading(store: Store, case_id: str) -> CaseHeading:
    case = require_case(store, case_id)
    person = store.get(case.fields.get("person_id") or "")
    return CaseHeading(number=str(case.fields.get("case_number") or ""), name=full_name(person),
                       opened_on=case.fields.get("opened_on"), status=case.fields.get("status"))


@dataclass(frozen=True)
class VisitContext:
    """The visit dialog's case, and what the worker must know before visiting."""

    heading: CaseHeading
    warnings: list[str]


def visit_context(store: Store, case_id: str) -> VisitContext:
    return VisitContext(case_heading(store, case_id), safety_warnings(store, case_id))


@dataclass(frozen=True)
class ReferralContext:
    """The referral dialog's case: where it is, the person's target groups (to search the
    service directory with) and the referrals already made."""

    heading: CaseHeading
    unit: str
    target_groups: list[str]
    referrals: list[Record]


def referral_context(store: Store, case_id: str) -> ReferralContext:
    case = require_case(store, case_id)
    person = store.get(case.fields.get("person_id") or "")
    return ReferralContext(
        heading=case_heading(store, case_id),
        unit=case.fields.get("administrative_unit") or "",
        target_groups=list((person.fields.get("target_groups") or []) if person else []),
        referrals=referrals_of_case(store, case_id))
