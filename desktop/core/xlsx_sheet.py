"""A one-sheet XLSX workbook written in one pass, in memory (Qt-free).

An export of 100,000 cases has about two million cells. XlsxWriter keeps every cell as an
object until the workbook is closed, then writes them out one call at a time (about 18 s of
CPU for 100,000 cases); its constant-memory mode would be faster but keeps the rows in
temporary files, and case data never touches the disk unencrypted. Here each row becomes
one piece of SpreadsheetML as it comes, streamed into the zip archive held in memory:
strings inline (no shared-string table to build), a string or date that repeats (a label,
a village, a day) escaped once, dates as day numbers with a dd.mm.yyyy format, a bold
header row that stays in view.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import zipfile
from collections.abc import Iterable
from typing import Any
from xml.sax.saxutils import escape, quoteattr

MAX_TEXT = 32767  # the most characters Excel keeps in a cell
_EPOCH = dt.date(1899, 12, 30)
_ROWS_PER_WRITE = 500
_CACHED = 200_000  # distinct values whose cell text is kept for reuse
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_EDGE_SPACE = re.compile(r"^\s|\s$")

_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
<Default Extension="xml" ContentType="application/xml"/>\
<Override PartName="/xl/workbook.xml" \
ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
<Override PartName="/xl/worksheets/sheet1.xml" \
ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
<Override PartName="/xl/styles.xml" \
ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
<Override PartName="/docProps/core.xml" \
ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>\
</Types>"""
_ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/\
relationships/officeDocument" Target="xl/workbook.xml"/>\
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/\
metadata/core-properties" Target="docProps/core.xml"/>\
</Relationships>"""
_WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/\
relationships/worksheet" Target="worksheets/sheet1.xml"/>\
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/\
relationships/styles" Target="styles.xml"/>\
</Relationships>"""
_WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
<sheets><sheet name={name} sheetId="1" r:id="rId1"/></sheets></workbook>"""
# Styles: 0 plain, 1 bold (the header), 2 a date as dd.mm.yyyy.
_STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
<numFmts count="1"><numFmt numFmtId="164" formatCode="dd.mm.yyyy"/></numFmts>\
<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>\
<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>\
<fills count="2"><fill><patternFill patternType="none"/></fill>\
<fill><patternFill patternType="gray125"/></fill></fills>\
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>\
</cellStyles></styleSheet>"""
_CORE = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/\
core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">\
<dc:title>{title}</dc:title><dc:creator>Kujdes</dc:creator></cp:coreProperties>"""
_SHEET_START = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" \
activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><sheetData>"""
_SHEET_END = "</sheetData></worksheet>"


def column_letters(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _text(value: str) -> str:
    value = _CONTROL.sub(lambda m: f"_x{ord(m.group(0)):04X}_", value[:MAX_TEXT])
    space = ' xml:space="preserve"' if _EDGE_SPACE.search(value) else ""
    return f'" t="inlineStr"><is><t{space}>{escape(value)}</t></is></c>'


class _Cells:
    """What follows a cell's reference, for each value (repeated values made once)."""

    def __init__(self) -> None:
        # Strings and dates made before (never numbers: True, 1 and 1.0 are one key).
        self.known: dict[str | dt.date, str] = {}

    def tail(self, value: Any) -> str:
        if isinstance(value, str):
            return self._keep(value, _text(value))
        if isinstance(value, dt.datetime):
            delta = value - dt.datetime(1899, 12, 30, tzinfo=value.tzinfo)
            return f'" s="2"><v>{delta.total_seconds() / 86400!r}</v></c>'
        if isinstance(value, dt.date):
            return self._keep(value, f'" s="2"><v>{(value - _EPOCH).days}</v></c>')
        if isinstance(value, bool):
            return f'" t="b"><v>{int(value)}</v></c>'
        if isinstance(value, int) or isinstance(value, float) and math.isfinite(value):
            return f'"><v>{value!r}</v></c>'
        return self.tail(str(value))

    def _keep(self, value: str | dt.date, tail: str) -> str:
        if len(self.known) < _CACHED:
            self.known[value] = tail
        return tail


def xlsx_sheet(header: list[str], lines: Iterable[list[Any]], sheet: str, title: str = "",
               compresslevel: int = 6) -> bytes:
    """The workbook's bytes: a bold header row, then ``lines`` (``None`` an empty cell)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as book:
        book.writestr("[Content_Types].xml", _CONTENT_TYPES)
        book.writestr("_rels/.rels", _ROOT_RELS)
        book.writestr("docProps/core.xml", _CORE.format(title=escape(title)))
        book.writestr("xl/workbook.xml", _WORKBOOK.format(name=quoteattr(_sheet_name(sheet))))
        book.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        book.writestr("xl/styles.xml", _STYLES)
        with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            part.write(_SHEET_START.encode())
            for chunk in _sheet_rows(header, lines):
                part.write(chunk.encode("utf-8"))
            part.write(_SHEET_END.encode())
    return out.getvalue()


def _sheet_name(sheet: str) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\."""
    name = re.sub(r"[\[\]:*?/\\]", " ", sheet)[:31].strip("'")
    return name or "Sheet1"


def _sheet_rows(header: list[str], lines: Iterable[list[Any]]) -> Iterable[str]:
    refs = [f'<c r="{column_letters(i)}' for i in range(len(header))]
    cells = _Cells()
    heading = "".join(ref + '1" s="1' + _text(str(label))
                      for ref, label in zip(refs, header, strict=True))
    parts = [f'<row r="1">{heading}</row>']
    known, tail = cells.known.get, cells.tail
    for number, line in enumerate(lines, start=2):
        row = str(number)
        parts.append(f'<row r="{row}">')
        for ref, value in zip(refs, line, strict=True):
            if value is not None:
                try:
                    parts.append(ref + row + (known(value) or tail(value)))
                except TypeError:  # a value that cannot be a key (a list): as text
                    parts.append(ref + row + tail(value))
        parts.append("</row>")
        if number % _ROWS_PER_WRITE == 0:
            yield "".join(parts)
            parts.clear()
    yield "".join(parts)
