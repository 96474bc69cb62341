"""The periodic monitoring report on a child's foster or kinship placement.

Printed like the 60-day report on a protection order: the entered content of one report of
the measure's ``reports`` list (the latest by default) and the history of the reports before
it, here with the day each was due and whether it came late.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from desktop.core.documents import layout as L
from desktop.core.documents.context import format_date
from desktop.core.documents.dv_report import ProtectionOrderReport
from desktop.core.i18n import N_

PARTS = (("checked", N_("What was checked")),
         ("situation", N_("Situation of the child")),
         ("carer", N_("The carer family")),
         ("incidents", N_("Incidents")),
         ("contacts", N_("Contacts with the child and the carer")),
         ("police_contact", N_("Contact with the police")),
         ("services", N_("Services provided")), ("risk", N_("Risk assessment")),
         ("recommendations", N_("Recommendations")), ("summary", N_("Summary")))
PLACEMENT_FIELDS = ["measure_type", "issued_on", "issued_by", "carer_name", "carer_address",
                    "review_on", "end_date", "status", "report_every_days", "details"]


class PlacementReport(ProtectionOrderReport):
    code = "RMV"
    parts = PARTS

    def title(self) -> str:
        return self.v.t("Periodic monitoring report on the placement")

    def body(self) -> None:
        v = self.v
        self.add_section(v.t("The placement"),
                         [self.grid(v.rows(self.measure, PLACEMENT_FIELDS))])
        self.person_section(N_("Child"), full=False)
        start, end = self.period()
        self.add_section(v.t("Reporting period"), [self.grid([
            (v.t("Report no. {n}", n=self.number()),
             v.t("{start} – {end}", start=start, end=end)),
            (v.t("Report date"), self.document_date()),
            (v.t("Due on"), self.due_text(self.report))])])
        self.add_section(v.t("Content of the report"), self.content())
        self.add_section(v.t("Previous reports"), [self.previous_table()])
        due = self.measure.get("next_report_due")
        if due:
            self.add(self.para(v.t("The next report is due on {date}.", date=format_date(due))))

    def previous_table(self) -> Flowable | None:
        earlier = self.reports[:self.index]
        if not earlier:
            return None
        v = self.v
        rows = []
        for n, rep in enumerate(earlier, start=1):
            rows.append([str(rep.get("number") or n), format_date(rep.get("date")),
                         v.t("{start} – {end}", start=format_date(rep.get("period_from")),
                             end=format_date(rep.get("period_to"))),
                         self.due_text(rep)])
        widths = [20 * mm, 35 * mm, self.width - 100 * mm, 45 * mm]
        return L.grid_table(self.st, [v.t("No."), v.t("Report date"), v.t("Period"),
                                      v.t("Due on")], rows, widths)

    def due_text(self, report: dict) -> str:
        """The day a report was due, and "late" when it was made after it."""
        due, done = report.get("due_on"), report.get("date")
        late = self.v.t("late") if due and done and str(done) > str(due) else ""
        return " ".join(x for x in (format_date(due), late) if x)

    def signers(self) -> list[L.Signer]:
        return [self.worker_signer(N_("Child protection worker")), self.head_signer()]
