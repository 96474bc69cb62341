"""A PDF held in memory for Qt: shown by ``QPdfView``, painted page by page into a printer.

``QPdfDocument`` reads the bytes from a ``QBuffer``; nothing is written to a file.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QRect, QSize, QSizeF, Qt
from PySide6.QtGui import QColor, QPageLayout, QPageSize, QPainter, QPalette
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QWidget

from desktop.core.errors import KujdesError

MAX_PRINT_DPI = 300  # pages are drawn as images: more only makes the print job bigger
PAGES_BACKGROUND = "#dfe3e8"


class UnreadablePdf(KujdesError):
    message = "The document could not be opened for display."


class PrintFailed(KujdesError):
    message = "The printer could not be started. Check that it is connected and try again."


class MemoryPdf(QObject):
    """A PDF in memory: ``document`` (a ``QPdfDocument``) reading from a ``QBuffer``."""

    def __init__(self, data: bytes, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.buffer = QBuffer(self)
        self.buffer.setData(QByteArray(data))
        self.buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self.buffer)
        if self.document.status() != QPdfDocument.Status.Ready:
            self.release()
            raise UnreadablePdf()

    @property
    def page_count(self) -> int:
        return self.document.pageCount()

    def release(self) -> None:
        """Drop the bytes (the document becomes empty)."""
        self.document.close()
        self.buffer.close()
        self.buffer.setData(QByteArray())


def pages_view(document: QPdfDocument, parent: QWidget | None = None) -> QPdfView:
    """A view of every page, one under the other, as wide as the view."""
    view = QPdfView(parent)
    view.setPageMode(QPdfView.PageMode.MultiPage)
    view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
    view.setPageSpacing(12)
    palette = view.palette()
    palette.setColor(QPalette.ColorRole.Dark, QColor(PAGES_BACKGROUND))
    view.setPalette(palette)
    view.setDocument(document)
    return view


def prepare_printer(printer: QPrinter, pdf: MemoryPdf, name: str) -> None:
    """Paper of the document's first page, full-page drawing (the PDF has its own margins)."""
    printer.setDocName(name)
    printer.setFullPage(True)
    size = pdf.document.pagePointSize(0)
    if not size.isEmpty():
        printer.setPageSize(QPageSize(size, QPageSize.Unit.Point))
        orientation = (QPageLayout.Orientation.Landscape if size.width() > size.height()
                       else QPageLayout.Orientation.Portrait)
        printer.setPageOrientation(orientation)


def chosen_pages(printer: QPrinter, count: int) -> list[int]:
    """The pages (0-based) the print dialog asked for: all, or a range."""
    if printer.printRange() == QPrinter.PrintRange.PageRange:
        first = max(printer.fromPage(), 1)
        last = min(printer.toPage() or count, count)
        return list(range(first - 1, last))
    return list(range(count))


def print_pages(pdf: MemoryPdf, printer: QPrinter, pages: Sequence[int]) -> int:
    """Draw ``pages`` into ``printer`` (one copy each; the driver makes more); pages drawn."""
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintFailed()
    try:
        for done, page in enumerate(pages):
            if done and not printer.newPage():
                raise PrintFailed()
            _draw_page(painter, printer, pdf.document, page)
    finally:
        painter.end()
    return len(pages)


def _draw_page(painter: QPainter, printer: QPrinter, document: QPdfDocument, page: int) -> None:
    target = _fit(document.pagePointSize(page), painter.viewport())
    dpi = min(printer.resolution(), MAX_PRINT_DPI)
    size = document.pagePointSize(page) * (dpi / 72.0)
    image = document.render(page, QSize(round(size.width()), round(size.height())))
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    painter.fillRect(target, Qt.GlobalColor.white)
    painter.drawImage(target, image)


def _fit(points: QSizeF, area: QRect) -> QRect:
    """The largest rectangle with the page's proportions, centred in ``area``."""
    scaled = points.scaled(QSizeF(area.size()), Qt.AspectRatioMode.KeepAspectRatio).toSize()
    x = area.x() + (area.width() - scaled.width()) // 2
    y = area.y() + (area.height() - scaled.height()) // 2
    return QRect(x, y, scaled.width(), scaled.height())
