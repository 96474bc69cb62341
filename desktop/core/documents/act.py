"""An administrative act of the Centre for Social Work, under its protocol number, with the
municipality's letterhead; and how to print one from the local store."""

from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import escape

from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from desktop.core.documents import layout as L
from desktop.core.documents.base import DocumentBuilder
from desktop.core.documents.context import DocumentContext, format_date
from desktop.core.documents.errors import DocumentError
from desktop.core.documents.from_store import RecordSource
from desktop.core.documents.letterhead import Letterhead
from sync.records import Record

ACT_FIELDS = ["act_type", "decision", "requested_by", "purpose", "valid_until"]


class AdministrativeActDocument(DocumentBuilder):
    code = "AKT"

    def __init__(self, ctx: DocumentContext, act: Record) -> None:
        super().__init__(ctx)
        if not isinstance(act, Record) or act.type != "administrative_act":
            raise DocumentError("administrative-act: expected an administrative_act record")
        self.act = act

    @property
    def number(self) -> str:
        return str(self.act.get("protocol_number") or "")

    def title(self) -> str:
        return self.v.value(self.act, "act_type") or self.v.t("Administrative act")

    def subtitle(self) -> str | None:
        return self.v.t("Administrative act")

    def document_date(self) -> str:
        return format_date(self.act.get("issued_on"))

    def meta(self) -> list[tuple[str, str]]:
        v = self.v
        return [(v.t("Protocol no."), self.number), (v.t("Document"), self.code),
                (v.t("Date"), self.document_date())]

    def before_title(self) -> list[Flowable]:
        lh = self.ctx.letterhead
        when = self.document_date()
        dated = self.v.t("{place}, {date}", place=lh.place, date=when) if lh.place else when
        table = Table([[L.p(f"{self.v.t('Protocol no.')} {self.number}", self.st.body),
                        L.p(dated, self.st.right)]], colWidths=[self.width / 2] * 2)
        table.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0),
                                   ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
        return [table, Spacer(1, 4)]

    def body(self) -> None:
        v = self.v
        self.add(L.pm(escape(v.t("The Centre for Social Work issues this act for the person "
                                 "below.")), self.st.body), Spacer(1, 4))
        self.person_section(v.t("Person"), full=False)
        self.add_section(v.t("The act"), [self.grid(v.rows(self.act, ACT_FIELDS), pairs=1)])
        details = v.value(self.act, "details")
        if details:
            self.add_section(v.field_label("administrative_act", "details"),
                             [self.para(details)])

    def signers(self) -> list[L.Signer]:
        return [L.Signer(self.v.t("Issued by"), self.ctx.printed_by), self.head_signer()]


def act_pdf(store: RecordSource, act_id: str, *, printed_by: str, language: str = "sq",
            letterhead: Letterhead | None = None, include_sensitive: bool = False,
            now: dt.datetime | None = None) -> bytes:
    """The PDF of the act ``act_id``: under its case if it has one, else under its number."""
    act = store.get(act_id)
    if act is None or act.type != "administrative_act":
        raise DocumentError(f"no administrative act {act_id} on this laptop")
    person = store.get(str(act.get("person_id") or ""))
    if person is None:
        raise DocumentError("the person of this act is not on this laptop")
    case = store.get(str(act.get("case_id"))) if act.get("case_id") else None
    if case is None:  # the act stands on its own: its number heads every page
        case = Record(act.id, "case", {"case_number": act.get("protocol_number")}, 0)
    municipality = str(act.get("municipality") or "")
    ctx = DocumentContext(
        profile=store.profile,
        letterhead=letterhead or Letterhead.default(municipality, store.profile.country),
        case=case, person=person, printed_by=printed_by, language=language,
        include_sensitive=include_sensitive, now=now)
    return AdministrativeActDocument(ctx, act).render()
