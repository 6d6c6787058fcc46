"""The shipped form of seed 003 (early help monitoring) reads cleanly and keeps the seed's numbering."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.domain.periods import PeriodKind
from desktop_app.formkit.definition import FormDefinition, QuestionKind, Section, ValueType
from desktop_app.formkit.loader import load_form_file

FORM_FILE = Path(__file__).resolve().parents[2] / "forms" / "early_help_monitoring.json"

# Every numbered question of seed 003 in printed order; a table counts once, under its first number.
EXPECTED_NUMBERS = [
    "1.1", "1.2", "1.3", "1.4", "1.5",
    "2.1", "2.2", "2.3", "2.4", "2.5", "2.6",
    "3.1", "3.2", "3.3",
    "4.1", "4.2", "4.3", "4.4", "4.5",
    "5.1", "5.1.1", "5.1.2", "5.2", "5.3", "5.4",
    "6.1", "6.2", "6.3", "6.4", "6.5",
    "7.1", "7.4",
    "8.1", "8.2", "8.3", "8.4", "8.5", "8.6",
    "9.1", "9.2",
    "10.1", "10.2", "10.3", "10.4",
    "11.1", "11.1.2", "11.2", "11.3",
    "12.1", "12.2", "12.3", "12.4", "12.5",
    "13.1", "13.3",
    "14.1", "14.2",
    "15.1", "15.4", "15.5",
    "16.1", "16.2", "16.3", "16.4",
    "17.1", "17.5", "17.6",
    "18.1", "18.2", "18.3",
    "19.1", "19.2",
    "20.1", "20.2", "20.3",
    "21.1", "21.2", "21.3",
    "22.1", "22.5",
    "23.1", "23.4",
    "25.1", "25.2",
    "28.1", "28.2",
    "29.1", "29.2", "29.3", "29.4",
    "30.1", "30.2", "30.3", "30.4",
]  # fmt: skip

EXPECTED_TASKS = [f"{n}." for n in [*range(1, 24), 25, 28, 29, 30]]


@pytest.fixture(scope="module")
def form() -> FormDefinition:
    return load_form_file(FORM_FILE)


def _all_sections(sections: tuple[Section, ...]) -> list[Section]:
    found: list[Section] = []
    for section in sections:
        found.append(section)
        found.extend(_all_sections(section.sections))
    return found


def test_header(form: FormDefinition) -> None:
    assert form.id == "early-help-monitoring"
    assert form.version == 1
    assert form.period_kind is PeriodKind.YEAR
    assert form.title == "Комплексный межведомственный план по совершенствованию ранней помощи детям и их семьям"
    assert form.subtitle == "Мониторинг реализации за отчётный год по сравнению с предшествующим годом"
    assert form.source == "seed 003"
    assert form.description


def test_printed_numbers_follow_the_seed(form: FormDefinition) -> None:
    assert [q.number for q in form.questions if q.number] == EXPECTED_NUMBERS


def test_unnumbered_result_of_task_9(form: FormDefinition) -> None:
    question = form.question("9.3-result")
    assert question is not None
    assert question.number == ""
    assert question.kind is QuestionKind.TEXT
    assert [q.id for q in form.questions if not q.number] == ["9.3-result"]


def test_parts_and_tasks_keep_the_gaps(form: FormDefinition) -> None:
    assert [s.number for s in form.sections] == ["I.", "II.", "III.", "IV.", "V.", "VI."]
    tasks = [s.number for part in form.sections for s in part.sections]
    assert tasks == EXPECTED_TASKS
    for missing in ("24.", "26.", "27."):
        assert missing not in tasks
    assert all(s.title for s in _all_sections(form.sections))


def test_every_question_sits_under_its_task(form: FormDefinition) -> None:
    for part in form.sections:
        assert part.questions == ()
        for task in part.sections:
            prefix = task.number
            for question in task.questions:
                assert question.number == "" or question.number.startswith(prefix), question.id


def test_order_1_3_is_yes_no_with_detail(form: FormDefinition) -> None:
    question = form.question("1.3")
    assert question is not None
    assert question.kind is QuestionKind.YES_NO
    assert question.detail is not None
    assert question.detail.when is True
    assert "номер и дату приказа" in question.detail.label


def test_departments_grids(form: FormDefinition) -> None:
    grid = form.question("1.4")
    assert grid is not None and grid.kind is QuestionKind.YES_NO_GRID
    assert [row.id for row in grid.rows] == ["health", "social", "education", "nonprofit"]
    connected = form.question("10.2")
    assert connected is not None and connected.kind is QuestionKind.YES_NO_GRID
    assert [row.id for row in connected.rows] == ["health", "social", "education", "nonprofit", "other"]


def test_units_by_department_is_a_year_pair_with_rows(form: FormDefinition) -> None:
    question = form.question("5.1.1")
    assert question is not None
    assert question.kind is QuestionKind.YEAR_PAIR
    assert question.year_offsets == (0, -1)
    assert [row.id for row in question.rows] == ["health", "social", "education", "nonprofit"]
    state_units = form.question("5.1.2")
    assert state_units is not None
    assert [row.id for row in state_units.rows] == ["total", "divisions", "services", "rooms", "consulting_points"]
    nonstate = form.question("11.1.2")
    assert nonstate is not None
    assert [row.id for row in nonstate.rows] == ["nko", "commercial", "sole_trader"]


def test_equipment_table_has_money_amount(form: FormDefinition) -> None:
    table = form.question("7.1-7.3")
    assert table is not None
    assert table.kind is QuestionKind.TABLE
    assert table.number == "7.1"
    assert [c.number for c in table.columns] == ["7.1", "7.2", "7.3"]
    amount = table.column("amount")
    assert amount is not None and amount.type is ValueType.MONEY


def test_training_need_looks_ahead(form: FormDefinition) -> None:
    question = form.question("12.5")
    assert question is not None
    assert question.kind is QuestionKind.YEAR_PAIR
    assert question.year_offsets == (0, 1)
    assert question.value_type is ValueType.PEOPLE
    assert len(question.rows) == 3


def test_people_counts(form: FormDefinition) -> None:
    for question_id in ("18.1", "19.2"):
        question = form.question(question_id)
        assert question is not None
        assert question.kind is QuestionKind.YEAR_PAIR
        assert question.value_type is ValueType.PEOPLE


def test_tables(form: FormDefinition) -> None:
    expected = {
        "7.1-7.3": ["7.1", "7.2", "7.3"],
        "13.1-13.2": ["13.1", "13.2", "13.2"],
        "15.1-15.3": ["15.1", "15.1", "15.2", "15.3"],
        "17.1-17.4": ["17.1", "17.1", "17.2", "17.3", "17.4"],
        "22.1-22.4": ["22.1", "22.2", "22.3", "22.4"],
        "23.1-23.3": ["23.1", "23.2", "23.3"],
    }
    tables = {q.id: [c.number for c in q.columns] for q in form.questions if q.kind is QuestionKind.TABLE}
    assert tables == expected
    kind = form.question("17.1-17.4")
    assert kind is not None
    column = kind.column("kind")
    assert column is not None and column.type is ValueType.CHOICE
    assert column.options == ("Повышение квалификации", "Переподготовка")


def test_questions_have_no_leftover_blanks(form: FormDefinition) -> None:
    for question in form.questions:
        for text in (question.text, question.hint):
            assert "__" not in text and "  " not in text, question.id
