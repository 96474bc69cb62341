"""The referral letter to a service or institution."""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.platypus import Flowable, Spacer

from desktop.core.documents import layout as L
from desktop.core.documents.base import DocumentBuilder
from desktop.core.documents.context import DocumentContext, format_date
from desktop.core.documents.errors import DocumentError
from desktop.core.i18n import N_
from sync.records import Record


class ReferralLetter(DocumentBuilder):
    code = "REF"

    def __init__(self, ctx: DocumentContext, referral: Record) -> None:
        super().__init__(ctx)
        if not isinstance(referral, Record) or referral.type != "referral":
            raise DocumentError("referral: expected a referral record")
        self.referral = referral

    def title(self) -> str:
        return self.v.t("Referral letter")

    def document_date(self) -> str:
        return format_date(self.referral.get("sent_on") or self.ctx.now)

    def service_label(self) -> str:
        return self.v.service(self.referral.get("service"))

    def before_title(self) -> list[Flowable]:
        return self.place_and_date()

    def body(self) -> None:
        v, ref = self.v, self.referral
        service = self.service_label()
        self.add(*self.addressed_to([v.value(ref, "provider_name") or service]))
        self.add(L.pm(f"<b>{escape(v.t('Subject'))}:</b> "
                      f"{escape(v.t('Referral for the service “{service}”', service=service))}",
                      self.st.body),
                 Spacer(1, 4), self.para(v.t("Dear Sir or Madam,")),
                 self.para(v.t("With this letter we refer to you the beneficiary below for the "
                               "service “{service}”. The beneficiary's details and the reason "
                               "for the referral follow.", service=service)))
        self.person_section(full=True)
        reason = [self.para(v.value(ref, "reason"))] if ref.get("reason") else []
        if ref.get("prescribed"):
            reason.append(self.para(v.t("The service was prescribed by the commission.")))
        self.add_section(v.t("Reason for the referral"), reason)
        consent = v.t("The beneficiary consents to this referral and to sharing with the "
                      "service provider the data it needs.")
        self.add_section(v.t("Agreement"), [self.para(consent)], keep=True)
        self.add(self.para(self.response_text()), self.para(self.contact_text()),
                 Spacer(1, 2), self.para(v.t("Yours faithfully,")))

    def response_text(self) -> str:
        due = self.referral.get("response_due")
        if due:
            return self.v.t("Please let us know whether you accept the referral by {date}.",
                            date=format_date(due))
        return self.v.t("Please let us know as soon as possible whether you accept the referral.")

    def contact_text(self) -> str:
        phone = self.ctx.letterhead.phone
        suffix = f", {self.v.t('Tel.')} {phone}" if phone else ""
        return self.v.t("For information: {who}{phone}.", who=self.ctx.printed_by, phone=suffix)

    def signers(self) -> list[L.Signer]:
        return [self.worker_signer(N_("Referring worker")), self.beneficiary_signer(),
                L.Signer(self.v.t("Received by the service provider"))]
