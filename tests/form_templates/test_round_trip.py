"""A template written, filled as a partner would (strings typed the Russian way, list picks, dates) and read back."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.cell.cell import MergedCell

from desktop_app.form_templates import read_template, write_template
from tests.form_templates.support import DISTRICT, INDICATORS, PERIOD, SHEET, catalogue, fill, make_form

TYPED = {
    ("1", ""): "Да",
    ("1", "detail"): "Постановление № 12 от 01.02.2024",
    ("2", ""): "Открыта служба ранней помощи",
    ("3", ""): "1 234",
    ("4", ""): "1 234,5",
    ("5", ""): "25.07.2023",
    ("6", ""): "региональный",
    ("7", "_/0"): "12",
    ("7", "_/-1"): 9,
    ("8", "health/0"): "1,5",
    ("8", "Образование/-1"): 2,
    ("9", "health"): "Да",
    ("9", "Образование"): "нет",
    ("equipment", "1/name"): "Ноутбук",
    ("equipment", "1/amount"): "12,345",
    ("equipment", "1/count"): "3",
    ("equipment", "1/bought"): datetime(2024, 3, 1),
    ("equipment", "1/own"): "Нет",
    ("equipment", "1/source"): "грант, субсидия",
    ("equipment", "3/name"): "Стол",
    ("equipment", "3/bought"): date(2024, 4, 2),
    ("11", "numerator"): "191",
    ("11", "denominator"): 200,
    ("11", "comment"): "по данным учреждений",
    ("12", "value"): 7,
}
EXPECTED = {
    "1": {"value": True, "detail": "Постановление № 12 от 01.02.2024"},
    "2": "Открыта служба ранней помощи",
    "3": 1234,
    "4": 1234.5,
    "5": "2023-07-25",
    "6": "региональный",
    "7": {"_": {"0": 12, "-1": 9}},
    "8": {"health": {"0": 1.5}, "Образование": {"-1": 2.0}},
    "9": {"health": True, "Образование": False},
    "equipment": [
        {
            "name": "Ноутбук",
            "amount": 12.345,
            "count": 3,
            "bought": "2024-03-01",
            "own": False,
            "source": "грант, субсидия",
        },
        {"name": "Стол", "bought": "2024-04-02"},
    ],
    "11": {"value": None, "numerator": 191, "denominator": 200, "comment": "по данным учреждений"},  # computed
    "12": {"value": 7},
}


def test_a_filled_template_reads_back_as_the_stored_answers(tmp_path: Path) -> None:
    form = make_form()
    path = tmp_path / "шаблон.xlsx"
    write_template(path, form, PERIOD, DISTRICT, indicators=INDICATORS, installation="Областной центр")
    fill(path, TYPED)

    filled = read_template(path, catalogue(form))

    assert filled.issues == []
    assert filled.answers == EXPECTED
    assert (filled.form_id, filled.form_version, filled.period, filled.district) == ("test-form", 1, PERIOD, DISTRICT)
    assert filled.installation == "Областной центр"
    assert filled.form is form


def test_an_untouched_template_holds_every_question_with_no_answer(tmp_path: Path) -> None:
    form = make_form()
    path = tmp_path / "пустой.xlsx"
    write_template(path, form, PERIOD, DISTRICT)

    filled = read_template(path, catalogue(form))

    assert filled.answers == {question.id: None for question in form.questions}
    assert [(issue.question_id, issue.message) for issue in filled.issues] == [
        ("1", "Обязательный вопрос: дайте ответ."),
        ("3", "Обязательный вопрос: дайте ответ."),
    ]


def test_prefilled_answers_survive_a_write_and_read_with_no_edits(tmp_path: Path) -> None:
    form = make_form()
    path = tmp_path / "заполненный.xlsx"
    write_template(path, form, PERIOD, DISTRICT, answers=EXPECTED, indicators=INDICATORS)

    filled = read_template(path, catalogue(form))

    assert filled.issues == []
    assert filled.answers == EXPECTED


def test_a_cleared_prefilled_cell_reads_as_no_answer(tmp_path: Path) -> None:
    form = make_form()
    path = tmp_path / "заполненный.xlsx"
    write_template(path, form, PERIOD, DISTRICT, answers=EXPECTED, indicators=INDICATORS)
    fill(path, {("2", ""): None, ("equipment", "1/name"): None, ("equipment", "1/amount"): None})

    filled = read_template(path, catalogue(form))

    assert filled.answers["2"] is None
    assert filled.answers["equipment"][0] == {
        "count": 3,
        "bought": "2024-03-01",
        "own": False,
        "source": "грант, субсидия",
    }
    assert [(issue.cell, issue.message) for issue in filled.issues] == [("1/name", "Заполните графу «Наименование».")]


def test_cells_are_read_by_the_service_map_not_by_the_labels_a_user_sees(tmp_path: Path) -> None:
    form = make_form()
    path = tmp_path / "шаблон.xlsx"
    write_template(path, form, PERIOD, DISTRICT)
    where = fill(path, {("3", ""): 5, ("4", ""): 7})
    book = load_workbook(path)
    for row in book[SHEET].iter_rows():
        for cell in row:
            if cell.coordinate not in where.values() and not isinstance(cell, MergedCell):
                cell.value = None  # every label gone: the map alone says what each cell is
    book.save(path)

    filled = read_template(path, catalogue(form))

    assert (filled.answers["3"], filled.answers["4"]) == (5, 7)


def test_empty_table_rows_are_dropped_and_the_order_is_kept(tmp_path: Path) -> None:
    form = make_form()
    path = tmp_path / "таблица.xlsx"
    write_template(path, form, PERIOD, DISTRICT)
    fill(
        path, {("equipment", "7/name"): "Третий", ("equipment", "2/name"): "Первый", ("equipment", "5/name"): "Второй"}
    )

    filled = read_template(path, catalogue(form))

    assert filled.answers["equipment"] == [{"name": "Первый"}, {"name": "Второй"}, {"name": "Третий"}]


def test_a_table_gets_ten_rows_or_its_stored_rows_and_five_more(tmp_path: Path) -> None:
    form = make_form()
    empty, stored = tmp_path / "пустой.xlsx", tmp_path / "много.xlsx"
    write_template(empty, form, PERIOD, DISTRICT)
    rows = [{"name": f"Строка {number}"} for number in range(1, 13)]
    write_template(stored, form, PERIOD, DISTRICT, answers={"equipment": rows})

    def table_rows(path: Path) -> int:
        return len([key for question, key in fill(path, {}) if question == "equipment" and key.endswith("/name")])

    assert table_rows(empty) == 10
    assert table_rows(stored) == 17
    assert read_template(stored, catalogue(form)).answers["equipment"] == rows


def test_a_second_write_replaces_the_file_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    form = make_form()
    path = tmp_path / "шаблон.xlsx"
    write_template(path, form, PERIOD, DISTRICT, answers={"2": "старое"})
    write_template(path, form, PERIOD, DISTRICT, answers={"2": "новое"})

    assert [item.name for item in tmp_path.iterdir()] == ["шаблон.xlsx"]
    assert read_template(path, catalogue(form)).answers["2"] == "новое"
