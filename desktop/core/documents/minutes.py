"""The minutes of a multidisciplinary meeting (GTN / GTR / ETN): who attended from which
institution with a line to sign, the cases discussed, the decisions and the tasks; and how to
print them from the local store."""

from __future__ import annotations

import datetime as dt

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from desktop.core.documents import layout as L
from desktop.core.documents.base import DocumentBuilder
from desktop.core.documents.context import DocumentContext, format_date
from desktop.core.documents.errors import DocumentError
from desktop.core.documents.from_store import RecordSource
from desktop.core.documents.letterhead import Letterhead
from sync.records import Record

SIGNATURE_ROW_HEIGHT = 9 * mm


class MeetingMinutes(DocumentBuilder):
    code = "PRV"

    def __init__(self, ctx: DocumentContext, meeting: Record,
                 case_numbers: dict[str, str] | None = None) -> None:
        super().__init__(ctx)
        if not isinstance(meeting, Record) or meeting.type != "meeting":
            raise DocumentError("meeting-minutes: expected a meeting record")
        self.meeting = meeting
        self.case_numbers = case_numbers or {}

    def title(self) -> str:
        return self.v.t("Minutes of the meeting")

    def subtitle(self) -> str | None:
        return self.v.code("multidisciplinary_groups", self.meeting.get("group")) or None

    def document_date(self) -> str:
        return format_date(self.meeting.get("meeting_date"))

    def meta(self) -> list[tuple[str, str]]:
        v = self.v
        return [(v.t("Document"), self.code), (v.t("Date"), self.document_date())]

    def body(self) -> None:
        v, m = self.v, self.meeting
        rows = [(v.t("Date"), self.document_date()),
                (v.field_label("meeting", "convened_by"), v.plain(m.get("convened_by")))]
        if m.get("place"):
            rows.append((v.t("Place"), v.plain(m.get("place"))))
        self.add_section(v.t("The meeting"), [self.grid(rows)])
        self.add_section(v.t("Attendance"), [self.attendance_table()])
        self.add_section(v.t("Cases discussed"), [self.cases_table()])
        if m.get("decisions"):
            self.add_section(v.field_label("meeting", "decisions"),
                             [self.para(v.plain(m.get("decisions")))])
        tasks = m.get("tasks") or []
        if tasks:
            self.add_section(v.field_label("meeting", "tasks"), [self.tasks_table(tasks)])

    def attendance_table(self) -> Flowable:
        v = self.v
        header = [v.t("No."), v.t("Name"), v.t("Institution"), v.t("Signature")]
        widths = [10 * mm, 55 * mm, 55 * mm, 0.0]
        widths[3] = self.width - sum(widths)
        rows = [[str(n), v.plain(a.get("name")), v.code("institutions", a.get("institution")),
                 L.SignatureLine(widths[3] - 8, SIGNATURE_ROW_HEIGHT)]
                for n, a in enumerate(self.meeting.get("attendees") or [], start=1)]
        return L.grid_table(self.st, header, rows, widths, zebra=False)

    def cases_table(self) -> Flowable:
        v = self.v
        decided = self.meeting.get("case_decisions") or {}
        ids = self.meeting.get("case_ids") or []
        if not ids:
            return self.para(v.t("No case was discussed."))
        header = [v.t("Case no."), v.t("Decision")]
        widths = [50 * mm, self.width - 50 * mm]
        rows = [[self.case_numbers.get(c, "-"), v.plain(decided.get(c))] for c in ids]
        return L.grid_table(self.st, header, rows, widths)

    def tasks_table(self, tasks: list[dict]) -> Flowable:
        v = self.v
        header = [v.t("Task"), v.t("Responsible"), v.t("Case no."), v.t("Due")]
        widths = [0.0, 45 * mm, 42 * mm, 24 * mm]
        widths[0] = self.width - sum(widths)
        rows = [[v.plain(t.get("description")), v.plain(t.get("owner")),
                 self.case_numbers.get(str(t.get("case_id")), ""), format_date(t.get("due"))]
                for t in tasks]
        return L.grid_table(self.st, header, rows, widths)

    def signers(self) -> list[L.Signer]:
        return [L.Signer(self.v.t("Convened by"), self.v.plain(self.meeting.get("convened_by")))]


def minutes_pdf(store: RecordSource, meeting_id: str, *, printed_by: str, language: str = "sq",
                letterhead: Letterhead | None = None, now: dt.datetime | None = None) -> bytes:
    """The PDF of the minutes of meeting ``meeting_id``, under its main case."""
    meeting = store.get(meeting_id)
    if meeting is None or meeting.type != "meeting":
        raise DocumentError(f"no meeting {meeting_id} on this laptop")
    cases = [c for c in (store.get(str(i)) for i in meeting.get("case_ids") or []) if c]
    numbers = {c.id: str(c.get("case_number") or "") for c in cases}
    main = store.get(str(meeting.get("case_id"))) if meeting.get("case_id") else None
    if main is None:
        raise DocumentError("the meeting's cases are not on this laptop")
    person = store.get(str(main.get("person_id") or ""))
    if person is None:
        raise DocumentError("the beneficiary of the meeting's case is not on this laptop")
    municipality = str(meeting.get("municipality") or main.get("municipality") or "")
    ctx = DocumentContext(
        profile=store.profile,
        letterhead=letterhead or Letterhead.default(municipality, store.profile.country),
        case=main, person=person, printed_by=printed_by, language=language, now=now)
    return MeetingMinutes(ctx, meeting, numbers).render()
