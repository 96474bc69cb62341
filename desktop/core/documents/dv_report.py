"""The 60-day monitoring report on a protection order, for the police and the court.

The report's content is an entry of the measure's ``reports`` list (the latest by default):
a mapping with ``date``, ``period_from``, ``period_to`` and free-text parts (``situation``,
``compliance``, ``incidents``, ``contacts``, ``services``, ``risk``, ``recommendations``,
``summary``). Parts it does not know are printed with their own names.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from desktop.core.documents import layout as L
from desktop.core.documents.base import DocumentBuilder
from desktop.core.documents.context import DocumentContext, format_date
from desktop.core.documents.errors import DocumentError
from desktop.core.i18n import N_
from sync.records import Record

PARTS = (("checked", N_("What was checked")),
         ("situation", N_("Situation of the protected person")),
         ("compliance", N_("Compliance with the order by the perpetrator")),
         ("incidents", N_("Incidents or breaches reported")),
         ("contacts", N_("Contacts with the protected person")),
         ("police_contact", N_("Contact with the police")),
         ("services", N_("Services provided")), ("risk", N_("Risk assessment")),
         ("recommendations", N_("Recommendations")), ("summary", N_("Summary")))
ALIASES = {"text": "summary", "notes": "summary", "risk_level": "risk"}
META_KEYS = {"date", "period_from", "period_to", "from", "to", "number", "by", "author",
             "due_on", "sent_to_police_on"}
ORDER_FIELDS = ["measure_type", "court", "decision_number", "decided_on", "issued_on",
                "end_date", "status", "conditions", "protected_persons", "details",
                "next_report_due"]


class ProtectionOrderReport(DocumentBuilder):
    code = "RM60"
    parts = PARTS  # the report's text parts in the order printed, with their headings

    def __init__(self, ctx: DocumentContext, measure: Record,
                 report_index: int | None = None) -> None:
        super().__init__(ctx)
        if not isinstance(measure, Record) or measure.type != "measure":
            raise DocumentError("dv-60-day: expected a measure record (the protection order)")
        self.measure = measure
        reports = measure.get("reports") or []
        self.reports = [r for r in reports if isinstance(r, dict)]
        if report_index is not None and not -len(self.reports) <= report_index < len(
                self.reports):
            raise DocumentError(f"dv-60-day: the order has no report number {report_index}")
        index = report_index if report_index is not None else len(self.reports) - 1
        self.index = index % len(self.reports) if self.reports else 0
        self.report: dict[str, Any] = self.reports[self.index] if self.reports else {}

    def title(self) -> str:
        return self.v.t("60-day monitoring report on the protection order")

    def number(self) -> int:
        return int(self.report.get("number") or self.index + 1)

    def period(self) -> tuple[str, str]:
        r = self.report
        start = r.get("period_from") or r.get("from") or self._previous_end()
        end = r.get("period_to") or r.get("to") or r.get("date") or self.ctx.now.date()
        return format_date(start), format_date(end)

    def _previous_end(self) -> Any:
        if self.index > 0:
            prev = self.reports[self.index - 1]
            return prev.get("period_to") or prev.get("to") or prev.get("date")
        return self.measure.get("issued_on")

    def subtitle(self) -> str:
        start, end = self.period()
        return f"{self.v.t('Report no. {n}', n=self.number())} · {start} – {end}"

    def version(self) -> str:
        return str(self.number())

    def document_date(self) -> str:
        return format_date(self.report.get("date") or self.ctx.now)

    def before_title(self) -> list[Flowable]:
        return self.place_and_date()

    def body(self) -> None:
        v = self.v
        court = v.value(self.measure, "issued_by") or v.t("The court that issued the order")
        self.add(*self.addressed_to([v.t("State Police"), court]))
        self.add(self.para(v.t("In fulfilment of the duty to monitor protection orders, we "
                               "submit the report for the period below.")))
        self.add_section(v.t("The protection order"),
                         [self.grid(v.rows(self.measure, ORDER_FIELDS))])
        self.person_section(N_("Protected person"), full=False)
        start, end = self.period()
        self.add_section(v.t("Reporting period"), [self.grid([
            (v.t("Report no. {n}", n=self.number()),
             v.t("{start} – {end}", start=start, end=end)),
            (v.t("Report date"), self.document_date())])])
        self.add_section(v.t("Content of the report"),
                         self.content())
        self.add_section(v.t("Previous reports"), [self.previous_table()])
        due = self.measure.get("next_report_due")
        if due:
            self.add(self.para(v.t("The next report is due on {date}.", date=format_date(due))))

    def content(self) -> list[Flowable]:
        parts = self._parts()
        if not parts:
            return [self.para(self.v.t("Nothing recorded for this period."))]
        out: list[Flowable] = []
        for label, text in parts:
            out += self.text_block(label, text)
        return out

    def _parts(self) -> list[tuple[str, str]]:
        v, known = self.v, dict(self.parts)
        values: dict[str, Any] = {}
        for key, value in self.report.items():
            if key in META_KEYS or value in (None, "", []):
                continue
            values.setdefault(ALIASES.get(key, key), value)
        out = []
        for key, heading in self.parts:
            if key in values:
                value = values.pop(key)
                shown = v.code("risk_levels", str(value)) if key == "risk" else v.plain(value)
                out.append((v.t(heading), shown))
        out += [(str(k).replace("_", " ").capitalize(), v.plain(val))
                for k, val in values.items() if k not in known]
        return out

    def previous_table(self) -> Flowable | None:
        earlier = self.reports[:self.index]
        if not earlier:
            return None
        v = self.v
        rows = []
        for n, rep in enumerate(earlier, start=1):
            start = rep.get("period_from") or rep.get("from") or ""
            end = rep.get("period_to") or rep.get("to") or ""
            rows.append([str(rep.get("number") or n), format_date(rep.get("date")),
                         v.t("{start} – {end}", start=format_date(start), end=format_date(end)),
                         format_date(rep.get("sent_to_police_on"))])
        widths = [20 * mm, 35 * mm, self.width - 95 * mm, 40 * mm]
        return L.grid_table(self.st, [v.t("No."), v.t("Report date"), v.t("Period"),
                                      v.t("Sent to the police")], rows, widths)

    def signers(self) -> list[L.Signer]:
        return [self.worker_signer(N_("Local domestic violence coordinator")), self.head_signer()]

