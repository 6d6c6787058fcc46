"""One entry for the CLI and the window: a request in, a report out, and the file written as asked."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from desktop_app.domain.actor import Actor
from desktop_app.domain.errors import UserError
from desktop_app.domain.roles import Permission
from desktop_app.reports.builders.request import ReportKind, ReportRequest
from desktop_app.reports.builders.sources import ReportSources
from desktop_app.reports.model import Report
from desktop_app.reports.progress import CancelCheck, ProgressCallback

FORMATS = ("pdf", "xlsx")


def build_report(sources: ReportSources, actor: Actor, request: ReportRequest) -> Report:
    actor.require(Permission.VIEW_DATA)
    if request.kind.needs_form and not request.form_id:
        raise UserError("Укажите форму: отчёт «форма» печатает одну заполненную форму.")
    return _builder(request.kind)(sources, actor, request)


def write_report(
    report: Report,
    path: Path,
    file_format: str,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
) -> Path:
    """Render to ``path`` (written whole or not at all); the renderer is loaded only now, as it is heavy."""
    if file_format == "pdf":
        from desktop_app.reports.pdf import render_pdf

        render_pdf(report, path, progress, cancelled)
    elif file_format == "xlsx":
        from desktop_app.reports.xlsx import render_xlsx

        render_xlsx(report, path, progress, cancelled)
    else:
        raise UserError(f"Неизвестный формат «{file_format}»: выберите pdf или xlsx.")
    return path


def _builder(kind: ReportKind) -> Callable[[ReportSources, Actor, ReportRequest], Report]:
    if kind is ReportKind.MEASURES:
        from desktop_app.reports.builders.measures import measures_report

        return measures_report
    if kind is ReportKind.INDICATORS:
        from desktop_app.reports.builders.indicators import indicators_report

        return indicators_report
    if kind is ReportKind.FAMILIES:
        from desktop_app.reports.builders.families import families_report

        return families_report
    if kind is ReportKind.CONSOLIDATED:
        from desktop_app.reports.builders.consolidated import consolidated_report

        return consolidated_report
    if kind is ReportKind.CASES:
        from desktop_app.reports.builders.cases import caseload_report

        return caseload_report
    from desktop_app.reports.builders.form import form_report

    return form_report
