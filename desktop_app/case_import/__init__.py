"""Importing the list of family support cases a district keeps in Excel (.xlsx) into plain data.

The file is opened and read as the family list is (family_import.reader: the same safety checks and limits, the
header row found by the words of the case's fields); a ``CaseMapping`` says which column feeds which field,
prefilled by ``guess_case_mapping`` from the headers; ``read_case_rows`` turns each row into a case checked by the
case's own rules, or into its problems, each with the column it came from. No Qt and no database here:
services.case_import finds the duplicates in the register and writes the cases.

One row per family (the way districts keep their lists of families in СОП and ТЖС); its children in one cell,
by code, birth date and sex: «Р-12 (05.03.2023, ж); Р-13 (11.10.2019, м)» (see ``values``). Up to two adults
per row, as in the family list.
"""

from pathlib import Path

from desktop_app.case_import.fields import FIELDS, REQUIRED, case_header_kind, guess_case_mapping
from desktop_app.case_import.mapping import CaseMapping
from desktop_app.case_import.rows import CaseKey, CaseRowOutcome, CaseRowProblem, CellIssue, ReadCase, read_case_rows
from desktop_app.family_import.reader import FamilySheet, read_family_sheet

LIST_WHAT = "список случаев"


def read_case_sheet(path: Path, sheet: str | None = None, header_row: int | None = None) -> FamilySheet:
    """The chosen sheet of a case list (default: the first), its header row found by the case's header words."""
    return read_family_sheet(path, sheet, header_row, known_header=case_header_kind, what=LIST_WHAT)


__all__ = [
    "FIELDS",
    "REQUIRED",
    "CaseKey",
    "CaseMapping",
    "CaseRowOutcome",
    "CaseRowProblem",
    "CellIssue",
    "FamilySheet",
    "ReadCase",
    "case_header_kind",
    "guess_case_mapping",
    "read_case_rows",
    "read_case_sheet",
]
