"""Printing from the application against real vaults: the preview, "Print…" into a PDF
printer, "Save as PDF…", the sensitive-fields choice in the audit log, no temporary files,
and signed copies scanned back into the vault."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import gc  # noqa: E402
import json  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402
from collections.abc import Callable, Iterator  # noqa: E402
from io import BytesIO  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402
from pypdf import PdfReader  # noqa: E402
from PySide6 import QtCore  # noqa: E402
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt  # noqa: E402
from PySide6.QtGui import QColor, QFont, QImage, QPainter  # noqa: E402
from PySide6.QtPrintSupport import QPrintDialog, QPrinter  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QWidget  # noqa: E402
from reportlab.pdfbase.pdfdoc import PDFDocument  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

from desktop.core.demo import add_demo_data  # noqa: E402
from desktop.core.i18n import set_language  # noqa: E402
from desktop.core.keys import FAST_KDF  # noqa: E402
from desktop.core.store import Store  # noqa: E402
from desktop.core.vault import OpenVault, create_vault, open_vault  # noqa: E402
from desktop.ui import style  # noqa: E402
from desktop.ui.ops import Operations  # noqa: E402
from desktop.ui.printing import (  # noqa: E402
    PrintPreviewDialog,
    SignedCopiesWidget,
    SignedCopyViewer,
    print_document,
)
from desktop.ui.printing.style import fitting_size  # noqa: E402
from tests.ui.conftest import UI_PASSWORD, UI_USER, unlock  # noqa: E402
from tests.ui.test_forms_support import run_job  # noqa: E402

SCREEN = QSize(1366, 768)


# -- fixtures ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A laptop folder with one vault holding 300 synthetic persons (made once per module)."""
    folder = tmp_path_factory.mktemp("printing") / "laptop"
    vault = create_vault(folder, UI_USER, UI_PASSWORD, kdf=FAST_KDF)
    add_demo_data(vault.store, 300, seed=11, workers=(UI_USER,))
    vault.lock()
    return folder


@pytest.fixture
def data_dir(template: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "laptop"
    shutil.copytree(template, folder)
    return folder


@pytest.fixture
def vault(data_dir: Path) -> Iterator[OpenVault]:
    opened = open_vault(data_dir, UI_USER, UI_PASSWORD)
    yield opened
    if not opened.is_locked:
        opened.lock()


@pytest.fixture
def ops(vault: OpenVault, qtbot: Any) -> Iterator[Operations]:
    operations = Operations(lambda: vault.store)
    yield operations
    operations.shutdown()


@pytest.fixture
def parent(qtbot: Any) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.resize(SCREEN)
    widget.show()
    return widget


@pytest.fixture
def care_plan(vault: OpenVault) -> tuple[str, str, str]:
    """(case id, plan id, case number) of an active care plan with actions."""
    store = vault.store
    for plan in store.query("plan", subtype="care_plan", status="active"):
        actions = [a for a in store.query("plan_action", case_id=plan.fields["case_id"])
                   if a.fields.get("plan_id") == plan.id]
        if actions:
            case = store.require(plan.fields["case_id"])
            return case.id, plan.id, case.fields["case_number"]
    raise AssertionError("the demo data has no active care plan with actions")


def open_preview(qtbot: Any, ops: Operations, parent: QWidget, case_id: str, kind: str = "plan",
                 record_id: str | None = None) -> PrintPreviewDialog:
    dialog = print_document(parent, ops, case_id, kind, record_id)
    qtbot.waitUntil(lambda: dialog.is_ready or dialog.error.isVisible(), timeout=20_000)
    return dialog


def press_button(qtbot: Any, widget: QWidget) -> None:
    """Tab to a button or check box and press the space bar."""
    widget.window().activateWindow()
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)
    QTest.keyClick(widget, Qt.Key.Key_Space)


def close_with_escape(qtbot: Any, dialog: QDialog) -> None:
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    QTest.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def choose_language(qtbot: Any, dialog: PrintPreviewDialog, index: int) -> None:
    """Tab to the language of the document and move to entry ``index`` with the arrows."""
    combo = dialog.language
    combo.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is combo)
    key = Qt.Key.Key_Up if index < combo.currentIndex() else Qt.Key.Key_Down
    while combo.currentIndex() != index:
        QTest.keyClick(combo, key)


def wait_rendered_again(qtbot: Any, dialog: PrintPreviewDialog,
                        change: Callable[[], None]) -> None:
    with qtbot.waitSignal(dialog.ready, timeout=20_000):
        change()
    qtbot.waitUntil(lambda: dialog.is_ready)


def audit_entries(qtbot: Any, ops: Operations, action: str) -> list[tuple[str, dict[str, Any]]]:
    def job(store: Store) -> list[tuple[str, dict[str, Any]]]:
        with store.reading() as conn:
            rows = conn.exec_driver_sql(
                "SELECT record_id, detail FROM audit WHERE action = ? ORDER BY seq",
                (action,)).fetchall()
        return [(r[0], json.loads(r[1])) for r in rows]

    return run_job(qtbot, ops, job)


def save_to(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr("desktop.ui.printing.preview.ask_save_path",
                        lambda *_args, **_kw: str(path))


def print_to(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    """The system print dialog "accepts" a PDF printer writing to ``path``."""
    def accept(dialog: QPrintDialog) -> int:
        printer = dialog.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(path))
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(QPrintDialog, "exec", accept)


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def scan_png(text: str) -> bytes:
    """A small "scan" made with QImage: white paper, a line of text, a signature stroke."""
    image = QImage(320, 200, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setFont(QFont("DejaVu Sans", 12))
    painter.drawText(20, 40, text)
    painter.drawLine(20, 150, 280, 120)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert image.save(buffer, "PNG")
    buffer.close()
    return bytes(data)


def scan_pdf(text: str) -> bytes:
    out = BytesIO()
    page = canvas.Canvas(out)
    page.drawString(72, 720, text)
    page.save()
    return out.getvalue()


# -- the preview ------------------------------------------------------------------------------

def test_the_preview_shows_the_pages_of_the_care_plan(qtbot: Any, ops: Operations, parent: QWidget,
                                                      care_plan: tuple[str, str, str]) -> None:
    case_id, plan_id, number = care_plan
    dialog = open_preview(qtbot, ops, parent, case_id, "plan", plan_id)
    assert dialog.page_count >= 1
    assert dialog.view.document() is dialog.pdf.document
    assert dialog.rendered.kind == "care-plan" and dialog.rendered.plan_id == plan_id
    assert number in dialog.subtitle.text()
    assert dialog.heading.text() == "Individual care and support plan"
    assert not dialog.sensitive.isChecked()
    assert dialog.sensitive_hint.isVisible() and not dialog.sensitive_warning.isVisible()
    assert dialog.print_button.isEnabled() and dialog.save_button.isEnabled()
    assert dialog.signed.isVisible()  # a plan takes signed copies
    close_with_escape(qtbot, dialog)
    assert dialog.pdf is None and dialog.rendered is None  # the bytes are dropped


def built_pdf_documents() -> int:
    """reportlab's documents alive now (a build leaves its own in reference cycles)."""
    return sum(isinstance(thing, PDFDocument) for thing in gc.get_objects())


def test_what_the_preview_built_is_freed_once_it_is_closed(
        qtbot: Any, ops: Operations, parent: QWidget, care_plan: tuple[str, str, str],
        automatic_collection_off: None) -> None:
    """Building the document leaves reportlab's canvas, pages and a copy of the PDF's bytes in
    reference cycles. They are collected in the turn after the closed preview is deleted, not
    left for a collection that may come much later: the case's text does not stay in memory,
    and each preview no longer left some 40 kB of the process's memory behind."""
    case_id, plan_id, _number = care_plan
    dialog = open_preview(qtbot, ops, parent, case_id, "plan", plan_id)
    assert dialog.page_count >= 1 and built_pdf_documents() >= 1
    close_with_escape(qtbot, dialog)
    del dialog
    qtbot.waitUntil(lambda: built_pdf_documents() == 0, timeout=2_000)


def test_save_as_pdf_writes_the_document_and_logs_it(qtbot: Any, ops: Operations, parent: QWidget,
                                                     care_plan: tuple[str, str, str],
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     tmp_path: Path) -> None:
    case_id, plan_id, number = care_plan
    dialog = open_preview(qtbot, ops, parent, case_id, "plan", plan_id)
    save_to(monkeypatch, tmp_path / "plani")  # ".pdf" is added
    with qtbot.waitSignal(dialog.saved, timeout=10_000) as saved:
        press_button(qtbot, dialog.save_button)
    out = tmp_path / "plani.pdf"
    assert saved.args == [str(out)]
    assert number in pdf_text(out).replace("\n", "")
    assert len(PdfReader(out).pages) == dialog.page_count
    assert "plani.pdf" in dialog.notice.text()
    [(record_id, detail)] = audit_entries(qtbot, ops, "save_pdf")
    assert record_id == case_id
    assert detail["document"] == "care-plan" and detail["include_sensitive"] is False
    assert detail["pages"] == dialog.page_count
    assert not list(tmp_path.glob(".plani.pdf.*"))  # no half-written file left


def test_print_draws_every_page_into_the_printer_and_logs_it(qtbot: Any, ops: Operations,
                                                             parent: QWidget,
                                                             care_plan: tuple[str, str, str],
                                                             monkeypatch: pytest.MonkeyPatch,
                                                             tmp_path: Path) -> None:
    case_id, plan_id, _number = care_plan
    dialog = open_preview(qtbot, ops, parent, case_id, "plan", plan_id)
    out = tmp_path / "printer.pdf"
    print_to(monkeypatch, out)
    with qtbot.waitSignal(dialog.printed, timeout=20_000) as printed:
        press_button(qtbot, dialog.print_button)
    assert printed.args == [dialog.page_count]
    pages = PdfReader(out).pages
    assert len(pages) == dialog.page_count
    width, height = float(pages[0].mediabox.width), float(pages[0].mediabox.height)
    assert abs(width - 595) < 3 and abs(height - 842) < 3  # A4, as the document
    [(record_id, detail)] = audit_entries(qtbot, ops, "print")
    assert record_id == case_id
    assert detail == {**detail, "document": "care-plan", "include_sensitive": False,
                      "pages": dialog.page_count}


def test_a_cancelled_print_dialog_prints_and_logs_nothing(qtbot: Any, ops: Operations,
                                                          parent: QWidget,
                                                          care_plan: tuple[str, str, str],
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    case_id, plan_id, _number = care_plan
    dialog = open_preview(qtbot, ops, parent, case_id, "plan", plan_id)
    monkeypatch.setattr(QPrintDialog, "exec", lambda _self: QDialog.DialogCode.Rejected.value)
    press_button(qtbot, dialog.print_button)
    assert audit_entries(qtbot, ops, "print") == []


def test_including_sensitive_fields_is_a_logged_choice(qtbot: Any, ops: Operations,
                                                       parent: QWidget,
                                                       care_plan: tuple[str, str, str],
                                                       monkeypatch: pytest.MonkeyPatch,
                                                       tmp_path: Path) -> None:
    case_id, plan_id, _number = care_plan
    dialog = open_preview(qtbot, ops, parent, case_id, "plan", plan_id)
    wait_rendered_again(qtbot, dialog, lambda: press_button(qtbot, dialog.sensitive))
    assert dialog.rendered.include_sensitive
    assert dialog.sensitive_warning.isVisible()
    assert "audit log" in dialog.sensitive_warning.text()
    save_to(monkeypatch, tmp_path / "sensitive.pdf")
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        press_button(qtbot, dialog.save_button)
    assert "contains sensitive data" in pdf_text(tmp_path / "sensitive.pdf").lower()
    [(_id, detail)] = audit_entries(qtbot, ops, "save_pdf")
    assert detail["include_sensitive"] is True
    views = [d for _id, d in audit_entries(qtbot, ops, "view")
             if d.get("screen") == "print_preview"]
    assert views and views[-1]["include_sensitive"] is True


def test_the_document_language_can_be_chosen(qtbot: Any, ops: Operations, parent: QWidget,
                                             care_plan: tuple[str, str, str],
                                             monkeypatch: pytest.MonkeyPatch,
                                             tmp_path: Path) -> None:
    case_id, plan_id, _number = care_plan
    dialog = open_preview(qtbot, ops, parent, case_id, "plan", plan_id)
    index = dialog.language.findData("sq")
    target = index if dialog.document_language != "sq" else dialog.language.findData("en")
    wait_rendered_again(qtbot, dialog, lambda: choose_language(qtbot, dialog, target))
    save_to(monkeypatch, tmp_path / "lang.pdf")
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        press_button(qtbot, dialog.save_button)
    text = pdf_text(tmp_path / "lang.pdf")
    expected = "Faqe 1 nga" if dialog.document_language == "sq" else "Page 1 of"
    assert expected in text


def test_nothing_is_written_to_a_temporary_file(qtbot: Any, ops: Operations, parent: QWidget,
                                                care_plan: tuple[str, str, str],
                                                monkeypatch: pytest.MonkeyPatch,
                                                tmp_path: Path) -> None:
    chosen = tmp_path / "chosen"
    chosen.mkdir()
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))  # Qt's temporary files would land here
    real_mkstemp = tempfile.mkstemp

    def refuse(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("a temporary file was made")

    def sibling_only(*args: Any, **kwargs: Any) -> Any:
        if Path(kwargs.get("dir") or "") != chosen:  # write_atomic's file beside the target
            refuse()
        return real_mkstemp(*args, **kwargs)

    for name in ("mkdtemp", "mktemp", "NamedTemporaryFile", "TemporaryFile",
                 "SpooledTemporaryFile", "TemporaryDirectory"):
        monkeypatch.setattr(tempfile, name, refuse)
    monkeypatch.setattr(tempfile, "mkstemp", sibling_only)
    monkeypatch.setattr(QtCore, "QTemporaryFile", refuse)

    case_id, plan_id, _number = care_plan
    dialog = open_preview(qtbot, ops, parent, case_id, "plan", plan_id)
    wait_rendered_again(qtbot, dialog, lambda: press_button(qtbot, dialog.sensitive))
    save_to(monkeypatch, chosen / "plan.pdf")
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        press_button(qtbot, dialog.save_button)
    print_to(monkeypatch, chosen / "printed.pdf")
    with qtbot.waitSignal(dialog.printed, timeout=20_000):
        press_button(qtbot, dialog.print_button)
    assert not dialog.error.isVisible()
    assert sorted(p.name for p in chosen.iterdir()) == ["plan.pdf", "printed.pdf"]
    assert list(temp.iterdir()) == []


def test_other_documents_of_a_case_open_by_their_record(qtbot: Any, ops: Operations,
                                                        parent: QWidget,
                                                        vault: OpenVault) -> None:
    store = vault.store
    visit = store.query("visit", limit=1)[0]
    referral = store.query("referral", limit=1)[0]
    for kind, record in (("visit_report", visit), ("referral_letter", referral)):
        dialog = open_preview(qtbot, ops, parent, record.fields["case_id"], kind, record.id)
        assert dialog.page_count >= 1, kind
        assert dialog.rendered.source_id == record.id
        assert not dialog.signed.isVisible()  # only plans take signed copies
        close_with_escape(qtbot, dialog)


def test_a_case_with_nothing_to_print_says_so(qtbot: Any, ops: Operations, parent: QWidget,
                                              vault: OpenVault) -> None:
    store = vault.store
    with_referrals = {r.fields["case_id"] for r in store.query("referral")}
    case = next(c for c in store.query("case") if c.id not in with_referrals)
    dialog = open_preview(qtbot, ops, parent, case.id, "referral")
    assert dialog.error.isVisible()
    assert f"Case {case.fields['case_number']} has no referral to print." in dialog.error.text()
    assert not dialog.print_button.isEnabled() and not dialog.save_button.isEnabled()


# -- signed copies ----------------------------------------------------------------------------

def attach(qtbot: Any, dialog: PrintPreviewDialog, monkeypatch: pytest.MonkeyPatch,
           path: Path, expected: int) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *_args, **_kw: (str(path), "")))
    press_button(qtbot, dialog.attach_button)
    qtbot.waitUntil(lambda: dialog.signed.list.count() == expected
                    or dialog.signed.error.isVisible(), timeout=10_000)


def test_signed_copies_are_kept_inside_the_vault(qtbot: Any, ops: Operations, parent: QWidget,
                                                 care_plan: tuple[str, str, str],
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 tmp_path: Path, vault: OpenVault,
                                                 data_dir: Path) -> None:
    case_id, plan_id, _number = care_plan
    dialog = open_preview(qtbot, ops, parent, case_id, "plan", plan_id)
    png = scan_png("Nënshkruar: Dritë Çela")
    pdf = scan_pdf("Kopje e nënshkruar e planit")
    (tmp_path / "skanim.png").write_bytes(png)
    (tmp_path / "skanim.pdf").write_bytes(pdf)
    attach(qtbot, dialog, monkeypatch, tmp_path / "skanim.png", 1)
    attach(qtbot, dialog, monkeypatch, tmp_path / "skanim.pdf", 2)
    assert not dialog.signed.error.isVisible()
    lines = [dialog.signed.list.item(i).text() for i in range(2)]
    assert any("PNG" in line and "skanim.png" in line for line in lines)
    assert any("PDF" in line for line in lines)

    for row in range(2):
        copies = dialog.signed.list
        copies.setFocus(Qt.FocusReason.TabFocusReason)
        QTest.keyClick(copies, Qt.Key.Key_Home)
        for _ in range(row):
            QTest.keyClick(copies, Qt.Key.Key_Down)
        mime = dialog.signed.copies[row].fields["mime"]
        press_button(qtbot, dialog.signed.open_button)
        qtbot.waitUntil(lambda: isinstance(getattr(dialog.signed, "viewer", None),
                                           SignedCopyViewer)
                        and dialog.signed.viewer.isVisible(), timeout=10_000)
        viewer = dialog.signed.viewer
        if mime == "image/png":
            assert not viewer.image.isNull() and viewer.image.width() == 320
        else:
            assert viewer.pdf is not None and viewer.pdf.page_count == 1
        close_with_escape(qtbot, viewer)
        dialog.signed.viewer = None

    (tmp_path / "skanim.png").unlink()
    (tmp_path / "skanim.pdf").unlink()
    dialog.reject()
    ops.shutdown()
    vault.lock()
    files = [p for p in data_dir.rglob("*") if p.is_file()]
    for path in files:
        content = path.read_bytes()
        assert png[40:104] not in content and pdf[-200:-100] not in content, path.name


def test_a_copy_attached_in_the_preview_shows_in_the_case_view(qtbot: Any, ops: Operations,
                                                              parent: QWidget,
                                                              care_plan: tuple[str, str, str],
                                                              monkeypatch: pytest.MonkeyPatch,
                                                              tmp_path: Path) -> None:
    case_id, plan_id, _number = care_plan
    plan_tab = SignedCopiesWidget(ops, plan_id, parent)  # the list on the case view's plan tab
    plan_tab.show()
    qtbot.waitUntil(lambda: plan_tab.empty.isVisible() and not plan_tab.open_button.isVisible())
    dialog = open_preview(qtbot, ops, parent, case_id, "plan", plan_id)
    (tmp_path / "skanim.png").write_bytes(scan_png("Nënshkruar"))
    attach(qtbot, dialog, monkeypatch, tmp_path / "skanim.png", 1)
    qtbot.waitUntil(lambda: plan_tab.list.count() == 1)  # told by the vault's change notice
    assert "skanim.png" in plan_tab.list.item(0).text() and not plan_tab.empty.isVisible()


def test_a_file_that_is_not_a_scan_is_refused(qtbot: Any, ops: Operations, parent: QWidget,
                                              care_plan: tuple[str, str, str],
                                              monkeypatch: pytest.MonkeyPatch,
                                              tmp_path: Path) -> None:
    case_id, plan_id, _number = care_plan
    dialog = open_preview(qtbot, ops, parent, case_id, "plan", plan_id)
    notes = tmp_path / "shenime.png"
    notes.write_text("Shënime nga vizita, jo skanim.", encoding="utf-8")
    attach(qtbot, dialog, monkeypatch, notes, 1)
    assert dialog.signed.error.isVisible()
    assert "only scanned images (JPEG, PNG, TIFF, WebP) and PDF" in dialog.signed.error.text()
    assert dialog.signed.list.count() == 0 and dialog.signed.empty.isVisible()


# -- the case view and locking ----------------------------------------------------------------

def test_the_case_view_opens_the_preview_and_locking_closes_it(qtbot: Any, make_window: Any,
                                                                ui_data_dir: Path) -> None:
    vault = open_vault(ui_data_dir, UI_USER, UI_PASSWORD)
    plan = vault.store.query("plan", status="active", limit=1)[0]
    vault.lock()
    window = make_window()
    unlock(qtbot, window)
    view = window.workspace.open_case(plan.fields["case_id"])
    qtbot.waitUntil(lambda: view.data is not None, timeout=10_000)
    assert view.print_document("plan", plan.id) is True
    dialog = view.findChild(PrintPreviewDialog)
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.is_ready, timeout=20_000)
    assert dialog.rendered.plan_id == plan.id
    window.lock()
    assert not dialog.isVisible()
    assert dialog.pdf is None


# -- how it looks -----------------------------------------------------------------------------

def test_screenshot_of_the_preview_at_1366_by_768(qtbot: Any, ops: Operations, parent: QWidget,
                                                  care_plan: tuple[str, str, str],
                                                  tmp_path: Path) -> None:
    """The dialog as it opens on a 1366×768 laptop, in Albanian (saved for a person to look
    at: to ``KUJDES_SCREENSHOTS`` when set)."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    before = app.styleSheet(), app.font(), app.style().name()
    set_language("sq")
    style.apply_style(app)
    case_id, plan_id, _number = care_plan
    dialog = open_preview(qtbot, ops, parent, case_id, "plan", plan_id)
    dialog.resize(fitting_size(SCREEN))
    qtbot.wait(300)
    assert dialog.heading.text() == "Plani individual i kujdesit dhe mbështetjes"
    assert dialog.print_button.text() == "Printo…"
    for button in (dialog.print_button, dialog.save_button, dialog.attach_button):
        assert button.fontMetrics().horizontalAdvance(button.text()) < button.width() - 16
    image = dialog.grab().toImage()
    assert image.width() <= SCREEN.width() and image.height() <= SCREEN.height() - 30
    folder = Path(os.environ.get("KUJDES_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    assert image.save(str(folder / "print_preview.png"))
    app.setStyleSheet(before[0])
    app.setFont(before[1])
    app.setStyle(before[2])


def test_the_dialog_follows_a_change_of_language(qtbot: Any, ops: Operations, parent: QWidget,
                                                 care_plan: tuple[str, str, str]) -> None:
    from desktop.ui.language import switch_language

    case_id, plan_id, _number = care_plan
    set_language("en")
    dialog = open_preview(qtbot, ops, parent, case_id, "plan", plan_id)
    assert dialog.print_button.text() == "Print…"
    switch_language("sq")
    assert dialog.print_button.text() == "Printo…"
    assert dialog.heading.text() == "Plani individual i kujdesit dhe mbështetjes"
    assert dialog.signed.attach_button.text() == "Bashkëngjit kopjen e nënshkruar…"


def test_a_page_range_from_the_print_dialog_is_respected(qapp: Any) -> None:
    from desktop.ui.printing.pdf import chosen_pages

    printer = QPrinter()
    assert chosen_pages(printer, 3) == [0, 1, 2]
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 3)
    assert chosen_pages(printer, 3) == [1, 2]
    printer.setFromTo(2, 9)
    assert chosen_pages(printer, 3) == [1, 2]
