"""Printed documents: individual plans, referral letters, visit reports, the 60-day report on
a protection order and assessment summaries.

Laid out with reportlab (platypus) in the embedded DejaVu font, with the municipality's
letterhead, signature blocks and "Faqe X nga Y" on every page; rendered to bytes in memory,
never to a file. Fields the country profile marks sensitive are left out unless the caller
asks for them (and writes that choice to the audit log). Qt-free.

The first document in a process loads the fonts (about half a second); call
:func:`preload_fonts` off the UI thread after login to take that out of the first print.
"""

from desktop.core.documents.context import DocumentContext, format_date
from desktop.core.documents.errors import DocumentError, LetterheadError
from desktop.core.documents.fonts import register_fonts as preload_fonts
from desktop.core.documents.from_store import NoDocumentSource, document_for_case
from desktop.core.documents.letterhead import Letterhead
from desktop.core.documents.render import KINDS, kind_for_plan_type, render_document

__all__ = [
    "KINDS",
    "DocumentContext",
    "DocumentError",
    "Letterhead",
    "LetterheadError",
    "NoDocumentSource",
    "document_for_case",
    "format_date",
    "kind_for_plan_type",
    "preload_fonts",
    "render_document",
]
