"""Serbian Latin to Serbian Cyrillic, and picking a text in a language (Qt-free, no I/O).

Serbian is written in both scripts with a one-to-one mapping (``lj`` -> ``љ``, ``nj`` -> ``њ``,
``dž`` -> ``џ`` are single letters). The Cyrillic catalog and the Cyrillic labels of forms and
profiles are made from the Latin ones with :func:`to_cyrillic`, so there is one Serbian text to
keep up. What must stay as it is is left in Latin: ``{placeholders}``, URLs, e-mail addresses,
command-line options, codes (anything with a digit, an underscore or a letter Serbian does not
have: q, w, x, y) and Latin abbreviations and key names (QPS, PDF, CSV, Ctrl, ...).

This lives beside the profile because profile and form labels need it as much as the catalogs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

LATIN = "sr"
CYRILLIC = "sr-Cyrl"

_DIGRAPHS = {"Dž": "Џ", "DŽ": "Џ", "dž": "џ", "Lj": "Љ", "LJ": "Љ", "lj": "љ",
             "Nj": "Њ", "NJ": "Њ", "nj": "њ"}
_LETTERS = dict(zip("abcčćdđefghijklmnoprsštuvzž", "абцчћдђефгхијклмнопрсштувзж", strict=True))
_LETTERS |= {latin.upper(): cyrillic.upper() for latin, cyrillic in _LETTERS.items()}
_LETTER = re.compile("|".join(_DIGRAPHS) + "|.", re.DOTALL)

# Abbreviations, product and key names read the same in both scripts.
KEPT_WORDS = frozenset({
    "QPS", "PDF", "CSV", "XLSX", "XLS", "JPEG", "JPG", "PNG", "TIFF", "WebP", "YAML", "URL",
    "MB", "KB", "GB", "ID", "SMS", "USB", "IBAN", "EUR", "ALL", "OK", "Ctrl", "Caps", "Lock",
    "Shift", "Alt", "Enter", "Esc", "Tab", "Excel", "Windows", "Linux", "Wi", "Fi",
    # Albanian abbreviations named in Serbian text (ALO 116111, NE = ndihma ekonomike)
    "ALO", "NE", "PMF", "GTN", "ETN", "NJVNR", "ASHMDF", "ZVAKPA", "UMM", "UM", "PAK", "PIM"})
# One-letter Serbian words; any other lone capital letter is a code (sex F/M, key Ctrl+L).
_ONE_LETTER_WORDS = frozenset("AaIiUuOoSsKkVvEe")
# Words where n+j or d+ž are two letters, not the digraph (nad-živeti, kon-junkcija).
_SPLIT = re.compile(r"(?i)\b(nad|pod|od|pred)(ž)|(kon)(junk)|(i)(njekc)|(van)(jezi)")

_TOKEN = re.compile(r"""
    (?P<keep>
        \{[^{}]*\}                                   # a placeholder, filled in later
      | (?:https?|ftp)://[^\s<>"”]* | www\.[^\s<>"”]+  # a web address
      | \bkujdes(?:\ [a-z][\w-]*)+                   # a command (kujdes vault check)
      | [\w.+-]+@[\w-]+(?:\.[\w-]+)+                 # an e-mail address
      | (?<![\w-])--?[A-Za-z][\w-]*                  # a command-line option
    )
  | (?P<word>\w+)
""", re.VERBOSE)


def _is_kept(word: str) -> bool:
    if word in KEPT_WORDS or any(c.isdigit() or c == "_" for c in word):
        return True
    if any(c in "qwxyQWXY" for c in word):
        return True
    return len(word) == 1 and word.isupper() and word not in _ONE_LETTER_WORDS


def _word(word: str) -> str:
    if _is_kept(word):
        return word
    # A NUL marker keeps a split pair apart while the letters are mapped.
    split = _SPLIT.sub(lambda m: "\0".join(g for g in m.groups() if g), word)
    out = _LETTER.sub(lambda m: _DIGRAPHS.get(m.group()) or _LETTERS.get(m.group(), m.group()),
                      split)
    return out.replace("\0", "")


def to_cyrillic(text: str) -> str:
    """``text`` in Serbian Cyrillic; placeholders, addresses, codes and abbreviations kept."""
    return _TOKEN.sub(lambda m: m.group("keep") or _word(m.group("word")), text)


def localized(texts: Mapping[str, str] | None, language: str,
              fallback: str | None = "sq") -> str:
    """The text of ``texts`` (a ``{language: text}`` mapping) in ``language``.

    Serbian Cyrillic is the Cyrillic text when there is one, else the Latin one transliterated;
    otherwise the ``fallback`` language, else any text there is, else ``""`` (with
    ``fallback=None``: ``""`` when there is no text in ``language``).
    """
    if not texts:
        return ""
    if texts.get(language):
        return texts[language]
    if language == CYRILLIC and texts.get(LATIN):
        return to_cyrillic(texts[LATIN])
    if fallback is None:
        return ""
    return texts.get(fallback) or next((t for t in texts.values() if t), "")
