"""A sheet of a write-only workbook that the report's writers fill cell by cell, in any order, as they did a
normal one; its rows are streamed out in order when it is done.

openpyxl's write-only mode writes a row once and never again, but the report's blocks know a row's height, a
merged range or the frozen pane only as they go; so the cells wait here (a few per row, no worksheet of cell
objects with their lookups) and ``flush`` appends them. Styles are made once per combination and given to a
cell as an index array shared by the cells of that combination, not looked up in the workbook's lists on every
assignment, and a merged range gets its border the way a normal sheet draws it (the covered cells on the edges
carry the top-left cell's sides) without the normal sheet's per-cell bookkeeping, which took most of the time
of a report with many group rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from copy import copy
from typing import Any, TypeAlias

from openpyxl.cell.cell import Cell, WriteOnlyCell
from openpyxl.styles import Border
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.dimensions import RowDimension
from openpyxl.worksheet.worksheet import Worksheet

_SIDES = ("top", "left", "right", "bottom")
# The cells of a plain row (xlsx_rows.py) but their values: each one's cell type and shared style array.
PlainShape: TypeAlias = tuple[tuple[str, Any], ...]


class BufferedSheet:
    """The write-only ``sheet`` with ``cell``, ``style`` and ``merge_cells``; everything else (column widths,
    row heights, frozen pane, print titles, page setup, charts) is the sheet's own and passed through."""

    PAPERSIZE_A4 = Worksheet.PAPERSIZE_A4

    def __init__(self, sheet: Any) -> None:
        self._sheet = sheet
        self._cells: dict[int, dict[int, Any]] = {}
        self._plain: dict[int, _PlainRow] = {}  # rows kept as values and shared styles
        self._style_ids: dict[int, tuple[Any, int]] = {}  # a shared style array's index in the workbook
        self._heights: dict[float, dict[str, str]] = {}  # a row dimension's attributes, by height
        self._styles: dict[tuple[Any, ...], Any] = {}
        self._edges: dict[tuple[Any, ...], Border] = {}

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sheet, name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name.startswith("_"):
            object.__setattr__(self, name, value)
        else:
            setattr(self._sheet, name, value)

    def cell(self, row: int, column: int, value: Any = None) -> Any:
        """The cell at (row, column), made when first asked for; ``value`` replaces its value unless None."""
        found = self._cells.setdefault(row, {}).get(column)
        if found is None:
            found = WriteOnlyCell(self._sheet, value)
            found.row, found.column = row, column
            self._cells[row][column] = found
        elif value is not None:
            found.value = value
        return found

    def style(
        self,
        cell: Any,
        font: Any = None,
        alignment: Any = None,
        border: Any = None,
        fill: Any = None,
        number_format: str | None = None,
    ) -> Any:
        """Give ``cell`` these styles (the ones not named stay as they are); a combination is made once."""
        current = tuple(cell._style) if cell._style is not None else ()
        key = (current, id(font), id(alignment), id(border), id(fill), number_format)
        known = self._styles.get(key)
        if known is None:
            if cell._style is not None:  # it may be a shared one (below): change a copy
                cell._style = copy(cell._style)
            if font is not None:
                cell.font = font
            if alignment is not None:
                cell.alignment = alignment
            if border is not None:
                cell.border = border
            if fill is not None:
                cell.fill = fill
            if number_format is not None:
                cell.number_format = number_format
            # the key holds the objects' ids: keep the objects alive as long as the key
            self._styles[key] = known = (copy(cell._style), font, alignment, border, fill)
        # Shared, not copied: every change of a cell's style comes here (or to merge_cells) and copies first.
        cell._style = known[0]
        return cell

    def merge_cells(self, start_row: int, start_column: int, end_row: int, end_column: int) -> None:
        """Merge the range as a normal sheet does: the covered cells lose their values and styles, and those on
        the range's edges take the top-left cell's border on that edge, so the merged cell prints framed."""
        self._sheet.merged_cells.add(
            CellRange(min_row=start_row, min_col=start_column, max_row=end_row, max_col=end_column)
        )
        start = self.cell(start_row, start_column)
        end = self._cells.get(end_row, {}).get(end_column)
        if end is not None:  # the range's right and bottom sides are its bottom-right cell's
            right, bottom = end.border.right, end.border.bottom
            drawn = [side for side in (right, bottom) if side is not None and side.style is not None]
            if drawn and (start.border.right, start.border.bottom) != (right, bottom):
                start._style = copy(start._style)  # it may be shared (see ``style``)
                start.border = start.border + Border(right=right, bottom=bottom)
        framed = {name: getattr(start.border, name) for name in _SIDES}
        framed = {name: side for name, side in framed.items() if side is not None and side.style is not None}
        for row in range(start_row, end_row + 1):
            for column in range(start_column, end_column + 1):
                if (row, column) == (start_row, start_column):
                    continue
                edges = (
                    ("top", row == start_row),
                    ("left", column == start_column),
                    ("right", column == end_column),
                    ("bottom", row == end_row),
                )
                sides = tuple(name for name, on_edge in edges if on_edge and name in framed)
                covered = WriteOnlyCell(self._sheet)
                covered.row, covered.column = row, column
                self._cells.setdefault(row, {})[column] = covered
                if sides:
                    self.style(covered, border=self._edge_border(framed, sides))

    def _edge_border(self, framed: dict[str, Any], sides: tuple[str, ...]) -> Border:
        key = (
            tuple((name, side.style, side.color.rgb if side.color else None) for name, side in framed.items()),
            sides,
        )
        border = self._edges.get(key)
        if border is None:
            border = self._edges[key] = Border(**{name: framed[name] for name in sides})
        return border

    def row_height(self, row: int, height: float) -> None:
        """Set the row's height. The write-only sheet's writer only asks a row's dimension for its attributes, so
        the rows of one height share them, worked out once by a row dimension; not one made and read back per row
        of a long register."""
        shared = self._heights.get(height)
        if shared is None:
            shared = self._heights[height] = dict(RowDimension(self._sheet, ht=height))
        self._sheet.row_dimensions[row] = shared

    def put_row(self, row: int, values: list[Any], shape: PlainShape) -> None:
        """A whole row of plain values, from the first column on, with their types and shared styles
        (xlsx_rows.py), written through one reused cell."""
        self._plain[row] = _PlainRow((values, shape))

    def flush(self) -> None:
        """Append every row in order (the rows between them empty) to the write-only sheet."""
        # The cells are made and placed already: the sheet takes them as they are (its own ``append`` would
        # first try each as a value and catch the error, for every cell of the report).
        self._sheet._values_to_row = self._row_cells
        last = max(max(self._cells, default=0), max(self._plain, default=0))
        for number in range(1, last + 1):
            plain = self._plain.get(number)
            if plain is not None:
                self._sheet.append(plain)
                continue
            cells = self._cells.get(number)
            if not cells:
                self._sheet.append([])
                continue
            row: list[Any] = [None] * max(cells)
            for column, cell in cells.items():
                row[column - 1] = cell
            self._sheet.append(row)
        self._cells.clear()
        self._plain.clear()

    def _row_cells(self, values: list[Any], row: int) -> Iterator[Any]:
        if type(values) is _PlainRow:
            return self._plain_cells(values, row)
        return (cell for cell in values if cell is not None)

    def _plain_cells(self, plain: _PlainRow, row: int) -> Iterator[Any]:
        """One cell, given each value, type and style in turn, as openpyxl's ``append`` of values does; the
        style's index in the workbook is looked up once per shared style, not hashed again for every cell."""
        cell = _StyledCell(self._sheet, row=row)
        known = self._style_ids
        styles = self._sheet.parent._cell_styles
        values, shape = plain
        for column, (value, (data_type, style)) in enumerate(zip(values, shape, strict=True), start=1):
            found = known.get(id(style))
            if found is None:
                found = known[id(style)] = (style, styles.add(style))  # the array kept alive with its id
            cell.column, cell._value, cell.data_type = column, value, data_type
            cell._style, cell.style_index = style, found[1]
            yield cell


class _PlainRow(tuple[list[Any], PlainShape]):
    """A row handed to the write-only sheet as values and their shape (see ``BufferedSheet.put_row``)."""


class _StyledCell(Cell):  # type: ignore[misc]  # openpyxl is untyped here
    """A cell whose style's index is known: the sheet's writer asks for it once per cell."""

    __slots__ = ("style_index",)

    @property
    def style_id(self) -> int:
        return int(self.style_index)

    @property
    def has_style(self) -> bool:
        return True
