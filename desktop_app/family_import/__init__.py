"""Importing the lists of resource families that districts keep in Excel (.xlsx) into plain data.

``read_family_sheet(path, sheet, header_row)`` checks the file and reads one sheet as text cells;
a ``ColumnMapping`` (kept as a JSON file, see ``mapping``) says which column feeds which field;
``read_rows`` turns each row into a family checked by the register's own rules (FamilyInput.checked,
check_step) or into the reason, in Russian, why the row cannot be read. No Qt and no database here:
services.family_import finds possible duplicates in the register and writes the families.

Limits, so that a wrong or hostile file costs seconds, not the afternoon:
- the file: at most ``MAX_FILE_BYTES`` (20 MB), the zip container checked for bombs and XML entity
  definitions before openpyxl sees it (the rules of plan_import.safety);
- at most ``MAX_DATA_ROWS`` (20 000) non-empty rows below the header, ``MAX_COLUMNS`` (100) columns;
  after 1 000 empty rows in a row the list is taken to have ended;
- a cell of a mapped column at most ``MAX_CELL_CHARS`` (5 000) characters, else its row is refused.

Cells: dates as дд.мм.гггг, Excel date cells or гггг-мм-дд; «да/нет» (also «+/-», «1/0»); stages by
their Russian labels («включена в реестр»), values («in_register») or usual words («в реестре», «ШПР»);
ages as «0–3 года», «до 2 лет», «от 6 мес. до 3 лет».
"""

from desktop_app.family_import.fields import FIELDS, REQUIRED, FieldSpec, guess_mapping
from desktop_app.family_import.mapping import (
    MAPPING_FORMAT,
    MAPPING_VERSION,
    REMEMBERED_MAPPING_FILE,
    ColumnMapping,
    load_mapping,
    load_remembered,
    remember,
    save_mapping,
)
from desktop_app.family_import.reader import (
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_DATA_ROWS,
    FamilySheet,
    SheetRow,
    check_family_file,
    read_family_sheet,
)
from desktop_app.family_import.rows import AdultKey, ReadFamily, RowOutcome, RowProblem, imported_reason, read_rows
from desktop_app.plan_import.safety import MAX_FILE_BYTES

__all__ = [
    "FIELDS",
    "MAPPING_FORMAT",
    "MAPPING_VERSION",
    "MAX_CELL_CHARS",
    "MAX_COLUMNS",
    "MAX_DATA_ROWS",
    "MAX_FILE_BYTES",
    "REMEMBERED_MAPPING_FILE",
    "REQUIRED",
    "AdultKey",
    "ColumnMapping",
    "FamilySheet",
    "FieldSpec",
    "ReadFamily",
    "RowOutcome",
    "RowProblem",
    "SheetRow",
    "check_family_file",
    "guess_mapping",
    "imported_reason",
    "load_mapping",
    "load_remembered",
    "read_family_sheet",
    "read_rows",
    "remember",
    "save_mapping",
]
