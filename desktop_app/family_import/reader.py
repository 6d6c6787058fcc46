"""Opening a family list (.xlsx) safely and reading one sheet as a header and rows of text cells."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop_app.domain.errors import UserError, ValidationError
from desktop_app.domain.numbers import format_number
from desktop_app.domain.text import collapse_spaces, search_key
from desktop_app.family_import.fields import header_kind
from desktop_app.plan_import.safety import FileKind, check_plan_file, corrupt
from desktop_app.plan_import.xlsx_reader import cell_text

log = logging.getLogger(__name__)

MAX_DATA_ROWS = 20_000  # a district keeps tens or hundreds of families; a region's list a few thousand
MAX_CELL_CHARS = 5_000  # as FamilyInput's longest text; longer cells are refused row by row
MAX_COLUMNS = 100  # a family list has 10–30 columns; formatting stretched to column XFD is not read
HEADER_SEARCH_ROWS = 30  # the header is looked for among the first rows (titles and notes may precede it)
BLANK_RUN_LIMIT = 1_000  # this many empty rows in a row end the list (formatting copied to row 1 048 576)
_OLD_EXCEL = (".xls", ".ods", ".csv")


@dataclass(frozen=True)
class SheetRow:
    number: int  # as Excel shows it at the left
    cells: tuple[str, ...]  # aligned with FamilySheet.headers; cut after MAX_CELL_CHARS + 1 characters


@dataclass(frozen=True)
class FamilySheet:
    source: str  # the file's name, as messages and the step's reason name it
    sheet: str
    sheets: tuple[str, ...]  # every sheet of the workbook, for choosing another one
    header_row: int
    headers: tuple[str, ...]  # unique: an empty header reads «столбец C», a repeated one «Дата рождения (2)»
    rows: tuple[SheetRow, ...]  # the non-empty rows below the header


def check_family_file(path: Path, what: str = "список семей") -> None:
    """UserError with one Russian sentence unless ``path`` is an .xlsx workbook that is safe to open; ``what``
    names the list in the message («список семей», «список случаев»)."""
    suffix = path.suffix.lower()
    if suffix in _OLD_EXCEL:
        raise UserError(
            f"Файл «{path.name}» не в формате .xlsx: откройте его в Excel или LibreOffice и сохраните как "
            "«Книга Excel (.xlsx)»."
        )
    if suffix not in (".xlsx", ".xlsm"):
        raise UserError(f"Файл «{path.name}» не является книгой Excel (.xlsx): {what} загружается из .xlsx.")
    check_plan_file(path)  # size, password protection, zip bombs and XML entities: the same rules as plans


def read_family_sheet(
    path: Path,
    sheet: str | None = None,
    header_row: int | None = None,
    *,
    known_header: Callable[[str], str | None] = header_kind,
    what: str = "список семей",
) -> FamilySheet:
    """The chosen sheet (default: the first) with its header row (default: the row whose words name the most
    fields ``known_header`` knows); UserError for a wrong, corrupt or oversized file, ValidationError for a
    missing sheet. Other lists (cases) pass their own ``known_header`` and ``what``."""
    check_family_file(path, what)
    try:
        from openpyxl import load_workbook

        # read-only: streams the rows (a list of 20 000 families loads in seconds, not minutes)
        workbook = load_workbook(str(path), read_only=True, data_only=True)
    except MemoryError:
        raise UserError(f"Файл «{path.name}» слишком велик: не хватает памяти, чтобы его прочитать.") from None
    except Exception:
        log.warning("Cannot open family list %s", path, exc_info=True)
        raise corrupt(path, FileKind.XLSX) from None
    try:
        names = tuple(workbook.sheetnames)
        chosen = _choose_sheet(path.name, names, sheet)
        try:
            raw = _raw_rows(workbook[chosen])
        except UserError:
            raise
        except MemoryError:
            raise UserError(f"Файл «{path.name}» слишком велик: не хватает памяти, чтобы его прочитать.") from None
        except Exception:
            log.warning("Cannot read sheet %r of %s", chosen, path, exc_info=True)
            raise corrupt(path, FileKind.XLSX) from None
    finally:
        workbook.close()
    return _table(path.name, chosen, names, raw, header_row, known_header)


def _choose_sheet(source: str, names: tuple[str, ...], wanted: str | None) -> str:
    if not names:
        raise UserError(f"В файле «{source}» нет ни одного листа.")
    if not wanted:
        return names[0]
    for name in names:
        if collapse_spaces(name).casefold() == collapse_spaces(wanted).casefold():
            return name
    listed = ", ".join(f"«{name}»" for name in names)
    raise ValidationError(f"В файле «{source}» нет листа «{wanted}»; листы: {listed}.")


def _raw_rows(worksheet: Any) -> list[tuple[int, tuple[str, ...]]]:
    """Non-empty rows as (number, cell texts without trailing empty cells)."""
    rows: list[tuple[int, tuple[str, ...]]] = []
    blank_run = 0
    for number, values in enumerate(worksheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), 1):
        cells = [cell_text(value)[: MAX_CELL_CHARS + 1] for value in values]
        while cells and not cells[-1]:
            cells.pop()
        if not cells:
            blank_run += 1
            if rows and blank_run >= BLANK_RUN_LIMIT:
                break
            continue
        blank_run = 0
        rows.append((number, tuple(cells)))
        if len(rows) > MAX_DATA_ROWS + HEADER_SEARCH_ROWS:
            break  # surely too many: _table says so without reading the rest
    return rows


def _table(
    source: str,
    sheet: str,
    names: tuple[str, ...],
    raw: list[tuple[int, tuple[str, ...]]],
    header_row: int | None,
    known_header: Callable[[str], str | None] = header_kind,
) -> FamilySheet:
    if not raw:
        raise UserError(f"Лист «{sheet}» файла «{source}» пуст: в нём нет ни заголовков, ни строк.")
    if header_row is None:
        position = _find_header(raw, known_header)
    else:
        position = next((index for index, (number, _cells) in enumerate(raw) if number == header_row), -1)
        if position < 0:
            raise ValidationError(f"Строка заголовков {header_row} на листе «{sheet}» пуста или её нет.")
    number, header_cells = raw[position]
    body = raw[position + 1 :]
    if len(body) > MAX_DATA_ROWS:
        raise UserError(
            f"На листе «{sheet}» больше {format_number(MAX_DATA_ROWS)} строк с данными: "
            "разделите список на несколько файлов."
        )
    width = max(len(cells) for _number, cells in raw[position:])
    headers = _unique_headers([header_cells[i] if i < len(header_cells) else "" for i in range(width)])
    rows = tuple(SheetRow(n, cells + ("",) * (width - len(cells))) for n, cells in body)
    return FamilySheet(source, sheet, names, number, headers, rows)


def _find_header(raw: list[tuple[int, tuple[str, ...]]], known_header: Callable[[str], str | None]) -> int:
    """The first of the rows naming the most known fields (at least two), else the first non-empty row."""
    best, best_score = 0, 1
    for position, (_number, cells) in enumerate(raw[:HEADER_SEARCH_ROWS]):
        score = sum(1 for cell in cells if cell and len(cell) < 200 and known_header(cell) is not None)
        if score > best_score:
            best, best_score = position, score
    return best


def _unique_headers(cells: list[str]) -> tuple[str, ...]:
    headers: list[str] = []
    seen: set[str] = set()
    for index, cell in enumerate(cells):
        text = collapse_spaces(cell) or f"столбец {_letters(index)}"
        candidate, copy = text, 1
        while search_key(candidate) in seen:
            copy += 1
            candidate = f"{text} ({copy})"
        seen.add(search_key(candidate))
        headers.append(candidate)
    return tuple(headers)


def _letters(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: the column as Excel names it."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters
