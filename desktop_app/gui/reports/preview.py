"""The PDF as it will be printed, inside the window: every page one under another, fitted to the width,
and printing through the system's print dialog (the pages are drawn on the printer by the background worker).

The PDF is kept in memory (a QBuffer over the bytes the renderer made); nothing is written to the disk
until the user saves it.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QRect, QSize, Qt
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop_app.domain.errors import UserError
from desktop_app.gui.work_progress import WorkProgress
from desktop_app.reports.progress import Cancelled

PRINT_DPI = 300  # pages go to the printer as pictures: 300 dpi is sharp and keeps an A4 page near 35 MB
_ZOOM_STEP = 1.25


class ReportPreview(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = QPdfDocument(self)
        self._buffer: QBuffer | None = None

        self.view = QPdfView(self)
        self.view.setObjectName("reportPreview")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)
        self.view.setStyleSheet("QPdfView { background: #8a8f98; }")

        self.empty_label = QLabel(
            "Выберите отчёт, период и нажмите «Сформировать» — здесь появится отчёт в том виде, в каком он "
            "будет напечатан."
        )
        self.empty_label.setObjectName("previewEmpty")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setStyleSheet("color: #555555; font-size: 11pt; padding: 40px;")

        self.pages_label = QLabel()
        self.pages_label.setObjectName("previewPages")
        self.fit_width_button = self._button("По ширине", "Подогнать страницы по ширине окна", self.fit_width)
        self.fit_page_button = self._button("Страница целиком", "Показать страницу целиком", self.fit_page)
        self.zoom_out_button = self._button("−", "Уменьшить", lambda: self.zoom(1 / _ZOOM_STEP))
        self.zoom_in_button = self._button("+", "Увеличить", lambda: self.zoom(_ZOOM_STEP))
        for button in (self.zoom_out_button, self.zoom_in_button):
            button.setFixedWidth(32)
        tools = QHBoxLayout()
        tools.setContentsMargins(0, 0, 0, 0)
        tools.addWidget(self.pages_label)
        tools.addStretch(1)
        for button in (self.fit_width_button, self.fit_page_button, self.zoom_out_button, self.zoom_in_button):
            tools.addWidget(button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(tools)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty_label, 1)
        self.clear()

    def _button(self, text: str, tip: str, slot) -> QPushButton:  # type: ignore[no-untyped-def]
        button = QPushButton(text)
        button.setToolTip(tip)
        button.clicked.connect(slot)
        return button

    @property
    def page_count(self) -> int:
        return self.document.pageCount()

    def show_pdf(self, data: bytes) -> None:
        """Show ``data`` (a whole PDF); raises UserError when Qt cannot read it."""
        self.document.close()
        buffer = load_pdf(self.document, data, self)
        if self._buffer is not None:
            self._buffer.deleteLater()
        self._buffer = buffer
        if self.document.status() is not QPdfDocument.Status.Ready or self.page_count == 0:
            self.clear()
            raise UserError("Не удалось показать отчёт: файл PDF не читается.")
        self.pages_label.setText(f"Страниц: {self.page_count}")
        self.view.show()
        self.empty_label.hide()
        self._set_tools(True)
        self.fit_width()

    def clear(self) -> None:
        self.document.close()
        self.pages_label.setText("")
        self.view.hide()
        self.empty_label.show()
        self._set_tools(False)

    def _set_tools(self, enabled: bool) -> None:
        for button in (self.fit_width_button, self.fit_page_button, self.zoom_out_button, self.zoom_in_button):
            button.setVisible(enabled)  # no zoom to offer until there is a page

    def fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    def fit_page(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitInView)

    def zoom(self, factor: float) -> None:
        current = self.view.zoomFactor()
        if self.view.zoomMode() is not QPdfView.ZoomMode.Custom:
            current = self._fitted_factor()
            self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(min(max(current * factor, 0.2), 5.0))

    def _fitted_factor(self) -> float:
        """The zoom the view uses while fitting the width: a page's points against the viewport's pixels."""
        if not self.page_count:
            return 1.0
        points = self.document.pagePointSize(0)
        pixels_per_point = self.view.logicalDpiX() / 72.0
        width = max(self.view.viewport().width() - 2 * self.view.documentMargins().left(), 100)
        return width / max(points.width() * pixels_per_point, 1.0)

    # printing -----------------------------------------------------------------------------------------
    def print_dialog(self, title: str) -> QPrinter | None:
        """The printer the user chose in the system's print dialog, set up for this report; None when the user
        cancelled it. The pages are drawn on it by ``print_pdf``, in the background worker."""
        if not self.page_count:
            return None
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        prepare_printer(printer, self.document, title)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("Печать отчёта")
        dialog.setMinMax(1, self.page_count)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintToFile, True)
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return None
        return printer


def load_pdf(document: QPdfDocument, data: bytes, parent: QObject | None = None) -> QBuffer:
    """Load ``data`` (a whole PDF, kept in memory) into ``document``; the buffer it reads from is returned and
    must live as long as the document shows it."""
    buffer = QBuffer(parent)
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    return buffer


def prepare_printer(printer: QPrinter, document: QPdfDocument, title: str) -> None:
    """A4 in the orientation of the report's first page, full page (the PDF has its own margins)."""
    size = document.pagePointSize(0)
    landscape = size.width() > size.height()
    orientation = QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(orientation)
    printer.setFullPage(True)
    printer.setDocName(title)
    printer.setFromTo(1, document.pageCount())


def print_pdf(pdf: bytes, printer: QPrinter, progress: WorkProgress | None = None) -> int:
    """``print_document`` of a PDF given as bytes, read into a document of its own: for the background worker
    (painting on a printer is allowed outside the GUI thread; the preview's document stays with the preview)."""
    document = QPdfDocument()
    buffer = load_pdf(document, pdf)
    try:
        if document.status() is not QPdfDocument.Status.Ready:
            raise UserError("Не удалось напечатать отчёт: файл PDF не читается.")
        return print_document(document, printer, progress)
    finally:
        document.close()
        buffer.close()


def print_document(document: QPdfDocument, printer: QPrinter, progress: WorkProgress | None = None) -> int:
    """Draw the chosen pages of ``document`` on ``printer``, each scaled to the paper with its proportions
    kept and centred (a landscape page on portrait paper is fitted, not cut); returns the pages printed.
    ``progress`` hears of each page; when it is stopped, the print job is aborted before the next page."""
    count = document.pageCount()
    first, last = printer.fromPage(), printer.toPage()
    if first <= 0 or last <= 0:
        first, last = 1, count
    pages = list(range(max(first, 1) - 1, min(last, count)))
    if not pages:
        return 0
    painter = QPainter()
    if not painter.begin(printer):
        raise UserError("Не удалось начать печать: проверьте принтер и попробуйте ещё раз.")
    try:
        for number, page in enumerate(pages):
            if progress is not None:
                if progress.cancelled():
                    printer.abort()
                    raise Cancelled()
                progress.advance(number, len(pages))
            if number:
                printer.newPage()
            area = printer.pageLayout().fullRectPixels(printer.resolution())
            points = document.pagePointSize(page)
            dpi = min(printer.resolution(), PRINT_DPI)
            image = document.render(page, QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72)))
            painter.drawImage(_fitted(area, image.size()), image)
    finally:
        painter.end()
    if progress is not None:
        progress.advance(len(pages), len(pages))
    return len(pages)


def _fitted(area: QRect, size: QSize) -> QRect:
    scaled = size.scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
    left = area.x() + (area.width() - scaled.width()) // 2
    top = area.y() + (area.height() - scaled.height()) // 2
    return QRect(left, top, scaled.width(), scaled.height())
