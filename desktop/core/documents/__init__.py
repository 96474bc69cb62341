"""Printed documents: individual plans, referral letters, visit reports, the 60-day report on
a protection order and assessment summaries.

Laid out with reportlab (platypus) in the embedded DejaVu font, with the municipality's
letterhead, signature blocks and "Faqe X nga Y" on every page; rendered to bytes in memory,
never to a file. Fields the country profile marks sensitive are left out unless the caller
asks for them (and writes that choice to the audit log). Qt-free.
"""

from desktop.core.documents.context import DocumentContext, format_date
from desktop.core.documents.errors import DocumentError, LetterheadError
from desktop.core.documents.letterhead import Letterhead
from desktop.core.documents.render import KINDS, kind_for_plan_type, render_document

__all__ = [
    "KINDS",
    "DocumentContext",
    "DocumentError",
    "Letterhead",
    "LetterheadError",
    "format_date",
    "kind_for_plan_type",
    "render_document",
]
