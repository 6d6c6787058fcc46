"""A sheet of a form workbook as rows of cells keyed by header, each cell knowing its address."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from desktop_app.form_workbook import layout as lay

_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the workbook, at ``address`` («Вопросы!C14»)."""

    address: str
    message: str

    def __str__(self) -> str:
        return f"{self.address}: {self.message}"


@dataclass(frozen=True)
class Cell:
    sheet: str
    row: int
    column: int
    value: Any

    @property
    def address(self) -> str:
        return f"{self.sheet}!{lay.column_letter(self.column)}{self.row}"

    @property
    def empty(self) -> bool:
        return self.value is None or (isinstance(self.value, str) and not self.value.strip())


class CellError(Exception):
    """A cell that cannot be read as what its column holds; collected as a Problem by the caller."""

    def __init__(self, cell: Cell, message: str) -> None:
        super().__init__(message)
        self.problem = Problem(cell.address, message)


@dataclass(frozen=True)
class Row:
    number: int
    cells: dict[str, Cell]

    def cell(self, header: str) -> Cell:
        return self.cells[header]

    def text(self, header: str) -> str:
        """The cell as text: a number typed into it reads as written («7», «5.1»); a date or a boolean is refused."""
        cell = self.cells[header]
        value = cell.value
        if value is None:
            return ""
        if isinstance(value, bool) or isinstance(value, (datetime, date, time)):
            raise CellError(cell, "ожидается текст; введите значение как текст")
        if isinstance(value, float):
            if not math.isfinite(value):
                raise CellError(cell, "ожидается текст")
            return str(int(value)) if value.is_integer() else repr(value)
        text = str(value).strip()
        if len(text) > lay.MAX_CELL_CHARS:
            raise CellError(cell, f"текст длиннее {lay.MAX_CELL_CHARS} знаков")
        return text

    def amount(self, header: str) -> float | None:
        """The cell as a number («1,5» or 1.5); None when empty."""
        cell = self.cells[header]
        value = cell.value
        if cell.empty:
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if not math.isfinite(value) or abs(value) > 1e15:
                raise CellError(cell, "ожидается число")
            return float(value)
        text = self.text(header).replace(" ", "").replace("\u00a0", "")
        if not _NUMBER.match(text) or len(text) > 20:
            raise CellError(cell, f"«{text[:40]}» — не число")
        return float(text.replace(",", "."))

    def whole(self, header: str) -> int | None:
        number = self.amount(header)
        if number is None:
            return None
        if not number.is_integer() or number < 0:
            raise CellError(self.cells[header], "ожидается целое неотрицательное число")
        return int(number)

    def flag(self, header: str, default: bool) -> bool:
        text = lay.word(self.text(header))
        if not text:
            return default
        if text in lay.YES_WORDS:
            return True
        if text in lay.NO_WORDS:
            return False
        raise CellError(self.cells[header], f"«{text[:40]}» — укажите «да» или «нет»")

    @property
    def blank(self) -> bool:
        return all(cell.empty for cell in self.cells.values())


def read_rows(sheet: Any, name: str, headers: tuple[str, ...]) -> tuple[list[Row], list[Problem]]:
    """The rows under the header row, by header name (columns may stand in any order); the header row must
    name every column of the layout, or the one problem says which is missing."""
    rows = sheet.iter_rows(values_only=True, max_row=lay.MAX_SHEET_ROWS + 2, max_col=len(headers) + 40)
    first = next(rows, None) or ()
    found: dict[str, int] = {}
    for index, value in enumerate(first, 1):
        if isinstance(value, str) and value.strip() in headers and value.strip() not in found:
            found[value.strip()] = index
    missing = [header for header in headers if header not in found]
    if missing:
        where = f"{name}!{lay.column_letter(headers.index(missing[0]) + 1)}1"
        return [], [Problem(where, f"в строке заголовков нет столбца «{missing[0]}»; нужны: {', '.join(headers)}")]
    result: list[Row] = []
    for number, values in enumerate(rows, 2):
        if number > lay.MAX_SHEET_ROWS + 1:
            return result, [Problem(f"{name}!A{number}", f"на листе больше {lay.MAX_SHEET_ROWS} строк")]
        cells = {
            header: Cell(name, number, index, values[index - 1] if index - 1 < len(values) else None)
            for header, index in found.items()
        }
        row = Row(number, cells)
        if not row.blank:
            result.append(row)
    return result, []
