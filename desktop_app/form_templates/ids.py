"""The service sheet of a template: which form, version, period and district it is for, and what each input
cell holds.

The sheet ``_opeka`` is «very hidden» (Excel and LibreOffice show it in no menu). Rows 1–10 are
``key | value`` pairs in any order; the row whose first cell is ``address`` starts the cell map, one row
per input cell: ``address | question id | cell key | value type``. The reader goes by this map alone,
never by the labels a user sees (a moved label or a renamed row cannot send a number to another question).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from desktop_app.domain.errors import UserError
from desktop_app.domain.numbers import format_number
from desktop_app.formkit.definition import ValueType

ID_SHEET = "_opeka"
TEMPLATE_FORMAT = "opeka-form-template"
TEMPLATE_FORMAT_VERSION = 1
MAX_INPUT_CELLS = 5_000
MAX_ROW = 100_000  # a template of 5 000 cells with headings and hints stays far below
MAX_COLUMN = 200
_HEADER_KEYS = ("format", "format_version", "form_id", "form_version", "period", "district", "installation")
_MAP_HEADER = ("address", "question", "cell", "type")
_MAX_HEADER_ROWS = 30
_ADDRESS = re.compile(r"^([A-Z]{1,3})([1-9][0-9]{0,6})$")
_TYPES = {item.value for item in ValueType}


@dataclass(frozen=True)
class CellRef:
    """One input cell: where it is on the form sheet and which answer cell it holds."""

    address: str  # «D17», on the sheet named in TemplateIds.sheet
    question_id: str
    cell: str  # the template cell key (see cells.py)
    type: ValueType


@dataclass(frozen=True)
class TemplateIds:
    form_id: str
    form_version: int
    period_code: str
    district: str
    installation: str
    sheet: str
    refs: tuple[CellRef, ...]
    created: str = ""
    format_version: int = TEMPLATE_FORMAT_VERSION


def not_a_template(source: str) -> UserError:
    return UserError(f"Файл не является шаблоном Опека-Офлайн (нет служебного листа): «{source}».")


def damaged(source: str, what: str) -> UserError:
    return UserError(f"Файл не является шаблоном Опека-Офлайн или повреждён (служебный лист: {what}): «{source}».")


def write_ids(book: Any, ids: TemplateIds) -> None:
    """Add the very hidden service sheet to ``book`` (an openpyxl Workbook)."""
    sheet = book.create_sheet(ID_SHEET)
    header = (
        ("format", TEMPLATE_FORMAT),
        ("format_version", ids.format_version),
        ("form_id", ids.form_id),
        ("form_version", ids.form_version),
        ("period", ids.period_code),
        ("district", ids.district),
        ("installation", ids.installation),
        ("sheet", ids.sheet),
        ("created", ids.created),
        ("cells", len(ids.refs)),
    )
    rows = [[ref.address, ref.question_id, ref.cell, ref.type.value] for ref in ids.refs]
    fill_service_sheet(sheet, header, _MAP_HEADER, rows)


def fill_service_sheet(
    sheet: Any, header: Sequence[tuple[str, Any]], map_header: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """The service sheet's «key, value» lines, then the map of input cells; all text stays text, the sheet very
    hidden and protected (form and measure templates alike)."""
    for key, value in header:
        sheet.append([key, value])
    sheet.append(list(map_header))
    for row in rows:
        sheet.append(list(row))
    for line in sheet.iter_rows():
        for cell in line:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # an id that starts with «=» stays text
    sheet.sheet_state = "veryHidden"
    sheet.protection.sheet = True


def read_ids(sheet: Any, source: str) -> TemplateIds:
    """The service sheet read back; UserError naming what is wrong when it is not one this program wrote."""
    values: dict[str, Any] = {}
    map_row = 0
    for number, row in enumerate(sheet.iter_rows(max_row=_MAX_HEADER_ROWS, max_col=2, values_only=True), 1):
        key = cell_text(row[0] if row else None)
        if key == _MAP_HEADER[0]:
            map_row = number
            break
        if key:
            values[key] = row[1] if len(row) > 1 else None
    if values.get("format") != TEMPLATE_FORMAT:
        raise not_a_template(source)
    if not map_row or any(key not in values for key in _HEADER_KEYS):
        raise damaged(source, "нет заголовка или карты ячеек")
    format_version = whole_number(values["format_version"])
    if format_version is None:
        raise damaged(source, "не указана версия формата")
    if format_version > TEMPLATE_FORMAT_VERSION:
        raise UserError(
            f"Шаблон «{source}» сделан более новой версией программы (формат {format_version}): обновите программу."
        )
    form_version = whole_number(values["form_version"])
    count = whole_number(values.get("cells"))
    if form_version is None or count is None or count < 0:
        raise damaged(source, "не указаны версия формы или число ячеек")
    if count > MAX_INPUT_CELLS:
        raise UserError(
            f"В шаблоне «{source}» больше {format_number(MAX_INPUT_CELLS)} ячеек для ввода: "
            "это не шаблон Опека-Офлайн или он повреждён."
        )
    refs = _read_map(sheet, map_row, count, source)
    form_id = cell_text(values["form_id"])
    if not form_id:
        raise damaged(source, "не указана форма")
    return TemplateIds(
        form_id=form_id,
        form_version=form_version,
        period_code=cell_text(values["period"]),
        district=cell_text(values["district"]),
        installation=cell_text(values["installation"]),
        sheet=cell_text(values.get("sheet")) or "Анкета",
        refs=refs,
        created=cell_text(values.get("created")),
        format_version=format_version,
    )


def _read_map(sheet: Any, map_row: int, count: int, source: str) -> tuple[CellRef, ...]:
    refs: list[CellRef] = []
    seen: set[str] = set()
    if count == 0:
        return ()
    rows = sheet.iter_rows(min_row=map_row + 1, max_row=map_row + count, max_col=4, values_only=True)
    for number, row in enumerate(rows, map_row + 1):
        address, question_id, key, type_name = (tuple(row) + (None,) * 4)[:4]
        address, question_id, key, type_name = (
            cell_text(address),
            cell_text(question_id),
            cell_text(key),
            cell_text(type_name),
        )
        if not address_fits(address) or not question_id or type_name not in _TYPES or address in seen:
            raise damaged(source, f"строка {number} карты ячеек")
        seen.add(address)
        refs.append(CellRef(address, question_id, key, ValueType(type_name)))
    if len(refs) != count:
        raise damaged(source, f"в карте {len(refs)} ячеек вместо {count}")
    return tuple(refs)


def address_fits(address: str) -> bool:
    """True for «D17»-like addresses within the bounds a template can have."""
    match = _ADDRESS.match(address)
    if not match:
        return False
    return int(match.group(2)) <= MAX_ROW and column_number(match.group(1)) <= MAX_COLUMN


def split_address(address: str) -> tuple[int, int]:
    """(row, column) of «D17», both from 1."""
    match = _ADDRESS.match(address)
    if not match:
        raise ValueError(address)
    return int(match.group(2)), column_number(match.group(1))


def column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def cell_text(value: Any) -> str:
    """A cell of the service sheet as trimmed text; a whole float (how a spreadsheet keeps 12) as «12»."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def whole_number(value: Any) -> int | None:
    """A cell holding a whole number (as int, whole float or digits), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None
