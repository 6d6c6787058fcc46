"""Word and Excel plan files built from the seed texts, as a department would receive them.

A seed is text extracted from Word: a table cell is a line starting with a TAB, a cell's continuation
lines have no TAB, and blank lines may fall anywhere (inside cells too). Paragraphs between tables are
plain lines. A table ends where the next section heading («Раздел N.»), the abbreviations list or the
indicator part begins. Rows are rebuilt from the cell stream: a Roman numeral opens a block row (its
title in the same cell or the next; in seed 002 also the block's expected result), anything else opens
a measure row of as many cells as the header has.

The seeds live in ../shared/seeds beside the clone; tests that need them skip, visibly, without it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from docx import Document
from openpyxl import Workbook
from openpyxl.styles import Alignment

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
REGIONAL_SEED = SEEDS / "000_4c4fc8a267c694f4.txt"  # Новосибирская область: 4 sections with blocks
EARLIER_SEED = SEEDS / "001_c4f123d3619a39e5.txt"  # its earlier edition, with subproject «1.1.»
MUNICIPAL_SEED = SEEDS / "002_eeff3d0ab372c345.txt"  # Плесецкий округ: 7 blocks, no sections

_BOOKMARK = re.compile(r"\[bookmark: [^\]]*\]")
_ROMAN = re.compile(r"^([IVXLC]+\.)\s*(.*)$", re.DOTALL)
_TABLE_END = re.compile(r"^(Раздел \d|\d+\.\d+\. Подпроект|Сокращения:|Ключевые показатели реализации)")
_MEASURE_NUMBER = re.compile(r"^\d+\s*\.?$")


@dataclass
class SeedTable:
    columns: int
    header: list[str]
    rows: list[list[str]] = field(default_factory=list)


@dataclass
class SeedDocument:
    """Paragraph texts and tables in document order."""

    items: list[str | SeedTable]

    @property
    def tables(self) -> list[SeedTable]:
        return [item for item in self.items if isinstance(item, SeedTable)]

    def measure_rows(self) -> list[list[str]]:
        return [row for table in self.tables for row in table.rows if len(row) == table.columns]


def require(seed: Path) -> Path:
    if not seed.is_file():
        pytest.skip(f"seed document not available: {seed}")
    return seed


def regional_seed() -> SeedDocument:
    """Seed 000: the regional plan, 6 columns, block rows of one or two cells."""
    return _read(require(REGIONAL_SEED), columns=6, block_cells=2, stop_at=None)


def earlier_seed() -> SeedDocument:
    """Seed 001: the earlier edition of seed 000, with the subproject «1.1.» and its own table."""
    return _read(require(EARLIER_SEED), columns=6, block_cells=2, stop_at=None)


def municipal_seed() -> SeedDocument:
    """Seed 002 up to its indicators: 5 columns (no «Вид документа»), block rows of three cells."""
    return _read(require(MUNICIPAL_SEED), columns=5, block_cells=3, stop_at="Ключевые показатели реализации")


def _clean(lines: list[str]) -> str:
    return "\n".join(_BOOKMARK.sub("", line).rstrip() for line in lines).strip()


def _read(path: Path, columns: int, block_cells: int, stop_at: str | None) -> SeedDocument:
    items: list[str | SeedTable] = []
    cells: list[list[str]] | None = None
    for line in path.read_text(encoding="utf-8").split("\n"):
        if stop_at and line.startswith(stop_at):
            break
        if line.startswith("\t"):
            if cells is None:
                cells = []
            cells.extend([part] for part in line[1:].split("\t"))
        elif cells is not None and _TABLE_END.match(line):
            items.append(_table([_clean(cell) for cell in cells], columns, block_cells))
            cells = None
            items.append(line.rstrip())
        elif cells is not None:
            if line.strip() and cells:
                cells[-1].append(line)
        else:
            items.append(line.rstrip())
    if cells:
        items.append(_table([_clean(cell) for cell in cells], columns, block_cells))
    return SeedDocument(items)


def _table(cells: list[str], columns: int, block_cells: int) -> SeedTable:
    table = SeedTable(columns, cells[:columns])
    rest = cells[columns:]
    while rest:
        match = _ROMAN.match(rest[0])
        if match and match.group(2):
            row, rest = [rest[0]], rest[1:]
        elif match:
            row, rest = rest[:block_cells], rest[block_cells:]
        else:
            row, rest = rest[:columns], rest[columns:]
            assert _MEASURE_NUMBER.match(row[0]), f"seed rows out of step at {row[:2]}"
        table.rows.append(row)
    return table


# --- Word ------------------------------------------------------------------------------------------------


def _fill(cell: object, text: str) -> None:
    """One paragraph per printed line, as Word keeps a multi-line cell."""
    lines = text.split("\n")
    cell.paragraphs[0].text = lines[0]  # type: ignore[attr-defined]
    for line in lines[1:]:
        cell.add_paragraph(line)  # type: ignore[attr-defined]


def _row_layout(row: list[str], columns: int) -> list[tuple[int, int, str]]:
    """(first column, last column, text) of each cell of a block or measure row."""
    if len(row) == columns:
        return [(i, i, text) for i, text in enumerate(row)]
    if len(row) == 1:
        return [(0, columns - 1, row[0])]
    if len(row) == 2:
        return [(0, 0, row[0]), (1, columns - 1, row[1])]
    middle = (columns - 1) // 2
    return [(0, 0, row[0]), (1, middle, row[1]), (middle + 1, columns - 1, row[2])]


def write_docx(document: SeedDocument, path: Path) -> Path:
    word = Document()
    for item in document.items:
        if isinstance(item, str):
            word.add_paragraph(item)
            continue
        table = word.add_table(rows=0, cols=item.columns)
        for row in [item.header, *item.rows]:
            cells = table.add_row().cells
            for first, last, text in _row_layout(row, item.columns):
                cell = cells[first].merge(cells[last]) if last > first else cells[first]
                _fill(cell, text)
    word.save(str(path))
    return path


# --- Excel -----------------------------------------------------------------------------------------------


def write_xlsx(document: SeedDocument, path: Path) -> Path:
    """One sheet: paragraphs as rows merged across the table, one header row, the rows of every table."""
    book = Workbook()
    sheet = book.active
    sheet.title = "План мероприятий"
    columns = document.tables[0].columns
    header_written = False
    for item in document.items:
        if isinstance(item, str):
            sheet.append([item] if item.strip() else [])
            if item.strip():
                sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=columns)
            continue
        rows = item.rows if header_written else [item.header, *item.rows]
        header_written = True
        for row in rows:
            index = sheet.max_row + 1
            for first, last, text in _row_layout(row, columns):
                sheet.cell(row=index, column=first + 1, value=text).alignment = Alignment(wrap_text=True)
                if last > first:
                    sheet.merge_cells(start_row=index, start_column=first + 1, end_row=index, end_column=last + 1)
    book.save(str(path))
    return path
