"""The skeleton every document shares: letterhead, title strip, common sections, closing.

A document kind subclasses :class:`DocumentBuilder`, sets its code and title, and appends
its own sections in :meth:`body`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from xml.sax.saxutils import escape

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table, TableStyle

from desktop.core.documents import layout as L
from desktop.core.documents.context import DocumentContext, View, format_date, format_datetime
from desktop.core.i18n import N_
from sync.records import Record


class DocumentBuilder:
    """Builds one PDF for one context; subclasses add the content."""

    code = ""  # short document code printed in the title strip and footer

    def __init__(self, ctx: DocumentContext) -> None:
        self.ctx = ctx
        self.v = View(ctx)
        self.st = L.make_styles()
        self.width = L.content_width(ctx.letterhead.page_size)
        self.story: list[Flowable] = []
        self.signed_text: list[Flowable] = []  # printed with the signatures, on their page

    # -- to override -------------------------------------------------------------------------
    def title(self) -> str:
        raise NotImplementedError

    def subtitle(self) -> str | None:
        return None

    def version(self) -> str:
        return "1"

    def document_date(self) -> str:
        return format_date(self.ctx.now)

    def body(self) -> None:
        raise NotImplementedError

    def signers(self) -> list[L.Signer]:
        return [self.worker_signer(), self.beneficiary_signer()]

    def before_title(self) -> list[Flowable]:
        return []

    # -- the whole document ----------------------------------------------------------------
    def render(self) -> bytes:
        self.story += self.letterhead()
        self.story += self.before_title()
        self.story += L.title_block(self.st, self.title(), self.subtitle(), self.meta(),
                                    self.width)
        self.body()
        self.story += self.closing()
        return L.build_pdf(self.story, self.furniture(), self.ctx.letterhead.page_size,
                           title=f"{self.title()} – {self.ctx.case_number}",
                           author=self.issuer())

    def meta(self) -> list[tuple[str, str]]:
        v = self.v
        return [(v.t("Case no."), self.ctx.case_number), (v.t("Document"), self.code),
                (v.t("Version"), self.version()), (v.t("Date"), self.document_date())]

    def issuer(self) -> str:
        return self.ctx.letterhead.text("name", self.v.lang)

    def letterhead(self) -> list[Flowable]:
        lh, lang = self.ctx.letterhead, self.v.lang
        contacts = [lh.address]
        if lh.phone:
            contacts.append(f"{self.v.t('Tel.')} {lh.phone}")
        if lh.email:
            contacts.append(lh.email)
        lines = [("state", lh.state(lang)), ("name", lh.text("name", lang)),
                 ("unit", lh.text("unit", lang)),
                 ("contact", " · ".join(c for c in contacts if c))]
        return L.letterhead_block(self.st, lines, lh.logo_image(), self.width)

    def furniture(self) -> L.Furniture:
        v, ctx = self.v, self.ctx
        marker = v.t("CONFIDENTIAL")
        if ctx.include_sensitive:
            marker += " · " + v.t("Contains sensitive data").upper()
        unit = ctx.letterhead.text("unit", v.lang)
        left = self.issuer() + (f" · {unit}" if unit else "")
        note = f"{v.t('Case no.')} {ctx.case_number} · {self.code} · {v.t('Version')} " \
               f"{self.version()}"
        return L.Furniture(
            running_left=left, running_right=f"{self.title()} · {ctx.case_number}",
            marker=marker,
            footer_left=v.t("Printed on {when} by {who}", when=format_datetime(ctx.now),
                            who=ctx.printed_by),
            footer_note=note, page_of=v.t("Page {page} of {pages}", page="{page}", pages="{pages}"),
        )

    def closing(self) -> list[Flowable]:
        """Signatures, then the privacy notes (sensitive data left out, confidentiality),
        kept on the signatures' page: never a page of notes alone."""
        notes = self._privacy_notes()
        signers = self.signers()
        if not signers:
            return notes
        labels = {"name": self.v.t("Name"), "signature": self.v.t("Signature"),
                  "date": self.v.t("Date")}
        block = L.signature_blocks(self.st, signers, labels, self.width)
        return [KeepTogether(self._with_signed_text(
            L.heading(self.st, self.v.t("Signatures")) + [block]) + notes)]

    def _privacy_notes(self) -> list[Flowable]:
        """One short paragraph, so that it fits under the signatures on a full page 1."""
        notes = []
        if self.v.omitted:
            # Which fields were left out is not said: even a field's name can tell too much.
            notes.append(self.v.t("Sensitive data is left out of this document."))
        notes.append(self.v.t(
            "This document contains personal data and is confidential. It may be used only for "
            "the purpose for which it was prepared and is not given to third parties without "
            "the beneficiary's consent or a legal basis."))
        return [L.p(" ".join(notes), self.st.fine_print)]

    def _with_signed_text(self, signatures: list[Flowable]) -> list[Flowable]:
        """What is signed, then the signatures, to be kept on one page (never a page of
        signature lines alone): without the headings' own page breaks, which would split
        them, and with less space between the two (they fit where page 1 has room)."""
        signed = list(self.signed_text)
        if signed:
            while signed and isinstance(signed[-1], Spacer):
                signed.pop()
            while signatures and isinstance(signatures[0], CondPageBreak | Spacer):
                signatures = signatures[1:]
        return [f for f in [*signed, *signatures] if not isinstance(f, CondPageBreak)]

    # -- helpers for subclasses ------------------------------------------------------------
    def add(self, *items: Flowable | None) -> None:
        self.story += [i for i in items if i is not None]

    def add_section(self, title: str, body: Iterable[Flowable | None], keep: bool = False
                    ) -> None:
        items = [b for b in body if b is not None]
        if items:
            self.story += L.section(self.st, title, items, keep=keep)

    def para(self, text: str) -> Flowable:
        return L.p(text, self.st.body)

    def grid(self, rows: Sequence[tuple[str, str]], pairs: int = 2) -> Flowable | None:
        return L.kv_grid(self.st, rows, self.width, pairs)

    def text_block(self, label: str, value: str) -> list[Flowable]:
        """A labelled paragraph of free text (nothing when empty)."""
        if not value:
            return []
        return [L.p(label, self.st.subheading), L.p(value, self.st.body)]

    def place_and_date(self) -> list[Flowable]:
        """"Nr. ___ prot." on the left and "Place, më dd.MM.yyyy" on the right (letters)."""
        lh = self.ctx.letterhead
        when = self.document_date()
        dated = self.v.t("{place}, {date}", place=lh.place, date=when) if lh.place else when
        table = Table([[L.p(self.v.t("Ref. no. ______"), self.st.body),
                        L.p(dated, self.st.right)]], colWidths=[self.width / 2] * 2)
        table.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0),
                                   ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
        return [table, Spacer(1, 4)]

    def addressed_to(self, recipients: Sequence[str]) -> list[Flowable]:
        lines = "<br/>".join(f"<b>{escape(r)}</b>" for r in recipients if r)
        markup = f"{escape(self.v.t('To'))}:<br/>{lines}"
        return [L.pm(markup, self.st.body), Spacer(1, 4)]

    # -- common sections -------------------------------------------------------------------
    def person_rows(self, person: Record, full: bool = True) -> list[tuple[str, str]]:
        v = self.v
        rows = [(v.t("Full name"), v.full_name(person))]
        rows += v.rows(person, ["father_name", "sex"])
        born = v.value(person, "birth_date")
        if born:
            age = v.age(person)
            suffix = f" ({v.t('{n} years', n=age)})" if age is not None else ""
            rows.append((v.field_label("person", "birth_date"), born + suffix))
        rows += v.rows(person, ["personal_id", "phone"])
        residence = ", ".join(v.place(x) for x in (v.value(person, "village"),
                                                   v.value(person, "administrative_unit")) if x)
        if residence:
            rows.append((v.t("Place of residence"), residence))
        rows += v.rows(person, ["address"])
        if full:
            rows += v.rows(person, ["target_groups", "disability_type", "disability_severity",
                                    "health_diagnosis", "ethnicity"])
        return rows

    def person_section(self, title: str = N_("Beneficiary"), full: bool = True) -> None:
        rows = self.person_rows(self.ctx.person, full)
        self.add_section(self.v.t(title), [self.grid(rows)])

    def case_rows(self) -> list[tuple[str, str]]:
        v, case = self.v, self.ctx.case
        rows: list[tuple[str, str]] = []
        case_type = case.get("case_type")
        if case_type and (self.ctx.include_sensitive or
                          case_type not in v.profile.sensitive_case_types):
            rows.append((v.field_label("case", "case_type"), v.value(case, "case_type")))
        elif case_type:
            v.note_omitted(v.field_label("case", "case_type"))
        rows += v.rows(case, ["opened_on", "risk_level", "referral_source", "status"])
        return rows

    def household_rows(self, names: list[str]) -> list[tuple[str, str]]:
        return self.v.rows(self.ctx.household, names)

    def worker_signer(self, role_title: str = N_("Case manager")) -> L.Signer:
        ctx, v = self.ctx, self.v
        role_code = ctx.worker_role or ctx.case.get("manager_role")
        role = v.code("roles", role_code) if role_code else ""
        label = v.t(role_title) if role_title != "Case manager" or not role else role
        return L.Signer(label, ctx.printed_by)

    def beneficiary_signer(self, guardian_name: str | None = None) -> L.Signer:
        v, person = self.v, self.ctx.person
        if guardian_name or v.is_minor(person):
            return L.Signer(v.t("Parent / legal guardian"), guardian_name or "")
        return L.Signer(v.t("Beneficiary"), v.full_name(person))

    def head_signer(self) -> L.Signer:
        return L.Signer(self.v.t("Head of unit (approval)"), self.ctx.head_of_unit or "")
