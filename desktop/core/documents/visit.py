"""The home visit report: one visit, or the history of a case's visits."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable, KeepTogether

from desktop.core.documents import layout as L
from desktop.core.documents.base import DocumentBuilder
from desktop.core.documents.context import DocumentContext, format_date
from desktop.core.documents.errors import DocumentError
from sync.records import Record

VISIT_FIELDS = ["visit_date", "protocol", "village", "present", "follow_up_date"]


class VisitReport(DocumentBuilder):
    code = "RVSH"

    def __init__(self, ctx: DocumentContext, visit: Record | None = None,
                 visits: list[Record] | tuple[Record, ...] = ()) -> None:
        super().__init__(ctx)
        chosen = list(visits) + ([visit] if visit is not None else [])
        if not chosen:
            raise DocumentError("visit-report needs visit= (one visit) or visits= (a history)")
        for record in chosen:
            if not isinstance(record, Record) or record.type != "visit":
                raise DocumentError("visit-report: expected visit records")
        self.visits = sorted((r for r in chosen if not r.deleted),
                             key=lambda r: (str(r.get("visit_date") or ""), r.id))
        self.history = len(chosen) > 1 or visit is None

    def title(self) -> str:
        return self.v.t("Home visit history" if self.history else "Home visit report")

    def document_date(self) -> str:
        if self.history or not self.visits:
            return format_date(self.ctx.now)
        return format_date(self.visits[0].get("visit_date"))

    def body(self) -> None:
        self.person_section(full=False)
        household = self.household_rows(["size", "area_type", "housing", "address",
                                          "abuser_present"])
        self.add_section(self.v.t("Household"), [self.grid(household)])
        if not self.visits:
            self.add(self.para(self.v.t("No visits.")))
        for n, visit in enumerate(self.visits, start=1):
            title = self.v.t("The visit")
            if self.history:
                title = self.v.t("Visit {n} – {date}", n=n,
                                 date=format_date(visit.get("visit_date")))
            self.add_section(title, self.visit_body(visit))

    def visit_body(self, visit: Record) -> list[Flowable]:
        v = self.v
        rows = v.rows(visit, VISIT_FIELDS)
        who = visit.get("visited_by") or (None if self.history else self.ctx.printed_by)
        if who:
            rows.append((v.t("Visited by"), str(who)))
        out: list[Flowable | None] = [self.grid(rows)]
        for name in ("living_conditions", "observations"):
            out += self.text_block(v.field_label("visit", name), v.value(visit, name))
        out += self.answers(visit.get("answers"))
        return [f for f in out if f is not None]

    def answers(self, answers: Any) -> list[Flowable]:
        if not isinstance(answers, dict) or not answers:
            return []
        rows = [(str(k).replace("_", " ").capitalize(), self.v.plain(val))
                for k, val in answers.items() if val not in (None, "", [])]
        grid = self.grid(rows, pairs=1)
        if grid is None:
            return []
        return [KeepTogether([L.p(self.v.t("Further details"), self.st.subheading), grid])]

    def signers(self) -> list[L.Signer]:
        if self.history:
            return [self.worker_signer()]
        return [self.worker_signer(), L.Signer(self.v.t("Beneficiary / household member"))]
