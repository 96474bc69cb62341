"""Widths that keep short facts on one line (a case number never breaks in two)."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth

CELL_PADDING = 12  # the strip's left padding (6) and the table's default right padding (6)


def one_line_widths(facts: Sequence[tuple[str, str]], label: ParagraphStyle,
                    value: ParagraphStyle, width: float) -> list[float]:
    """Column widths for ``facts`` (label, value) across ``width``: equal shares when every
    value fits its share; otherwise each column first gets what its value needs on one line
    and the rest is shared equally (equal shares when even that does not fit)."""
    count = len(facts)
    equal = width / count if count else width
    need = [max(stringWidth(text or "—", value.fontName, value.fontSize),
                stringWidth(name, label.fontName, label.fontSize)) + CELL_PADDING + 1
            for name, text in facts]
    if all(n <= equal for n in need) or sum(need) > width:
        return [equal] * count
    spare = (width - sum(need)) / count
    return [n + spare for n in need]
