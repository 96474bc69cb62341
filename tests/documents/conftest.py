from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from tests.documents import samples


@pytest.fixture(scope="session")
def form(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from desktop.core.forms import load_form_file

    return load_form_file(samples.write_form(tmp_path_factory.mktemp("forms")))


@pytest.fixture
def logo(tmp_path: Path) -> Path:
    from PIL import Image

    path = tmp_path / "logo.png"
    Image.new("RGB", (120, 150), (170, 20, 30)).save(path)
    return path


def pdf_pages(pdf: bytes) -> list[str]:
    """The text of each page, as pypdf extracts it, with runs of white space made one space
    (so a phrase matches wherever the layout wrapped it)."""
    assert pdf.startswith(b"%PDF-")
    return [" ".join((page.extract_text() or "").split())
            for page in PdfReader(io.BytesIO(pdf)).pages]


def pdf_text(pdf: bytes) -> str:
    return "\n".join(pdf_pages(pdf))
