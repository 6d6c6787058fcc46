"""A report rendered to a print-ready PDF: A4 (landscape for wide tables), Liberation Serif, the table header
repeated on every page, «стр. N из M» in the footer, approval block on top and signatures at the end.

Meant to run off the GUI thread: it reports progress per row laid out and stops with ``Cancelled`` as
soon as ``cancelled()`` says so; the document is built in memory, so a stopped report writes nothing.
"""

from __future__ import annotations

import io
from typing import Any

from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]
from reportlab.platypus import (  # type: ignore[import-untyped]
    ActionFlowable,
    BaseDocTemplate,
    Flowable,
    Frame,
    PageBreak,
    PageTemplate,
)

from desktop_app import __version__
from desktop_app.reports.fonts import ITALIC, REGULAR, register_fonts
from desktop_app.reports.formatting import format_date
from desktop_app.reports.model import Report
from desktop_app.reports.output import Target, deliver
from desktop_app.reports.pdf_blocks import notes, section_heading, signature_block, title_block
from desktop_app.reports.pdf_charts import chart_flowables
from desktop_app.reports.pdf_style import (
    BOTTOM_MARGIN,
    FOOTER_BASELINE,
    FOOTER_GREY,
    LEFT_MARGIN,
    RIGHT_MARGIN,
    TOP_MARGIN,
    Page,
)
from desktop_app.reports.pdf_table import ReportTable, TableChunk, build_table
from desktop_app.reports.progress import CancelCheck, Cancelled, ProgressCallback, Steps

FOOTER_SIZE = 8
RUNNING_HEADER_SIZE = 9
RUNNING_HEADER_GAP = 5 * mm  # above the frame, inside the top margin

__all__ = ["render_pdf", "pdf_bytes"]


def render_pdf(
    report: Report,
    target: Target,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
) -> None:
    """Write ``report`` as PDF to a path (replaced atomically) or a binary stream.

    Args:
        progress: called as ``progress(done, total)`` from the calling thread, at most once per percent.
        cancelled: polled between rows and pages; when it returns True, ``Cancelled`` is raised and nothing
            is written.
    """
    deliver(pdf_bytes(report, progress, cancelled), target, "отчёт")


def pdf_bytes(report: Report, progress: ProgressCallback | None = None, cancelled: CancelCheck | None = None) -> bytes:
    """The PDF as bytes, for a preview that never touches the disk."""
    register_fonts()
    # Half the work is preparing rows, half laying them out on pages; charts and blocks are quick.
    steps = Steps(2 * report.body_rows + 1, progress, cancelled)
    page = Page(report.landscape)
    story = _story(report, page, steps)
    buffer = io.BytesIO()
    document = _Document(buffer, page, report, steps)
    footer_left = f"Опека-Офлайн {__version__}"
    if report.made_on is not None:
        footer_left += f" · сформировано {format_date(report.made_on)}"

    def canvas(*args: Any, **kwargs: Any) -> _NumberedCanvas:
        """reportlab makes the canvas itself; this hands it the footer text."""
        return _NumberedCanvas(*args, footer_left=footer_left, **kwargs)

    try:
        document.build(story, canvasmaker=canvas)
    except Cancelled:
        raise Cancelled() from None  # without reportlab's annotations and its frames
    steps.finish()
    return buffer.getvalue()


def _story(report: Report, page: Page, steps: Steps) -> list[Flowable]:
    width = page.frame_width
    story: list[Flowable] = title_block(report, width)
    for number, section in enumerate(report.printed_sections):
        if number and report.split_sections:
            story.append(PageBreak())
        story.append(_SectionMark(section.title or section.territory, section_heading(section)))
        if section.table is not None:
            story += build_table(section.table, width, page.top_height, steps)
        story += notes(section)
        for chart in section.charts:
            steps.check()
            story += chart_flowables(chart, width, page.frame_height)
    story.append(_SectionMark(""))  # the signatures continue no section
    story += signature_block(report.signatures, width)
    return story


class _SectionMark(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """The section's heading (or nothing), which also tells the document where the section starts: the pages
    after the one it lands on carry the section's name in their running header."""

    def __init__(self, title: str, heading: list[Flowable] | None = None) -> None:
        super().__init__()
        self.title = title
        self.heading = heading[0] if heading else None

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        """The heading's size: it moves to the next page whole, and the section starts there."""
        if self.heading is None:
            return 0.0, 0.0
        width, height = self.heading.wrap(available_width, available_height)
        return float(width), float(height)

    def getSpaceAfter(self) -> float:  # reportlab names it so
        """The heading's space after it."""
        return float(self.heading.getSpaceAfter()) if self.heading is not None else 0.0

    def draw(self) -> None:
        """The heading, if any."""
        if self.heading is not None:
            self.heading.drawOn(self.canv, 0, 0)


class _Document(BaseDocTemplate):  # type: ignore[misc]  # reportlab is untyped
    """One frame per page, without reportlab's default inner padding: the margins are the form's margins."""

    def __init__(self, buffer: io.BytesIO, page: Page, report: Report, steps: Steps) -> None:
        super().__init__(
            buffer,
            pagesize=page.size,
            leftMargin=LEFT_MARGIN,
            rightMargin=RIGHT_MARGIN,
            topMargin=TOP_MARGIN,
            bottomMargin=BOTTOM_MARGIN,
            title=report.title,
            author=report.organisation,
            subject=report.subtitle,
            creator="Опека-Офлайн",
            lang="ru-RU",
        )
        self._steps = steps
        frame = Frame(
            LEFT_MARGIN,
            BOTTOM_MARGIN,
            page.frame_width,
            page.frame_height,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="body",
        )
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], pagesize=page.size, onPageEnd=_running_header)])
        self.running = ""  # the section being laid out
        self.page_section = ""  # the section this page continues, named in its running header
        self._page_started = False

    def handle_pageBegin(self) -> None:
        """Stop between pages when the user cancels."""
        self._steps.check()
        super().handle_pageBegin()
        self.page_section, self._page_started = self.running, False

    def afterFlowable(self, flowable: Flowable) -> None:
        """Count the table rows laid out, for progress; note where sections start."""
        if isinstance(flowable, ActionFlowable):
            return
        if not self._page_started:
            self._page_started = True
            if isinstance(flowable, _SectionMark):  # the page starts a section: nothing continues on it
                self.page_section = ""
        if isinstance(flowable, _SectionMark):
            self.running = flowable.title
        if isinstance(flowable, ReportTable | TableChunk):
            self._steps.advance(flowable.body_rows)


def _running_header(canvas: Canvas, document: _Document) -> None:
    """A page that goes on with a section started before it names that section (a district, a group) on top,
    so that a loose page of a long report still says whose figures it holds."""
    if not document.page_section:
        return
    canvas.saveState()
    canvas.setFont(ITALIC, RUNNING_HEADER_SIZE)
    canvas.setFillColor(FOOTER_GREY)
    top = canvas._pagesize[1] - TOP_MARGIN + RUNNING_HEADER_GAP
    title = " ".join(document.page_section.split())
    canvas.drawString(LEFT_MARGIN, top, f"{title} (продолжение)")
    canvas.restoreState()


class _NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab is untyped
    """Holds every page back until the last, so each footer can say how many pages there are."""

    def __init__(self, *args: Any, footer_left: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []
        self._footer_left = footer_left

    def showPage(self) -> None:
        """Keep the finished page instead of writing it: its footer needs the page count."""
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        """Now that the count is known, write every page with its footer."""
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._footer(total)
            super().showPage()
        super().save()

    def _footer(self, total: int) -> None:
        width = self._pagesize[0]
        self.saveState()
        self.setFont(REGULAR, FOOTER_SIZE)
        self.setFillColor(FOOTER_GREY)
        self.drawString(LEFT_MARGIN, FOOTER_BASELINE, self._footer_left)
        self.setFillColorRGB(0, 0, 0)
        self.setFont(REGULAR, FOOTER_SIZE + 1)
        self.drawRightString(width - RIGHT_MARGIN, FOOTER_BASELINE, f"стр. {self._pageNumber} из {total}")
        self.restoreState()
