"""Every form shipped in forms/ makes a template that reads back, empty and completely filled."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from desktop_app.domain.periods import Period
from desktop_app.form_templates import read_template, write_template
from desktop_app.formkit import load_catalogue
from desktop_app.formkit.definition import FormDefinition, ValueType
from desktop_app.formkit.rules import check_rules
from tests.form_templates.support import cell_map, fill

CATALOGUE = load_catalogue()
SAMPLES = {
    ValueType.YES_NO: "Да",
    ValueType.TEXT: "Текст ответа",
    ValueType.INTEGER: "1 234",
    ValueType.PEOPLE: "12",
    ValueType.MONEY: "1 234,567",
    ValueType.HOURS: "7,5",
    ValueType.NUMBER: "0,25",
    ValueType.DATE: "25.07.2023",
}
PERIODS = {"month": "2024-07", "quarter": "2024-Q3", "half_year": "2024-H1", "year": "2024"}

pytestmark = pytest.mark.skipif(not CATALOGUE.forms, reason="no form files in forms/")


def sample(form: FormDefinition, question_id: str, value_type: ValueType, key: str) -> Any:
    if value_type is not ValueType.CHOICE:
        return SAMPLES[value_type]
    question = form.question(question_id)
    assert question is not None
    column = question.column(key.partition("/")[2]) if question.columns else None
    return (column or question).options[0]


@pytest.mark.parametrize("form", CATALOGUE.forms, ids=lambda form: form.id)
def test_a_shipped_form_reads_back_empty_and_filled(form: FormDefinition, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    period = Period.parse(PERIODS[form.period_kind.value])
    path = tmp_path / f"{form.id}.xlsx"
    write_template(path, form, period, "Район")
    empty = read_template(path, CATALOGUE)
    assert set(empty.answers) == {question.id for question in form.questions}
    assert all(answer is None for answer in empty.answers.values())

    types = {row[0]: ValueType(row[3]) for row in load_workbook(path)["_opeka"].iter_rows(min_row=12, values_only=True)}
    fill(path, {(q, key): sample(form, q, types[address], key) for (q, key), address in cell_map(path).items()})
    filled = read_template(path, CATALOGUE)

    # the same sample in every cell makes parts exceed their totals: only the form's own rules may object
    broken = {(issue.question_id, issue.cell, issue.message) for issue in check_rules(form, filled.answers, period)}
    assert [issue for issue in filled.issues if (issue.question_id, issue.cell, issue.message) not in broken] == []
    assert all(answer is not None for answer in filled.answers.values())
