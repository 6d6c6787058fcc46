"""Rules across questions declared in a form: part ≤ whole, parts sum to a total, «equals item N», shown only
when, year by year; and the loader refusing a rule it cannot satisfy, naming the form and the rule."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from desktop_app.domain.errors import ValidationError
from desktop_app.domain.periods import Period
from desktop_app.formkit.answers import check_answers
from desktop_app.formkit.definition import FormDefinition
from desktop_app.formkit.loader import load_form_file, parse_form
from desktop_app.formkit.rules import check_rules
from desktop_app.formkit.visibility import without_hidden

FORM_FILE = Path(__file__).resolve().parents[2] / "forms" / "early_help_monitoring.json"
Y2023 = Period.parse("2023")


def small_form(rules: list[dict[str, Any]], extra: list[dict[str, Any]] | None = None) -> FormDefinition:
    questions: list[dict[str, Any]] = [
        {"number": "1", "kind": "number", "text": "Всего детей"},
        {"number": "2", "kind": "number", "text": "Из них в семьях"},
        {"number": "3", "kind": "year_pair", "text": "Всего служб", "value_type": "integer"},
        {
            "number": "4",
            "kind": "year_pair",
            "text": "Службы по ведомствам",
            "value_type": "integer",
            "rows": [{"id": "a", "label": "Здравоохранение"}, {"id": "b", "label": "Образование"}],
        },
        {
            "number": "5",
            "kind": "table",
            "text": "Расходы",
            "columns": [{"id": "what", "title": "Статья"}, {"id": "sum", "title": "Сумма", "type": "money"}],
        },
        {"number": "6", "kind": "number", "text": "Расходы всего", "value_type": "money"},
        *(extra or []),
    ]
    data = {
        "format": "opeka-form",
        "format_version": 1,
        "id": "test-rules",
        "version": 1,
        "title": "Проверка правил",
        "period_kind": "year",
        "rules": rules,
        "sections": [{"number": "1.", "title": "Раздел", "questions": questions}],
    }
    return parse_form(data, "test_rules.json")


def messages(form: FormDefinition, answers: dict[str, Any], period: Period | None = Y2023) -> list[str]:
    return [issue.message for issue in check_rules(form, answers, period)]


def test_a_part_may_not_exceed_its_whole() -> None:
    form = small_form([{"rule": "part_of", "item": "2", "whole": "1"}])
    assert messages(form, {"1": 10, "2": 12}) == ["2 (12) больше, чем 1 (10): часть не может превышать целое."]
    assert messages(form, {"1": 10, "2": 10}) == []
    assert messages(form, {"2": 12}) == [], "an empty whole is for «required» to name, not the rule"
    issue = check_rules(form, {"1": 10, "2": 12})[0]
    assert (issue.question_id, issue.cell) == ("2", ""), "the sentence stands beside the part"


def test_parts_must_sum_to_the_total_year_by_year() -> None:
    form = small_form([{"rule": "sum", "parts": "4", "total": "3"}])
    answers = {"3": {"_": {"0": 10, "-1": 5}}, "4": {"a": {"0": 7, "-1": 2}, "b": {"0": 3, "-1": 2}}}
    # 2023: 7 + 3 = 10 = 10 holds; 2022: 2 + 2 = 4 < 5
    assert messages(form, answers) == [
        "4 в сумме (4) меньше, чем 3 (5) за 2022 г.: сумма частей должна быть равна целому."
    ]
    issue = check_rules(form, answers, Y2023)[0]
    assert (issue.question_id, issue.cell) == ("4", "a/-1")
    # one part given already above the total: no later answer mends it
    assert messages(form, {"3": {"_": {"0": 10}}, "4": {"a": {"0": 12}}}) == [
        "4 (12) больше, чем 3 (10) за 2023 г.: часть не может превышать целое."
    ]
    # parts not all given and still below the total: not judged yet
    assert messages(form, {"3": {"_": {"0": 10}}, "4": {"a": {"0": 4}}}) == []


def test_rows_of_one_question_sum_to_its_total_row() -> None:
    form = small_form([{"rule": "sum", "parts": ["4/b"], "total": "4/a"}])
    assert messages(form, {"4": {"a": {"0": 3}, "b": {"0": 5}}}) == [
        "4 «Образование» (5) больше, чем 4 «Здравоохранение» (3) за 2023 г.: часть не может превышать целое."
    ]


def test_an_item_equals_another_and_years_are_named_without_a_period() -> None:
    form = small_form([{"rule": "equals", "item": "3", "to": "4/a"}])
    answers = {"3": {"_": {"0": 4, "-1": 6}}, "4": {"a": {"0": 4, "-1": 5}}}
    assert messages(form, answers, None) == [
        "3 (6) не равно 4 «Здравоохранение» (5) за предыдущий год: по форме эти значения совпадают."
    ]


def test_a_table_columns_total_against_a_number() -> None:
    form = small_form([{"rule": "part_of", "item": "5/sum", "whole": "6"}])
    rows = [{"what": "Игрушки", "sum": 120.5}, {"what": "Мебель", "sum": 80}]
    # 120,5 + 80 = 200,5 > 200
    assert messages(form, {"5": rows, "6": 200}) == [
        "5 (итог графы «Сумма») (200,5) больше, чем 6 (200): часть не может превышать целое."
    ]
    assert messages(form, {"5": rows, "6": 200.5}) == []


def test_a_question_shown_only_when_is_not_required_and_its_stale_answer_is_dropped() -> None:
    extra = [
        {"number": "7", "kind": "yes_no", "text": "Создана служба?"},
        {
            "number": "8",
            "kind": "text",
            "text": "Приказ",
            "required": True,
            "shown_when": {"question": "7", "answer": "yes"},
        },
    ]
    form = small_form([], extra)
    no = {"7": {"value": False}, "8": "Приказ № 5"}
    assert [issue.question_id for issue in check_answers(form, {"7": {"value": False}})] == []
    assert without_hidden(form, no) == {"7": {"value": False}}
    assert [issue.question_id for issue in check_answers(form, {"7": {"value": True}})] == ["8"]
    assert without_hidden(form, {"7": {"value": True}, "8": "Приказ № 5"}) == {"7": {"value": True}, "8": "Приказ № 5"}


def test_a_detail_not_asked_by_the_answer_is_not_stored() -> None:
    form = load_form_file(FORM_FILE)
    assert without_hidden(form, {"1.3": {"value": False, "detail": "старый приказ"}}) == {"1.3": {"value": False}}
    assert without_hidden(form, {"1.3": {"value": True, "detail": "Приказ № 1"}}) == {
        "1.3": {"value": True, "detail": "Приказ № 1"}
    }


def test_the_seed_003_rules() -> None:
    form = load_form_file(FORM_FILE)
    nonprofit = {"health": {"0": 5}, "social": {"0": 4}, "education": {"0": 3}, "nonprofit": {"0": 2}}
    # 5 + 4 + 3 + 2 = 14 units by department against 10 in total
    answers: dict[str, Any] = {"5.1": {"_": {"0": 10}}, "5.1.1": nonprofit, "11.1": {"_": {"0": 2}}}
    assert messages(form, answers) == ["5.1.1 (14) больше, чем 5.1 (10) за 2023 г.: часть не может превышать целое."]
    answers["5.1"] = {"_": {"0": 14}}
    answers["11.1"] = {"_": {"0": 3}}
    found = check_rules(form, answers, Y2023)
    assert [(issue.question_id, issue.cell) for issue in found] == [("11.1", "_/0")]
    assert found[0].message.startswith("11.1 (3) не равно 5.1.1 «Негосударственные поставщики")
    # 5.1.2: divisions 2 + services 1 + rooms 1 + points 0 = 4 against a total of 3
    rows = {"total": {"0": 3}, "divisions": {"0": 2}, "services": {"0": 1}, "rooms": {"0": 1}}
    rows["consulting_points"] = {"0": 0}
    assert messages(form, {"5.1.2": rows}) == [
        "5.1.2 «Отделения» + «Службы» + «Кабинеты» + «Консультативные пункты» (4) больше, чем 5.1.2 «Общее "
        "количество государственных организаций» (3) за 2023 г.: часть не может превышать целое."
    ]


@pytest.mark.parametrize(
    ("rules", "expected"),
    [
        ([{"rule": "bigger", "item": "1", "whole": "2"}], "правило 1 — в поле «rule» укажите одно из"),
        ([{"rule": "part_of", "item": "9", "whole": "1"}], "правило 1 (part_of) — вопроса «9» в форме нет"),
        ([{"rule": "sum", "parts": "4/c", "total": "3"}], "правило 1 (sum) — у вопроса «4» нет строки «c»"),
        ([{"rule": "equals", "item": "5", "to": "6"}], "правило 1 (equals) — укажите числовую графу таблицы «5»"),
        ([{"rule": "equals", "item": "1", "to": "1"}], "правило 1 (equals) — «1» сравнивается сам с собой"),
        ([{"rule": "part_of", "item": "1"}], "правило 1 (part_of) — в поле «whole» укажите номер вопроса"),
    ],
)
def test_the_loader_refuses_a_bad_rule_naming_the_form_and_the_rule(rules: list[dict[str, Any]], expected: str) -> None:
    with pytest.raises(ValidationError) as caught:
        small_form(rules)
    assert caught.value.message.startswith("Файл формы «test_rules.json»: ")
    assert expected in caught.value.message


def test_the_loader_refuses_a_condition_on_a_later_or_unknown_answer() -> None:
    later = [{"number": "7", "kind": "text", "text": "Т", "shown_when": {"question": "8", "answer": "yes"}}]
    later.append({"number": "8", "kind": "yes_no", "text": "Да?"})
    with pytest.raises(ValidationError, match="вопрос 7, поле «shown_when» — вопрос «8» должен быть в форме раньше"):
        small_form([], later)
    wrong = [{"number": "7", "kind": "yes_no", "text": "Да?"}]
    wrong.append({"number": "8", "kind": "text", "text": "Т", "shown_when": {"question": "7", "answer": "Да"}})
    with pytest.raises(ValidationError, match="у вопроса «7» нет ответа «Да»; есть: yes, no"):
        small_form([], wrong)
