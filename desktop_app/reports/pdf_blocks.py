"""The parts of a printed form around its tables: «УТВЕРЖДАЮ», the title, notes and the signature block."""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer  # type: ignore[import-untyped]
from reportlab.platypus import Table as PdfTable

from desktop_app.reports.formatting import BLANK_DATE, format_date, format_date_long
from desktop_app.reports.model import Align, Approval, Report, Section, Signature
from desktop_app.reports.pdf_style import markup, paragraph_style, text_style

APPROVAL_WIDTH = 80 * mm
SIGNATURE_LINE = "_" * 18


def title_block(report: Report, width: float) -> list[Flowable]:
    """Approval in the top right corner, then the organisation, the title and the period, centred."""
    flowables: list[Flowable] = []
    if report.approval is not None:
        flowables += [approval_block(report.approval, min(APPROVAL_WIDTH, width / 2)), Spacer(1, 6 * mm)]
    if report.organisation:
        flowables.append(Paragraph(markup(report.organisation), text_style(12, Align.CENTER, space_after=6)))
    flowables.append(Paragraph(markup(report.title), text_style(14, Align.CENTER, bold=True, space_after=4)))
    if report.subtitle:
        flowables.append(Paragraph(markup(report.subtitle), text_style(12, Align.CENTER, space_after=4)))
    flowables.append(Spacer(1, 4 * mm))
    return flowables


def approval_block(approval: Approval, width: float) -> PdfTable:
    """«УТВЕРЖДАЮ», position, a line to sign with the name, the date (or a blank for it), set right."""
    style = paragraph_style(12, Align.LEFT)
    when = format_date_long(approval.day) if approval.day else BLANK_DATE
    rows = [
        [Paragraph(markup(approval.heading), paragraph_style(12, Align.LEFT, bold=True))],
        [Paragraph(markup(approval.position), style)],
        [Paragraph(f"{SIGNATURE_LINE[:14]}&nbsp;{markup(approval.name)}", style)],
        [Paragraph(markup(when), style)],
    ]
    return PdfTable(
        rows,
        colWidths=[width],
        hAlign="RIGHT",
        style=[
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 1),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ("TOPPADDING", (0, 2), (0, 2), 10),  # room to sign above the line
        ],
    )


def section_heading(section: Section) -> list[Flowable]:
    """The section's name (often a district) centred above its table."""
    if not section.title:
        return []
    return [Paragraph(markup(section.title), text_style(12, Align.CENTER, bold=True, space_after=6))]


def notes(section: Section) -> list[Flowable]:
    """Paragraphs under the table."""
    if not section.notes:
        return []
    style = text_style(10, Align.LEFT, space_after=3)
    return [Spacer(1, 3 * mm), *(Paragraph(markup(note), style) for note in section.notes)]


def signature_block(signatures: tuple[Signature, ...], width: float) -> list[Flowable]:
    """Должность — подпись — расшифровка — дата, one line per signer, kept together on one page."""
    if not signatures:
        return []
    text = paragraph_style(11, Align.LEFT)
    caption = paragraph_style(7, Align.CENTER)
    # Narrow empty columns keep the lines under the signature, the name and the date apart.
    widths = [width * share for share in (0.36, 0.2, 0.03, 0.22, 0.03, 0.16)]
    rows: list[list[Any]] = []
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
    ]
    for signature in signatures:
        line = len(rows)
        when = format_date(signature.day) if signature.day else ""  # undated: a line to write the date on
        rows.append(
            [
                Paragraph(markup(signature.position), text),
                "",
                "",
                Paragraph(markup(signature.name), paragraph_style(11, Align.CENTER)),
                "",
                Paragraph(markup(when), paragraph_style(11, Align.CENTER)),
            ]
        )
        rows.append(
            [
                "",
                Paragraph("(подпись)", caption),
                "",
                Paragraph("(расшифровка подписи)", caption),
                "",
                Paragraph("(дата)", caption),
            ]
        )
        commands += [
            ("LINEBELOW", (1, line), (1, line), 0.5, "black"),
            ("LINEBELOW", (3, line), (3, line), 0.5, "black"),
            ("LINEBELOW", (5, line), (5, line), 0.5, "black"),
            ("RIGHTPADDING", (0, line), (0, line), 6),
            ("TOPPADDING", (0, line), (-1, line), 18 if line else 4),
        ]
    table = PdfTable(rows, colWidths=widths, style=commands, hAlign="LEFT")
    return [KeepTogether([Spacer(1, 8 * mm), table])]
