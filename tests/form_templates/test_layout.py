"""What a partner sees: a title block, locked labels, unlocked yellow inputs with validations, a protected sheet."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from desktop_app.domain.errors import ValidationError
from desktop_app.domain.periods import Period
from desktop_app.form_templates import ID_SHEET, MAX_INPUT_CELLS, TEMPLATE_FORMAT, write_template
from desktop_app.formkit.loader import parse_form
from tests.form_templates.support import DISTRICT, INDICATORS, PERIOD, SHEET, cell_map, form_data, make_form


@pytest.fixture
def template(tmp_path: Path) -> Path:
    path = tmp_path / "шаблон.xlsx"
    write_template(path, make_form(), PERIOD, DISTRICT, indicators=INDICATORS, installation="Областной центр")
    return path


def validation_of(sheet: Any, address: str) -> Any:
    found = [dv for dv in sheet.data_validations.dataValidation if address in dv.sqref]
    assert len(found) == 1, address
    return found[0]


def texts(sheet: Any) -> list[str]:
    return [str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value is not None]


def test_the_title_block_names_the_form_district_and_period_and_says_what_to_fill(template: Path) -> None:
    sheet = load_workbook(template)[SHEET]
    top = texts(sheet)[:5]

    assert top[0] == "Мониторинг для проверки шаблонов"
    assert top[1] == "за отчётный год"
    assert top[2] == f"Район: {DISTRICT}"
    assert top[3] == "Отчётный период: 2024 год"
    assert top[4].startswith("Заполните только светлые (незащищённые) ячейки")
    assert "пустые строки (не меньше 10)" in top[4]


def test_sections_questions_hints_and_table_headers_are_shown(template: Path) -> None:
    shown = texts(load_workbook(template)[SHEET])

    for text in (
        "Общие вопросы",
        "Утверждён ли межведомственный план? *",
        "Выберите «Да» или «Нет»",
        "Если «Да»: укажите название, номер и дату",
        "2024 г.",
        "2023 г.",
        "2024 г., ч",
        "Здравоохранение",
        "10.2 Объем финансирования, тыс. руб.",
        "Наименование *",
        "Доля детей, получивших помощь",
        "Плановое значение",
        "95",
        "Числитель",
        "Комментарий",
    ):
        assert any(text in value for value in shown), text


def test_labels_are_locked_inputs_unlocked_and_yellow_and_the_sheet_protected(template: Path) -> None:
    book = load_workbook(template)
    sheet = book[SHEET]
    inputs = set(cell_map(template).values())

    assert sheet.protection.sheet is True
    assert not sheet.protection.password
    assert book.security.lockStructure is True
    for address in inputs:
        cell = sheet[address]
        assert cell.protection.locked is False, address
        assert cell.fill.fgColor.rgb.endswith("FFF6C8"), address
        assert cell.border.left.style == "thin", address
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value is not None and cell.coordinate not in inputs:
                assert cell.protection.locked is True, cell.coordinate


def test_input_cells_have_validations_and_number_formats(template: Path) -> None:
    sheet = load_workbook(template)[SHEET]
    where = cell_map(template)

    yes_no = validation_of(sheet, where[("1", "")])
    assert (yes_no.type, yes_no.formula1) == ("list", '"Да,Нет"')
    assert validation_of(sheet, where[("9", "health")]) is yes_no
    assert validation_of(sheet, where[("equipment", "1/own")]) is yes_no
    people = validation_of(sheet, where[("3", "")])
    assert (people.type, people.operator, people.formula1) == ("whole", "greaterThanOrEqual", "0")
    money = validation_of(sheet, where[("4", "")])
    assert (money.type, money.formula1) == ("decimal", "0")
    assert validation_of(sheet, where[("5", "")]).type == "date"
    assert validation_of(sheet, where[("6", "")]).formula1 == '"муниципальный,региональный"'
    assert (
        validation_of(sheet, where[("equipment", "1/source")]).formula1 == "'_lists'!$A$1:$A$2"
    )  # an option has a comma
    assert validation_of(sheet, where[("2", "")]).type == "textLength"
    assert sheet[where[("3", "")]].number_format == "0"
    assert sheet[where[("4", "")]].number_format == "#,##0.00#"
    assert sheet[where[("5", "")]].number_format == "DD.MM.YYYY"
    assert sheet[where[("2", "")]].number_format == "@"


def test_the_id_sheet_is_very_hidden_and_names_form_period_district_and_every_cell(template: Path) -> None:
    book = load_workbook(template)
    ids = book[ID_SHEET]
    header = {row[0]: row[1] for row in ids.iter_rows(max_row=10, values_only=True)}

    assert book.sheetnames[0] == SHEET
    assert ids.sheet_state == "veryHidden"
    assert book["_lists"].sheet_state == "veryHidden"
    assert header["format"] == TEMPLATE_FORMAT
    assert (header["form_id"], header["form_version"], header["period"]) == ("test-form", 1, "2024")
    assert (header["district"], header["installation"], header["sheet"]) == (DISTRICT, "Областной центр", SHEET)
    where = cell_map(template)
    assert header["cells"] == len(where)
    assert ("11", "numerator") in where and ("12", "numerator") not in where  # a ratio only for percentages


def test_print_setup_is_a4_fitted_to_the_width_with_sensible_columns(template: Path) -> None:
    sheet = load_workbook(template)[SHEET]

    assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4
    assert sheet.page_setup.fitToWidth == 1
    assert sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert sheet.column_dimensions["B"].width >= 40
    assert 10 <= sheet.column_dimensions["C"].width <= 25


def test_long_question_text_gets_a_taller_row(tmp_path: Path) -> None:
    data = form_data()
    data["sections"][0]["questions"][1]["text"] = "Очень длинный вопрос " * 20
    path = tmp_path / "шаблон.xlsx"
    write_template(path, parse_form(data), PERIOD, DISTRICT)
    sheet = load_workbook(path)[SHEET]
    row = sheet[cell_map(path)[("2", "")]].row

    assert sheet.row_dimensions[row].height >= 5 * 15


def test_a_period_of_another_kind_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="заполняется за год"):
        write_template(tmp_path / "x.xlsx", make_form(), Period.parse("2024-07"), DISTRICT)


def test_a_template_that_would_exceed_the_cell_limit_is_refused(tmp_path: Path) -> None:
    rows = [{"name": str(number)} for number in range(MAX_INPUT_CELLS // 6 + 1)]
    data = form_data()
    data["sections"][1]["questions"][0]["max_rows"] = len(rows)

    with pytest.raises(ValidationError, match="больше 5 000 ячеек"):
        write_template(tmp_path / "x.xlsx", parse_form(data), PERIOD, DISTRICT, answers={"equipment": rows})
    assert not (tmp_path / "x.xlsx").exists()
