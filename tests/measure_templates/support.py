"""Helpers that fill a measure template the way an executor would: by the cells the service sheet maps."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from sqlalchemy import select

from desktop_app.storage.database import Database
from desktop_app.storage.models import Program

ID_SHEET = "_opeka"


def demo_program_id(db: Database) -> str:
    with db.reading() as session:
        return session.scalars(select(Program.id)).one()


def cell_map(path: Path) -> list[tuple[str, str, str, str, str]]:
    """(sheet, address, measure id, field, executor id) of every input cell, as the template maps them."""
    book = load_workbook(path)
    rows = list(book[ID_SHEET].iter_rows(values_only=True))
    start = next(index for index, row in enumerate(rows) if row[0] == "sheet")
    return [tuple(str(value) for value in row[:5]) for row in rows[start + 1 :]]  # type: ignore[misc]


def fill(path: Path, values: dict[tuple[str, str], Any]) -> None:
    """Write ``values`` by (measure id, field) into the mapped cells and save, as Excel would."""
    book = load_workbook(path)
    for sheet, address, measure_id, field, _ in cell_map(path):
        if (measure_id, field) in values:
            book[sheet][address] = values[(measure_id, field)]
    book.save(path)


def edit_ids(path: Path, change: Callable[[list[list[Any]]], None]) -> None:
    """Change the service sheet's rows (a hand-edited or forged template)."""
    book = load_workbook(path)
    sheet = book[ID_SHEET]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    change(rows)
    for row_number, row in enumerate(rows, 1):
        for column, value in enumerate(row, 1):
            sheet.cell(row=row_number, column=column, value=value)
    book.save(path)


def set_header(path: Path, key: str, value: Any) -> None:
    def change(rows: list[list[Any]]) -> None:
        for row in rows:
            if row[0] == key:
                row[1] = value

    edit_ids(path, change)
