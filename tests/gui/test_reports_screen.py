"""«Отчёты» as a specialist meets it: choose a report, form it off the GUI thread, look at the pages, stop a
long one, print it, save it as PDF and XLSX; the region's own report only at the region; a form to choose."""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot

from desktop_app.domain.roles import InstallationKind
from desktop_app.gui import file_dialogs
from desktop_app.gui.main_window import MainWindow
from desktop_app.gui.pages.reports_page import ReportsPage
from desktop_app.gui.reports.choice import ALL_DISTRICTS_LABEL
from desktop_app.gui.reports.jobs import default_file_name
from desktop_app.gui.reports.preview import prepare_printer, print_document
from desktop_app.reports.builders.request import ALL_DISTRICTS, ReportKind
from tests.gui.helpers import settle


def open_reports(window: MainWindow, qtbot: QtBot) -> ReportsPage:
    page = window.open_page("reports")
    assert isinstance(page, ReportsPage)
    settle(page, qtbot)
    return page


def form(page: ReportsPage, qtbot: QtBot, kind: ReportKind = ReportKind.INDICATORS) -> None:
    page.choice.select_kind(kind)
    page.form_report()
    settle(page, qtbot)


def kinds(page: ReportsPage) -> list[str]:
    combo = page.choice.kind_combo
    return [combo.itemData(index) for index in range(combo.count())]


def test_forming_the_indicators_report_shows_its_pages(window: MainWindow, qtbot: QtBot) -> None:
    page = open_reports(window, qtbot)
    assert page.choice.period_combo.currentText().endswith(" г.")  # «I полугодие 2026 г.»
    assert not page.pdf_button.isEnabled(), "nothing to save before a report is formed"
    form(page, qtbot)
    assert page.preview.page_count > 0 and page.preview.view.isVisible()
    assert page.formed is not None and "Ключевые показатели" in page.formed.report.title
    assert f"страниц — {page.preview.page_count}" in page.status_label.text()
    assert not page.progress.isVisible() and not page.cancel_button.isVisible()
    assert all(button.isEnabled() for button in (page.print_button, page.pdf_button, page.xlsx_button))
    assert not page.messages.isVisible()
    page.choice.select_kind(ReportKind.MEASURES)
    assert "Выбор изменён" in page.status_label.text(), "the preview no longer matches what is chosen"


def test_cancelling_stops_the_report_and_says_so(window: MainWindow, qtbot: QtBot) -> None:
    page = open_reports(window, qtbot)
    gate = threading.Event()
    window.context.runner.run(gate.wait, lambda _result: None, lambda _message: None)  # the worker is busy
    page.choice.select_kind(ReportKind.INDICATORS)
    page.form_report()
    assert page.progress.isVisible() and page.cancel_button.isVisible() and not page.form_button.isEnabled()
    qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)
    assert page.job is not None and page.job.stop.is_set()
    gate.set()
    settle(page, qtbot)
    assert "остановлено" in page.messages.text()
    assert page.formed is None and page.preview.page_count == 0
    assert page.form_button.isEnabled() and not page.progress.isVisible()


def test_saving_writes_a_pdf_and_a_workbook_that_open(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = open_reports(window, qtbot)
    form(page, qtbot)
    assert page.formed is not None
    period = page.formed.request.period.label.removesuffix(" г.")
    assert default_file_name(page.formed, "pdf") == f"Ключевые показатели — {period}.pdf"

    window.context.settings.last_folder = str(tmp_path)
    asked: list[str] = []

    def answer(_parent: object, _title: str, suggested: str, _filter: str) -> tuple[str, str]:
        asked.append(suggested)
        return str(tmp_path / "отчёт"), ""  # typed without the extension

    monkeypatch.setattr(file_dialogs, "save_file_name", answer)
    page.save("pdf")
    settle(page, qtbot)
    assert asked == [str(tmp_path / f"Ключевые показатели — {period}.pdf")]
    saved = tmp_path / "отчёт.pdf"
    assert len(PdfReader(saved).pages) == page.preview.page_count
    assert str(saved) in page.messages.text()

    workbook_path = tmp_path / "показатели.xlsx"
    page.save("xlsx", workbook_path)
    settle(page, qtbot)
    sheet = load_workbook(workbook_path).worksheets[0]
    assert any("Ключевые показатели" in str(cell.value) for row in sheet.iter_rows(max_row=12) for cell in row)


def test_printing_fits_the_pages_on_the_paper(window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    page = open_reports(window, qtbot)
    form(page, qtbot)
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "печать.pdf"))
    prepare_printer(printer, page.preview.document, "Ключевые показатели")
    printer.setFromTo(1, 2)
    assert print_document(page.preview.document, printer) == 2
    printed = PdfReader(tmp_path / "печать.pdf").pages
    source = page.preview.document.pagePointSize(0)
    assert len(printed) == 2
    width, height = float(printed[0].mediabox.width), float(printed[0].mediabox.height)
    assert (width > height) == (source.width() > source.height()), "the paper turns with the report"


def file_printer(path: Path) -> QPrinter:
    """A printer that writes what it is given into a PDF file, as «Печать в файл» in the print dialog does."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def test_printing_runs_in_the_background_with_progress_and_says_when_done(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = open_reports(window, qtbot)
    form(page, qtbot)
    target = tmp_path / "напечатано.pdf"

    def chosen(title: str) -> QPrinter:
        printer = file_printer(target)
        prepare_printer(printer, page.preview.document, title)
        return printer

    monkeypatch.setattr(page.preview, "print_dialog", chosen)
    gate = threading.Event()
    window.context.runner.run(gate.wait, lambda _result: None, lambda _message: None)  # the worker is busy
    qtbot.mouseClick(page.print_button, Qt.MouseButton.LeftButton)
    # the window stays usable while the pages are drawn: a progress bar, «Отмена», nothing else to start
    assert page.progress.isVisible() and page.cancel_button.isVisible()
    assert page.status_label.text() == "Печать…" and not page.print_button.isEnabled()
    gate.set()
    settle(page, qtbot)

    pages = page.preview.page_count
    assert page.messages.text() == f"Отчёт отправлен на печать: страниц — {pages}."
    assert len(PdfReader(target).pages) == pages
    assert not page.progress.isVisible() and page.print_button.isEnabled()
    assert f"страниц — {pages}" in page.status_label.text(), "the status tells of the report again"


def test_printing_can_be_stopped(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = open_reports(window, qtbot)
    form(page, qtbot)
    monkeypatch.setattr(page.preview, "print_dialog", lambda title: file_printer(tmp_path / "отменено.pdf"))
    gate = threading.Event()
    window.context.runner.run(gate.wait, lambda _result: None, lambda _message: None)
    page.print_report()
    qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)
    gate.set()
    settle(page, qtbot)

    assert page.messages.text().startswith("Печать остановлена")
    assert page.print_button.isEnabled() and not page.progress.isVisible()


def test_a_cancelled_print_dialog_starts_nothing(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = open_reports(window, qtbot)
    form(page, qtbot)
    monkeypatch.setattr(page.preview, "print_dialog", lambda title: None)
    page.print_report()
    assert not page.running and not page.progress.isVisible() and not page.messages.isVisible()


def test_the_consolidated_report_is_offered_only_at_the_region(window: MainWindow, qtbot: QtBot) -> None:
    page = open_reports(window, qtbot)
    assert ReportKind.CONSOLIDATED.value not in kinds(page)
    assert not page.choice.district_combo.isVisibleTo(page)

    info = replace(window.context.info, kind=InstallationKind.REGION, district_name=None)
    region = ReportsPage(replace(window.context, info=info))
    qtbot.addWidget(region)
    region.refresh()
    settle(region, qtbot)
    assert ReportKind.CONSOLIDATED.value in kinds(region)
    districts = region.choice.district_combo
    assert districts.isVisibleTo(region) and districts.itemText(1) == ALL_DISTRICTS_LABEL
    assert districts.count() > 2, "the region's districts are listed"
    districts.setCurrentIndex(1)
    assert region.choice.request().district == ALL_DISTRICTS


def test_the_form_report_needs_a_form(window: MainWindow, qtbot: QtBot) -> None:
    page = open_reports(window, qtbot)
    choice = page.choice
    choice.select_kind(ReportKind.FORM)
    assert choice.form_combo.isVisibleTo(page) and choice.form() is not None
    assert choice.period.kind is choice.form().period_kind  # the form's own periods
    choice.form_combo.setCurrentIndex(-1)
    page.form_report()
    assert "Выберите форму" in page.messages.text() and page.formed is None
    choice.form_combo.setCurrentIndex(0)
    page.form_report()
    settle(page, qtbot)
    assert page.preview.page_count > 0 and page.formed is not None
    assert page.formed.request.form_id == choice.form().id


def test_without_a_program_the_reports_say_what_is_missing(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    for where in ("desktop_app.gui.pages.reports_page", "desktop_app.reports.builders.common"):
        monkeypatch.setattr(f"{where}.program_choices", lambda _db, _actor: [])
    page = open_reports(window, qtbot)
    assert "нет программы" in page.messages.text()
    form(page, qtbot)
    assert "нет программы" in page.messages.text() and page.formed is None
    assert page.form_button.isEnabled()
