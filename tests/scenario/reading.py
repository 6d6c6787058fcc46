"""Reading rendered reports back as a person would: the PDF's text (pypdf) and the workbook's cells (openpyxl),
with numbers parsed out so that «76,9 %» and «76.9» read the same."""

from __future__ import annotations

import re
from pathlib import Path

from openpyxl import load_workbook
from pypdf import PdfReader

_NUMBER = re.compile(r"-?\d+(?:[ \u00a0\u202f]\d{3})*(?:[.,]\d+)?")


def numbers_in(text: str) -> list[float]:
    return [float(re.sub(r"[ \u00a0\u202f]", "", found).replace(",", ".")) for found in _NUMBER.findall(text)]


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def pdf_lines(path: Path, containing: str) -> list[str]:
    return [line for line in pdf_text(path).splitlines() if containing in line]


def xlsx_rows(path: Path) -> dict[str, list[list[object]]]:
    """Sheet name → its rows of cell values (empty cells as None)."""
    book = load_workbook(path, data_only=True)
    return {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book.worksheets}


def row_starting(rows: list[list[object]], *first: str) -> list[object]:
    """The row whose first filled cells are ``first`` (a code, a district's number and name …)."""
    for row in rows:
        filled = [str(cell).strip() for cell in row if cell not in (None, "")]
        if filled[: len(first)] == list(first):
            return row
    raise AssertionError(f"no row starts with {first!r}")


def row_numbers(row: list[object]) -> list[float]:
    found: list[float] = []
    for cell in row:
        if isinstance(cell, bool) or cell is None:
            continue
        if isinstance(cell, int | float):
            found.append(float(cell))
        else:
            found.extend(numbers_in(str(cell)))
    return found


def close_to(expected: float, found: list[float], places: int = 1) -> bool:
    return any(abs(number - round(expected, places)) < 0.051 for number in found)
