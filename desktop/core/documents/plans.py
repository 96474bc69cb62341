"""Individual plans: care and support, protection (PIM), employment, home service.

All four share one layout: the person, the case, the plan's facts, its goals, its actions
(service, provider, who is responsible, period, frequency, status), the review date, the
agreement and the signatures. Each kind adds what its plan type needs.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table, TableStyle

from desktop.core.documents import layout as L
from desktop.core.documents.base import DocumentBuilder
from desktop.core.documents.context import DocumentContext, format_date
from desktop.core.documents.errors import DocumentError
from desktop.core.i18n import N_
from sync.records import Record

GOAL_TEXT_KEYS = ("goal", "text", "title", "description", "name")
GOAL_INDICATOR_KEYS = ("indicator", "measure", "outcome")
GOAL_DUE_KEYS = ("due", "target_date", "due_date", "deadline")


class PlanDocument(DocumentBuilder):
    """The layout every individual plan shares."""

    plan_type = "care_plan"
    actions_title = N_("Actions and services")

    def __init__(self, ctx: DocumentContext, plan: Record,
                 actions: list[Record] | tuple[Record, ...] = ()) -> None:
        super().__init__(ctx)
        if not isinstance(plan, Record) or plan.type != "plan":
            raise DocumentError("plan: expected a plan record")
        self.plan = plan
        self.actions = _actions_of(plan, actions)
        self.plan_spec = ctx.profile.item("plan_types", plan.get("plan_type") or "") or {}

    def title(self) -> str:
        return self.v.code("plan_types", self.plan.get("plan_type") or self.plan_type)

    def version(self) -> str:
        return str(self.plan.get("version") or 1)

    def document_date(self) -> str:
        return format_date(self.plan.get("reviewed_on") or self.plan.get("created_on")
                           or self.ctx.now)

    @property
    def requires_approval(self) -> bool:
        return bool(self.plan_spec.get("requires_approval"))

    def body(self) -> None:
        self.person_section(self.person_title())
        self.add_section(self.v.t("The case"), [self.grid(self.case_rows())])
        self.extra_before_goals()
        self.add_section(self.v.t("The plan"), [self.grid(self.plan_rows())])
        self.add_section(self.v.t("Goals"), self.goals())
        self.add_section(self.v.t(self.actions_title), [self.actions_table()])
        self.extra_after_actions()
        # the review date is part of what is agreed: one section, kept with the signatures
        # and the privacy notes (a full page 1 still holds them)
        self.signed_text = L.section(self.st, self.v.t("Review and agreement"),
                                     [self.para(self.review_text()), *self.agreement()])

    def person_title(self) -> str:
        return N_("Beneficiary")

    def extra_before_goals(self) -> None:
        """Kind-specific sections between the case and the plan."""

    def extra_after_actions(self) -> None:
        """Kind-specific sections after the actions."""

    def plan_rows(self) -> list[tuple[str, str]]:
        names = ["status", "review_date", "reviewed_on"]
        if self.requires_approval:
            names.append("approved_on")
        rows = self.v.rows(self.plan, names)
        created = self.plan.get("created_on")
        if created:
            rows.insert(0, (self.v.t("Date"), format_date(created)))
        return rows

    def goals(self) -> list[Flowable]:
        goals = _goal_list(self.plan.get("goals"))
        if not goals:
            return [self.para(self.v.t("No goals recorded."))]
        rows = [[L.p(f"{n}.", self.st.body), self._goal_cell(goal)]
                for n, goal in enumerate(goals, start=1)]
        table = Table(rows, colWidths=[8 * mm, self.width - 8 * mm])
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]))
        return [table]

    def _goal_cell(self, goal: dict[str, str]) -> Flowable:
        markup = escape(goal["text"]).replace("\n", "<br/>")
        details = []
        if goal.get("indicator"):
            details.append(f"{escape(self.v.t('Indicator'))}: {escape(goal['indicator'])}")
        if goal.get("due"):
            details.append(f"{escape(self.v.t('Due'))}: {escape(format_date(goal['due']))}")
        if details:
            markup += f"<br/><font size='8' color='#5A6270'>{' · '.join(details)}</font>"
        return L.pm(markup, self.st.body)

    def actions_table(self) -> Flowable:
        v = self.v
        if not self.actions:
            return self.para(v.t("No actions recorded."))
        header = [v.t("No."), v.field_label("plan_action", "description"),
                  v.t("Service / provider"), v.field_label("plan_action", "responsible"),
                  v.t("Period"), v.field_label("plan_action", "frequency"),
                  v.field_label("plan_action", "status")]
        widths = [x * mm for x in (8, 41, 31, 26, 24, 22, 22)]
        widths[1] += self.width - sum(widths)
        rows = [self._action_row(n, a) for n, a in enumerate(self.actions, start=1)]
        return L.grid_table(self.st, header, rows, widths)

    def _action_row(self, n: int, action: Record) -> list[str | Flowable]:
        v = self.v
        description: str | Flowable = v.value(action, "description")
        goal = v.value(action, "goal")
        if goal:
            description = L.pm(f"<font size='7.5' color='#5A6270'>{escape(goal)}</font><br/>"
                               f"{escape(str(description))}", self.st.cell)
        service = " / ".join(x for x in (v.service(action.get("service")),
                                         v.value(action, "provider")) if x)
        start, end = v.value(action, "start_date"), v.value(action, "end_date")
        period = f"{start} –\n{end}" if start and end else start or end
        return [str(n), description, service, v.value(action, "responsible"), period,
                v.value(action, "frequency"), v.value(action, "status")]

    def review_text(self) -> str:
        review = self.plan.get("review_date")
        if review:
            return self.v.t("The plan will be reviewed on {date}, or earlier if the situation "
                            "changes.", date=format_date(review))
        return self.v.t("The plan is reviewed whenever the beneficiary's situation changes.")

    def agreement_text(self) -> str:
        return self.v.t("The beneficiary, or the parent / legal guardian, was informed of the "
                        "content of this plan, understood it and agrees with its goals and "
                        "actions.")

    def agreement(self) -> list[Flowable]:
        return [self.para(self.agreement_text())]

    def signers(self) -> list[L.Signer]:
        out = [self.worker_signer(),
               self.beneficiary_signer(self.plan.get("signed_by_guardian"))]
        if self.requires_approval:
            out.append(self.head_signer())
        return out


class CarePlan(PlanDocument):
    code = "PIKM"
    plan_type = "care_plan"


class ProtectionPlan(PlanDocument):
    code = "PIM"
    plan_type = "protection_plan"

    def __init__(self, ctx: DocumentContext, plan: Record,
                 actions: list[Record] | tuple[Record, ...] = (),
                 measures: list[Record] | tuple[Record, ...] = ()) -> None:
        super().__init__(ctx, plan, actions)
        self.measures = [m for m in measures if m.type == "measure" and not m.deleted]

    def person_title(self) -> str:
        return N_("The child")

    def extra_after_actions(self) -> None:
        self.add_section(self.v.t("Protection measures"), [self.measures_table()])

    def measures_table(self) -> Flowable:
        v = self.v
        if not self.measures:
            return self.para(v.t("No protection measures recorded."))
        names = ["measure_type", "issued_on", "issued_by", "end_date", "status"]
        show_details = not v.hidden("measure", "details")
        if show_details:
            names.append("details")
        header = [v.field_label("measure", n) for n in names]
        rows = [[v.value(m, n) for n in names] for m in self.measures]
        if not show_details and any(m.get("details") for m in self.measures):
            v.note_omitted(v.field_label("measure", "details"))
        base = [38, 20, 32, 20, 18, 0] if show_details else [52, 22, 40, 22, 20]
        widths = [x * mm for x in base]
        widths[-1 if show_details else 0] += self.width - sum(widths)
        return L.grid_table(self.st, header, rows, widths)

    def agreement(self) -> list[Flowable]:
        group = self.v.profile.term("multidisciplinary_group", self.v.lang)
        return [self.para(self.v.t("The plan was discussed and agreed in the {group}.",
                                   group=group)), self.para(self.agreement_text())]


class EmploymentPlan(PlanDocument):
    code = "PIP"
    plan_type = "employment_plan"
    actions_title = N_("Steps towards employment")

    def extra_before_goals(self) -> None:
        v = self.v
        rows = self.household_rows(["size"])
        income = v.value(self.ctx.household, "monthly_income")
        if income:
            currency = self.ctx.profile.data.get("currency", "")
            rows.append((v.field_label("household", "monthly_income"),
                         f"{income} {currency}".strip()))
        rows += self.household_rows(["economic_aid"])
        self.add_section(self.v.t("Household economic situation"), [self.grid(rows)])

    def agreement(self) -> list[Flowable]:
        return [self.para(self.v.t("The plan is prepared and carried out together with the "
                                   "local employment office.")),
                self.para(self.agreement_text())]

    def signers(self) -> list[L.Signer]:
        return super().signers() + [L.Signer(self.v.t("Employment office representative"))]


class HomeServicePlan(PlanDocument):
    code = "PSHSH"
    plan_type = "home_service_plan"
    actions_title = N_("Home services and visit schedule")

    def extra_before_goals(self) -> None:
        rows = self.household_rows(["size", "area_type", "housing", "address",
                                    "abuser_present"])
        self.add_section(self.v.t("Living conditions"), [self.grid(rows)])


def _actions_of(plan: Record, actions: Any) -> list[Record]:
    chosen = [a for a in actions or () if isinstance(a, Record) and a.type == "plan_action"
              and not a.deleted and a.get("plan_id") in (None, plan.id)]
    return sorted(chosen, key=lambda a: (a.get("start_date") or "9999", a.id))


def _goal_list(raw: Any) -> list[dict[str, str]]:
    """Goals as stored (strings, or mappings with text, indicator and due) in one shape."""
    if raw is None or raw == "":
        return []
    items = raw if isinstance(raw, list) else [raw]
    goals = []
    for item in items:
        goal = _goal(item)
        if goal:
            goals.append(goal)
    return goals


def _goal(item: Any) -> dict[str, str] | None:
    if isinstance(item, str):
        return {"text": item.strip()} if item.strip() else None
    if not isinstance(item, dict):
        return {"text": str(item)}
    text = next((str(item[k]) for k in GOAL_TEXT_KEYS if item.get(k)), "")
    if not text:
        return None
    goal = {"text": text}
    indicator = next((str(item[k]) for k in GOAL_INDICATOR_KEYS if item.get(k)), "")
    due = next((item[k] for k in GOAL_DUE_KEYS if item.get(k)), "")
    if indicator:
        goal["indicator"] = indicator
    if isinstance(due, dt.date | str) and due:
        goal["due"] = str(due)
    return goal
