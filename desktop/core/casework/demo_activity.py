"""Synthetic case activity for the demo: assessments, plans and actions, visits, referrals,
measures and meetings, dated between a case's opening and its closure (or today).

Records are built in memory (``(id, type, fields)``) for bulk creation; every form submission
is valid for its form (answers drawn once per form by :mod:`sample_answers` and re-dated).
Shares are of cases (see :data:`SHARES`); everything is drawn from the given random generator,
so a seed gives the same activity.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from desktop.core.casework.config import CaseworkConfig
from desktop.core.casework.demo_consent import demo_consent
from desktop.core.casework.sample_answers import random_answers, redate
from desktop.core.forms import load_form
from sync.authority import may_approve
from sync.ids import uuid7
from sync.profile import Profile

Item = tuple[str, str, dict[str, Any]]

SHARES = {
    "assessment": 0.80,  # an initial assessment with the form of the case type
    "plan": 0.65,  # of cases open at least two weeks
    "plan_new_version": 0.15,  # of plans
    "visits": 0.55,  # one to three visits
    "visit_form": 0.30,  # of visits, filled in with the home visit form
    "follow_up": 0.70,  # of open cases' last visit, if in the last 60 days
    "referrals": 0.40,  # one or two referrals
    "prescribed": 0.25,  # of referrals
    "protection_order": 0.65,  # of domestic violence cases
    "child_measure": 0.50,  # of child protection cases
    "placement": 0.15,  # of child protection cases
    "meeting": 0.25,  # of child protection and domestic violence cases
    "satisfaction": 0.30,  # of closed cases
}
REFERRAL_OUTCOMES = (("delivered", 0.42), ("accepted", 0.10), ("sent", 0.13),
                     ("refused", 0.12), ("not_possible", 0.23))
NOT_POSSIBLE = (("no_capacity", 0.4), ("distance", 0.35), ("not_available", 0.2),
                ("other", 0.05))
FORM_OF_CASE = {"child_protection": "child_protection_risk", "juvenile_justice":
                "child_protection_risk", "domestic_violence": "dv_risk",
                "elderly_care": "elderly_functional", "disability": "disability_needs"}
SERVICES = {
    "social_care": ("food_package", "economic_aid", "social_assistance", "counselling",
                    "rent_bonus", "emergency_fund", "health_service"),
    "disability": ("day_centre", "home_care", "health_service", "counselling",
                   "residential_disability"),
    "elderly_care": ("home_care", "mobile_unit", "day_centre", "food_package",
                     "residential_elderly", "health_service"),
    "child_protection": ("counselling", "early_intervention", "school_supplies", "foster_care",
                         "kinship_care", "residential_children", "emergency_72h"),
    "domestic_violence": ("counselling", "protected_housing", "shelter", "emergency_72h",
                          "legal_aid", "health_service", "employment_office"),
    "trafficking": ("protected_housing", "shelter", "counselling", "health_service",
                    "employment_office"),
    "employment": ("employment_office", "counselling", "information"),
}
DEFAULT_SERVICES = ("counselling", "information", "health_service", "food_package")
GOALS = {
    "social_care": ("Familja siguron të ardhura të rregullta.",
                    "Përmirësohen kushtet e banimit.", "Fëmijët ndjekin rregullisht shkollën."),
    "disability": ("Merr shërbimet e rehabilitimit.",
                   "Rritet pavarësia në jetën e përditshme."),
    "elderly_care": ("I moshuari merr kujdes të rregullt në shtëpi.",
                     "Zvogëlohet izolimi social.", "Trajtim i rregullt mjekësor."),
    "child_protection": ("Fëmija është i sigurt në familje.",
                         "Fëmija ndjek rregullisht shkollën.",
                         "Prindërit marrin mbështetje për kujdesin prindëror."),
    "domestic_violence": ("Viktima dhe fëmijët janë të sigurt.",
                          "Viktima fiton pavarësi ekonomike."),
    "employment": ("Punësohet ose ndjek një kurs profesional.",),
}
DEFAULT_GOALS = ("Plotësohen nevojat bazë të familjes.", "Forcohet rrjeti mbështetës.")
FREQUENCIES = ("një herë", "çdo javë", "dy herë në muaj", "çdo muaj", "çdo tre muaj")
ATTENDEE_NAMES = ("A. Hoxha", "B. Leka", "D. Marku", "E. Gjoni", "F. Kola", "G. Doda",
                  "L. Prenga", "M. Shehu", "R. Bardhi", "S. Zefi")


def _pick(rng: random.Random, weighted: tuple[tuple[str, float], ...]) -> str:
    return rng.choices([w[0] for w in weighted], [w[1] for w in weighted])[0]


def _days(start: dt.date, end: dt.date) -> int:
    return max((end - start).days, 0)


class CaseActivity:
    """Builds the activity records of demo cases."""

    def __init__(self, profile: Profile, config: CaseworkConfig, rng: random.Random,
                 today: dt.date, providers: list[tuple[str, dict[str, Any]]],
                 role: str | None = None) -> None:
        self.profile = profile
        self.config = config
        self.role = role  # the user's role from the server: plans it may not approve wait
        self.rng = rng
        self.today = today
        self.providers = providers
        self.services = config.services
        self.groups = [g["code"] for g in profile.items("multidisciplinary_groups")]
        self.institutions = profile.codes("institutions")
        self.child_measures = profile.codes("child_protection_measures")
        self._templates: dict[str, list[dict[str, Any]]] = {}

    # -- forms --------------------------------------------------------------------------------
    def submission(self, form_id: str, day: dt.date) -> dict[str, Any] | None:
        """Form id, version, answers and computed scores of a valid submission made on day."""
        templates = self._templates.get(form_id)
        if templates is None:
            templates = self._templates[form_id] = self._make_templates(form_id)
        if not templates:
            return None
        return redate(self.rng.choice(templates), self.today, day)

    def _make_templates(self, form_id: str) -> list[dict[str, Any]]:
        from desktop.core.forms import validate_submission

        try:
            definition = load_form(form_id)
        except LookupError:
            return []
        rng = random.Random(f"{form_id}:{self.rng.random()}")
        out = []
        for _ in range(8):
            answers = random_answers(definition, rng, self.today)
            if answers is not None:
                out.append(validate_submission(definition, answers,
                                               today=self.today).to_fields())
        return out

    # -- a case ---------------------------------------------------------------------------------
    def records(self, case_id: str, case: dict[str, Any], person: dict[str, Any],
                household_id: str) -> list[Item]:
        rng = self.rng
        opened = dt.date.fromisoformat(case["opened_on"])
        closed = case.get("closed_on")
        end = dt.date.fromisoformat(closed) if closed else self.today
        out: list[Item] = []
        ctx = _Case(case_id, case, person, household_id, opened, end, closed is not None)
        if not ctx.closed:  # open cases are mostly reviewed on time
            case["review_due"] = max(self.today + dt.timedelta(days=rng.randint(-25, 120)),
                                     opened + dt.timedelta(days=3)).isoformat()
        if rng.random() < SHARES["assessment"]:
            out += self.assessment(ctx, FORM_OF_CASE.get(case["case_type"], "intake"),
                                   self._day(opened, min(opened + dt.timedelta(14), end)))
        if _days(opened, end) >= 14 and rng.random() < SHARES["plan"]:
            out += self.plan(ctx)
        if rng.random() < SHARES["visits"]:
            out += self.visits(ctx)
        if rng.random() < SHARES["referrals"]:
            referrals: list[Item] = []
            for _ in range(rng.choice((1, 1, 1, 2))):
                referrals += self.referral(ctx)
            first = min(r[2]["sent_on"] for r in referrals)
            out += [demo_consent(case_id, case, case["person_id"], first, ctx.worker,
                                 ctx.is_child, self.today), *referrals]
        out += self.measures(ctx)
        if case["case_type"] in ("child_protection", "domestic_violence") \
                and rng.random() < SHARES["meeting"]:
            out += self.meeting(ctx)
        if ctx.closed and rng.random() < SHARES["satisfaction"]:
            out += self.assessment(ctx, "satisfaction", end)
        return out

    def _day(self, start: dt.date, end: dt.date) -> dt.date:
        return start + dt.timedelta(days=self.rng.randint(0, _days(start, end)))

    def assessment(self, ctx: _Case, form_id: str, day: dt.date) -> list[Item]:
        content = self.submission(form_id, day)
        if content is None:
            return []
        return [(uuid7(), "assessment", {
            **content, "case_id": ctx.id, "person_id": ctx.case["person_id"],
            "submitted_on": day.isoformat(), "submitted_by": ctx.worker})]

    # -- plans ----------------------------------------------------------------------------------
    def plan(self, ctx: _Case) -> list[Item]:
        rng = self.rng
        case_type = ctx.case["case_type"]
        plan_type = self.config.plan_type_for(case_type)
        created = self._day(ctx.opened + dt.timedelta(7),
                            min(ctx.opened + dt.timedelta(30), ctx.end))
        goals = [{"text": g} for g in rng.sample(
            GOALS.get(case_type, DEFAULT_GOALS), min(2, len(GOALS.get(case_type, DEFAULT_GOALS))))]
        versions = 2 if rng.random() < SHARES["plan_new_version"] and \
            _days(created, ctx.end) > 120 else 1
        out: list[Item] = []
        actions = self._actions(ctx, created, goals)
        previous: str | None = None
        for version in range(1, versions + 1):
            plan_id = uuid7()
            start = created if version == 1 else created + dt.timedelta(days=rng.randint(
                90, _days(created, ctx.end)))
            fields = self._plan_fields(ctx, plan_type, version, start, goals, previous)
            if previous:
                old = next(f for i, _, f in out if i == previous)
                old.update(status="superseded", superseded_by=plan_id,
                           superseded_on=start.isoformat())
            out.append((plan_id, "plan", fields))
            out += [(uuid7(), "plan_action", {**a, "plan_id": plan_id, "case_id": ctx.id})
                    for a in actions]
            previous = plan_id
        return out

    def _plan_fields(self, ctx: _Case, plan_type: str, version: int, created: dt.date,
                     goals: list[dict[str, str]], previous: str | None) -> dict[str, Any]:
        rng = self.rng
        review_days = self.config.plan_review_days(plan_type)
        fields: dict[str, Any] = {
            "case_id": ctx.id, "plan_type": plan_type, "version": version,
            "previous_plan_id": previous, "status": "draft", "goals": goals,
            "created_on": created.isoformat(), "created_by": ctx.worker,
            "review_date": (created + dt.timedelta(days=review_days)).isoformat()}
        if rng.random() < 0.85:
            signed = min(created + dt.timedelta(days=rng.randint(0, 3)), ctx.end)
            fields.update(signed_worker_on=signed.isoformat(), signed_worker_by=ctx.worker,
                          signed_beneficiary_on=signed.isoformat())
            if ctx.is_child:
                fields["signed_by_guardian"] = ctx.guardian
            approved = not self.config.requires_approval(plan_type) or (
                rng.random() < 0.9 and self._may_approve(plan_type))
            if self.config.requires_approval(plan_type) and approved:
                fields.update(approved_on=min(signed + dt.timedelta(days=rng.randint(1, 7)),
                                              ctx.end).isoformat(), approved_by="drejtori")
            if approved:
                fields["status"] = "active"
        self._reviews(fields, created, review_days, ctx)
        return fields

    def _may_approve(self, plan_type: str) -> bool:
        """The server takes an approval only from a role that approves this plan type."""
        return self.role is None or may_approve(self.profile, self.role, plan_type)

    def _reviews(self, fields: dict[str, Any], created: dt.date, every: int, ctx: _Case) -> None:
        """Reviews held so far; some plans fall behind (their review is overdue)."""
        if ctx.closed:  # a closed case's plan has no review due
            fields.pop("review_date")
            return
        due = created + dt.timedelta(days=every)
        reviews = []
        while due < ctx.end and self.rng.random() < 0.97:
            held = min(due + dt.timedelta(days=self.rng.randint(-5, 25)), ctx.end)
            due = held + dt.timedelta(days=every)
            reviews.append({"on": held.isoformat(), "by": ctx.worker, "outcome": "continue",
                            "note": None, "next_review": due.isoformat()})
        if reviews:
            fields.update(reviews=reviews, reviewed_on=reviews[-1]["on"],
                          review_date=due.isoformat())

    def _actions(self, ctx: _Case, start: dt.date, goals: list[dict[str, str]]
                 ) -> list[dict[str, Any]]:
        rng = self.rng
        out = []
        for _ in range(rng.choice((1, 1, 2, 2))):
            service = self._service(ctx.case["case_type"])
            begin = start + dt.timedelta(days=rng.randint(0, 20))
            finish = begin + dt.timedelta(days=rng.choice((30, 90, 180, 365)))
            status = ("done" if finish < self.today else "in_progress") \
                if rng.random() < 0.8 else rng.choice(("planned", "cancelled"))
            out.append({"goal": rng.choice(goals)["text"] if goals else None,
                        "description": self.profile.label("service_taxonomy", service),
                        "service": service, "provider": self._provider_name(service),
                        "responsible": ctx.worker, "start_date": begin.isoformat(),
                        "end_date": finish.isoformat(), "frequency": rng.choice(FREQUENCIES),
                        "status": status})
        return out

    def _service(self, case_type: str) -> str:
        options = [s for s in SERVICES.get(case_type, DEFAULT_SERVICES) if s in self.services]
        return self.rng.choice(options or sorted(self.services))

    def _provider(self, service: str) -> tuple[str, dict[str, Any]] | None:
        # the demo's referrals go to local and national providers (as before regional ones
        # were added to the directory, so a seed still makes the same caseload)
        offering = [p for p in self.providers if service in p[1]["services"]
                    and p[1].get("level") != "regional"]
        return self.rng.choice(offering) if offering else None

    def _provider_name(self, service: str) -> str | None:
        provider = self._provider(service)
        return provider[1]["name"] if provider else None

    # -- visits and referrals -----------------------------------------------------------------
    def visits(self, ctx: _Case) -> list[Item]:
        rng = self.rng
        days = sorted(self._day(ctx.opened, ctx.end) for _ in range(rng.choice((1, 1, 1, 2, 3))))
        if not ctx.closed and rng.random() < 0.6:  # open cases: mostly visited lately
            days[-1] = max(days[-1], self._day(max(ctx.opened, ctx.end - dt.timedelta(60)),
                                               ctx.end))
        out: list[Item] = []
        for n, day in enumerate(days):
            protocol = _pick(rng, (("routine", 0.8), ("rapid_response", 0.15),
                                   ("emergency", 0.05)))
            fields: dict[str, Any] = {
                "case_id": ctx.id, "household_id": ctx.household_id, "visit_date":
                day.isoformat(), "protocol": protocol, "visited_by": ctx.worker,
                "administrative_unit": ctx.case.get("administrative_unit"),
                "village": ctx.case.get("village"),
                "observations": rng.choice(("U takua në shtëpi.",
                                            "Kushtet e banimit janë të pranueshme.",
                                            "Familja ka nevojë për ndihmë ushqimore."))}
            if rng.random() < SHARES["visit_form"]:
                content = self.submission("home_visit", day)
                if content:
                    fields["answers"] = content
            recent = _days(day, ctx.end) <= 60  # older follow-ups were done long ago
            if n == len(days) - 1 and recent and not ctx.closed \
                    and rng.random() < SHARES["follow_up"]:
                follow = self.config.follow_up_days(protocol)
                fields["follow_up_date"] = (day + dt.timedelta(days=follow)).isoformat()
            out.append((uuid7(), "visit", fields))
        return out

    def referral(self, ctx: _Case) -> list[Item]:
        rng = self.rng
        service = self._service(ctx.case["case_type"])
        sent = self._day(ctx.opened, ctx.end)
        provider = self._provider(service)
        status = _pick(rng, REFERRAL_OUTCOMES)
        if status in ("sent", "accepted") and not ctx.closed and rng.random() < 0.9:
            sent = self._day(max(ctx.opened, ctx.end - dt.timedelta(45)), ctx.end)
        fields: dict[str, Any] = {
            "case_id": ctx.id, "person_id": ctx.case["person_id"], "service": service,
            "provider_id": provider[0] if provider else None,
            "provider_name": provider[1]["name"] if provider else None,
            "prescribed": rng.random() < SHARES["prescribed"], "status": "sent",
            "sent_on": sent.isoformat(), "status_on": sent.isoformat(), "referred_by":
            ctx.worker, "response_due": (sent + dt.timedelta(
                days=self.config.referral_response_days)).isoformat()}
        if fields["prescribed"]:
            fields["prescribed_by"] = "Komisioni"
        history = [{"status": "sent", "on": sent.isoformat(), "by": ctx.worker}]
        self._outcome(fields, history, status, sent, ctx)
        fields["history"] = history
        return [(uuid7(), "referral", fields)]

    def _outcome(self, fields: dict[str, Any], history: list[dict[str, Any]], status: str,
                 sent: dt.date, ctx: _Case) -> None:
        rng = self.rng
        day = sent
        steps = {"sent": [], "accepted": ["accepted"], "delivered": ["accepted", "delivered"],
                 "refused": ["refused"], "not_possible": ["not_possible"]}[status]
        for step in steps:
            day = min(day + dt.timedelta(days=rng.randint(1, 20)), ctx.end)
            entry: dict[str, Any] = {"status": step, "on": day.isoformat(), "by": ctx.worker}
            fields.update(status=step, status_on=day.isoformat(), response_due=None)
            if step == "accepted":
                fields["accepted_on"] = day.isoformat()
                fields["response_due"] = (day + dt.timedelta(
                    days=self.config.referral_delivery_days)).isoformat()
            elif step == "delivered":
                fields["delivered_on"] = day.isoformat()
            elif step == "refused":
                fields["refusal_reason"] = entry["reason"] = "Nuk e pranoi shërbimin."
            elif step == "not_possible":
                fields["not_possible_reason"] = entry["reason"] = _pick(rng, NOT_POSSIBLE)
            history.append(entry)

    # -- measures and meetings ------------------------------------------------------------------
    def measures(self, ctx: _Case) -> list[Item]:
        rng = self.rng
        case_type = ctx.case["case_type"]
        out: list[Item] = []
        if case_type == "domestic_violence" and rng.random() < SHARES["protection_order"]:
            out.append(self.protection_order(ctx))
        if case_type in ("child_protection", "juvenile_justice"):
            if rng.random() < SHARES["child_measure"] and self.child_measures:
                out.append(self.measure(ctx, "child_protection_measure", protection_measure=(
                    rng.choice(self.child_measures))))
            if rng.random() < SHARES["placement"]:
                kind = _pick(rng, (("foster_placement", 0.45), ("kinship_placement", 0.4),
                                   ("guardianship", 0.15)))
                out.append(self.measure(ctx, kind, carer_name="Familja " + ctx.guardian
                                        .split()[-1]))
        return out

    def protection_order(self, ctx: _Case) -> Item:
        kind = "immediate" if self.rng.random() < 0.35 else "ordinary"
        length = self.rng.randint(20, 45) if kind == "immediate" else self.rng.choice(
            (180, 270, 365))
        return self.measure(ctx, self.config.protection_order_measure(kind), length=length,
                            order_kind=kind, court="Gjykata e Rrethit Gjyqësor",
                            decision_number=f"{self.rng.randint(100, 2999)}/"
                                            f"{ctx.opened.year}")

    def measure(self, ctx: _Case, measure_type: str, *, length: int | None = None,
                **extra: Any) -> Item:
        rng = self.rng
        issued = self._day(ctx.opened, min(ctx.opened + dt.timedelta(30), ctx.end))
        end = issued + dt.timedelta(days=length or rng.choice((180, 365, 730)))
        every = self.config.report_every_days(measure_type)
        fields: dict[str, Any] = {
            "case_id": ctx.id, "measure_type": measure_type, "issued_on": issued.isoformat(),
            "end_date": end.isoformat(), "status": "active", "report_every_days": every,
            "reports": [], "issued_by": extra.get("court") or "Gjykata", **extra}
        self._reports(fields, issued, end, every, ctx)
        return (uuid7(), "measure", fields)

    def _reports(self, fields: dict[str, Any], issued: dt.date, end: dt.date,
                 every: int | None, ctx: _Case) -> None:
        """Monitoring reports so far; about one order in four has fallen behind."""
        stop = min(end, ctx.end)
        behind = self.rng.random() < 0.25
        last = issued
        reports = []
        while every:
            due = last + dt.timedelta(days=every)
            if due > stop or (behind and due + dt.timedelta(days=every) > stop):
                break
            made = min(due + dt.timedelta(days=self.rng.randint(-3, 6)), stop)
            reports.append({"number": len(reports) + 1, "date": made.isoformat(),
                            "period_from": last.isoformat(), "period_to": made.isoformat(),
                            "by": ctx.worker, "situation": "Nuk ka shkelje të urdhrit.",
                            "risk": self.rng.choice(("I ulët", "I mesëm"))})
            last = made
        fields["reports"] = reports
        if reports:
            fields["last_report_on"] = last.isoformat()
        if end < self.today or ctx.closed:
            fields.update(status="ended", ended_on=min(end, ctx.end).isoformat())
            return
        if every:
            fields["next_report_due"] = min(last + dt.timedelta(days=every), end).isoformat()

    def meeting(self, ctx: _Case) -> list[Item]:
        rng = self.rng
        group = self.groups[0] if ctx.case["case_type"] == "child_protection" \
            else self.groups[min(1, len(self.groups) - 1)]
        day = self._day(ctx.opened, min(ctx.opened + dt.timedelta(45), ctx.end))
        attendees = [{"name": name, "institution": rng.choice(self.institutions)}
                     for name in rng.sample(ATTENDEE_NAMES, rng.randint(3, 5))]
        tasks = [{"description": d, "owner": rng.choice(attendees)["name"],
                  "institution": None, "case_id": ctx.id,
                  "due": (day + dt.timedelta(days=rng.randint(7, 30))).isoformat(),
                  "status": "done" if rng.random() < 0.7 else "open", "done_on": None}
                 for d in rng.sample(("Vizitë në shtëpi brenda javës.",
                                      "Takim me shkollën.", "Referim te psikologu.",
                                      "Informim i policisë."), rng.randint(1, 2))]
        return [(uuid7(), "meeting", {
            "meeting_date": day.isoformat(), "group": group, "attendees": attendees,
            "case_ids": [ctx.id], "case_id": ctx.id, "tasks": tasks,
            "decisions": "U ra dakord për planin e mbrojtjes dhe detyrat.",
            "municipality": ctx.case.get("municipality"), "convened_by": ctx.worker})]


class _Case:
    def __init__(self, case_id: str, case: dict[str, Any], person: dict[str, Any],
                 household_id: str, opened: dt.date, end: dt.date, closed: bool) -> None:
        self.id = case_id
        self.case = case
        self.person = person
        self.household_id = household_id
        self.opened = opened
        self.end = end
        self.closed = closed
        self.worker = case.get("assigned_worker") or "demo"
        birth = person.get("birth_date")
        self.is_child = bool(birth) and (end - dt.date.fromisoformat(birth)).days < 18 * 365
        self.guardian = f"{person.get('father_name') or 'Prindi'} {person.get('last_name', '')}"
