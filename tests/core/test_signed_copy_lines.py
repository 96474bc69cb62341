"""How a signed copy of a plan reads in its list: date, type, size, description."""

from __future__ import annotations

from desktop.core.views.signed_copies import copy_line, size_text
from sync.records import Record


def copy(**fields: object) -> Record:
    return Record("att-1", "attachment", {"plan_id": "pl-1", **fields})


def test_a_copy_reads_with_its_date_type_size_and_description() -> None:
    line = copy_line(copy(added_on="2026-02-03", mime="application/pdf", size=1_572_864,
                          description="skanim.pdf"))
    assert line == "03.02.2026  ·  PDF  ·  1.5 MB  ·  skanim.pdf"


def test_small_and_unknown_copies_still_read() -> None:
    assert size_text(10) == "1 KB" and size_text(327_680) == "320 KB"
    assert copy_line(copy(added_on="2026-02-03", mime="image/bmp")) == "03.02.2026  ·  ?  ·  1 KB"
