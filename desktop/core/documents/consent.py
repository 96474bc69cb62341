"""The consent and legal basis for sharing a person's information: what was agreed (or
refused, or withdrawn), by whom, when, with which institutions and for what, and its history."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable

from desktop.core.documents import layout as L
from desktop.core.documents.base import DocumentBuilder
from desktop.core.documents.context import DocumentContext, format_date
from desktop.core.documents.errors import DocumentError
from desktop.core.forms.loader import load_form
from sync.records import Record

GIVEN, REFUSED, WITHDRAWN = "given", "refused", "withdrawn"
CONSENT_KINDS = ("consent", "guardian_consent")


class ConsentDocument(DocumentBuilder):
    code = "PLQ"

    def __init__(self, ctx: DocumentContext, consent: Record) -> None:
        super().__init__(ctx)
        if not isinstance(consent, Record) or consent.type != "consent":
            raise DocumentError("consent: expected a consent record")
        self.consent = consent
        try:
            self.form: Any = load_form("consent")
        except LookupError:
            self.form = None

    @property
    def status(self) -> str:
        return str(self.consent.get("status") or GIVEN)

    def title(self) -> str:
        return self.v.t("Consent and legal basis for sharing information")

    def document_date(self) -> str:
        return format_date(self.consent.get("status_on") or self.consent.get("given_on"))

    def before_title(self) -> list[Flowable]:
        return self.place_and_date()

    def body(self) -> None:
        v, c = self.v, self.consent
        self.person_section(full=False)
        self.add(self.para(self.statement()))
        rows = [(v.t("Consent or legal basis"), v.code("consent_kinds", c.get("kind"))),
                (v.t("Status"), v.code("consent_statuses", self.status)),
                (v.t("By"), v.code("consent_parties", c.get("decided_by"))),
                (v.t("Date"), format_date(c.get("status_on") or c.get("given_on"))),
                (v.t("Valid until"), format_date(c.get("valid_until"))),
                (v.t("Legal basis"), v.code("legal_bases", c.get("legal_basis"))),
                (v.t("Recorded by"), str(c.get("recorded_by") or ""))]
        self.add_section(v.t("The consent"), [self.grid([r for r in rows if r[1]])])
        shared = [(v.t("Institutions the information is shared with"),
                   ", ".join(self.choice_texts("institutions", c.get("institutions") or []))),
                  (v.t("Purpose"), ", ".join(self.choice_texts(
                      "purposes", [p.strip() for p in str(c.get("purpose") or "").split(",")
                                   if p.strip()])))]
        self.add_section(v.t("Sharing"), [self.grid([r for r in shared if r[1]], pairs=1)])
        if c.get("withdrawal_reason"):
            self.add_section(v.t("Reason for the withdrawal"),
                             [self.para(str(c.get("withdrawal_reason")))])
        history = c.get("history") or []
        if history:
            header = [v.t("Status"), v.t("Date"), v.t("By"), v.t("Recorded by")]
            lines = [[v.code("consent_statuses", h.get("status")), format_date(h.get("on")),
                      v.code("consent_parties", h.get("by")), str(h.get("recorded_by") or "")]
                     for h in history]
            self.add_section(v.t("History of the consent"),
                             [L.grid_table(self.st, header, lines, [w * self.width for w in
                                                                    (0.25, 0.2, 0.3, 0.25)])],
                             keep=True)

    def statement(self) -> str:
        v, c = self.v, self.consent
        name = v.full_name(self.ctx.person)
        when = format_date(c.get("status_on") or c.get("given_on"))
        by = v.code("consent_parties", c.get("decided_by"))
        by = by[:1].lower() + by[1:]    # within a sentence
        if c.get("kind") not in CONSENT_KINDS:
            return v.t("Information about {name} is shared on a legal basis, without consent: "
                       "{basis}.", name=name,
                       basis=v.code("legal_bases", c.get("legal_basis")) or
                       v.code("consent_kinds", c.get("kind")))
        if self.status == REFUSED:
            return v.t("On {date} {by} refused consent to sharing information about {name}. "
                       "Nothing is shared without a legal basis.", date=when, by=by, name=name)
        if self.status == WITHDRAWN:
            return v.t("The consent given on {given} was withdrawn on {date} by {by}. From "
                       "that day nothing more is shared about {name} without a legal basis.",
                       given=format_date(c.get("given_on")), date=when, by=by, name=name)
        return v.t("On {date} {by} consented to the municipal social services sharing the "
                   "information about {name} below with the institutions listed, for the "
                   "purpose stated, until {until}. The consent may be withdrawn at any time.",
                   date=when, by=by, name=name, until=format_date(c.get("valid_until")))

    def choice_texts(self, list_name: str, codes: list[Any]) -> list[str]:
        out = []
        for code in codes:
            choice = self.form.choice(list_name, str(code)) if self.form is not None else None
            out.append(choice.text(self.v.lang) if choice is not None else str(code))
        return out

    def signers(self) -> list[L.Signer]:
        if self.consent.get("decided_by") == "representative":
            person = L.Signer(self.v.t("Parent / legal guardian"), "")
        else:
            person = self.beneficiary_signer()
        return [self.worker_signer(), person]
