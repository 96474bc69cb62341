"""Recognising how a spreadsheet saved as text was encoded.

Excel on a Windows laptop in Albania or Kosovo saves "CSV" in Windows-1250; elsewhere it may
be Windows-1252, "CSV UTF-8" (with a byte-order mark), or "Unicode text" (UTF-16). A byte-order
mark decides; then text that is valid UTF-8 is UTF-8 (single-byte encodings of real
Albanian text almost never are); then UTF-16 without a mark shows as NUL bytes beside ASCII;
else the one of Windows-1250 and Windows-1252 that reads more letters of Albanian and of
Kosovo's Serbian Latin (ë ç š ž č ć đ) and fewer letters no name here has (è æ ð þ ¹ ¾) wins.
Both read ë and ç alike, so a file in either with only those letters is read correctly.
"""

from __future__ import annotations

import codecs

UTF8, UTF8_BOM, UTF16 = "UTF-8", "UTF-8 (BOM)", "UTF-16"
CP1250, CP1252 = "Windows-1250", "Windows-1252"
_CODECS = {UTF8: "utf-8", UTF8_BOM: "utf-8-sig", UTF16: "utf-16", CP1250: "cp1250",
           CP1252: "cp1252"}
_EXPECTED = set("ëçšžčćđËÇŠŽČĆĐ")
_UNLIKELY = set("èæðþÈÆÐÞ¹¾ŕĺľăęńţˇ˘˝¤")


def decode(data: bytes) -> tuple[str, str]:
    """The text and the name of the encoding it was read with (shown to the person)."""
    name = detect(data)
    codec = _CODECS[name]
    if name == UTF16 and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        codec = "utf-16-le" if data[1:2] == b"\x00" else "utf-16-be"
    return data.decode(codec), name


def detect(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return UTF8_BOM
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return UTF16
    try:
        data.decode("utf-8")
        return UTF8
    except UnicodeDecodeError:
        pass
    if _looks_utf16(data):
        return UTF16
    return max((CP1250, CP1252), key=lambda name: _score(data, name))


def _looks_utf16(data: bytes) -> bool:
    sample = data[:2000]
    return len(sample) >= 4 and sample.count(0) * 3 >= len(sample)


def _score(data: bytes, name: str) -> int:
    text = data.decode(_CODECS[name], errors="replace")
    return sum(c in _EXPECTED for c in text) - 3 * sum(c in _UNLIKELY or c == "\ufffd"
                                                       for c in text)
