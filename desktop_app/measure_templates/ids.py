"""The service sheet of a measure template: program, period, district, and what each input cell holds.

As in form_templates/ids.py the sheet ``_opeka`` is very hidden; its first rows are ``key | value`` pairs,
then the row starting with ``sheet`` begins the cell map, one row per input cell:
``sheet | address | measure id | field | executor id``. The reader goes by this map alone, never by the
number or name a user sees: an edited name cannot send a report to another measure.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from desktop_app.domain.errors import UserError
from desktop_app.domain.numbers import format_number
from desktop_app.form_templates.ids import (
    ID_SHEET,
    TEMPLATE_FORMAT,
    address_fits,
    cell_text,
    damaged,
    fill_service_sheet,
    not_a_template,
    whole_number,
)
from desktop_app.measure_templates.model import Field

MEASURE_TEMPLATE_FORMAT = "opeka-measure-template"
MEASURE_TEMPLATE_VERSION = 1
MAX_CELLS = 20_000  # four cells a measure: 5 000 measure rows, far more than any plan has
_HEADER_KEYS = ("format", "format_version", "program_id", "period", "district", "cells")
_MAP_HEADER = ("sheet", "address", "measure", "field", "executor")
_MAX_HEADER_ROWS = 30
_FIELDS = {item.value for item in Field}


@dataclass(frozen=True)
class MeasureCellRef:
    sheet: str
    address: str
    measure_id: str
    field: Field
    executor_id: str


@dataclass(frozen=True)
class MeasureTemplateIds:
    program_id: str
    program_title: str
    period_code: str
    district: str
    installation: str
    refs: tuple[MeasureCellRef, ...]
    created: str = ""
    format_version: int = MEASURE_TEMPLATE_VERSION


def write_measure_ids(book: Any, ids: MeasureTemplateIds) -> None:
    """Add the very hidden service sheet to ``book`` (an openpyxl Workbook)."""
    sheet = book.create_sheet(ID_SHEET)
    header = (
        ("format", MEASURE_TEMPLATE_FORMAT),
        ("format_version", ids.format_version),
        ("program_id", ids.program_id),
        ("program_title", ids.program_title),
        ("period", ids.period_code),
        ("district", ids.district),
        ("installation", ids.installation),
        ("created", ids.created),
        ("cells", len(ids.refs)),
    )
    rows = [[ref.sheet, ref.address, ref.measure_id, ref.field.value, ref.executor_id] for ref in ids.refs]
    fill_service_sheet(sheet, header, _MAP_HEADER, rows)


def read_measure_ids(sheet: Any, source: str) -> MeasureTemplateIds:
    """The service sheet read back; UserError naming what is wrong when it is not one this program wrote."""
    values: dict[str, Any] = {}
    map_row = 0
    for number, row in enumerate(sheet.iter_rows(max_row=_MAX_HEADER_ROWS, max_col=2, values_only=True), 1):
        key = cell_text(row[0] if row else None)
        if key == _MAP_HEADER[0]:
            map_row = number
            break
        if key:
            values[key] = row[1] if len(row) > 1 else None
    if values.get("format") == TEMPLATE_FORMAT:
        raise UserError(
            f"Файл «{source}» — шаблон анкеты, а не отчёта о мероприятиях: загрузите его в разделе «Формы»."
        )
    if values.get("format") != MEASURE_TEMPLATE_FORMAT:
        raise not_a_template(source)
    if not map_row or any(key not in values for key in _HEADER_KEYS):
        raise damaged(source, "нет заголовка или карты ячеек")
    format_version = whole_number(values["format_version"])
    count = whole_number(values["cells"])
    if format_version is None or count is None or count < 0:
        raise damaged(source, "не указаны версия формата или число ячеек")
    if format_version > MEASURE_TEMPLATE_VERSION:
        raise UserError(
            f"Шаблон «{source}» сделан более новой версией программы (формат {format_version}): обновите программу."
        )
    if count > MAX_CELLS:
        raise UserError(
            f"В шаблоне «{source}» больше {format_number(MAX_CELLS)} ячеек для ввода: "
            "это не шаблон Опека-Офлайн или он повреждён."
        )
    program_id = cell_text(values["program_id"])
    if not program_id:
        raise damaged(source, "не указана программа")
    return MeasureTemplateIds(
        program_id=program_id,
        program_title=cell_text(values.get("program_title")),
        period_code=cell_text(values["period"]),
        district=cell_text(values["district"]),
        installation=cell_text(values.get("installation")),
        refs=_read_map(sheet, map_row, count, source),
        created=cell_text(values.get("created")),
        format_version=format_version,
    )


def _read_map(sheet: Any, map_row: int, count: int, source: str) -> tuple[MeasureCellRef, ...]:
    if count == 0:
        return ()
    refs: list[MeasureCellRef] = []
    seen: set[tuple[str, str]] = set()
    rows = sheet.iter_rows(min_row=map_row + 1, max_row=map_row + count, max_col=5, values_only=True)
    for number, row in enumerate(rows, map_row + 1):
        sheet_name, address, measure_id, field, executor = (cell_text(item) for item in (tuple(row) + (None,) * 5)[:5])
        if (
            not sheet_name
            or not address_fits(address)
            or not measure_id
            or field not in _FIELDS
            or (sheet_name, address) in seen
        ):
            raise damaged(source, f"строка {number} карты ячеек")
        seen.add((sheet_name, address))
        refs.append(MeasureCellRef(sheet_name, address, measure_id, Field(field), executor))
    if len(refs) != count:
        raise damaged(source, f"в карте {len(refs)} ячеек вместо {count}")
    return tuple(refs)
