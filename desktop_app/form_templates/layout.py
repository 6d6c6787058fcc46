"""How a template sheet looks: columns, styles, locked labels, unlocked input cells with their validations.

Column A holds the printed number, B the question text (and the first column of a table), C onward the
input cells. Everything is locked except the input cells (light yellow, thin borders); the sheet is
protected without a password, so a user can only type where an answer goes (formatting rows and columns
stays allowed, so a row can be made taller for a long answer).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from desktop_app.domain.numbers import format_number
from desktop_app.formkit.answers import Limits
from desktop_app.formkit.definition import ValueType

SHEET_TITLE = "Анкета"
LISTS_SHEET = "_lists"
COL_NUMBER, COL_TEXT, FIRST_INPUT = 1, 2, 3
MIN_INPUT_COLUMNS = 4
WIDTH_NUMBER, WIDTH_TEXT, WIDTH_INPUT = 9, 50, 17
LINE_HEIGHT = 15  # points per line of 11-point text
INPUT_FILL = PatternFill("solid", fgColor="FFF6C8")
HEADING_FILL = PatternFill("solid", fgColor="DDE6F0")
LOCKED_FILL = PatternFill("solid", fgColor="F2F2F2")
_THIN = Side(style="thin", color="808080")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
HINT_FONT = Font(italic=True, color="808080")
NUMBER_FORMATS = {
    ValueType.INTEGER: "0",
    ValueType.PEOPLE: "0",
    ValueType.MONEY: "#,##0.00#",  # value_format: kopecks shown, a ruble of thousands kept
    ValueType.HOURS: "0.0",
    ValueType.NUMBER: "General",
    ValueType.DATE: "DD.MM.YYYY",
    ValueType.TEXT: "@",
    ValueType.YES_NO: "@",
    ValueType.CHOICE: "@",
}
_WHOLE = {ValueType.INTEGER, ValueType.PEOPLE}
_INLINE_LIST_LIMIT = 250  # Excel keeps at most 255 characters of a list written into the validation


class FormSheet:
    """The visible sheet being written, row by row from the top."""

    def __init__(
        self,
        book: Any,
        input_columns: int,
        *,
        title: str = SHEET_TITLE,
        widths: Mapping[int, float] | None = None,
        new_sheet: bool = False,
    ) -> None:
        """``new_sheet`` adds a sheet after those already in ``book`` (measure_templates writes one per
        executor); ``widths`` overrides the width of the columns it names, in characters."""
        self.book = book
        self.ws = book.create_sheet(title) if new_sheet else book.active
        self.ws.title = title
        self._widths = widths or {}
        self.row = 1
        self.input_columns = input_columns
        self.last_column = FIRST_INPUT + input_columns - 1
        self._lines: dict[int, int] = {}
        self._validations: dict[tuple[Any, ...], DataValidation] = {}
        self._lists: Any = None
        self._list_count = 0

    # --- rows -------------------------------------------------------------------------------------------
    def next_row(self, lines: int = 1) -> int:
        """Start a new row and return its number; ``lines`` is the least height it gets, in text lines."""
        number = self.row
        self.row += 1
        self._lines[number] = max(self._lines.get(number, 1), lines)
        return number

    def skip(self) -> None:
        self.row += 1

    def label(
        self,
        row: int,
        column: int,
        text: str,
        *,
        to_column: int | None = None,
        bold: bool = False,
        italic: bool = False,
        hint: bool = False,
        size: float | None = None,
        fill: PatternFill | None = None,
        border: bool = False,
        center: bool = False,
    ) -> None:
        """A locked text cell, merged up to ``to_column`` when given; its row grows to show the wrapped text."""
        cell = self.ws.cell(row=row, column=column, value=clean(text) or None)
        if isinstance(cell.value, str):
            cell.data_type = "s"  # text that looks like a formula stays text
        if hint:
            cell.font = HINT_FONT
        elif bold or italic or size:
            cell.font = Font(bold=bold, italic=italic, size=size or 11)
        last = to_column or column
        for index in range(column, last + 1):
            part = self.ws.cell(row=row, column=index)
            part.alignment = Alignment(wrap_text=True, vertical="top", horizontal="center" if center else None)
            if fill is not None:
                part.fill = fill
            if border:
                part.border = BORDER
        if last > column:
            self.ws.merge_cells(start_row=row, start_column=column, end_row=row, end_column=last)
        factor = (size or 11) / 11
        self.fit(row, text, self.width(column, last), factor)

    def input(self, row: int, column: int, limits: Limits, value: Any = None, *, to_column: int | None = None) -> str:
        """An unlocked input cell with the type's number format and validation; returns its address."""
        cell = self.ws.cell(row=row, column=column, value=_cell_value(value))
        if isinstance(cell.value, str):
            cell.data_type = "s"
        last = to_column or column
        for index in range(column, last + 1):
            part = self.ws.cell(row=row, column=index)
            part.protection = Protection(locked=False)
            part.fill = INPUT_FILL
            part.border = BORDER
            part.number_format = NUMBER_FORMATS[limits.type]
            wrap = limits.type is ValueType.TEXT
            part.alignment = Alignment(wrap_text=wrap, vertical="top", horizontal=None if wrap else "center")
        if last > column:
            self.ws.merge_cells(start_row=row, start_column=column, end_row=row, end_column=last)
        if isinstance(cell.value, str):
            self.fit(row, cell.value, self.width(column, last))
        address = str(cell.coordinate)
        self._validate(address, limits)
        return address

    def fit(self, row: int, text: str, width: float, factor: float = 1.0) -> None:
        """Make ``row`` tall enough for ``text`` wrapped into a cell ``width`` characters wide."""
        per_line = max(1, int(width * 1.1 / factor) - 1)
        lines = sum(max(1, math.ceil(len(part) / per_line)) for part in (text or "").split("\n"))
        self._lines[row] = max(self._lines.get(row, 1), math.ceil(lines * factor))

    def width(self, first: int, last: int) -> float:
        return sum(self.column_width(index) for index in range(first, last + 1))

    def column_width(self, index: int) -> float:
        return self._widths.get(index) or _column_width(index)

    # --- validations ------------------------------------------------------------------------------------
    def _validate(self, address: str, limits: Limits) -> None:
        key, make = _validation(limits, self._list_range)
        if make is None:
            return
        validation = self._validations.get(key)
        if validation is None:
            validation = make()
            validation.allow_blank = True
            validation.showErrorMessage = True
            validation.errorTitle = "Проверьте значение"
            self.ws.add_data_validation(validation)
            self._validations[key] = validation
        validation.add(address)

    def _list_range(self, options: tuple[str, ...]) -> str:
        """An absolute reference to ``options`` written into the hidden list sheet, for long or odd lists."""
        if self._lists is None:
            self._lists = self.book.create_sheet(LISTS_SHEET)
            self._lists.sheet_state = "veryHidden"
            self._lists.protection.sheet = True
        self._list_count += 1
        column = self._list_count
        for index, option in enumerate(options, 1):
            self._lists.cell(row=index, column=column, value=option).data_type = "s"
        letter = get_column_letter(column)
        return f"'{LISTS_SHEET}'!${letter}$1:${letter}${len(options)}"

    # --- finishing --------------------------------------------------------------------------------------
    def finish(self) -> None:
        """Column widths, row heights, protection and A4 print setup."""
        ws = self.ws
        for index in range(1, self.last_column + 1):
            ws.column_dimensions[get_column_letter(index)].width = self.column_width(index)
        for row, lines in self._lines.items():
            if lines > 1:
                ws.row_dimensions[row].height = min(409, lines * LINE_HEIGHT)  # 409 pt is Excel's limit
        ws.protection.sheet = True
        ws.protection.formatColumns = False  # False: allowed; widening a column does no harm
        ws.protection.formatRows = False
        ws.protection.selectLockedCells = False
        ws.protection.selectUnlockedCells = False
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "landscape" if self.width(1, self.last_column) > 100 else "portrait"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_margins.left = ws.page_margins.right = 0.4
        ws.oddFooter.center.text = "стр. &P из &N"


def clean(text: str) -> str:
    """Text safe for a cell: characters XML forbids (Word's \\x0b line breaks) become spaces."""
    return str(ILLEGAL_CHARACTERS_RE.sub(" ", text or ""))


def _cell_value(value: Any) -> Any:
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, (int, float, date)) or value is None:
        return value
    return clean(str(value))


def _column_width(index: int) -> float:
    if index == COL_NUMBER:
        return WIDTH_NUMBER
    if index == COL_TEXT:
        return WIDTH_TEXT
    return WIDTH_INPUT


def _bound(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _validation(limits: Limits, list_range: Any) -> tuple[tuple[Any, ...], Any]:
    """A key shared by cells that validate alike, and a factory of the DataValidation (None: no validation)."""
    kind = limits.type
    if kind is ValueType.YES_NO:
        return ("yes_no",), lambda: _list('"Да,Нет"', "Выберите «Да» или «Нет» из списка.")
    if kind is ValueType.CHOICE:
        options = limits.options
        inline = ",".join(options)
        if all("," not in option and '"' not in option for option in options) and len(inline) <= _INLINE_LIST_LIMIT:
            return ("choice", options), lambda: _list(f'"{inline}"', "Выберите вариант из списка.")
        return ("choice", options), lambda: _list(list_range(options), "Выберите вариант из списка.")
    if kind is ValueType.DATE:
        return ("date",), lambda: DataValidation(
            type="date",
            operator="between",
            formula1="DATE(1900,1,1)",
            formula2="DATE(2200,12,31)",
            error="Введите дату в виде ДД.ММ.ГГГГ, например 25.07.2023.",
        )
    if kind is ValueType.TEXT:
        length = limits.max_length
        return ("text", length), lambda: DataValidation(
            type="textLength",
            operator="lessThanOrEqual",
            formula1=str(length),
            error=f"Не больше {format_number(length)} знаков.",
        )
    if kind.is_numeric:
        whole = kind in _WHOLE
        low, high = limits.minimum, limits.maximum
        what = "целое число" if whole else "число"
        key = ("number", whole, low, high)
        if low is not None and high is not None:
            bounds = {"operator": "between", "formula1": _bound(low), "formula2": _bound(high)}
            text = f"Введите {what} от {format_number(low, 6)} до {format_number(high, 6)}."
        elif low is not None:
            bounds = {"operator": "greaterThanOrEqual", "formula1": _bound(low)}
            text = f"Введите {what} не меньше {format_number(low, 6)}."
        elif high is not None:
            bounds = {"operator": "lessThanOrEqual", "formula1": _bound(high)}
            text = f"Введите {what} не больше {format_number(high, 6)}."
        else:
            bounds = {"operator": "between", "formula1": "-1E+15", "formula2": "1E+15"}
            text = f"Введите {what}."
        return key, lambda: DataValidation(type="whole" if whole else "decimal", error=text, **bounds)
    return ("none",), None


def _list(formula: str, error: str) -> DataValidation:
    return DataValidation(type="list", formula1=formula, error=error, showDropDown=False)
