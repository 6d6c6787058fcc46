"""Cell styles, number formats, sheet names and size estimates shared by the workbook modules.

openpyxl styles are immutable and deduplicated by value, so they are made once here and assigned by
reference: a consolidated report writes tens of thousands of cells.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from desktop_app.reports.model import Align, Cell, CellKind

FONT_NAME = "Times New Roman"  # what Russian offices print forms in; Liberation Serif stands in for it
TEXT_SIZE = 11
TABLE_SIZE = 10
MAX_CELL_TEXT = 32_000  # Excel keeps at most 32 767 characters in a cell
SHEET_NAME_LIMIT = 31
FORBIDDEN_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")
# Width of the printable area in Excel's character units (A4 with 20 mm and 10 mm side margins).
PORTRAIT_WIDTH = 97.0
LANDSCAPE_WIDTH = 144.0
MIN_COLUMN_WIDTH = 4.0
DATE_FORMAT = "DD.MM.YYYY"

THIN = Side(style="thin", color="000000")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
UNDERLINE = Border(bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="E6E6E6")
GROUP_FILL = PatternFill("solid", fgColor="F5F5F5")

_HORIZONTAL = {Align.LEFT: "left", Align.CENTER: "center", Align.RIGHT: "right"}


@lru_cache(maxsize=32)
def font(size: float = TABLE_SIZE, bold: bool = False, italic: bool = False) -> Font:
    """Times New Roman of the given size, shared."""
    return Font(name=FONT_NAME, size=size, bold=bold, italic=italic)


@lru_cache(maxsize=32)
def alignment(align: Align = Align.LEFT, vertical: str = "top", wrap: bool = True) -> Alignment:
    """Wrapped by default: a long text grows its row instead of running into the next cell."""
    return Alignment(horizontal=_HORIZONTAL[align], vertical=vertical, wrap_text=wrap)


def number_format(cell: Cell) -> str:
    """Excel shows these with the reader's own separators: «1 234,5» on a Russian system."""
    decimals = "." + "0" * cell.precision if cell.precision else ""
    if cell.kind is CellKind.INTEGER:
        return "#,##0"
    if cell.kind is CellKind.DECIMAL:
        return f"#,##0{decimals}"
    if cell.kind is CellKind.PERCENT:  # «75,0 %» as the PDF prints it: a no-break space before the sign
        return f'0{decimals}"\u00a0"%'
    if cell.kind is CellKind.DATE:
        return DATE_FORMAT
    return "General"


@lru_cache(maxsize=65536)
def clean_text(text: str) -> str:
    """Characters a workbook cannot hold (Word's \\x0b line breaks) become spaces; overlong text is cut."""
    cleaned = str(ILLEGAL_CHARACTERS_RE.sub(" ", text))
    return cleaned if len(cleaned) <= MAX_CELL_TEXT else cleaned[: MAX_CELL_TEXT - 1] + "…"


def set_text(sheet: Any, row: int, column: int, text: str) -> Any:
    """Text stays text: a value starting with «=» must never become a formula in someone's workbook."""
    cell = sheet.cell(row=row, column=column, value=clean_text(text))
    if text.startswith("="):
        cell.data_type = "s"
    return cell


def sheet_names(wanted: list[str]) -> list[str]:
    """Names Excel accepts: at most 31 characters, none of []:*?/\\, not blank, unique ignoring case."""
    names: list[str] = []
    taken: set[str] = set()
    for number, name in enumerate(wanted, start=1):
        base = " ".join(FORBIDDEN_IN_SHEET_NAMES.sub(" ", name).split()).strip("'") or f"Раздел {number}"
        base = base[:SHEET_NAME_LIMIT].rstrip()
        candidate, copy = base, 1
        while candidate.casefold() in taken or candidate.casefold() == "history":  # «History» is Excel's own
            copy += 1
            suffix = f" ({copy})"
            candidate = base[: SHEET_NAME_LIMIT - len(suffix)].rstrip() + suffix
        taken.add(candidate.casefold())
        names.append(candidate)
    return names


@lru_cache(maxsize=65536)  # a report repeats its names (a measure's in every district)
def text_lines(text: str, width: float, size: float) -> int:
    """How many lines ``text`` takes in a column ``width`` characters wide, wrapped at word ends as Excel does;
    an estimate, erring towards a spare line, since a clipped line is lost on paper and a spare one is not."""
    # A width unit is one digit of the default Calibri 11; Times letters are narrower: at 10 pt a unit held
    # 1.3 to 1.5 of them in LibreOffice with Liberation Serif; counted here as 1.3.
    per_line = max(1, int(width * 13.0 / size))
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        used = 0
        for word in paragraph.split():
            if used and used + 1 + len(word) > per_line:
                lines += 1
                used = 0
            used += (1 if used else 0) + len(word)
            while used > per_line:  # a word longer than the line breaks where it must
                lines += 1
                used -= per_line
    return max(1, lines)


def line_height(size: float) -> float:
    """Points per line of text of ``size`` points, as Excel spaces them."""
    return size * 1.25
