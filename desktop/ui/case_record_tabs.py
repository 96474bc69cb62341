"""What each record tab of the case view shows: household, assessments, plan, visits,
referrals, measures, documents and history, as rows of text."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from desktop.core.casework.approval import approval_line
from desktop.core.casework.config import casework_config
from desktop.core.casework.monitoring import report_schedule, schedule_text
from desktop.core.errors import KujdesError
from desktop.core.forms import load_form
from desktop.core.forms.display import localized
from desktop.core.i18n import current_language, tr
from desktop.core.store import Store
from desktop.core.views.case import CaseData, goal_text, load_case
from desktop.core.views.case_texts import (
    CaseTexts,
    history_fields,
    record_type_text,
    results_text,
)
from desktop.ui.case_tabs import LazyRows, RecordTab
from desktop.ui.formatting import fmt_date, fmt_datetime, fmt_number, fmt_time, full_name

ACTION_TEXT = {"view": "Viewed", "create": "Created", "update": "Changed", "delete": "Deleted",
               "print": "Printed", "export": "Exported"}
HISTORY_FIELDS_SHOWN = 6
RESULTS_SHOWN = 3


def show_household(tab: RecordTab, data: CaseData, texts: CaseTexts,
                   open_case: Callable[[str], None]) -> None:
    rows, ids = [], []
    for member in data.members:
        f = member.fields
        cases = data.member_cases.get(member.id, [])
        rows.append([full_name(f),
                     tr("Head of household") if data.is_household_head(member.id) else "",
                     texts.sex(f.get("sex")), fmt_date(f.get("birth_date")),
                     str(f.get("personal_id", "")),
                     ", ".join(c.fields.get("case_number", "") for c in cases)])
        ids.append(cases[0].id if cases else None)
    household = data.household.fields if data.household else {}
    facts = [tr("Members: {n}", n=len(data.members))]
    if household.get("monthly_income") is not None:
        facts.append(tr("Monthly income: {amount} {currency}",
                        amount=fmt_number(round(household["monthly_income"])),
                        currency=texts.profile.data.get("currency", "")))
    if household.get("economic_aid"):
        facts.append(tr("Receives economic aid"))
    if household.get("area_type"):
        facts.append(texts.code_text(household["area_type"], "area_type"))
    tab.set_extra(" · ".join(facts))
    tab.show_rows([tr("Name"), tr("Role"), tr("Sex"), tr("Date of birth"),
                   tr("Personal ID number"), tr("Cases")], rows,
                  (200, 150, 80, 110, 140), tr("No household recorded."), ids)
    tab.open_on_double_click(open_case)


FormKey = tuple[str, str]   # an assessment's form id and version, as text


def assessment_forms(data: CaseData) -> dict[FormKey, Any]:
    """The definitions the case's assessments were filled in with (None for one that cannot
    be read). Reading them looks at the forms' folder: this runs on the database thread
    with the case's read, and the tab then finds them in memory."""
    forms: dict[FormKey, Any] = {}
    for record in data.assessments:
        key = _form_key(record.fields)
        if key not in forms:
            forms[key] = _form(*key)
    return forms


def read_case(store: Store, case_id: str) -> tuple[CaseData, dict[FormKey, Any]]:
    """The case and the definitions of its assessments' forms (on the database thread)."""
    data = load_case(store, case_id)
    return data, assessment_forms(data)


def _form_key(fields: dict[str, Any]) -> FormKey:
    return str(fields.get("form_id")), str(fields.get("form_version") or "")


def _form(form_id: str, version: str) -> Any:
    try:
        return load_form(form_id, int(version) if version else None)
    except (KujdesError, LookupError, OSError, ValueError):
        return None


def show_assessments(tab: RecordTab, data: CaseData, form_title: Callable[[str | None], str],
                     forms: dict[FormKey, Any]) -> None:
    """``forms``: :func:`assessment_forms` of ``data``."""
    rows = []
    for record in data.assessments:
        f = record.fields
        computed = f.get("computed") or {}
        score = results_text(forms.get(_form_key(f)), computed,
                             RESULTS_SHOWN) if isinstance(computed, dict) else ""
        rows.append([fmt_date(f.get("submitted_on")), form_title(f.get("form_id")),
                     str(f.get("form_version", "")), score, f.get("submitted_by", "")])
    tab.show_rows([tr("Date"), tr("Form"), tr("Version"), tr("Result"), tr("By")], rows,
                  (100, 260, 70, 260), tr("No assessment yet."))


def show_plan(tab: RecordTab, data: CaseData, texts: CaseTexts) -> None:
    plan = data.current_plan
    needs = bool(plan) and casework_config(texts.profile).requires_approval(
        plan.fields["plan_type"])
    tab.set_extra(texts.plan_line(plan) + texts.signature_line(plan)
                  + approval_line(plan, needs) if plan else "")
    rows = [[a.fields.get("goal", ""), a.fields.get("description", ""),
             texts.code_text(a.fields.get("service", "")), a.fields.get("responsible", ""),
             fmt_date(a.fields.get("start_date")), fmt_date(a.fields.get("end_date")),
             texts.code_text(a.fields.get("status", ""))]
            for a in data.current_plan_actions]
    if plan and not rows:
        rows = [[goal_text(g), "", "", "", "", "", ""] for g in plan.fields.get("goals") or []]
    tab.show_rows([tr("Goal"), tr("Action"), tr("Service"), tr("Responsible"),
                   tr("Start"), tr("End"), tr("Status")], rows,
                  (190, 230, 170, 110, 100, 100),
                  tr("No plan yet.") if plan is None else tr("The plan has no actions yet."))


def show_visits(tab: RecordTab, data: CaseData, texts: CaseTexts) -> None:
    rows = [[fmt_date(v.fields.get("visit_date")),
             texts.label("visit_protocols", v.fields.get("protocol")),
             v.fields.get("village", ""), v.fields.get("observations", ""),
             fmt_date(v.fields.get("follow_up_date")), v.fields.get("visited_by", "")]
            for v in data.visits]
    tab.show_rows([tr("Date"), tr("Protocol"), tr("Village"), tr("Observations"),
                   tr("Follow-up"), tr("By")], rows, (95, 130, 120, 330, 95),
                  tr("No visit recorded yet."))


def show_referrals(tab: RecordTab, data: CaseData, texts: CaseTexts) -> None:
    rows = []
    for r in data.referrals:
        f = r.fields
        rows.append([fmt_date(f.get("sent_on")), texts.code_text(f.get("service")),
                     f.get("provider_name", ""),
                     texts.label("referral_statuses", f.get("status")),
                     fmt_date(f.get("response_due")),
                     (tr("Yes") if f.get("prescribed") else "")])
    tab.show_rows([tr("Sent on"), tr("Service"), tr("Provider"), tr("Status"),
                   tr("Response due"), tr("Prescribed")], rows, (95, 220, 200, 120, 110),
                  tr("No referral yet."))


def show_measures(tab: RecordTab, data: CaseData, texts: CaseTexts) -> None:
    rows = [[texts.label("measure_types", m.fields.get("measure_type")),
             fmt_date(m.fields.get("issued_on")), m.fields.get("issued_by", ""),
             fmt_date(m.fields.get("end_date")), texts.code_text(m.fields.get("status", "")),
             schedule_text(report_schedule(m))] for m in data.measures]
    tab.show_rows([tr("Measure"), tr("Issued on"), tr("Issued by"), tr("Ends on"),
                   tr("Status"), tr("Monitoring reports")], rows, (250, 95, 150, 95, 80),
                  tr("No measure recorded."))


def show_documents(tab: RecordTab, data: CaseData) -> None:
    def title(doc: Any) -> str:
        names = data.form_titles.get(doc.subject) or {}
        subject = names.get(current_language()) or names.get("sq") or ""
        text = f"{tr(doc.title_msgid)} · {subject}" if subject else tr(doc.title_msgid)
        if doc.nth:  # the same form more than once that day: which one, when, by whom
            when = fmt_time(doc.saved_at) or "?"
            text += " · " + (tr("no. {n} of the day, saved at {time} by {user}", n=doc.nth,
                                time=when, user=doc.saved_by) if doc.saved_by else
                             tr("no. {n} of the day, saved at {time}", n=doc.nth, time=when))
        return text

    rows = [[title(d), fmt_date(d.date)] for d in data.documents]
    tab.show_rows([tr("Document"), tr("Date")], rows, (720,),
                  tr("Nothing to print yet: documents come from plans, referrals, visits "
                     "and measures."),
                  [f"{d.kind}:{d.record_id or ''}" for d in data.documents])


def show_history(tab: RecordTab, data: CaseData, texts: CaseTexts) -> None:
    """Up to 500 entries, each opening of the case adding one: a row's texts are made when
    it is first shown."""
    rows = LazyRows(data.history, lambda e: (
        fmt_datetime(e.at), e.user, tr(ACTION_TEXT.get(e.action, e.action)),
        record_type_text(e.record_type),
        history_fields(texts, e.record_type, list(e.fields[:HISTORY_FIELDS_SHOWN]))))
    tab.show_rows([tr("When"), tr("Who"), tr("What"), tr("Record"), tr("Fields")], rows,
                  (140, 110, 110, 120), tr("No history."))


def show_record_tabs(tab: Callable[[str], RecordTab], data: CaseData, texts: CaseTexts,
                     forms: dict[FormKey, Any], open_case: Callable[[str], None]) -> None:
    """Every record tab of ``data`` (all but the overview); ``tab``: the tab of a key."""
    show_household(tab("household"), data, texts, open_case)
    show_assessments(tab("assessments"), data,
                     lambda form_id: localized(data.form_titles.get(form_id or ""))
                     or str(form_id or ""), forms)
    show_plan(tab("plan"), data, texts)
    show_visits(tab("visits"), data, texts)
    show_referrals(tab("referrals"), data, texts)
    show_measures(tab("measures"), data, texts)
    show_documents(tab("documents"), data)
    show_history(tab("history"), data, texts)
