"""Finding the roadmap columns by their header text, whatever the wording, and reading a row by them."""

from __future__ import annotations

from collections.abc import Callable

from desktop_app.domain.text import search_key
from desktop_app.plan_import.raw import RawRow

FIELD_LABELS = {
    "number": "№",
    "name": "Наименование мероприятия",
    "deadline_text": "Срок реализации",
    "executors_text": "Ответственные исполнители",
    "document_type": "Вид документа",
    "expected_result": "Ожидаемый результат",
}

ColumnMap = dict[str, int]


def _is_number(key: str) -> bool:
    return key.startswith(("№", "n п/п", "no ")) or key in {"n", "no", "п/п", "номер", "номер п/п"}


def _is_name(key: str) -> bool:
    if "показател" in key:
        return False
    return "мероприят" in key or key in {"наименование", "содержание", "содержание работы", "наименование работ"}


def _is_deadline(key: str) -> bool:
    return key.startswith(("срок", "дата", "период исполнения", "период реализации")) or "сроки" in key


def _is_executors(key: str) -> bool:
    return "исполнител" in key or key.startswith("ответственн")


def _is_document(key: str) -> bool:
    return "документ" in key and not key.startswith(("ожидаем", "результат"))


def _is_result(key: str) -> bool:
    return "результат" in key


# Checked in this order, each field taken by the first header cell that matches it.
_RULES: tuple[tuple[str, Callable[[str], bool]], ...] = (
    ("number", _is_number),
    ("name", _is_name),
    ("deadline_text", _is_deadline),
    ("executors_text", _is_executors),
    ("document_type", _is_document),
    ("expected_result", _is_result),
)


def detect_columns(row: RawRow) -> ColumnMap | None:
    """The field → column map when ``row`` is a header row: it names the measure and two more fields."""
    columns: ColumnMap = {}
    for cell in row.cells:
        key = search_key(cell.text)
        if not key:
            continue
        for field, matches in _RULES:
            if field not in columns and matches(key):
                columns[field] = cell.column
                break
    if "name" in columns and len(columns) >= 3:
        return columns
    return None


def read_fields(row: RawRow, columns: ColumnMap) -> dict[str, str]:
    """Each mapped field's text in ``row``; a merged cell counts once, for the first field it covers."""
    values: dict[str, str] = {}
    used: set[int] = set()
    for field, column in sorted(columns.items(), key=lambda item: item[1]):
        cell = row.cell_at(column)
        if cell is None or id(cell) in used:
            values[field] = ""
            continue
        used.add(id(cell))
        values[field] = cell.text
    return values


def is_column_numbers_row(row: RawRow) -> bool:
    """The «1 | 2 | 3 | 4 | 5 | 6» row printed under many headers."""
    texts = [cell.text.strip().rstrip(".") for cell in row.filled]
    return len(texts) >= 3 and texts == [str(i) for i in range(1, len(texts) + 1)]


def unmapped_text(row: RawRow, columns: ColumnMap) -> list[str]:
    """Texts of filled cells that cover none of the mapped columns (data the reader would lose)."""
    mapped = set(columns.values())
    return [cell.text for cell in row.filled if not any(cell.covers(column) for column in mapped)]
