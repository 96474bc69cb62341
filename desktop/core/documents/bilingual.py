"""Bilingual documents: the same document in two languages, as the municipality sets.

A Kosovo municipality prints a plan or a letter in Albanian and Serbian, either one after the
other (each language's pages in turn) or side by side (each sheet landscape, the page in the
first language on the left and the same page in the second on the right). The pair and the
layout are the letterhead's ``bilingual`` setting; a document language written ``sq+sr``
asks for it.
"""

from __future__ import annotations

from dataclasses import replace
from io import BytesIO
from typing import Any

from pypdf import PdfReader, PdfWriter, Transformation

from desktop.core.documents.context import DocumentContext
from desktop.core.documents.errors import DocumentError
from desktop.core.documents.letterhead import SEPARATOR, Bilingual
from desktop.core.documents.render import render_document
from desktop.core.i18n import LANGUAGES, current_language
from sync.records import Record

__all__ = ["Bilingual", "PAIR", "combine", "is_bilingual", "preferred_language", "render_in"]


# The document language that asks for the letterhead's pair, whichever it is.
PAIR = SEPARATOR


def is_bilingual(language: str) -> bool:
    return SEPARATOR in language


def combine(first: bytes, second: bytes, layout: str) -> bytes:
    """One PDF of two renderings of a document, laid out as ``layout`` says."""
    pages = [PdfReader(BytesIO(pdf)).pages for pdf in (first, second)]
    writer = PdfWriter()
    if layout == "side_by_side":
        _side_by_side(writer, pages[0], pages[1])
    else:
        for page in (*pages[0], *pages[1]):
            writer.add_page(page)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def _side_by_side(writer: PdfWriter, left: list, right: list) -> None:
    width = float(left[0].mediabox.width)
    height = float(left[0].mediabox.height)
    # A landscape sheet of the same paper: each portrait page scaled to half of it.
    scale = min((height / 2) / width, width / height)
    margin_x = (height / 2 - width * scale) / 2
    margin_y = (width - height * scale) / 2
    for index in range(max(len(left), len(right))):
        sheet = writer.add_blank_page(width=height, height=width)
        for column, pages in enumerate((left, right)):
            if index < len(pages):
                x = column * height / 2 + margin_x
                sheet.merge_transformed_page(
                    pages[index], Transformation().scale(scale).translate(x, margin_y))


def preferred_language(person: Record | None) -> str:
    """The language a document for ``person`` is printed in unless another is chosen: the
    beneficiary's preferred language when recorded, else the language of the screens."""
    preferred = person.get("preferred_language") if person is not None else None
    return str(preferred) if preferred in LANGUAGES else current_language()


def render_in(kind: str, ctx: DocumentContext, language: str, **records: Any) -> bytes:
    """The document in ``language``: one language, or the letterhead's pair (``sq+sr``, or
    :data:`PAIR` for whichever pair the letterhead sets)."""
    if not is_bilingual(language):
        return render_document(kind, replace(ctx, language=language), **records)
    pair = ctx.letterhead.bilingual
    if pair is not None and language == PAIR:
        language = pair.code
    if pair is None or pair.code != language:
        offered = pair.code if pair is not None else "none"
        raise DocumentError(f"bilingual documents are printed as the letterhead sets "
                            f"({offered}), not {language!r}")
    first, second = (render_document(kind, replace(ctx, language=lang), **records)
                     for lang in pair.languages)
    return combine(first, second, pair.layout)
