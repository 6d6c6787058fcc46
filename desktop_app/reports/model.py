"""A printed report as plain data, built once and handed to both renderers (pdf.py, xlsx.py).

Builders describe *what* is on the form — title block, tables with merged headers, typed cells, notes,
charts, approval and signature blocks — and never how it is drawn, so the PDF and the workbook cannot
disagree. Shapes are checked here, when the report is built: a header that does not cover the columns
or a row of the wrong length is a builder's bug, and it should fail at once with the table's name
rather than as a crooked page later. No Qt, no database, no reportlab.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import TypeAlias

Number: TypeAlias = int | float | Decimal
CellValue: TypeAlias = str | int | float | Decimal | date | None

# A table with more columns than this does not fit a portrait A4 page at a readable size.
PORTRAIT_MAX_COLUMNS = 7
MAX_PRECISION = 6


class ReportShapeError(ValueError):
    """A report built with an inconsistent shape: a builder's bug, never the user's input."""


class CellKind(Enum):
    TEXT = "text"
    INTEGER = "integer"
    DECIMAL = "decimal"
    PERCENT = "percent"  # the value is in percent points: 45.5 means 45,5 %
    DATE = "date"
    EMPTY = "empty"  # printed as «—»: nothing to report, as opposed to a zero


class Align(Enum):
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"


class RowStyle(Enum):
    NORMAL = "normal"
    GROUP = "group"  # a heading row: one text across all columns («Раздел 1. …»)
    TOTAL = "total"  # printed in bold («Итого», «Всего по региону»)


class Orientation(Enum):
    AUTO = "auto"  # landscape when any table is wide (see Table.is_wide)
    PORTRAIT = "portrait"
    LANDSCAPE = "landscape"


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
        return _DEFAULT_ALIGN[CellKind.EMPTY if self.is_empty else self.kind]


def _finite(value: int | float | Decimal) -> bool:
    return math.isfinite(value) if isinstance(value, float) else not isinstance(value, Decimal) or value.is_finite()


def text(value: str | None) -> Cell:
    return Cell(value or "", CellKind.TEXT)


def integer(value: int | None) -> Cell:
    return Cell(value, CellKind.INTEGER)


def decimal(value: Number | None, precision: int = 1) -> Cell:
    return Cell(value, CellKind.DECIMAL, precision)


def percent(value: Number | None, precision: int = 1) -> Cell:
    """``value`` in percent points (45.5 → «45,5 %»), the way indicators keep percentages."""
    return Cell(value, CellKind.PERCENT, precision)


def day(value: date | None) -> Cell:
    return Cell(value, CellKind.DATE)


def empty() -> Cell:
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
        return self.row + self.cell.rowspan - 1

    @property
    def last_column(self) -> int:
        return self.column + self.cell.colspan - 1


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    style: RowStyle = RowStyle.NORMAL

    def __post_init__(self) -> None:
        object.__setattr__(self, "cells", tuple(as_cell(value) for value in self.cells))
        if self.style is RowStyle.GROUP and (len(self.cells) != 1 or self.cells[0].kind is not CellKind.TEXT):
            raise ReportShapeError("Строка-заголовок группы состоит из одной текстовой ячейки.")

    @classmethod
    def of(cls, *values: Cell | CellValue | bool) -> Row:
        return cls(tuple(as_cell(value) for value in values))

    @classmethod
    def total(cls, *values: Cell | CellValue | bool) -> Row:
        return cls(tuple(as_cell(value) for value in values), RowStyle.TOTAL)

    @classmethod
    def group(cls, heading: str) -> Row:
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
        return len(self.header)

    @property
    def is_wide(self) -> bool:
        """Wide tables go on landscape pages when the report leaves the orientation to the renderer."""
        return len(self.columns) > PORTRAIT_MAX_COLUMNS

    def align(self, column: int, cell: Cell) -> Align:
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
class Series:
    name: str
    values: tuple[float | None, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "values", tuple(None if v is None else float(v) for v in self.values))


@dataclass(frozen=True)
class _Chart:
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    unit: str = ""  # value axis caption: «чел.», «%»

    def __post_init__(self) -> None:
        object.__setattr__(self, "categories", tuple(self.categories))
        object.__setattr__(self, "series", tuple(self.series))
        if not self.categories or not self.series:
            raise ReportShapeError(f"Диаграмма «{self.title}»: нет данных.")
        for series in self.series:
            if len(series.values) != len(self.categories):
                raise ReportShapeError(
                    f"Диаграмма «{self.title}», ряд «{series.name}»: {len(series.values)} значений "
                    f"на {len(self.categories)} подписей."
                )


@dataclass(frozen=True)
class BarChart(_Chart):
    """Bars side by side per category: plan against fact per indicator."""

    @classmethod
    def plan_vs_fact(
        cls, title: str, items: Sequence[tuple[str, float | None, float | None]], unit: str = ""
    ) -> BarChart:
        """``items`` are (label, plan, fact); a missing value leaves its bar out."""
        return cls(
            title,
            tuple(label for label, _plan, _fact in items),
            (Series("План", tuple(p for _l, p, _f in items)), Series("Факт", tuple(f for _l, _p, f in items))),
            unit,
        )


@dataclass(frozen=True)
class LineChart(_Chart):
    """A trend over periods (the categories), one line per series; a missing value leaves a gap."""


Chart: TypeAlias = BarChart | LineChart


@dataclass(frozen=True)
class Section:
    """One table with its notes and charts; ``title`` names the part (often a district), and becomes the
    sheet name when the workbook is split by section."""

    title: str = ""
    table: Table | None = None
    notes: tuple[str, ...] = ()
    charts: tuple[Chart, ...] = ()
    sheet_name: str = ""  # overrides the title as the sheet name

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
    def tables(self) -> tuple[Table, ...]:
        return tuple(section.table for section in self.sections if section.table is not None)

    @property
    def landscape(self) -> bool:
        if self.orientation is Orientation.AUTO:
            return any(table.is_wide for table in self.tables)
        return self.orientation is Orientation.LANDSCAPE

    @property
    def body_rows(self) -> int:
        """The amount of work a renderer has, for progress."""
        return sum(len(table.rows) for table in self.tables)
