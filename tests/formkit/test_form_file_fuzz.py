"""A form file of any shape is either read or refused with one message naming the file: never a traceback."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.domain.errors import ValidationError
from desktop_app.formkit.loader import load_form_file, parse_form

SHIPPED = Path(__file__).resolve().parents[2] / "forms" / "resource_families_monthly.json"
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | st.floats(allow_nan=True) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            found.extend(_paths(value, (*prefix, key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found.extend(_paths(value, (*prefix, index)))
    return found


BASE = json.loads(SHIPPED.read_text(encoding="utf-8"))
PLACES = [path for path in _paths(BASE) if path]


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(PLACES), json_values)
def test_any_field_replaced_by_anything_is_read_or_refused_clearly(place: tuple[Any, ...], value: Any) -> None:
    data = copy.deepcopy(BASE)
    target = data
    for step in place[:-1]:
        target = target[step]
    target[place[-1]] = value
    try:
        parse_form(data, "проба.json")
    except ValidationError as error:
        assert error.message.startswith("Файл формы «проба.json»")


@settings(max_examples=100)
@given(json_values)
def test_any_json_is_refused_clearly(value: Any) -> None:
    try:
        parse_form(value, "проба.json")
    except ValidationError as error:
        assert "проба.json" in error.message


def test_broken_bytes_are_one_message(tmp_path: Path) -> None:
    broken = tmp_path / "форма.json"
    broken.write_bytes(b"\xff\xfe{not json")
    try:
        load_form_file(broken)
    except ValidationError as error:
        assert error.message == "Файл формы «форма.json» повреждён: это не JSON в кодировке UTF-8."
    else:  # pragma: no cover - the file is not a form
        raise AssertionError("a broken file was read")


FORMS = [load_form_file(path) for path in sorted(SHIPPED.parent.glob("*.json"))]
KNOWN_KEYS = sorted(
    {"_", "0", "-1", "1", "value", "detail", "numerator", "denominator", "comment"}
    | {row.id for form in FORMS for q in form.questions for row in q.rows}
    | {column.id for form in FORMS for q in form.questions for column in q.columns}
)
answer_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | st.floats(allow_nan=True) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(KNOWN_KEYS) | st.text(max_size=3), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(FORMS), st.data())
def test_answers_of_any_shape_are_checked_without_a_traceback(form: Any, data: st.DataObject) -> None:
    from desktop_app.domain.periods import Period
    from desktop_app.formkit.answers import check_answers, completion
    from desktop_app.formkit.display import answer_cells

    questions = form.questions
    answers = data.draw(st.dictionaries(st.sampled_from([q.id for q in questions]), answer_values, max_size=6))
    issues = check_answers(form, answers)
    assert all(issue.message for issue in issues)
    completion(form, answers)
    period = Period.parse({"year": "2023", "half_year": "2025-H1", "month": "2025-07"}[form.period_kind.value])
    for question in questions:
        answer_cells(question, answers.get(question.id), period)


def test_answers_of_the_wrong_shape_get_a_reason() -> None:
    from desktop_app.formkit.answers import check_answers

    form = next(form for form in FORMS if form.id == "early-help-monitoring")
    wrong = {"5.1": {"_": 5}, "7.1-7.3": [5, "x"], "1.3": {"value": "может быть"}}
    reasons = {(issue.question_id, issue.message) for issue in check_answers(form, wrong)}
    assert reasons == {
        ("5.1", "Ответ должен быть набором чисел по годам."),
        ("7.1-7.3", "Каждая строка таблицы должна состоять из граф."),
        ("1.3", "Ответьте «Да» или «Нет»."),
    }


def test_a_date_cell_holding_something_else_is_shown_as_it_is() -> None:
    from desktop_app.formkit.definition import ValueType
    from desktop_app.formkit.display import cell_text

    # found by the test above: an answer of the wrong shape (a table row {"date": []}) raised instead of showing
    assert cell_text([], ValueType.DATE) == "[]"
    assert cell_text({"y": 1}, ValueType.DATE) == "{'y': 1}"
    assert cell_text("2025-07-25", ValueType.DATE) == "25.07.2025"
    assert cell_text("25 июля", ValueType.DATE) == "25 июля"
