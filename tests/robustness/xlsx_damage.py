"""Workbooks damaged the ways a .xlsx reader meets them: the file's bytes, the zip's members and declared sizes,
the XML of the sheets, and cells given hostile values through openpyxl itself (enormous texts, formulas, control
characters, numbers of any size, dates, booleans, cells far beyond the used range)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from hypothesis import strategies as st
from openpyxl import load_workbook

from tests.robustness.fuzzing import (
    byte_mutations,
    damage_zip,
    hostile_cell,
    mutate_bytes,
    with_declared_size,
    xml_safe,
    zip_steps,
)

file_damage = st.one_of(
    st.tuples(st.just("bytes"), byte_mutations),
    st.tuples(st.just("zip"), zip_steps),
    st.tuples(st.just("size"), st.tuples(st.integers(0, 30), st.sampled_from([0, 1, 2**31, 2**32 - 1, 10**9]))),
)
# (sheet index, row, column, value): rows and columns mostly near the used range, sometimes far beyond it
cell_change = st.tuples(
    st.integers(0, 3),
    st.one_of(st.integers(1, 60), st.sampled_from([1000, 65_536, 1_048_576])),
    st.one_of(st.integers(1, 30), st.sampled_from([200, 16_384])),
    hostile_cell,
)
cell_changes = st.lists(cell_change, min_size=1, max_size=6)


def damaged_file(original: bytes, how: tuple[str, Any]) -> bytes:
    kind, detail = how
    if kind == "bytes":
        return mutate_bytes(original, detail)
    if kind == "zip":
        return damage_zip(original, detail)
    return with_declared_size(original, *detail)


def with_cells(original: bytes, changes: list[tuple[int, int, int, Any]]) -> bytes:
    """The workbook with the cells set through openpyxl; a value openpyxl will not write (a control character)
    is written as its repr, so every drawn change still changes something."""
    book = load_workbook(io.BytesIO(original))
    for sheet_index, row, column, value in changes:
        sheet = book.worksheets[sheet_index % len(book.worksheets)]
        cell = sheet.cell(row=row, column=column)
        if type(cell).__name__ == "MergedCell":
            continue  # inside a merged range: only its first cell holds a value
        try:
            cell.value = xml_safe(value) if isinstance(value, str) else value
        except Exception:  # openpyxl's IllegalCharacterError, or a type it does not store
            cell.value = repr(value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
