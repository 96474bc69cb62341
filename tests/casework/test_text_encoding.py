"""How a spreadsheet saved as text was encoded: what Excel writes in Albania, Kosovo and
elsewhere is read right, and the encoding is named."""

from __future__ import annotations

import codecs

import pytest

from desktop.core.casework.text_encoding import decode

ALBANIAN = "Emri;Mbiemri;Fshati\nDrita;Çela;Qelëz\nLulzim;Këlliçi;Kuçovë\n"
SERBIAN_LATIN = "Ime;Prezime\nĐorđe;Šćepanović\nŽivko;Čolić\n"
WESTERN = "Emri;Mbiemri\nJosé;Muñoz\nFrançois;Müller\n"


@pytest.mark.parametrize(("text", "encoding", "name"), [
    (ALBANIAN, "utf-8", "UTF-8"),
    (ALBANIAN, "utf-8-sig", "UTF-8 (BOM)"),
    (ALBANIAN, "utf-16", "UTF-16"),
    (ALBANIAN, "utf-16-le", "UTF-16"),
    (ALBANIAN, "cp1250", "Windows-1250"),
    (SERBIAN_LATIN, "cp1250", "Windows-1250"),
    (WESTERN, "cp1252", "Windows-1252"),
])
def test_each_encoding_is_read_and_named(text: str, encoding: str, name: str) -> None:
    assert decode(text.encode(encoding)) == (text, name)


def test_albanian_in_windows_1252_reads_the_same_letters() -> None:
    text, _name = decode(ALBANIAN.encode("cp1252"))
    assert text == ALBANIAN


def test_a_byte_order_mark_decides() -> None:
    assert decode(codecs.BOM_UTF16_BE + "Emri".encode("utf-16-be"))[0] == "Emri"
