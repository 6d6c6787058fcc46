"""What the previews of a list loaded from Excel (resource families, support cases) have in common: the sheet they
read, the mapping and the day they read it with, the code the first new entry will get, and their rows — each new,
a duplicate or a problem, in a row-state enum of the list's own (its labels differ).

``count`` counts the rows in a state, ``fingerprint`` is what applying depends on (a preview recomputed inside the
writing transaction must give the same), ``summary_head`` begins the JSON account both previews give.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, Generic, Protocol, Self, TypeVar

from desktop_app.family_import.reader import FamilySheet

StateT = TypeVar("StateT", bound=StrEnum)


class ListPreviewRow(Protocol):
    @property
    def number(self) -> int: ...  # the row in the sheet
    @property
    def state(self) -> StrEnum: ...
    @property
    def duplicate_of(self) -> object: ...  # what it duplicates: a stale preview differs here first


RowT = TypeVar("RowT", bound=ListPreviewRow)
MappingT = TypeVar("MappingT")


@dataclass(frozen=True)
class ListImportPreview(Generic[StateT, RowT, MappingT]):
    source: str
    sheet: str
    header_row: int
    mapping: MappingT
    today: date
    first_code: str  # the code the first new entry will get
    rows: tuple[RowT, ...]

    @classmethod
    def of(cls, sheet: FamilySheet, mapping: MappingT, today: date, first_code: str, rows: list[RowT]) -> Self:
        """The preview of ``sheet`` read through ``mapping`` on ``today``."""
        return cls(sheet.source, sheet.sheet, sheet.header_row, mapping, today, first_code, tuple(rows))

    def count(self, state: StateT) -> int:
        return sum(1 for row in self.rows if row.state is state)

    @property
    def fingerprint(self) -> tuple[Any, ...]:
        """What applying depends on: if the register no longer gives the same, the preview is stale."""
        return self.first_code, tuple((row.number, row.state, row.duplicate_of) for row in self.rows)

    def summary_head(self, new: StateT) -> dict[str, Any]:
        """The account's first keys: the file, the sheet, its header row, how many rows and how many ``new``."""
        return {
            "file": self.source,
            "sheet": self.sheet,
            "header_row": self.header_row,
            "rows": len(self.rows),
            "new": self.count(new),
        }
