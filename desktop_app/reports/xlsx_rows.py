"""Body rows of a table as plain values beside shared styles, for the long registers (issue 26 §2).

A register of 60 000 families is 600 000 body cells, and most of what a cell cost was the same for its whole
column: its font, alignment, border and number format, worked out and looked up cell by cell. Here each kind of
cell of a column (its column, bold or not, its kind and precision, known or «—») gets its style once, made the
way the sheet makes any cell's style (``BufferedSheet.style``), and a row is kept as its values, their types and
those shared styles; ``BufferedSheet.flush`` writes it through one reused cell, as openpyxl's own ``append`` of
plain values does, so the workbook holds exactly what the cell-by-cell writer made.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from openpyxl.cell.cell import ERROR_CODES, WriteOnlyCell

from desktop_app.reports.formatting import DASH, rounded
from desktop_app.reports.model import Cell, CellKind, Row, RowStyle, Table
from desktop_app.reports.xlsx_buffer import BufferedSheet, PlainShape
from desktop_app.reports.xlsx_style import GRID, TABLE_SIZE, alignment, clean_text, font, number_format, text_lines

_TEXT, _DATE, _INTEGER, _PERCENT = CellKind.TEXT, CellKind.DATE, CellKind.INTEGER, CellKind.PERCENT


class PlainRows:
    """Writes the ordinary and total rows of one table of a sheet as plain entries (group rows, which merge and
    shade, stay with the sheet writer)."""

    def __init__(self, sheet: BufferedSheet, table: Table, widths: list[float]) -> None:
        self.sheet, self.table, self.widths = sheet, table, widths
        self._styles: dict[tuple[Any, ...], Any] = {}
        self._shapes: dict[tuple[tuple[str, int], ...], PlainShape] = {}

    def write(self, number: int, row: Row) -> int:
        """Put the row's cells at row ``number``; the lines its tallest text takes."""
        bold = row.style is RowStyle.TOTAL
        lines = 1
        values: list[Any] = []
        kinds: list[tuple[str, Any]] = []  # each cell's type and style
        known: list[tuple[str, int]] = []  # the same by the style's id (a style array hashes in Python, slowly)
        styles, widths = self._styles, self.widths
        for index, cell in enumerate(row.cells):
            value, data_type = _plain_value(cell)
            key = (index, bold, id(cell.kind), cell.precision, cell.value is None)  # an enum's hash is slow
            style = styles.get(key)
            if style is None:
                style = styles[key] = self._style(index, cell, bold, value)
            values.append(value)
            kinds.append((data_type, style))
            known.append((data_type, id(style)))
            if cell.kind is _TEXT and cell.value:
                lines = max(lines, text_lines(str(cell.value), widths[index], TABLE_SIZE))
        # Rows share their types and styles: one tuple of them per shape of row, not a tuple per cell for the
        # collector to walk through again and again while a long register is written.
        key = tuple(known)
        shape = self._shapes.get(key)
        if shape is None:
            shape = self._shapes[key] = tuple(kinds)  # the styles, kept in self._styles, keep their ids
        self.sheet.put_row(number, values, shape)
        return lines

    def _style(self, index: int, cell: Cell, bold: bool, value: Any) -> Any:
        """The style a cell of this kind gets from the cell-by-cell writer: made on a cell holding such a value
        (a date sets its own number format first, which the style then replaces, as in a normal sheet)."""
        made = WriteOnlyCell(self.sheet._sheet, value)
        self.sheet.style(
            made,
            font(TABLE_SIZE, bold=bold),
            alignment(self.table.align(index, cell)),
            GRID,
            number_format=number_format(cell),
        )
        return made._style


def _plain_value(cell: Cell) -> tuple[Any, str]:
    """The value as the workbook keeps it and its cell type, as binding it to a cell would give them: text
    cleaned of what a workbook cannot hold and never a formula, numbers rounded as the PDF prints them."""
    if cell.is_empty:
        return DASH, "s"
    value, kind = cell.value, cell.kind
    if kind is _TEXT:
        shown = str(value)
        cleaned = clean_text(shown)
        # openpyxl takes «#N/A» and the like for errors; «=…» stays text (xlsx_style.set_text)
        return cleaned, ("e" if cleaned in ERROR_CODES and not shown.startswith("=") else "s")
    if kind is _DATE:
        return value, "d"
    if kind is _INTEGER and type(value) is int:
        return value, "n"  # a whole number is its own rounding
    assert isinstance(value, int | float | Decimal)
    exact = rounded(value, cell.precision)
    if kind is _PERCENT:  # a workbook keeps a percentage as a fraction
        exact /= 100
    return (int(exact) if kind is _INTEGER else float(exact)), "n"
