"""Signed copies of a plan: scans kept inside the vault, listed per plan, clear refusals."""

from __future__ import annotations

import io
import os
import struct
import zlib
from pathlib import Path

import pytest
from reportlab.pdfgen import canvas

from desktop.core.casework.errors import WrongRecord
from desktop.core.casework.plans import create_plan, new_plan_version, sign_plan
from desktop.core.casework.signed_copies import (
    MAX_BYTES,
    CopyNotOnLaptop,
    EmptyFile,
    FileTooLarge,
    UnsupportedFile,
    attach_signed_copy,
    attach_signed_copy_file,
    signed_copies,
    signed_copy_bytes,
    sniff_mime,
)
from desktop.core.store import Store
from desktop.core.vault import OpenVault
from sync.records import Record

from .conftest import TODAY, new_case


def png_bytes(marker: bytes = b"") -> bytes:
    """A 2x2 grey PNG; ``marker`` goes into a text chunk (to look for it on disk)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", 2, 2, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x80\x80" * 2)
    text = chunk(b"tEXt", b"Comment\x00" + marker) if marker else b""
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + text + chunk(b"IDAT", pixels)
            + chunk(b"IEND", b""))


def pdf_bytes(text: str = "Nënshkruar nga përfituesi") -> bytes:
    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.drawString(72, 720, text)
    page.save()
    return out.getvalue()


@pytest.fixture
def plan(store: Store) -> Record:
    case = new_case(store)
    return create_plan(store, case.id, goals=["Regular income"], created_on=TODAY)


def test_a_scan_is_kept_in_the_vault_and_listed_with_its_plan(store: Store, plan: Record
                                                              ) -> None:
    data = png_bytes()
    copy = attach_signed_copy(store, plan.id, data, "image/png", description=" scan ")
    f = copy.fields
    assert copy.type == "attachment"
    assert f["case_id"] == plan.fields["case_id"] and f["plan_id"] == plan.id
    assert f["mime"] == "image/png" and f["size"] == len(data)
    assert f["description"] == "scan"
    assert len(f["sha256"]) == 64 and f["added_on"]
    assert [c.id for c in signed_copies(store, plan.id)] == [copy.id]
    assert signed_copy_bytes(store, copy.id) == data
    pending = {c.record_type for c in store.pending_changes()}
    assert "attachment" in pending  # it syncs like any record


def test_a_pdf_and_aliases_of_types_are_accepted(store: Store, plan: Record) -> None:
    data = pdf_bytes()
    copy = attach_signed_copy(store, plan.id, data, "Application/PDF; charset=binary")
    assert copy.fields["mime"] == "application/pdf"
    jpeg = b"\xff\xd8\xff\xe0" + b"\x00" * 64
    assert attach_signed_copy(store, plan.id, jpeg, "image/jpg").fields["mime"] == "image/jpeg"
    assert len(signed_copies(store, plan.id)) == 2


def test_copies_of_another_plan_version_are_not_listed(store: Store, plan: Record) -> None:
    attach_signed_copy(store, plan.id, png_bytes(), "image/png")
    sign_plan(store, plan.id, by="worker", on=TODAY)
    sign_plan(store, plan.id, by="beneficiary", on=TODAY)
    newer = new_plan_version(store, plan.id, created_on=TODAY)
    assert signed_copies(store, newer.id) == []
    assert len(signed_copies(store, plan.id)) == 1


@pytest.mark.parametrize(("data", "mime"), [
    (b"Just some notes, not a scan.", "text/plain"),
    (b"Just some notes, not a scan.", "image/png"),      # named like an image, is not one
    (png_bytes(), "application/pdf"),                     # the type does not match the bytes
    (b"PK\x03\x04 a word document", "application/vnd.openxmlformats"),
])
def test_anything_but_an_image_or_a_pdf_is_refused(store: Store, plan: Record, data: bytes,
                                                  mime: str) -> None:
    with pytest.raises(UnsupportedFile) as refused:
        attach_signed_copy(store, plan.id, data, mime)
    assert "JPEG, PNG, TIFF, WebP" in str(refused.value)
    assert "pranohen vetëm figura të skanuara" in refused.value.translated("sq")
    assert signed_copies(store, plan.id) == []


def test_empty_and_too_large_files_are_refused(store: Store, plan: Record) -> None:
    with pytest.raises(EmptyFile):
        attach_signed_copy(store, plan.id, b"", "image/png")
    too_big = png_bytes() + b"\x00" * MAX_BYTES
    with pytest.raises(FileTooLarge) as refused:
        attach_signed_copy(store, plan.id, too_big, "image/png")
    assert "at most 20 MB" in str(refused.value)
    assert "deri në 20 MB" in refused.value.translated("sq")


def test_only_a_plan_takes_a_signed_copy(store: Store, plan: Record) -> None:
    with pytest.raises(WrongRecord):
        attach_signed_copy(store, plan.fields["case_id"], png_bytes(), "image/png")


def test_the_blob_and_the_record_are_one_transaction(store: Store, plan: Record,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: object, **_kwargs: object) -> Record:
        raise RuntimeError("disk went away")

    monkeypatch.setattr(store, "create", broken)
    with pytest.raises(RuntimeError):
        attach_signed_copy(store, plan.id, png_bytes(), "image/png")
    with store.reading() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM blobs").scalar_one() == 0


def test_a_file_is_attached_by_its_contents(store: Store, plan: Record, tmp_path: Path) -> None:
    scan = tmp_path / "skanim.pdf"
    scan.write_bytes(pdf_bytes())
    copy = attach_signed_copy_file(store, plan.id, scan)
    assert copy.fields["mime"] == "application/pdf"
    assert copy.fields["description"] == "skanim.pdf"
    renamed = tmp_path / "notes.png"
    renamed.write_text("not an image", encoding="utf-8")
    with pytest.raises(UnsupportedFile):
        attach_signed_copy_file(store, plan.id, renamed)


def test_a_copy_whose_bytes_have_not_arrived_says_so(store: Store, plan: Record) -> None:
    record = store.create("attachment", {
        "case_id": plan.fields["case_id"], "plan_id": plan.id, "sha256": "ab" * 32,
        "mime": "image/png", "size": 10, "added_on": TODAY.isoformat()})
    with pytest.raises(CopyNotOnLaptop):
        signed_copy_bytes(store, record.id)


def test_sniffing_knows_the_accepted_types() -> None:
    assert sniff_mime(png_bytes()) == "image/png"
    assert sniff_mime(b"\xff\xd8\xff\xdb") == "image/jpeg"
    assert sniff_mime(b"II*\x00....") == "image/tiff"
    assert sniff_mime(b"MM\x00*....") == "image/tiff"
    assert sniff_mime(b"RIFF\x10\x00\x00\x00WEBPVP8 ") == "image/webp"
    assert sniff_mime(b"\n\n%PDF-1.7") == "application/pdf"
    assert sniff_mime(b"GIF89a") is None


def test_the_scan_is_encrypted_on_disk(vault: OpenVault, data_dir: Path) -> None:
    store = vault.store
    case = new_case(store)
    plan = create_plan(store, case.id, goals=["Regular income"], created_on=TODAY)
    marker = os.urandom(24).hex().encode()
    attach_signed_copy(store, plan.id, png_bytes(marker), "image/png")
    assert signed_copies(store, plan.id)
    vault.lock()
    files = [p for p in data_dir.rglob("*") if p.is_file()]
    assert files
    for path in files:
        assert marker not in path.read_bytes(), path.name
