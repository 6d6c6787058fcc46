"""What a plan file holds before it is understood: paragraphs and tables of plain-text cells, in order.

The readers (Word, Excel) produce this; the parser reads only this, so it never needs python-docx or
openpyxl and is tested with tables written by hand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TRAILING_SPACE = re.compile(r"[ \t\u00a0]+$", re.MULTILINE)
_BLANK_EDGES = re.compile(r"^(?:[ \t\u00a0]*\n)+|(?:\n[ \t\u00a0]*)+$")


def clean_text(text: str) -> str:
    """A cell's text as printed: line breaks kept, spaces at line ends and blank edge lines dropped.

    Word's non-breaking spaces become plain spaces and Windows line ends become ``\\n``.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").replace("\u200b", "")
    text = _TRAILING_SPACE.sub("", text)
    return _BLANK_EDGES.sub("", text).strip(" \t")


@dataclass(frozen=True)
class RawCell:
    """One cell as laid out: its text and the grid columns it covers (a merged cell spans several)."""

    text: str
    column: int
    span: int = 1

    def covers(self, column: int) -> bool:
        return self.column <= column < self.column + self.span


@dataclass(frozen=True)
class RawRow:
    """A table row: its distinct cells, each merged cell once; ``location`` says where it is, in Russian."""

    location: str
    cells: tuple[RawCell, ...]

    @property
    def filled(self) -> tuple[RawCell, ...]:
        return tuple(cell for cell in self.cells if cell.text)

    def cell_at(self, column: int) -> RawCell | None:
        for cell in self.cells:
            if cell.covers(column):
                return cell
        return None


@dataclass(frozen=True)
class RawTable:
    """A table (Word) or a sheet (Excel); ``name`` is how a message refers to it («таблица 2»).

    A Word table without a header may continue the previous one (split at a page break); a sheet never does.
    """

    name: str
    rows: tuple[RawRow, ...]
    is_sheet: bool = False


@dataclass(frozen=True)
class RawParagraph:
    location: str
    text: str


RawItem = RawParagraph | RawTable


@dataclass(frozen=True)
class RawDocument:
    """Paragraphs and tables in document order; ``source`` is the file name shown in messages."""

    source: str
    items: tuple[RawItem, ...]
