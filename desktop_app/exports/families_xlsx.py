"""The register of resource families as an Excel workbook: families, placements, and the target of five.

Laid out for printing as well as for filtering: headers that repeat on every page (two levels on the
families' sheet), A4 landscape fitted to the width, frozen headers, wrapped text, real dates shown as
дд.мм.гггг. A coordinator's workbook has no names: families appear under their codes only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from desktop_app.core.atomic import write_atomically
from desktop_app.domain.periods import format_date
from desktop_app.domain.placements import SEX_LABELS, LegalForm, Outcome, age_text
from desktop_app.services.family_export import ExportedFamily, ExportedPlacement, FamilyExport

DATE_FORMAT = "DD.MM.YYYY"
TITLE_ROWS = 3  # title, what and when, a blank line; the header starts below them


@dataclass(frozen=True)
class Column:
    label: str
    width: float


Group = tuple[str, tuple[Column, ...]]  # a top header over its columns; a lone column named as its group spans both


def families_groups(personal: bool) -> tuple[Group, ...]:
    family = (
        Column("Код", 10),
        *([Column("ФИО взрослых", 34)] if personal else []),
        Column("Муниципальное образование", 26),
    )
    return (
        ("Семья", family),
        ("Этап", (Column("Этап", 24), Column("с", 12))),
        (
            "Возможности семьи",
            (
                Column("Мест", 7),
                Column("Детей сейчас", 9),
                Column("Возраст детей", 18),
                Column("Ребёнок с ОВЗ", 9),
                Column("Братья и сёстры", 9),
            ),
        ),
        ("Свидетельство ШПР", (Column("№", 13), Column("Дата", 12))),
        ("Заключение органа опеки", (Column("№", 12), Column("Дата", 12))),
        ("Куратор", (Column("Куратор", 28),)),
    )


PLACEMENT_COLUMNS = (
    Column("Код семьи", 11),
    Column("Код ребёнка", 14),
    Column("Дата рождения ребёнка", 13),
    Column("Пол", 10),
    Column("Начало размещения", 13),
    Column("Окончание", 13),
    Column("Форма устройства", 28),
    Column("Исход", 34),
)
_FORMS = {form.value: form.label for form in LegalForm}
_OUTCOMES = {outcome.value: outcome.label for outcome in Outcome}
TARGET_COLUMNS = (
    Column("Муниципальное образование", 40),
    Column("Готовы принять ребёнка", 14),
    Column("Цель", 10),
    Column("Не хватает", 12),
)


def write_families_xlsx(export: FamilyExport, target: Path) -> Path:
    """Write the workbook to ``target`` atomically; a failure leaves any existing file as it was."""
    from openpyxl import Workbook  # loaded on first use: it is slow to import

    workbook = Workbook()
    made = f"Сформировано {format_date(export.made_on)}."
    hidden = "" if export.personal_shown else " Персональные данные не выгружаются: семьи указаны кодами."
    _table(
        workbook.active,
        "Реестр",
        "Реестр ресурсных семей",
        f"Семей: {len(export.families)}. {made}{hidden}",
        families_groups(export.personal_shown),
        [_family_values(family, export.personal_shown) for family in export.families],
    )
    _table(
        workbook.create_sheet(),
        "Размещения",
        "Размещения детей в ресурсных семьях",
        f"Размещений: {len(export.placements)}. Дети указаны внутренними кодами. {made}",
        tuple((column.label, (column,)) for column in PLACEMENT_COLUMNS),
        [_placement_values(placement) for placement in export.placements],
    )
    _table(
        workbook.create_sheet(),
        "Цель — 5 семей",  # Excel forbids «:» in sheet names
        "Готовые ресурсные семьи по муниципальным образованиям: цель — не менее 5",
        f"Готовыми считаются семьи, включённые в реестр и принимающие детей (не приостановленные). {made}",
        tuple((column.label, (column,)) for column in TARGET_COLUMNS),
        [[row.municipality, row.ready, row.target, row.shortfall] for row in export.targets],
    )
    return _save(workbook, target)


def _family_values(family: ExportedFamily, personal: bool) -> list[object]:
    names = ["\n".join(family.adults)] if personal else []
    return [
        family.code,
        *names,
        family.municipality,
        family.stage.label,
        family.status_since,
        family.capacity,
        family.placed_now,
        f"{age_text(family.age_from_months)} – {age_text(family.age_to_months)}",
        _yes_no(family.accepts_disability),
        _yes_no(family.accepts_siblings),
        family.shpr_certificate,
        family.shpr_date,
        family.conclusion_number,
        family.conclusion_date,
        family.supervisor,
    ]


def _placement_values(placement: ExportedPlacement) -> list[object]:
    return [
        placement.family_code,
        placement.child_code,
        placement.child_birth_date,
        SEX_LABELS.get(placement.child_sex, placement.child_sex),
        placement.start,
        placement.end,
        _FORMS.get(placement.legal_form, placement.legal_form),
        _OUTCOMES.get(placement.outcome, placement.outcome),
    ]


def _yes_no(value: bool) -> str:
    return "да" if value else "нет"


def _table(
    sheet: Any, name: str, title: str, subtitle: str, groups: Sequence[Group], rows: Sequence[Sequence[object]]
) -> None:
    """One sheet: the title lines, a header of one or two levels, the rows, widths and print setup."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    columns = [column for _label, group in groups for column in group]
    two_levels = any(len(group) > 1 for _label, group in groups)
    first_data_row = TITLE_ROWS + (3 if two_levels else 2)
    sheet.title = name
    for row, (text, font) in enumerate(((title, Font(bold=True, size=13)), (subtitle, Font(italic=True))), 1):
        cell = sheet.cell(row=row, column=1, value=text)
        cell.font = font
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(columns))
    sheet.row_dimensions[1].height = 22
    sheet.row_dimensions[2].height = 30
    _header(sheet, groups, TITLE_ROWS + 1, two_levels)
    _rows(sheet, rows, first_data_row)
    for index, column in enumerate(columns, 1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    header_rows = f"{TITLE_ROWS + 1}:{first_data_row - 1}"
    sheet.freeze_panes = sheet.cell(row=first_data_row, column=2)
    if rows:
        last = get_column_letter(len(columns))
        sheet.auto_filter.ref = f"A{first_data_row - 1}:{last}{first_data_row + len(rows) - 1}"
    sheet.print_title_rows = header_rows
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.oddFooter.center.text = "стр. &P из &N"


def _header(sheet: Any, groups: Sequence[Group], top: int, two_levels: bool) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    fill = PatternFill("solid", fgColor="DDE6F0")
    bottom = top + 1 if two_levels else top
    column = 1
    for label, group in groups:
        if two_levels and len(group) == 1 and group[0].label == label:
            sheet.cell(row=top, column=column, value=label)
            sheet.merge_cells(start_row=top, start_column=column, end_row=bottom, end_column=column)
        elif two_levels:
            sheet.cell(row=top, column=column, value=label)
            sheet.merge_cells(start_row=top, start_column=column, end_row=top, end_column=column + len(group) - 1)
            for offset, sub in enumerate(group):
                sheet.cell(row=bottom, column=column + offset, value=sub.label)
        else:
            sheet.cell(row=top, column=column, value=group[0].label)
        column += len(group)
    for row in range(top, bottom + 1):
        for index in range(1, column):
            cell = sheet.cell(row=row, column=index)
            cell.font = Font(bold=True)
            cell.fill = fill
            cell.border = border
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet.row_dimensions[bottom].height = 32


def _rows(sheet: Any, rows: Sequence[Sequence[object]], first: int) -> None:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Border, Side

    thin = Side(style="thin", color="B0B0B0")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    alignment = Alignment(wrap_text=True, vertical="top")
    for offset, values in enumerate(rows):
        for column, value in enumerate(values, 1):
            if isinstance(value, str):
                value = ILLEGAL_CHARACTERS_RE.sub(" ", value)
            cell = sheet.cell(row=first + offset, column=column, value=value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # text that looks like a formula stays text: a cell never computes anything
            elif isinstance(value, date):
                cell.number_format = DATE_FORMAT
            cell.alignment = alignment
            cell.border = border


def _save(workbook: Any, target: Path) -> Path:
    return write_atomically(target, lambda temporary: workbook.save(temporary))
