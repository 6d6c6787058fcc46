"""A report table for reportlab: merged header repeated on every page, wrapped cells, bold totals.

Two measures keep long reports fast. A cell whose text fits its column is drawn as a plain string; only
the others become Paragraphs, which wrap but cost far more to lay out. And the body is handed to reportlab
in chunks of rows: reportlab recomputes its span maps over the whole remaining table at every page
break, which made a 2 400-row table take seconds. Each chunk decides where it lands whether it needs the
header: the first chunk of a table always, a chunk that starts a page too, one that follows another
chunk on the same page not. Rows split inside themselves only at the top of a page, so a cell longer
than a page still prints without a header repeated in the middle of one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reportlab.platypus import Flowable, Paragraph  # type: ignore[import-untyped]
from reportlab.platypus import Table as PdfTable

from desktop_app.reports.fonts import BOLD, REGULAR
from desktop_app.reports.formatting import cell_text
from desktop_app.reports.model import Align, Row, RowStyle, Table
from desktop_app.reports.pdf_cells import CellText, paragraph_lines, text_width, wrapped_lines
from desktop_app.reports.pdf_plain import PlainRows, repeat_header
from desktop_app.reports.pdf_style import (
    CELL_PAD_BOTTOM,
    CELL_PAD_X,
    CELL_PAD_Y,
    GRID_COLOR,
    GROUP_FILL,
    HEADER_FILL,
    markup,
    paragraph_style,
    plain,
    table_align,
    table_font_size,
)
from desktop_app.reports.progress import Steps

# Table style commands are tuples of mixed types, which is how reportlab takes them.
Command = tuple[Any, ...]
GRID_WIDTH = 0.5
CHUNK_ROWS = 40
KNOWN_CELLS = 50_000  # cells of one table remembered by value (body_row), enough for a district's register
TOP_TOLERANCE = 1.0


@dataclass(frozen=True, slots=True)
class _BodyRow:
    cells: tuple[Any, ...]  # a tuple of strings, which the collector stops walking once it has seen it
    style: RowStyle
    aligns: tuple[tuple[int, Align], ...]  # cells aligned unlike their column
    height: float | None  # measured once here; None leaves a very tall row to reportlab, which can split it
    font: str = REGULAR  # of a row of strings (BOLD for a total)


@dataclass(frozen=True)
class _Prepared:
    widths: list[float]
    header: list[list[Any]]
    header_commands: list[Command]
    base_commands: list[Command]
    rows: list[_BodyRow]
    top_height: float  # the height a frame offers at the top of a page
    plain: PlainRows  # draws pieces of rows of strings straight on the page (pdf_plain.py)
    measured: dict[str, float] = field(default_factory=dict)  # the header's height, once known


class ReportTable(PdfTable):  # type: ignore[misc]  # reportlab is untyped
    """A reportlab table that splits a row inside itself only at the top of a page (see the module note)."""

    top_height = 0.0
    _cell_text: CellText | None = None

    @property
    def body_rows(self) -> int:
        """Rows of this piece below its header, for progress."""
        return int(self._nrows) - int(self.repeatRows)

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        """Between rows where possible; inside a row only at the top of a page."""
        self._calc(available_width, available_height)
        pieces: list[Flowable] = self._splitRows(available_height, doInRowSplit=0)
        if not pieces and self.splitInRow and available_height >= self.top_height - TOP_TOLERANCE:
            pieces = self._splitRows(available_height, doInRowSplit=1)
        for piece in pieces:
            if isinstance(piece, ReportTable):
                piece.top_height = self.top_height
        return pieces

    def draw(self) -> None:
        """reportlab's drawing, with the string cells gathered into one text object (pdf_cells.py)."""
        self._cell_text = CellText(self.canv)
        try:
            super().draw()
            self._cell_text.finish()
        finally:
            self._cell_text = None

    def _drawLines(self) -> None:  # reportlab names it so
        if self._cell_text is not None:  # the text goes before the grid, as reportlab draws it
            self._cell_text.finish()
        super()._drawLines()

    def _drawCell(self, value: Any, style: Any, position: Any, size: Any) -> None:  # reportlab names it so
        if self._cell_text is None or not isinstance(value, str) or style.href or style.destination:
            if self._cell_text is not None:
                self._cell_text.finish()
            super()._drawCell(value, style, position, size)
        else:
            self._cell_text.add(value, style, position, size)


class TableChunk(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """Body rows ``start:stop`` of a table, built as a reportlab table only once its place is known.

    When every row's height is known (the usual case), the chunk measures and splits itself by those heights
    and builds a reportlab table only for the piece that is drawn: reportlab's own split builds the whole
    remainder again at every page, cell by cell.
    """

    def __init__(self, prepared: _Prepared, start: int, stop: int, first: bool) -> None:
        super().__init__()
        self.prepared, self.start, self.stop, self.first = prepared, start, stop, first
        self.hAlign = "CENTER"
        self._table: ReportTable | None = None
        self._built: dict[bool, ReportTable] = {}  # wrap and split at one place reuse the same table
        self._heights = [row.height for row in prepared.rows[start:stop]]
        self._known = None not in self._heights
        # rows of strings with known heights (no group headings, which span and shade) are drawn straight
        self._plain = self._known and all(row.style is not RowStyle.GROUP for row in prepared.rows[start:stop])
        self._with_header = first

    @property
    def body_rows(self) -> int:
        """Rows of the chunk, for progress."""
        return self.stop - self.start

    def _header_here(self, available_height: float) -> bool:
        return self.first or available_height >= self.prepared.top_height - TOP_TOLERANCE

    def _build(self, available_height: float) -> ReportTable:
        with_header = self._header_here(available_height)
        if with_header not in self._built:
            self._built[with_header] = self._make(with_header)
        return self._built[with_header]

    def _make(self, with_header: bool) -> ReportTable:
        prepared = self.prepared
        header = prepared.header if with_header else []
        data: list[list[Any]] = [list(row) for row in header]
        commands: list[Command] = list(prepared.base_commands)
        if header:
            commands += prepared.header_commands
        rows = prepared.rows[self.start : self.stop]
        for offset, row in enumerate(rows):
            index = len(header) + offset
            data.append(list(row.cells))
            commands += _row_commands(row, index, offset + 1 < len(rows))
        table = ReportTable(
            data,
            colWidths=prepared.widths,
            rowHeights=[None] * len(header) + [row.height for row in rows],
            style=commands,
            repeatRows=len(header),
            splitInRow=1 if header else 0,
            hAlign="CENTER",
        )
        table.top_height = prepared.top_height
        return table

    def _header_table(self) -> ReportTable:
        """The header rows alone, as a reportlab table ready to draw."""
        header = ReportTable(
            [list(row) for row in self.prepared.header],
            colWidths=self.prepared.widths,
            style=self.prepared.base_commands + self.prepared.header_commands,
        )
        header.wrap(sum(self.prepared.widths), self.prepared.top_height)
        return header

    def _header_height(self, available_width: float) -> float:
        """The header's height, measured once per table."""
        measured = self.prepared.measured
        if "header" not in measured:
            measured["header"] = 0.0
            if self.prepared.header:
                measured["header"] = float(self._header_table().wrap(available_width, self.prepared.top_height)[1])
        return measured["header"]

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        """Measure the chunk for this place (with or without the header)."""
        self._with_header = self._header_here(available_height)
        if self._known:
            header = self._header_height(available_width) if self._with_header else 0.0
            return float(sum(self.prepared.widths)), header + float(sum(self._heights))  # type: ignore[arg-type]
        self._table = self._build(available_height)
        width, height = self._table.wrap(available_width, available_height)
        return float(width), float(height)

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        """What fits here, and the rest for the next page."""
        if self._known:
            return self._split_known(available_width, available_height)
        table = self._build(available_height)
        pieces: list[Flowable] = table.split(available_width, available_height)
        if table.repeatRows or len(pieces) < 2:
            return pieces
        # Without a header reportlab's remainder would start the next page headless: hand the rest back as a
        # chunk, which will take the header there.
        done = pieces[0].body_rows
        return [pieces[0], TableChunk(self.prepared, self.start + done, self.stop, first=False)]

    def _split_known(self, available_width: float, available_height: float) -> list[Flowable]:
        """The rows that fit below the header (if it goes here), as reportlab would cut them."""
        used = self._header_height(available_width) if self._header_here(available_height) else 0.0
        fit = 0
        for height in self._heights:
            used += height  # type: ignore[operator]
            if used > available_height:
                break
            fit += 1
        rows = self.prepared.rows
        while fit and self.start + fit < self.stop and rows[self.start + fit - 1].style is RowStyle.GROUP:
            fit -= 1  # a group heading never ends a page alone
        if not fit or fit >= len(self._heights):
            return []
        here = TableChunk(self.prepared, self.start, self.start + fit, self.first)
        return [here, TableChunk(self.prepared, self.start + fit, self.stop, first=False)]

    def draw(self) -> None:
        """Draw the table measured by the last ``wrap``."""
        if self._plain:
            body = float(sum(self._heights))  # type: ignore[arg-type]
            if self._with_header and self.prepared.header:
                repeat_header(self.canv, self.prepared, body, self._header_table)
            self.prepared.plain.draw(self.canv, self.prepared.rows[self.start : self.stop], self._heights)
            return
        if self._known:
            self._table = self._built.get(self._with_header) or self._make(self._with_header)
            self._table.wrap(sum(self.prepared.widths), self.prepared.top_height)
        assert self._table is not None, "wrap() comes before draw()"
        self._table.drawOn(self.canv, 0, 0)


def _row_commands(row: _BodyRow, index: int, has_next: bool) -> list[Command]:
    commands: list[Command] = []
    if row.style is RowStyle.GROUP:
        commands += [("SPAN", (0, index), (-1, index)), ("BACKGROUND", (0, index), (-1, index), GROUP_FILL)]
        if has_next:  # a group heading never ends a page alone
            commands.append(("NOSPLIT", (0, index), (-1, index + 1)))
    elif row.style is RowStyle.TOTAL:
        commands.append(("FONTNAME", (0, index), (-1, index), BOLD))
    for column, align in row.aligns:
        commands.append(("ALIGN", (column, index), (column, index), table_align(align)))
    return commands


def _padded(height: float | None) -> float | None:
    return None if height is None else height + CELL_PAD_Y + CELL_PAD_BOTTOM


def column_widths(table: Table, available: float) -> list[float]:
    """The available width shared out by the columns' weights."""
    total = sum(column.weight for column in table.columns)
    return [available * column.weight / total for column in table.columns]


def build_table(table: Table, available_width: float, top_height: float, steps: Steps) -> list[Flowable]:
    """The flowables for one table; advances ``steps`` by one per body row prepared (and checks for cancelling)."""
    widths = column_widths(table, available_width)
    builder = _Builder(table, widths, table_font_size(len(table.columns)), top_height / 3)
    rows: list[_BodyRow] = []
    for row in table.rows:
        rows.append(builder.body_row(row))
        steps.advance()
    drawer = PlainRows(widths, builder.column_aligns, builder.size)
    header = builder.header()
    prepared = _Prepared(widths, header, builder.header_commands, builder.base_commands, rows, top_height, drawer)
    if not rows:
        return [TableChunk(prepared, 0, 0, first=True)]
    chunks: list[Flowable] = []
    start = 0
    while start < len(rows):
        stop = min(start + CHUNK_ROWS, len(rows))
        while stop < len(rows) and rows[stop - 1].style is RowStyle.GROUP:
            stop += 1  # a group heading stays in the chunk of its first row
        chunks.append(TableChunk(prepared, start, stop, first=not chunks))
        start = stop
    return chunks


class _Builder:
    def __init__(self, table: Table, widths: list[float], size: float, tall: float) -> None:
        self.table = table
        self.widths = widths
        self.size = size
        self.leading = round(size * 1.18, 2)
        self.tall = tall  # rows at least this tall are measured by reportlab, so that they can split
        self.room = [width - 2 * CELL_PAD_X - 0.5 for width in widths]
        self.known: dict[tuple[Any, ...], tuple[str, Align]] = {}  # cells prepared as strings, by value
        self.column_aligns = [self._column_align(index) for index in range(len(widths))]
        self.base_commands: list[Command] = [
            ("FONT", (0, 0), (-1, -1), REGULAR, size, self.leading),
            ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD_X),
            ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD_X),
            ("TOPPADDING", (0, 0), (-1, -1), CELL_PAD_Y),
            ("BOTTOMPADDING", (0, 0), (-1, -1), CELL_PAD_BOTTOM),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("GRID", (0, 0), (-1, -1), GRID_WIDTH, GRID_COLOR),
        ]
        self.base_commands += [
            ("ALIGN", (index, 0), (index, -1), table_align(align)) for index, align in enumerate(self.column_aligns)
        ]
        self.header_commands: list[Command] = []
        if table.header_height:
            end = table.header_height - 1
            self.header_commands += [
                ("BACKGROUND", (0, 0), (-1, end), HEADER_FILL),
                ("VALIGN", (0, 0), (-1, end), "MIDDLE"),
                ("ALIGN", (0, 0), (-1, end), "CENTER"),
            ]

    def _column_align(self, index: int) -> Align:
        """The alignment most of the column's cells want; cells that differ get their own command."""
        declared = self.table.columns[index].align
        if declared is not None:
            return declared
        for row in self.table.rows:
            if row.style is not RowStyle.GROUP and not row.cells[index].is_empty:
                return row.cells[index].default_align
        return Align.LEFT

    def header(self) -> list[list[Any]]:
        """The header grid with the merged cells' SPAN commands."""
        grid: list[list[Any]] = [[""] * len(self.widths) for _ in range(self.table.header_height)]
        style = paragraph_style(self.size, Align.CENTER)
        for placed in self.table.placed_header:
            width = sum(self.widths[placed.column : placed.last_column + 1]) - 2 * CELL_PAD_X
            lines = wrapped_lines(_cleaned(placed.cell.text), REGULAR, self.size, width)
            grid[placed.row][placed.column] = "\n".join(lines) if lines else Paragraph(markup(placed.cell.text), style)
            if placed.cell.rowspan > 1 or placed.cell.colspan > 1:
                self.header_commands.append(
                    ("SPAN", (placed.column, placed.row), (placed.last_column, placed.last_row))
                )
        return grid

    def body_row(self, row: Row) -> _BodyRow:
        """Cells as strings (wrapped ones as lines) or Paragraphs, the row's own commands and its height."""
        if row.style is RowStyle.GROUP:
            # Spanned over the whole row, the heading wraps to the table's width, not the first column's.
            heading = Paragraph(markup(cell_text(row.cells[0])), paragraph_style(self.size, Align.LEFT, bold=True))
            measured = self._height(heading, sum(self.widths))
            return _BodyRow((heading,) + ("",) * (len(self.widths) - 1), row.style, (), _padded(measured))
        bold = row.style is RowStyle.TOTAL
        font = BOLD if bold else REGULAR
        cells: list[Any] = []
        aligns: list[tuple[int, Align]] = []
        height: float | None = self.leading
        wrapped: list[int] = []  # cells wrapped into lines here: Paragraphs again if the row is left to reportlab
        known = self.known
        for column, cell in enumerate(row.cells):
            # a register repeats its districts, stages, dates and counts: each cell's text is prepared once (the
            # kind by its id: an enum's hash is slow)
            key = (column, bold, id(cell.kind), cell.precision, cell.value.__class__, cell.value)
            found = known.get(key)
            if found is None:
                shown, align = cell_text(cell), self.table.align(column, cell)
                value = self._cell(column, shown, font)
                if value is not None and len(known) < KNOWN_CELLS:
                    known[key] = (value, align)
            else:
                value, align = found
            if value is None:
                paragraph = Paragraph(markup(shown), paragraph_style(self.size, align, bold))
                measured = self._height(paragraph, self.widths[column]) if height is not None else None
                lines = paragraph_lines(paragraph) if measured is not None else None
                value = "\n".join(lines) if lines else paragraph
            cells.append(value)
            if isinstance(value, str):
                if align is not self.column_aligns[column]:
                    aligns.append((column, align))
                if "\n" in value:
                    wrapped.append(column)
                    lines_height = (value.count("\n") + 1) * self.leading
                    height = None if height is None or lines_height >= self.tall else max(height, lines_height)
            else:
                height = None
        if height is None:
            for column in wrapped:
                shown, align = cell_text(row.cells[column]), self.table.align(column, row.cells[column])
                cells[column] = Paragraph(markup(shown), paragraph_style(self.size, align, bold))
        return _BodyRow(tuple(cells), row.style, tuple(aligns), _padded(height), font)

    def _height(self, paragraph: Paragraph, width: float) -> float | None:
        """The text height as reportlab would measure it in the cell; None for a row tall enough to split."""
        _width, height = paragraph.wrap(width - 2 * CELL_PAD_X, self.tall)
        return None if height >= self.tall else float(height)

    def _cell(self, column: int, shown: str, font: str) -> str | None:
        """The cell as a string (its lines when it wraps), or None when it takes a Paragraph."""
        if "\n" not in shown and text_width(shown, font, self.size) <= self.room[column]:
            return plain(shown)
        lines = wrapped_lines(_cleaned(shown), font, self.size, self.widths[column] - 2 * CELL_PAD_X)
        return "\n".join(lines) if lines else None


def _cleaned(text: str) -> str:
    """The characters a Paragraph of ``markup(text)`` holds."""
    return plain(text.replace("\r\n", "\n"))
