"""A workbook with a mistake is refused with a Russian sentence at the cell that holds it: wrong kind, unknown list,
repeated number, a bad rule, a bad «shown when», missing settings; a file that is no form workbook in one sentence."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from desktop_app.domain.errors import UserError
from desktop_app.form_workbook import layout as lay
from desktop_app.form_workbook.reader import read_form_workbook

SETTINGS = [("Идентификатор", "test-form"), ("Название", "Проверочная форма"), ("Версия", 1), ("Период", "год")]
# rows of «Вопросы» as {header: value}; the sheet's row number is the index + 2
QUESTIONS: list[dict[str, Any]] = [
    {lay.NUMBER: "I.", lay.KIND: "раздел", lay.TEXT: "Раздел"},
    {lay.NUMBER: "1", lay.KIND: "да/нет", lay.TEXT: "Есть ли план?"},
    {lay.NUMBER: "2", lay.KIND: "число", lay.TEXT: "Сколько всего?", lay.VALUE_TYPE: "целое"},
    {lay.NUMBER: "2.1", lay.KIND: "число", lay.TEXT: "Из них детей", lay.VALUE_TYPE: "целое"},
    {lay.NUMBER: "3", lay.KIND: "да/нет по списку", lay.TEXT: "Кто участвует?", lay.LIST: "ведомства"},
    {lay.NUMBER: "4", lay.KIND: "текст", lay.TEXT: "Укажите план", lay.SHOWN_WHEN: "1 = да"},
]
LISTS = [("ведомства", "health", "Здравоохранение"), ("ведомства", "", "Образование")]
RULES = [("часть не больше целого", "2.1", "2")]


def _book(
    path: Path,
    settings: list[tuple[str, Any]] = SETTINGS,
    questions: list[dict[str, Any]] = QUESTIONS,
    lists: list[tuple[str, ...]] = LISTS,
    rules: list[tuple[str, ...]] = RULES,
) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = lay.SETTINGS
    sheet.append(list(lay.SETTINGS_HEADERS))
    for row in settings:
        sheet.append(list(row))
    questions_sheet = book.create_sheet(lay.QUESTIONS)
    questions_sheet.append(list(lay.QUESTION_HEADERS))
    for question in questions:
        questions_sheet.append([question.get(header) for header in lay.QUESTION_HEADERS])
    for name, headers, rows in ((lay.LISTS, lay.LIST_HEADERS, lists), (lay.RULES, lay.RULE_HEADERS, rules)):
        other = book.create_sheet(name)
        other.append(list(headers))
        for row in rows:
            other.append(list(row))
    book.save(path)
    return path


def _column(header: str) -> str:
    return lay.column_letter(lay.QUESTION_HEADERS.index(header) + 1)


def _problems(path: Path) -> list[str]:
    reading = read_form_workbook(path)
    assert reading.form is None
    with pytest.raises(UserError) as refused:
        reading.require()
    lines = [str(problem) for problem in reading.problems]
    assert all(line in refused.value.message for line in lines)
    return lines


def _changed(row: int, **fields: Any) -> list[dict[str, Any]]:
    questions = [dict(question) for question in QUESTIONS]
    questions[row - 2].update({getattr(lay, name.upper()): value for name, value in fields.items()})
    return questions


def test_the_example_loads(tmp_path: Path) -> None:
    form = read_form_workbook(_book(tmp_path / "f.xlsx")).require()
    assert [q.number for q in form.questions] == ["1", "2", "2.1", "3", "4"]
    assert form.question("3").rows[0].id == "health"  # type: ignore[union-attr]
    assert form.question("4").shown_when.answers == ("yes",)  # type: ignore[union-attr]


def test_a_wrong_kind_names_its_cell(tmp_path: Path) -> None:
    problems = _problems(_book(tmp_path / "f.xlsx", questions=_changed(3, kind="анкета")))
    assert problems[0].startswith(f"Вопросы!{_column(lay.KIND)}3: вид «анкета» неизвестен")


def test_an_unknown_list_names_its_cell(tmp_path: Path) -> None:
    problems = _problems(_book(tmp_path / "f.xlsx", questions=_changed(6, list="органы")))
    assert problems == [f"Вопросы!{_column(lay.LIST)}6: списка «органы» нет на листе «Списки»"]


def test_a_repeated_number_names_its_cell(tmp_path: Path) -> None:
    problems = _problems(_book(tmp_path / "f.xlsx", questions=_changed(5, number="2")))
    assert problems[0].startswith(f"Вопросы!{_column(lay.NUMBER)}5: «2» уже есть в строке 4")


def test_a_rule_naming_an_unknown_question_names_its_cell(tmp_path: Path) -> None:
    problems = _problems(_book(tmp_path / "f.xlsx", rules=[RULES[0], ("сумма частей", "2.1", "9.9")]))
    assert problems == ["Правила!A3: вопроса «9.9» в форме нет"]


def test_a_rule_over_a_yes_no_question_names_its_cell(tmp_path: Path) -> None:
    problems = _problems(_book(tmp_path / "f.xlsx", rules=[("равно", "1", "2")]))
    assert len(problems) == 1 and problems[0].startswith("Правила!A2: вопрос «1» не числовой")


def test_an_unknown_rule_names_its_cell(tmp_path: Path) -> None:
    problems = _problems(_book(tmp_path / "f.xlsx", rules=[("больше", "2.1", "2")]))
    assert problems[0].startswith("Правила!A2: правило — одно из")


def test_a_shown_when_on_a_later_question_names_its_cell(tmp_path: Path) -> None:
    problems = _problems(_book(tmp_path / "f.xlsx", questions=_changed(3, shown_when="4 = да")))
    assert problems == [f"Вопросы!{_column(lay.SHOWN_WHEN)}3: вопрос «4» должен быть в форме раньше этого вопроса"]


def test_a_shown_when_with_an_answer_the_question_has_not_names_its_cell(tmp_path: Path) -> None:
    problems = _problems(_book(tmp_path / "f.xlsx", questions=_changed(7, shown_when="1 = может быть")))
    assert problems[0].startswith(f"Вопросы!{_column(lay.SHOWN_WHEN)}7: у вопроса «1» нет ответа «может быть»")


def test_a_shown_when_written_wrong_names_its_cell(tmp_path: Path) -> None:
    problems = _problems(_book(tmp_path / "f.xlsx", questions=_changed(7, shown_when="если 1")))
    assert problems[0].startswith(f"Вопросы!{_column(lay.SHOWN_WHEN)}7: условие пишется так")


def test_missing_settings_name_their_cells(tmp_path: Path) -> None:
    settings = [("Идентификатор", "test-form"), ("Название", ""), ("Период", "пятилетка")]
    problems = _problems(_book(tmp_path / "f.xlsx", settings=settings))
    assert problems == [
        "Настройки!B3: не указано поле «Название»",
        "Настройки!B4: период — одно из: месяц, квартал, полугодие, год",
    ]


def test_a_loader_check_is_told_at_the_cell_in_the_workbooks_words(tmp_path: Path) -> None:
    problems = _problems(_book(tmp_path / "f.xlsx", questions=_changed(4, min=10, max=5)))
    assert problems == [f"Вопросы!{_column(lay.MIN)}4: «Мин» больше «Макс»"]


def test_a_workbook_without_the_sheets_is_refused_in_one_sentence(tmp_path: Path) -> None:
    path = tmp_path / "f.xlsx"
    Workbook().save(path)
    with pytest.raises(UserError, match="не является описанием формы: нет листа «Настройки»"):
        read_form_workbook(path)


def test_a_sheet_without_its_headers_is_refused_at_the_header_row(tmp_path: Path) -> None:
    path = _book(tmp_path / "f.xlsx")
    from openpyxl import load_workbook

    book = load_workbook(path)
    book[lay.RULES]["B1"] = "Что-то"
    book.save(path)
    assert _problems(path)[0].startswith("Правила!B1: в строке заголовков нет столбца «Что проверяется»")


def test_a_password_protected_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "f.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with pytest.raises(UserError, match="защищён паролем"):
        read_form_workbook(path)
