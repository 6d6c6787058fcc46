"""A printed report as plain data, built once and handed to both renderers (pdf.py, xlsx.py).

Builders describe *what* is on the form — title block, tables with merged headers, typed cells, notes,
charts, approval and signature blocks — and never how it is drawn, so the PDF and the workbook cannot
disagree. Shapes are checked here, when the report is built: a header that does not cover the columns
or a row of the wrong length is a builder's bug, and it should fail at once with the table's name
rather than as a crooked page later. No Qt, no database, no reportlab.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from desktop_app.reports.charts import Chart

Number: TypeAlias = int | float | Decimal
CellValue: TypeAlias = str | int | float | Decimal | date | None

# A table with more columns than this does not fit a portrait A4 page at a readable size.
PORTRAIT_MAX_COLUMNS = 7
MAX_PRECISION = 6
NO_DATA_TITLE = "Муниципальные образования, не представившие данные"


class ReportShapeError(ValueError):
    """A report built with an inconsistent shape: a builder's bug, never the user's input."""


class CellKind(Enum):
    """What a body value is, which decides how each renderer spells and formats it."""

    TEXT = "text"
    INTEGER = "integer"
    DECIMAL = "decimal"
    PERCENT = "percent"  # the value is in percent points: 45.5 means 45,5 %
    DATE = "date"
    EMPTY = "empty"  # printed as «—»: nothing to report, as opposed to a zero


class Align(Enum):
    """Horizontal alignment in a cell."""

    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"


class RowStyle(Enum):
    """How a body row is set: the renderers print group headings and totals the same way."""

    NORMAL = "normal"
    GROUP = "group"  # a heading row: one text across all columns («Раздел 1. …»)
    TOTAL = "total"  # printed in bold («Итого», «Всего по региону»)


class Orientation(Enum):
    """The page orientation a report asks for; AUTO leaves it to the width of its tables."""

    AUTO = "auto"  # landscape when any table is wide (see Table.is_wide)
    PORTRAIT = "portrait"
    LANDSCAPE = "landscape"


_TEXT = CellKind.TEXT  # a module constant reads faster than the enum's member, in a check made per cell
NUMERIC_KINDS = frozenset({CellKind.INTEGER, CellKind.DECIMAL, CellKind.PERCENT})
_DEFAULT_ALIGN = {
    CellKind.TEXT: Align.LEFT,
    CellKind.INTEGER: Align.RIGHT,
    CellKind.DECIMAL: Align.RIGHT,
    CellKind.PERCENT: Align.RIGHT,
    CellKind.DATE: Align.CENTER,
    CellKind.EMPTY: Align.CENTER,
}


@dataclass(frozen=True)
class Cell:
    """One body value with its kind; numbers and dates stay numbers and dates until a renderer formats them,
    so the workbook gets real numeric cells and the PDF the Russian spelling of the same value."""

    value: CellValue
    kind: CellKind = CellKind.TEXT
    precision: int = 0  # digits after the comma for DECIMAL and PERCENT

    def __post_init__(self) -> None:
        if self.kind is _TEXT and type(self.value) is str and self.precision == 0:
            return  # the commonest cell, checked at once: a region's register has hundreds of thousands
        if not 0 <= self.precision <= MAX_PRECISION:
            raise ReportShapeError(f"Число знаков после запятой должно быть от 0 до {MAX_PRECISION}: {self.precision}.")
        value, kind = self.value, self.kind
        if value is None or kind is CellKind.EMPTY:
            return
        if kind is CellKind.TEXT:
            ok = isinstance(value, str)
        elif kind is CellKind.DATE:
            ok = isinstance(value, date)
        elif kind is CellKind.INTEGER:
            ok = isinstance(value, int) and not isinstance(value, bool)
        else:
            ok = isinstance(value, int | float | Decimal) and not isinstance(value, bool) and _finite(value)
        if not ok:
            raise ReportShapeError(f"Значение {value!r} не подходит для ячейки вида «{kind.value}».")

    @property
    def is_empty(self) -> bool:
        """Printed as «—»: an EMPTY cell or a number/date that is not known."""
        return self.kind is CellKind.EMPTY or (self.value is None and self.kind is not CellKind.TEXT)

    @property
    def default_align(self) -> Align:
        """Numbers right, so that their digits line up; dates and «—» centred; text left."""
        return _DEFAULT_ALIGN[CellKind.EMPTY if self.is_empty else self.kind]


def _finite(value: int | float | Decimal) -> bool:
    return math.isfinite(value) if isinstance(value, float) else not isinstance(value, Decimal) or value.is_finite()


def text(value: str | None) -> Cell:
    """Text as is; None prints as an empty cell (not «—»: an empty note is not a missing figure)."""
    return Cell(value or "", CellKind.TEXT)


def integer(value: int | None) -> Cell:
    """A count: «1 234» on paper, «#,##0» in the workbook; None prints «—»."""
    return Cell(value, CellKind.INTEGER)


def decimal(value: Number | None, precision: int = 1) -> Cell:
    """A number with ``precision`` decimals, the same down a column so the commas line up; None prints «—»."""
    return Cell(value, CellKind.DECIMAL, precision)


def percent(value: Number | None, precision: int = 1) -> Cell:
    """``value`` in percent points (45.5 → «45,5 %»), the way indicators keep percentages."""
    return Cell(value, CellKind.PERCENT, precision)


def day(value: date | None) -> Cell:
    """A date: «25.07.2023» on paper, a real date cell in the workbook; None prints «—»."""
    return Cell(value, CellKind.DATE)


def empty() -> Cell:
    """«—»: there is no figure (not reported, not applicable), as opposed to a zero."""
    return Cell(None, CellKind.EMPTY)


def as_cell(value: Cell | CellValue | bool) -> Cell:
    """Plain Python values for quick rows: str, int, float (one decimal), date, None (→ «—»), bool (да/нет)."""
    if isinstance(value, Cell):
        return value
    if isinstance(value, bool):
        return text("да" if value else "нет")
    if value is None:
        return empty()
    if isinstance(value, str):
        return text(value)
    if isinstance(value, int):
        return integer(value)
    if isinstance(value, float | Decimal):
        return decimal(value)
    return day(value)


@dataclass(frozen=True)
class Column:
    """Width as a relative weight (the renderers share out the page width by weights); alignment overrides
    the one the cell kind implies (numbers right, dates centred, text left)."""

    weight: float = 1.0
    align: Align | None = None

    def __post_init__(self) -> None:
        if not self.weight > 0:
            raise ReportShapeError(f"Ширина столбца должна быть положительной: {self.weight}.")


@dataclass(frozen=True)
class HeaderCell:
    """One header cell; spans merge it with its neighbours to the right and below."""

    text: str
    colspan: int = 1
    rowspan: int = 1

    def __post_init__(self) -> None:
        if self.colspan < 1 or self.rowspan < 1:
            raise ReportShapeError(f"Ячейка шапки «{self.text}»: объединение должно быть не меньше 1.")


@dataclass(frozen=True)
class PlacedHeaderCell:
    """A header cell at its grid position, as both renderers need it (the SPAN of reportlab, merge_cells)."""

    row: int
    column: int
    cell: HeaderCell

    @property
    def last_row(self) -> int:
        """The last header row the cell covers (0-based)."""
        return self.row + self.cell.rowspan - 1

    @property
    def last_column(self) -> int:
        """The last column the cell covers (0-based)."""
        return self.column + self.cell.colspan - 1


@dataclass(frozen=True)
class Row:
    """A body row. Plain values given as cells are typed by ``as_cell``; prefer the constructors below."""

    cells: tuple[Cell, ...]
    style: RowStyle = RowStyle.NORMAL

    def __post_init__(self) -> None:
        object.__setattr__(self, "cells", tuple(map(as_cell, self.cells)))
        if self.style is RowStyle.GROUP and (len(self.cells) != 1 or self.cells[0].kind is not CellKind.TEXT):
            raise ReportShapeError("Строка-заголовок группы состоит из одной текстовой ячейки.")

    @classmethod
    def of(cls, *values: Cell | CellValue | bool) -> Row:
        """An ordinary row: ``Row.of("1.", "Наименование", integer(5), percent(45.5))``."""
        return cls(values)  # typed once, by __post_init__

    @classmethod
    def total(cls, *values: Cell | CellValue | bool) -> Row:
        """A total row, printed bold («Итого», «Всего по региону»)."""
        return cls(values, RowStyle.TOTAL)

    @classmethod
    def group(cls, heading: str) -> Row:
        """A heading across the whole table («Раздел 1. …»), kept on the page with the row after it."""
        return cls((text(heading),), RowStyle.GROUP)


@dataclass(frozen=True)
class Table:
    """Columns, a header of one or more rows with merged cells (laid out as in HTML: a cell skips the
    places taken by row spans from above), and body rows."""

    columns: tuple[Column, ...]
    header: tuple[tuple[HeaderCell, ...], ...]
    rows: tuple[Row, ...] = ()
    name: str = ""  # only for error messages
    placed_header: tuple[PlacedHeaderCell, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "columns", tuple(self.columns))
        object.__setattr__(self, "header", tuple(tuple(row) for row in self.header))
        object.__setattr__(self, "rows", tuple(self.rows))
        if not self.columns:
            raise ReportShapeError(f"{self._label()}: нет ни одного столбца.")
        object.__setattr__(self, "placed_header", self._place_header())
        width = len(self.columns)
        for number, row in enumerate(self.rows, start=1):
            if row.style is not RowStyle.GROUP and len(row.cells) != width:
                raise ReportShapeError(
                    f"{self._label()}: в строке {number} {len(row.cells)} ячеек, а столбцов {width}."
                )

    @property
    def header_height(self) -> int:
        """Header rows: repeated at the top of every page and frozen in the workbook."""
        return len(self.header)

    @property
    def is_wide(self) -> bool:
        """Wide tables go on landscape pages when the report leaves the orientation to the renderer."""
        return len(self.columns) > PORTRAIT_MAX_COLUMNS

    def align(self, column: int, cell: Cell) -> Align:
        """The column's alignment if it sets one, else the one the cell's kind implies."""
        return self.columns[column].align or cell.default_align

    def _label(self) -> str:
        return f"Таблица «{self.name}»" if self.name else "Таблица"

    def _place_header(self) -> tuple[PlacedHeaderCell, ...]:
        width, height = len(self.columns), len(self.header)
        taken = [[False] * width for _ in range(height)]
        placed: list[PlacedHeaderCell] = []
        for row_index, row in enumerate(self.header):
            column = 0
            for cell in row:
                while column < width and taken[row_index][column]:
                    column += 1
                where = f"{self._label()}, строка шапки {row_index + 1}, ячейка «{cell.text}»"
                if column + cell.colspan > width:
                    raise ReportShapeError(f"{where}: выходит за {width} столбцов таблицы.")
                if row_index + cell.rowspan > height:
                    raise ReportShapeError(f"{where}: объединение по строкам выходит за шапку ({height} стр.).")
                for r in range(row_index, row_index + cell.rowspan):
                    for c in range(column, column + cell.colspan):
                        if taken[r][c]:
                            raise ReportShapeError(f"{where}: накладывается на другую ячейку.")
                        taken[r][c] = True
                placed.append(PlacedHeaderCell(row_index, column, cell))
                column += cell.colspan
            covered = sum(taken[row_index])
            if covered != width:
                raise ReportShapeError(
                    f"{self._label()}: строка шапки {row_index + 1} покрывает {covered} из {width} столбцов."
                )
        return tuple(placed)


@dataclass(frozen=True)
class Section:
    """One table with its notes and charts; ``title`` names the part (often a district), and becomes the
    sheet name when the workbook is split by section."""

    title: str = ""
    table: Table | None = None
    notes: tuple[str, ...] = ()
    charts: tuple[Chart, ...] = ()
    sheet_name: str = ""  # overrides the title as the sheet name
    territory: str = ""  # the district the section is about, when a report has a section per district
    no_data: bool = False  # the territory sent nothing for the period: named in one line, its table not printed

    def __post_init__(self) -> None:
        object.__setattr__(self, "notes", tuple(self.notes))
        object.__setattr__(self, "charts", tuple(self.charts))


@dataclass(frozen=True)
class Approval:
    """«УТВЕРЖДАЮ» in the top right corner; without a date the form leaves «___» ________ 20__ г. to fill in."""

    position: str
    name: str
    day: date | None = None
    heading: str = "УТВЕРЖДАЮ"


@dataclass(frozen=True)
class Signature:
    """One line of the signature block: должность, подпись, расшифровка подписи, дата."""

    position: str
    name: str
    day: date | None = None


@dataclass(frozen=True)
class Report:
    """The whole printed form: title block, sections, signatures, and how it wants to be paged."""

    title: str
    sections: tuple[Section, ...]
    organisation: str = ""
    subtitle: str = ""  # the period, district: «за I полугодие 2026 г.»
    approval: Approval | None = None
    signatures: tuple[Signature, ...] = ()
    orientation: Orientation = Orientation.AUTO
    split_sections: bool = False  # a sheet per section in the workbook, a new page per section in the PDF
    made_on: date | None = None  # printed small in the footer: when the figures were taken

    def __post_init__(self) -> None:
        object.__setattr__(self, "sections", tuple(self.sections))
        object.__setattr__(self, "signatures", tuple(self.signatures))
        if not self.title.strip():
            raise ReportShapeError("У отчёта нет названия.")
        if not self.sections:
            raise ReportShapeError(f"Отчёт «{self.title}»: нет ни одного раздела.")

    @property
    def printed_sections(self) -> tuple[Section, ...]:
        """The sections as printed: a territory without data is not pages of empty tables but a name in one
        list, which comes first, so that the reader knows at once whose figures are missing."""
        missing = list(dict.fromkeys(s.territory or s.title for s in self.sections if s.no_data))
        shown = tuple(section for section in self.sections if not section.no_data)
        if not missing:
            return shown
        note = f"Нет данных за период ({len(missing)}): {'; '.join(missing)}."
        return (Section(NO_DATA_TITLE, notes=(note,), sheet_name="Нет данных"), *shown)

    @property
    def tables(self) -> tuple[Table, ...]:
        """The tables of the printed sections, in order."""
        return tuple(section.table for section in self.printed_sections if section.table is not None)

    @property
    def landscape(self) -> bool:
        """Whether the pages are landscape: as asked, or when any table is wide."""
        if self.orientation is Orientation.AUTO:
            return any(table.is_wide for table in self.tables)
        return self.orientation is Orientation.LANDSCAPE

    @property
    def body_rows(self) -> int:
        """The amount of work a renderer has, for progress."""
        return sum(len(table.rows) for table in self.tables)
