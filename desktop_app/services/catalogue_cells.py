"""One cell of the catalogue workbook read as the value it stands for; a wrong one adds (column, reason) to
``problems`` so that the import names every wrong cell of a row, not only the first."""

from __future__ import annotations

from datetime import date
from typing import Any

from desktop_app.domain.errors import ValidationError
from desktop_app.domain.numbers import parse_number
from desktop_app.domain.periods import Period, PeriodKind, parse_date
from desktop_app.exports.catalogue_xlsx import SheetRow
from desktop_app.services.catalogue_plans import program_periods
from desktop_app.storage.models import Program


def choice_cell(row: SheetRow, key: str, options: dict[str, Any], problems: list[tuple[str, str]]) -> Any:
    text = row.text(key)
    for label, value in options.items():
        if text.casefold() == label.casefold():
            return value
    shown = ", ".join(f"«{label}»" for label in options if label and not label.isascii())
    problems.append((key, f"Значение «{text}» не подходит: допустимо {shown}."))
    return None


def number_cell(row: SheetRow, key: str, problems: list[tuple[str, str]]) -> float | None:
    value = row.cells.get(key)
    if value is None or isinstance(value, float):
        return value
    try:
        return parse_number(str(value))
    except ValueError:
        problems.append((key, f"«{value}» — не число; пишите как 1 234,5."))
        return None


def date_cell(row: SheetRow, key: str, problems: list[tuple[str, str]]) -> date | None:
    value = row.cells.get(key)
    if value is None or isinstance(value, date):
        return value
    try:
        return parse_date(str(value))
    except ValidationError as exc:
        problems.append((key, exc.message))
        return None


def period_cell(row: SheetRow, program: Program, problems: list[tuple[str, str]]) -> Period | None:
    text = row.text("period")
    try:
        return Period.parse(text)
    except ValidationError:
        pass
    years = range(program.period_start.year - 1, program.period_end.year + 2)
    candidates = set(program_periods(program))
    for year in years:
        for kind in PeriodKind:
            first = Period.containing(date(year, 1, 1), kind)
            current = first
            while current.year == year:
                candidates.add(current)
                current = current.next()
    found = next((p for p in candidates if p.label.casefold() == text.casefold()), None)
    if found is None:
        problems.append(("period", f"Период «{text}» не распознан: пишите «I полугодие 2024 г.» или 2024-H1."))
    return found


def plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value
