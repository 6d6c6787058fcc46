"""Excel templates of a form for partners without the program: written protected, filled in Excel or
LibreOffice, read back by the office. Pure Python over openpyxl: no Qt, no database.

``write_template(path, form, period, district, answers=…, indicators=…, installation=…)`` writes one
sheet «Анкета» (title block, sections, questions; only the light-yellow input cells are unlocked, with
list, number and date validations) and a very hidden sheet ``_opeka`` that names the form, its version,
the period, the district and maps every input cell address to (question id, cell key, value type).
``read_template(path, catalogue)`` reads the cells by that map — never by the labels a user sees — into
the stored answer shapes of formkit.answers, with a ``TemplateIssue`` (address and Russian reason) for each
cell that does not fit. ``check_template_target`` refuses a template made for another form version,
period or district.

Limits, so that a wrong or hostile file costs a second and one clear message, never a traceback:
- the file: .xlsx (or .xlsm) of at most 20 MB (``MAX_FILE_BYTES``), unpacking to at most 50 MB
  (``MAX_UNPACKED_BYTES``), the zip container checked for bombs, XML entity definitions and absurd
  merged ranges before openpyxl sees it (the rules of plan_import.safety); then read in read-only mode,
  and only up to the last mapped row;
- at most 5 000 mapped input cells (``MAX_INPUT_CELLS``), addresses within 100 000 rows and 200 columns;
  the writer refuses a template that would need more;
- a text cell at most the question's ``max_length`` characters (4 000 by default); longer is an issue;
- a template without the service sheet, or with one this program did not write, is refused; so is one of
  a form the catalogue does not know («Форма «id» из шаблона неизвестна этой программе.») and one of a
  newer template format.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from desktop_app.form_templates.ids import (
    ID_SHEET,
    MAX_INPUT_CELLS,
    TEMPLATE_FORMAT,
    TEMPLATE_FORMAT_VERSION,
)
from desktop_app.form_templates.model import FilledTemplate, TemplateIssue, check_template_target
from desktop_app.form_templates.reader import MAX_UNPACKED_BYTES, check_template_file, read_template
from desktop_app.plan_import.safety import MAX_FILE_BYTES

if TYPE_CHECKING:
    from desktop_app.form_templates.writer import write_template

__all__ = [
    "ID_SHEET",
    "MAX_FILE_BYTES",
    "MAX_INPUT_CELLS",
    "MAX_UNPACKED_BYTES",
    "TEMPLATE_FORMAT",
    "TEMPLATE_FORMAT_VERSION",
    "FilledTemplate",
    "TemplateIssue",
    "check_template_file",
    "check_template_target",
    "read_template",
    "write_template",
]


def __getattr__(name: str) -> Any:
    # openpyxl takes a noticeable moment to import: the writer (which styles cells with it) loads on first use
    if name == "write_template":
        from desktop_app.form_templates.writer import write_template

        return write_template
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
