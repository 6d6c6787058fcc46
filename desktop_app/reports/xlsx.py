"""A report rendered to an editable workbook that prints like the PDF: title rows, merged multi-level header,
real numbers and dates with formats, frozen header, A4 fitted to the width with the header on every page.

The same ``Report`` as the PDF, so the two never disagree. With ``split_sections`` each section (usually a
district) gets a sheet of its own; the approval block goes on the first sheet and the signatures on the
last, as in the one printed document. Charts, if any, go on a sheet «Диаграммы» of their own beside their data.
"""

from __future__ import annotations

import io

from openpyxl import Workbook

from desktop_app.reports.formatting import format_date
from desktop_app.reports.model import Report, Section
from desktop_app.reports.output import Target, deliver
from desktop_app.reports.progress import CancelCheck, ProgressCallback, Steps
from desktop_app.reports.xlsx_buffer import BufferedSheet
from desktop_app.reports.xlsx_charts import SHEET_TITLE as CHART_SHEET
from desktop_app.reports.xlsx_charts import has_charts, write_chart_sheet
from desktop_app.reports.xlsx_names import section_sheet_names
from desktop_app.reports.xlsx_sheet import SheetWriter
from desktop_app.reports.xlsx_style import sheet_names

__all__ = ["render_xlsx", "xlsx_bytes"]

SINGLE_SHEET_NAME = "Отчёт"


def render_xlsx(
    report: Report,
    target: Target,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
) -> None:
    """Write ``report`` as .xlsx to a path (replaced atomically) or a binary stream.

    Args:
        progress: called as ``progress(done, total)``, at most once per percent.
        cancelled: polled between rows; when it returns True, ``Cancelled`` is raised and nothing is written.
    """
    deliver(xlsx_bytes(report, progress, cancelled), target, "отчёт")


def xlsx_bytes(report: Report, progress: ProgressCallback | None = None, cancelled: CancelCheck | None = None) -> bytes:
    """The workbook as bytes."""
    steps = Steps(report.body_rows + 1, progress, cancelled)
    workbook = Workbook(write_only=True)  # every sheet streamed out in order: see xlsx_buffer
    workbook.properties.title = report.title
    workbook.properties.creator = "Опека-Офлайн"
    groups = _sheets(report)
    charts = has_charts(report)
    names = _names(groups, [CHART_SHEET] if charts else [])
    footer_left = f"Сформировано {format_date(report.made_on)}" if report.made_on else ""
    for number, (name, sections) in enumerate(zip(names, groups, strict=False)):
        sheet = BufferedSheet(workbook.create_sheet(name))
        writer = SheetWriter(sheet, report, sections, steps)
        # each district's sheet is a form of its own; a sheet that only continues a report does not repeat the title
        title = number == 0 or report.split_sections
        writer.write(approval=number == 0, signatures=number == len(groups) - 1, title=title)
        writer.page_setup(footer_left)
        sheet.flush()
    if charts:
        write_chart_sheet(workbook, names[-1], report)
    steps.check()
    buffer = io.BytesIO()
    workbook.save(buffer)
    steps.finish()
    return buffer.getvalue()


def _sheets(report: Report) -> list[tuple[Section, ...]]:
    """A sheet per section when the report is split. Otherwise one sheet, unless tables with different
    headers follow each other: a sheet repeats one header on its printed pages and freezes one, so a
    table with a header of its own starts a sheet of its own, and each page prints under its right header."""
    sections = report.printed_sections
    if report.split_sections and len(sections) > 1:
        return [(section,) for section in sections]
    sheets: list[list[Section]] = [[]]
    header: object = None
    for section in sections:
        table = section.table
        if table is not None and table.header_height:
            shape = (len(table.columns), table.header)
            if header is not None and shape != header:
                sheets.append([])
            header = shape
        sheets[-1].append(section)
    return [tuple(sheet) for sheet in sheets if sheet]


def _names(groups: list[tuple[Section, ...]], extra: list[str]) -> list[str]:
    if len(groups) == 1:
        return sheet_names([SINGLE_SHEET_NAME, *extra])
    return section_sheet_names([sections[0] for sections in groups], extra)
