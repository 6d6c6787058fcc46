"""The indicator catalogue and its plan values as an Excel workbook a region can prepare by hand.

Three sheets, one row per record, Russian headers in row 1 (resources/guide/indicators.md describes them):
«Группы», «Показатели», «Плановые значения». Every row names its program by id, so a new row copies the id
of a row above it. Reading gives each cell's value with its address («Показатели!F5») for the messages.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from desktop_app.core.atomic import write_atomically
from desktop_app.core.input_files import read_regular_file
from desktop_app.domain.errors import UserError

GROUPS, INDICATORS, PLANS = "Группы", "Показатели", "Плановые значения"
COLUMNS: dict[str, tuple[tuple[str, str, int], ...]] = {
    GROUPS: (
        ("program_id", "ID программы", 38),
        ("program", "Программа (для справки)", 40),
        ("number", "№ группы", 10),
        ("title", "Наименование группы", 60),
    ),
    INDICATORS: (
        ("program_id", "ID программы", 38),
        ("group", "№ или наименование группы", 16),
        ("code", "Код", 8),
        ("name", "Наименование показателя", 60),
        ("unit", "Единица измерения", 16),
        ("kind", "Вид", 24),
        ("cumulative", "С нарастающим итогом (да/нет)", 14),
        ("direction", "Желаемое направление (рост/снижение)", 16),
        ("base_value", "Базовое значение", 12),
        ("base_date", "Дата базового значения", 14),
        ("source", "Источник в реестрах", 26),
        ("measures", "Мероприятия (номера через «;»)", 24),
        ("state", "Состояние", 14),
    ),
    PLANS: (
        ("program_id", "ID программы", 38),
        ("code", "Код показателя", 10),
        ("period", "Период", 22),
        ("territory", "Территория", 32),
        ("value", "Плановое значение", 14),
    ),
}
FILE_LIMIT = 20 * 1024 * 1024
MAX_ROWS = 20_000  # per sheet: a region's catalogue has hundreds of plan values, not hundreds of thousands
BLANK_RUN_LIMIT = 1_000


@dataclass(frozen=True)
class SheetRow:
    """One row as read: column key → cell value (None for an empty cell), and the row's number."""

    sheet: str
    row: int
    cells: dict[str, Any]

    def address(self, key: str) -> str:
        """«Показатели!F5»: where the cell of ``key`` is in the workbook."""
        from openpyxl.utils import get_column_letter

        column = [name for name, _, _ in COLUMNS[self.sheet]].index(key) + 1
        return f"{self.sheet}!{get_column_letter(column)}{self.row}"

    def text(self, key: str) -> str:
        value = self.cells.get(key)
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return " ".join(str(value).split())


def write_catalogue_xlsx(rows: Mapping[str, Sequence[Sequence[Any]]], target: Path) -> Path:
    """Write the three sheets (rows given in COLUMNS order) to ``target`` atomically."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, columns in COLUMNS.items():
        sheet = workbook.create_sheet(title)
        for column, (_, header, width) in enumerate(columns, 1):
            cell = sheet.cell(row=1, column=column, value=header)
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            sheet.column_dimensions[cell.column_letter].width = width
        for number, values in enumerate(rows.get(title, ()), 2):
            for column, value in enumerate(values, 1):
                cell = sheet.cell(row=number, column=column, value=value)
                if isinstance(value, date):
                    cell.number_format = "DD.MM.YYYY"
                elif isinstance(value, float):
                    cell.number_format = "#,##0.###"
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
        sheet.page_setup.orientation = "landscape"
        sheet.print_title_rows = "1:1"
    return write_atomically(target, lambda temporary: workbook.save(temporary))


def read_catalogue_xlsx(path: Path) -> dict[str, list[SheetRow]]:
    """Every non-empty row of each known sheet; a sheet that is missing reads as no rows. UserError when the
    file is not such a workbook (its headers are not the ones written)."""
    from openpyxl import load_workbook

    from desktop_app.plan_import.safety import check_plan_file

    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise UserError(f"Файл «{path.name}» не является книгой Excel (.xlsx): каталог загружается из файла .xlsx.")
    check_plan_file(path)  # size, password protection, zip bombs, XML entities, absurd merges
    try:
        workbook = load_workbook(io.BytesIO(read_regular_file(path, FILE_LIMIT)), data_only=True, read_only=True)
    except UserError:
        raise
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise UserError(f"Файл «{path.name}» не прочитан как книга Excel (.xlsx): {exc}") from None
    found: dict[str, list[SheetRow]] = {}
    try:
        if not any(title in workbook.sheetnames for title in COLUMNS):
            raise UserError(
                f"В файле «{path.name}» нет листов каталога показателей ({', '.join(COLUMNS)}):"
                " выгрузите каталог командой opeka catalogue export и правьте его."
            )
        for title, columns in COLUMNS.items():
            if title not in workbook.sheetnames:
                continue
            rows = workbook[title].iter_rows(values_only=True)
            header = [" ".join(str(value or "").split()) for value in next(rows, ())]
            expected = [name for _, name, _ in columns]
            if header[: len(expected)] != expected:
                raise UserError(
                    f"Лист «{title}»: заголовки не те, что записывает программа (ожидались: {', '.join(expected)})."
                )
            found[title] = _rows(title, [key for key, _, _ in columns], rows)
    finally:
        workbook.close()
    return found


def _rows(title: str, keys: list[str], rows: Iterator[tuple[Any, ...]]) -> list[SheetRow]:
    """The sheet's filled rows; the formatting Excel leaves down to row 1 048 576 ends the read after a run of
    empty rows, and a sheet with more rows than any catalogue has is refused."""
    found: list[SheetRow] = []
    blank = 0
    for number, values in enumerate(rows, 2):
        cells = {key: _cell(value) for key, value in zip(keys, values, strict=False)}
        if all(value is None for value in cells.values()):
            blank += 1
            if blank >= BLANK_RUN_LIMIT:
                break
            continue
        blank = 0
        if len(found) >= MAX_ROWS:
            raise UserError(f"На листе «{title}» больше {MAX_ROWS} строк: это не похоже на каталог показателей.")
        found.append(SheetRow(title, number, cells))
    return found


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value
