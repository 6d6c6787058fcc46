"""A cell that does not fit is reported with its address and reason; the other answers still come through."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from desktop_app.form_templates import TemplateIssue, read_template, write_template
from tests.form_templates.support import DISTRICT, INDICATORS, PERIOD, SHEET, catalogue, fill, make_form


def test_wrong_cells_give_issues_with_addresses_and_the_rest_is_read(tmp_path: Path) -> None:
    form = make_form()
    path = tmp_path / "шаблон.xlsx"
    write_template(path, form, PERIOD, DISTRICT, indicators=INDICATORS)
    where = fill(
        path,
        {
            ("1", ""): "Может быть",
            ("2", ""): "Текст дошёл",
            ("3", ""): "много",
            ("4", ""): "1,23456",
            ("5", ""): "32.13.2024",
            ("6", ""): "районный",
            ("7", "_/0"): 5,
            ("equipment", "1/name"): "Ноутбук",
            ("equipment", "1/count"): -1,
            ("equipment", "2/name"): "Стол",
            ("equipment", "2/count"): 2,
        },
    )

    filled = read_template(path, catalogue(form))

    def at(question: str, key: str) -> str:
        return f"{SHEET}!{where[(question, key)]}"

    assert filled.issues == [
        TemplateIssue("1", "", at("1", ""), "Ответьте «Да» или «Нет»."),
        TemplateIssue("3", "", at("3", ""), "«много» — не число; пример: 1 234,5."),
        TemplateIssue("4", "", at("4", ""), "Не больше 3 знаков после запятой."),
        TemplateIssue(
            "5", "", at("5", ""), "Дата «32.13.2024» не распознана: введите её как дд.мм.гггг, например 25.07.2023."
        ),
        TemplateIssue("6", "", at("6", ""), "Выберите один из вариантов: муниципальный, региональный."),
        TemplateIssue("equipment", "1/count", at("equipment", "1/count"), "Число не может быть отрицательным."),
    ]
    assert filled.answers["2"] == "Текст дошёл"
    assert filled.answers["7"] == {"_": {"0": 5}}
    assert filled.answers["equipment"] == [{"name": "Ноутбук"}, {"name": "Стол", "count": 2}]
    for question in ("1", "3", "4", "5", "6"):
        assert filled.answers[question] is None


def test_a_table_row_with_only_a_wrong_cell_is_reported_against_the_table(tmp_path: Path) -> None:
    form = make_form()
    path = tmp_path / "шаблон.xlsx"
    write_template(path, form, PERIOD, DISTRICT)
    where = fill(
        path, {("equipment", "1/name"): "Первый", ("equipment", "2/amount"): "сто", ("equipment", "3/name"): "Второй"}
    )

    filled = read_template(path, catalogue(form))

    assert filled.answers["equipment"] == [{"name": "Первый"}, {"name": "Второй"}]
    problems = [issue for issue in filled.issues if issue.question_id == "equipment"]
    assert problems == [
        TemplateIssue(
            "equipment", "", f"{SHEET}!{where[('equipment', '2/amount')]}", "«сто» — не число; пример: 1 234,5."
        )
    ]


def test_a_required_column_left_empty_points_at_its_cell_in_the_template(tmp_path: Path) -> None:
    form = make_form()
    path = tmp_path / "шаблон.xlsx"
    write_template(path, form, PERIOD, DISTRICT)
    where = fill(path, {("equipment", "4/amount"): 5, ("equipment", "6/count"): 1, ("equipment", "6/name"): "Стол"})

    filled = read_template(path, catalogue(form))

    assert [issue for issue in filled.issues if issue.question_id == "equipment"] == [
        TemplateIssue(
            "equipment", "1/name", f"{SHEET}!{where[('equipment', '4/name')]}", "Заполните графу «Наименование»."
        )
    ]


def test_a_yes_with_no_detail_and_a_too_long_text_are_issues(tmp_path: Path) -> None:
    form = make_form()
    path = tmp_path / "шаблон.xlsx"
    write_template(path, form, PERIOD, DISTRICT)
    where = fill(path, {("1", ""): "да", ("2", ""): "я" * 61, ("3", ""): 1})

    filled = read_template(path, catalogue(form))

    assert filled.issues == [
        TemplateIssue(
            "1", "detail", f"{SHEET}!{where[('1', 'detail')]}", "При ответе «Да» укажите название, номер и дату."
        ),
        TemplateIssue("2", "", f"{SHEET}!{where[('2', '')]}", "Не больше 60 знаков, сейчас 61."),
    ]
    assert filled.answers["1"] == {"value": True}


def test_a_date_in_a_number_cell_is_an_issue_and_a_serial_number_in_a_date_cell_is_a_date(tmp_path: Path) -> None:
    form = make_form()
    path = tmp_path / "шаблон.xlsx"
    write_template(path, form, PERIOD, DISTRICT)
    fill(path, {("1", ""): "Нет", ("3", ""): datetime(2024, 1, 1), ("5", ""): 45000})

    filled = read_template(path, catalogue(form))

    assert [(issue.question_id, issue.message) for issue in filled.issues] == [("3", "Нужно число, а не дата.")]
    assert filled.answers["5"] == "2023-03-15"  # the cell is formatted as a date, as Excel shows 45000 there
