"""The letterhead configuration, the public API's errors, and what rendering must not do."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from desktop.core.documents import (
    DocumentContext,
    DocumentError,
    Letterhead,
    LetterheadError,
    kind_for_plan_type,
    render_document,
)
from tests.documents import samples
from tests.documents.conftest import pdf_text

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "resources" / "letterhead.example.yaml"


def care_plan(ctx: DocumentContext) -> bytes:
    return render_document("care-plan", ctx, plan=samples.plan(), actions=samples.actions(2))


# -- letterhead -------------------------------------------------------------------------------
def test_example_letterhead_loads_and_prints(tmp_path: Path) -> None:
    lh = Letterhead.load(EXAMPLE)
    assert lh.text("name", "en") == "Municipality of Pukë"
    text = pdf_text(care_plan(samples.context(letterhead=lh)))
    assert "Drejtoria e Shërbimeve Sociale" in text and "+355 212 22 000" in text


def test_logo_is_drawn(tmp_path: Path, logo: Path) -> None:
    (tmp_path / "lh.yaml").write_text(f"name: Bashkia Kuçovë\nlogo: {logo.name}\n",
                                      encoding="utf-8")
    lh = Letterhead.load(tmp_path / "lh.yaml")
    assert lh.logo == logo.resolve()
    pdf = care_plan(samples.context(letterhead=lh))
    images = PdfReader(io.BytesIO(pdf)).pages[0].images
    assert len(images) == 1


def test_missing_logo_in_the_file_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "lh.yaml").write_text("name: Bashkia Pukë\nlogo: stema.png\n", encoding="utf-8")
    with pytest.raises(LetterheadError, match=r"logo not found: .*stema\.png"):
        Letterhead.load(tmp_path / "lh.yaml")


def test_missing_logo_at_render_time_is_a_clear_error(tmp_path: Path) -> None:
    lh = samples.letterhead(logo=tmp_path / "gone.png")
    with pytest.raises(LetterheadError, match=r"logo not found: .*gone\.png"):
        care_plan(samples.context(letterhead=lh))


def test_a_logo_that_is_not_an_image_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "logo.png"
    bad.write_bytes(b"not an image at all")
    with pytest.raises(LetterheadError, match="not a readable image"):
        care_plan(samples.context(letterhead=samples.letterhead(logo=bad)))


@pytest.mark.parametrize("content, message", [
    ("name: Bashkia Pukë\ncolour: red\n", "unknown key 'colour'"),
    ("name: Bashkia Pukë\npage_size: A5\n", "page_size"),
    ("unit: NJVNR\n", "municipality name is required"),
    ("name: [a, b]\n", "expected text"),
    ("name: Bashkia Pukë\n  bad: indent\n", "lh.yaml"),
])
def test_letterhead_file_mistakes(tmp_path: Path, content: str, message: str) -> None:
    (tmp_path / "lh.yaml").write_text(content, encoding="utf-8")
    with pytest.raises(LetterheadError, match=re.escape(message)):
        Letterhead.load(tmp_path / "lh.yaml")


def test_missing_letterhead_file(tmp_path: Path) -> None:
    with pytest.raises(LetterheadError, match="letterhead file not found"):
        Letterhead.load(tmp_path / "none.yaml")


def test_default_letterhead_names_the_municipality_in_both_languages() -> None:
    lh = Letterhead.default("Kuçovë")
    sq = pdf_text(care_plan(samples.context(letterhead=lh)))
    en = pdf_text(care_plan(samples.context(letterhead=lh, language="en")))
    assert "Bashkia Kuçovë" in sq and "Drejtoria e Shërbimeve Sociale" in sq
    assert "Municipality of Kuçovë" in en and "Directorate of Social Services" in en


def test_kosovo_state_line_and_letter_paper() -> None:
    lh = Letterhead(name="Komuna e Gjilanit", unit="Qendra për Punë Sociale", country="XK",
                    page_size="letter")
    pdf = care_plan(samples.context(letterhead=lh))
    assert "REPUBLIKA E KOSOVËS" in pdf_text(pdf)
    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


# -- API errors ---------------------------------------------------------------------------------
def test_unknown_kind() -> None:
    with pytest.raises(DocumentError, match="unknown document kind 'plan'"):
        render_document("plan", samples.context())


def test_missing_and_unexpected_records() -> None:
    ctx = samples.context()
    with pytest.raises(DocumentError, match="care-plan needs plan="):
        render_document("care-plan", ctx)
    with pytest.raises(DocumentError, match="unexpected 'visit'"):
        render_document("care-plan", ctx, plan=samples.plan(), visit=samples.visit())
    with pytest.raises(DocumentError, match="visit-report needs visit="):
        render_document("visit-report", ctx)


def test_wrong_record_types() -> None:
    ctx = samples.context()
    with pytest.raises(DocumentError, match="expected a referral record"):
        render_document("referral", ctx, referral=samples.visit())
    with pytest.raises(DocumentError, match="expected a measure record"):
        render_document("dv-60-day", ctx, measure=samples.plan())


def test_plan_type_must_match_the_kind() -> None:
    ctx = samples.context()
    with pytest.raises(DocumentError, match="not a 'protection_plan'"):
        render_document("protection-plan", ctx, plan=samples.plan("care_plan"))
    with pytest.raises(DocumentError, match="prints as employment-plan"):
        render_document("care-plan", ctx, plan=samples.plan("employment_plan"))
    assert kind_for_plan_type("family_empowerment_plan") == "care-plan"
    pdf = render_document("care-plan", ctx, plan=samples.plan("family_empowerment_plan"))
    assert "Plani i fuqizimit të familjes" in pdf_text(pdf)


def test_report_index_out_of_range() -> None:
    ctx = samples.context(case_type="domestic_violence")
    with pytest.raises(DocumentError, match="no report number 5"):
        render_document("dv-60-day", ctx, measure=samples.measure(), report_index=5)


@pytest.mark.parametrize("over, message", [
    ({"language": "de"}, "language must be one of sq, en"),
    ({"printed_by": " "}, "printed_by"),
    ({"person": samples.household()}, "expected a person record"),
    ({"case": {"case_number": "x"}}, "expected a Record"),
])
def test_context_checks(over: dict[str, Any], message: str) -> None:
    with pytest.raises(DocumentError, match=re.escape(message)):
        samples.context(**over)


def test_actions_of_other_plans_and_deleted_ones_are_left_out() -> None:
    own, other, gone = samples.actions(3)
    other.fields["plan_id"] = "pl-2"
    other.fields["description"] = "Veprim i një plani tjetër"
    gone.deleted = True
    gone.fields["description"] = "Veprim i fshirë"
    text = pdf_text(render_document("care-plan", samples.context(), plan=samples.plan(),
                                    actions=[own, other, gone]))
    assert "Veprim i një plani tjetër" not in text and "Veprim i fshirë" not in text
    assert own.fields["description"] in text


# -- what rendering must not do -------------------------------------------------------------
def test_rendering_writes_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a temporary file was made")

    for name in ("mkstemp", "mkdtemp", "NamedTemporaryFile", "TemporaryFile",
                 "SpooledTemporaryFile", "TemporaryDirectory"):
        monkeypatch.setattr(tempfile, name, refuse)
    monkeypatch.chdir(tmp_path)
    records, case_type = samples.records_for("protection-plan")
    pdf = render_document("protection-plan", samples.context(case_type=case_type), **records)
    assert pdf.startswith(b"%PDF-")
    assert list(tmp_path.iterdir()) == []


def test_documents_import_no_qt() -> None:
    code = ("import sys, desktop.core.documents, desktop.core.documents.render; "
            "sys.exit(1 if any(m.startswith('PySide6') for m in sys.modules) else 0)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True)
    assert result.returncode == 0, result.stderr.decode()
