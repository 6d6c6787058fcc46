"""One worksheet of a report: the blocks of the form written top to bottom, then the print setup.

Neither Excel nor LibreOffice reliably sizes the height of a wrapped row when it opens a file (merged cells
never), so every row that needs more than one line gets a height estimated from its text.
"""

from __future__ import annotations

from openpyxl.utils import get_column_letter

from desktop_app.reports.formatting import BLANK_DATE, format_date, format_date_long
from desktop_app.reports.model import Align, Report, Row, RowStyle, Section, Signature, Table
from desktop_app.reports.progress import Steps
from desktop_app.reports.xlsx_buffer import BufferedSheet
from desktop_app.reports.xlsx_rows import PlainRows
from desktop_app.reports.xlsx_style import (
    GRID,
    GROUP_FILL,
    HEADER_FILL,
    LANDSCAPE_WIDTH,
    MIN_COLUMN_WIDTH,
    PORTRAIT_WIDTH,
    TABLE_SIZE,
    TEXT_SIZE,
    UNDERLINE,
    alignment,
    font,
    line_height,
    set_text,
    text_lines,
)

NO_TABLE_COLUMNS = 6
INCH = 25.4
SIGNATURE_SHARES = (0.4, 0.2, 0.22, 0.18)  # должность, подпись, расшифровка, дата
SIGNATURE_CAPTIONS = ("(подпись)", "(расшифровка подписи)", "(дата)")


class SheetWriter:
    """Writes the report's blocks for the given sections down one sheet, keeping the next free row; ``sheet``
    is a BufferedSheet, flushed by the caller once the page setup is done."""

    def __init__(self, sheet: BufferedSheet, report: Report, sections: tuple[Section, ...], steps: Steps) -> None:
        self.sheet, self.report, self.sections, self.steps = sheet, report, sections, steps
        self.widths = _column_widths([s.table for s in sections if s.table is not None], report.landscape)
        self.columns = len(self.widths)
        self.row = 1
        self.frozen = False
        for index, width in enumerate(self.widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width

    def write(self, approval: bool, signatures: bool, title: bool = True) -> None:
        """Title block (with the approval on the first sheet), sections, signatures (on the last). A sheet that
        only continues the one before it (a table with its own header) goes without the title block."""
        if approval and self.report.approval is not None:
            self._approval()
        for text, size, bold in (
            (self.report.organisation, TEXT_SIZE + 1, False),
            (self.report.title, TEXT_SIZE + 3, True),
            (self.report.subtitle, TEXT_SIZE + 1, False),
        ):
            if text and title:
                self._text_row(text, size, bold, Align.CENTER)
        if title:
            self.row += 1
        for section in self.sections:
            self._section(section)
        if signatures and self.report.signatures:
            self._signatures()

    def page_setup(self, footer_left: str) -> None:
        """A4 in the report's orientation, fitted to one page across, «стр. N из M» in the footer."""
        sheet = self.sheet
        sheet.page_setup.orientation = "landscape" if self.report.landscape else "portrait"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0  # as many pages down as it takes
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.print_options.horizontalCentered = True
        margins = sheet.page_margins
        margins.left, margins.right, margins.top, margins.bottom = 20 / INCH, 10 / INCH, 15 / INCH, 17 / INCH
        margins.footer = 7 / INCH
        sheet.oddFooter.right.text = "стр. &P из &N"
        sheet.oddFooter.right.size = 9
        if footer_left:
            sheet.oddFooter.left.text = footer_left
            sheet.oddFooter.left.size = 8

    # Blocks

    def _approval(self) -> None:
        assert self.report.approval is not None
        approval = self.report.approval
        first = self._right_part(0.38)
        when = format_date_long(approval.day) if approval.day else BLANK_DATE
        for text, bold in (
            (approval.heading, True),
            (approval.position, False),
            (f"______________ {approval.name}", False),
            (when, False),
        ):
            self._text_row(text, TEXT_SIZE + 1, bold, Align.LEFT, first=first)
        self.row += 1

    def _section(self, section: Section) -> None:
        if section.title:
            self._text_row(section.title, TEXT_SIZE + 1, True, Align.CENTER)
        if section.table is not None:
            self._table(section.table)
        if section.notes:
            self.row += 1
            for note in section.notes:
                self._text_row(note, TEXT_SIZE, False, Align.LEFT, vertical="top")
        self.row += 1

    def _table(self, table: Table) -> None:
        top = self.row
        self._header(table, top)
        self.row = top + table.header_height
        if not self.frozen:
            self.frozen = True
            self.sheet.freeze_panes = f"A{self.row}"
            if table.header_height:
                self.sheet.print_title_rows = f"{top}:{self.row - 1}"
        plain = PlainRows(self.sheet, table, self.widths)
        for row in table.rows:
            self._body_row(table, row, plain)
            self.steps.advance()

    def _header(self, table: Table, top: int) -> None:
        sheet = self.sheet
        columns = len(table.columns)
        for row in range(top, top + table.header_height):
            for column in range(1, columns + 1):
                sheet.style(
                    sheet.cell(row=row, column=column),
                    font(TABLE_SIZE),
                    alignment(Align.CENTER, "center"),
                    GRID,
                    HEADER_FILL,
                )
        heights = [line_height(TABLE_SIZE)] * table.header_height
        for placed in table.placed_header:
            set_text(sheet, top + placed.row, placed.column + 1, placed.cell.text)
            width = sum(self.widths[placed.column : placed.last_column + 1])
            needed = text_lines(placed.cell.text, width, TABLE_SIZE) * line_height(TABLE_SIZE) + 4
            spanned = heights[placed.row : placed.last_row + 1]
            if sum(spanned) < needed:  # the last spanned row takes what the cell still lacks
                heights[placed.last_row] += needed - sum(spanned)
        for placed in table.placed_header:
            if placed.cell.rowspan > 1 or placed.cell.colspan > 1:
                sheet.merge_cells(
                    start_row=top + placed.row,
                    start_column=placed.column + 1,
                    end_row=top + placed.last_row,
                    end_column=placed.last_column + 1,
                )
        for offset, height in enumerate(heights):
            sheet.row_dimensions[top + offset].height = round(height, 1)

    def _body_row(self, table: Table, row: Row, plain: PlainRows) -> None:
        sheet = self.sheet
        columns = len(table.columns)
        if row.style is RowStyle.GROUP:
            heading = str(row.cells[0].value)
            for column in range(1, columns + 1):
                sheet.style(sheet.cell(row=self.row, column=column), border=GRID, fill=GROUP_FILL)
            cell = set_text(sheet, self.row, 1, heading)
            sheet.style(cell, font(TABLE_SIZE, bold=True), alignment(Align.LEFT))
            if columns > 1:
                sheet.merge_cells(start_row=self.row, start_column=1, end_row=self.row, end_column=columns)
            lines = text_lines(heading, sum(self.widths[:columns]), TABLE_SIZE)
            if lines > 1:
                sheet.row_dimensions[self.row].height = lines * line_height(TABLE_SIZE) + 2
        else:
            lines = plain.write(self.row, row)
            if lines > 1:
                sheet.row_height(self.row, round(lines * line_height(TABLE_SIZE) + 2, 1))
        self.row += 1

    def _signatures(self) -> None:
        self.row += 1
        groups = _groups(self.widths, SIGNATURE_SHARES)
        for signature in self.report.signatures:
            when = format_date(signature.day) if signature.day else ""  # undated: a line to write the date on
            if groups is None:  # too few columns for the four parts: one line of text
                line = f"{signature.position} ______________ {signature.name} {when or BLANK_DATE}"
                self._text_row(line, TEXT_SIZE, False, Align.LEFT)
                continue
            self._signature_line(groups, signature, when)
            for (first, last), caption in zip(groups[1:], SIGNATURE_CAPTIONS, strict=True):
                self.sheet.style(
                    set_text(self.sheet, self.row, first, caption), font(8, italic=True), alignment(Align.CENTER)
                )
                self._merge(first, last)
            self.row += 2

    def _signature_line(self, groups: list[tuple[int, int]], signature: Signature, when: str) -> None:
        """Должность on the left; lines to sign on, under the name and under the date."""
        values = (signature.position, "", signature.name, when)
        for index, ((first, last), text) in enumerate(zip(groups, values, strict=True)):
            cell = set_text(self.sheet, self.row, first, text) if text else self.sheet.cell(self.row, first)
            self.sheet.style(cell, font(TEXT_SIZE), alignment(Align.LEFT if index == 0 else Align.CENTER, "bottom"))
            if index:
                for column in range(first, last + 1):
                    self.sheet.style(self.sheet.cell(self.row, column), border=UNDERLINE)
            self._merge(first, last)
        first, last = groups[0]
        lines = text_lines(signature.position, sum(self.widths[first - 1 : last]), TEXT_SIZE)
        self.sheet.row_dimensions[self.row].height = max(2, lines) * line_height(TEXT_SIZE)
        self.row += 1

    # Helpers

    def _text_row(
        self, text: str, size: float, bold: bool, align: Align, first: int = 1, vertical: str = "center"
    ) -> None:
        self.sheet.style(set_text(self.sheet, self.row, first, text), font(size, bold=bold), alignment(align, vertical))
        self._merge(first, self.columns)
        lines = text_lines(text, sum(self.widths[first - 1 :]), size)
        self.sheet.row_dimensions[self.row].height = round(lines * line_height(size) + 3, 1)
        self.row += 1

    def _merge(self, first: int, last: int) -> None:
        if last > first:
            self.sheet.merge_cells(start_row=self.row, start_column=first, end_row=self.row, end_column=last)

    def _right_part(self, share: float) -> int:
        """The first column of the right-hand part of the sheet at least ``share`` of its width wide."""
        total, taken = sum(self.widths), 0.0
        for column in range(self.columns, 0, -1):
            taken += self.widths[column - 1]
            if taken >= share * total:
                return column
        return 1


def _column_widths(tables: list[Table], landscape: bool) -> list[float]:
    """Weights shared out over the printable width; where tables on one sheet differ, the wider wins."""
    if not tables:
        return [(LANDSCAPE_WIDTH if landscape else PORTRAIT_WIDTH) / NO_TABLE_COLUMNS] * NO_TABLE_COLUMNS
    widths: list[float] = []
    for table in tables:
        page = LANDSCAPE_WIDTH if landscape or table.is_wide else PORTRAIT_WIDTH
        total = sum(column.weight for column in table.columns)
        for index, column in enumerate(table.columns):
            width = round(max(MIN_COLUMN_WIDTH, page * column.weight / total), 1)
            if index < len(widths):
                widths[index] = max(widths[index], width)
            else:
                widths.append(width)
    return widths


def _groups(widths: list[float], shares: tuple[float, ...]) -> list[tuple[int, int]] | None:
    """Consecutive column ranges (1-based, inclusive) close to the given shares of the width."""
    if len(widths) < len(shares):
        return None
    total = sum(widths)
    groups: list[tuple[int, int]] = []
    first, edge, reached = 1, 0.0, 0.0
    for number, share in enumerate(shares):
        edge += share * total
        last = first
        reached += widths[last - 1]
        columns_left_for_rest = len(shares) - number - 1
        while last < len(widths) - columns_left_for_rest and reached + widths[last] / 2 <= edge:
            last += 1
            reached += widths[last - 1]
        if number == len(shares) - 1:
            last = len(widths)
        groups.append((first, last))
        first = last + 1
    return groups
