"""The embedded document font: DejaVu Sans, shipped in resources/fonts.

DejaVu covers Albanian (ë, ç), Serbian Latin (č, ć, đ, š, ž) and Cyrillic. The fonts are
registered with reportlab once per process and embedded (subset) in every PDF.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from desktop.core.heap import settle_loaded

FONT_DIR = Path(__file__).resolve().parents[3] / "resources" / "fonts"
REGULAR = "KujdesSans"
BOLD = "KujdesSans-Bold"
_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf"}


class FontMissingError(RuntimeError):
    """The shipped font files are not where the installation put them."""


@cache
def register_fonts() -> tuple[str, str]:
    """Register the document fonts (once) and return (regular, bold) font names."""
    for name, filename in _FILES.items():
        path = FONT_DIR / filename
        if not path.is_file():
            raise FontMissingError(f"document font not found: {path}")
        pdfmetrics.registerFont(TTFont(name, str(path)))
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, REGULAR)
    addMapping(REGULAR, 1, 1, BOLD)
    settle_loaded()   # their glyph tables stay for the process: out of full collections
    return REGULAR, BOLD
