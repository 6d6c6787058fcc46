"""The reports screen's background work: build a report and render it, with progress and «Отмена».

The worker only writes plain attributes of ``WorkProgress`` (two numbers, a flag, an Event); a timer in
the GUI thread reads them into the progress bar. A failure comes back as a value (a UserError), never as
an exception, so that the page always gets its buttons back and can say what happened.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from desktop_app.domain.errors import UserError
from desktop_app.gui.context import AppContext
from desktop_app.gui.tasks import INTERNAL_ERROR_MESSAGE
from desktop_app.gui.work_progress import WorkProgress
from desktop_app.reports.builders.request import ALL_DISTRICTS, ReportKind, ReportRequest
from desktop_app.reports.builders.sources import ReportSources
from desktop_app.reports.model import Report
from desktop_app.reports.output import deliver

log = logging.getLogger(__name__)

# Short names for files: the full titles are long for a file name.
SHORT_NAMES = {
    ReportKind.MEASURES: "Исполнение дорожной карты",
    ReportKind.INDICATORS: "Ключевые показатели",
    ReportKind.FAMILIES: "Реестр ресурсных семей",
    ReportKind.FORM: "Форма мониторинга",
    ReportKind.CONSOLIDATED: "Сводные показатели",
}


@dataclass(frozen=True)
class FormedReport:
    """What the preview shows: the request, the report as data (for the XLSX) and its PDF."""

    request: ReportRequest
    report: Report
    pdf: bytes
    form_title: str = ""


def report_sources(context: AppContext) -> ReportSources:
    """The window's own services, as the builders read them."""
    return ReportSources(
        context.db,
        context.info,
        context.indicators.sheets,
        context.families,
        context.forms,
        context.region_view,
        date.today(),
        context.auth,
    )


def form_work(
    context: AppContext, request: ReportRequest, progress: WorkProgress, form_title: str = ""
) -> Callable[[], FormedReport | UserError]:
    """Build the report and render its PDF in memory (for the preview), in the worker."""
    sources, actor = report_sources(context), context.actor

    def make() -> FormedReport:
        from desktop_app.reports.builders.dispatch import build_report
        from desktop_app.reports.pdf import pdf_bytes

        report = build_report(sources, actor, request)
        if progress.cancelled():
            from desktop_app.reports.progress import Cancelled

            raise Cancelled()
        return FormedReport(request, report, pdf_bytes(report, progress.advance, progress.cancelled), form_title)

    return catching(make, progress)


def xlsx_work(report: Report, path: Path, progress: WorkProgress) -> Callable[[], Path | UserError]:
    def make() -> Path:
        from desktop_app.reports.builders.dispatch import write_report

        return write_report(report, path, "xlsx", progress.advance, progress.cancelled)

    return catching(make, progress)


def pdf_work(pdf: bytes, path: Path, progress: WorkProgress) -> Callable[[], Path | UserError]:
    """The PDF is already rendered for the preview: it is written as it is, whole or not at all."""

    def make() -> Path:
        deliver(pdf, path, "отчёт")
        return path

    return catching(make, progress)


def print_work(pdf: bytes, printer: Any, progress: WorkProgress) -> Callable[[], int | UserError]:
    """Draw the report's pages on the printer the user chose (QPrinter), page by page with «Отмена»: at 300 dpi
    a page takes a few tenths of a second, too long to keep the window waiting."""

    def make() -> int:
        from desktop_app.gui.reports.preview import print_pdf

        return print_pdf(pdf, printer, progress)

    return catching(make, progress)


def catching(work: Callable[[], object], progress: WorkProgress) -> Callable[[], object]:  # type: ignore[type-arg]
    def run() -> object:
        try:
            return work()
        except UserError as error:  # Cancelled is a UserError too
            return error
        except Exception:
            log.exception("Report failed")
            return UserError(INTERNAL_ERROR_MESSAGE)
        finally:
            progress.finished = True

    return run


def default_file_name(formed: FormedReport, extension: str) -> str:
    """«Ключевые показатели — I полугодие 2026.pdf», with the district or the form when chosen."""
    request = formed.request
    name = formed.form_title or SHORT_NAMES[request.kind]
    parts = [name, re.sub(r"\s+г\.$", "", request.period.label)]
    if request.district == ALL_DISTRICTS:
        parts.append("все МО")
    elif request.district:
        parts.append(request.district)
    text = " — ".join(parts)
    text = re.sub(r'[\\/:*?"<>|]+', " ", text)
    text = re.sub(r"\s+", " ", text).strip(" .")
    return f"{text[:150]}.{extension}"
