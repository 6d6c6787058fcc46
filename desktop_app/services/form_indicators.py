"""A form's indicator questions against the value grid: which answers change which values, and the cells
the grid's rules judge instead of the form engine's, named as the form names them («question|cell»)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from desktop_app.formkit.answers import AnswerIssue, check_answers
from desktop_app.formkit.definition import FormDefinition, QuestionKind
from desktop_app.services.indicator_entry import ValueChange

if TYPE_CHECKING:
    from desktop_app.services.form_answers import FormState


def form_issues(form: FormDefinition, answers: Mapping[str, Any]) -> list[AnswerIssue]:
    """The form engine's checks of every cell, except the range of an indicator's numbers: the value grid's
    rules judge a negative value there, in the grid's words, wherever the value comes from."""
    return [
        issue
        for issue in check_answers(form, answers)
        if not judged_by_the_grid(form, answers, issue.question_id, issue.cell)
    ]


def judged_by_the_grid(form: FormDefinition, answers: Mapping[str, Any], question_id: str, cell: str) -> bool:
    """True for a negative number in an indicator question: the value grid's rules name it, not the form's."""
    question = form.question(question_id)
    answer = answers.get(question_id)
    if question is None or question.kind is not QuestionKind.INDICATOR or not isinstance(answer, Mapping):
        return False
    number = answer.get(cell) if cell in ("value", "numerator", "denominator") else None
    return isinstance(number, (int, float)) and not isinstance(number, bool) and number < 0


def numbers_only(change: ValueChange) -> bool:
    return all(
        number is None or (isinstance(number, (int, float)) and not isinstance(number, bool))
        for number in (change.value, change.numerator, change.denominator)
    )


def questions_by_indicator(state: FormState) -> dict[str, str]:
    return {
        row.indicator_id: question.id
        for question in state.form.questions
        if question.kind is QuestionKind.INDICATOR
        and (row := state.indicator_rows.get(question.indicator_code)) is not None
    }


def by_question(state: FormState, problems: Mapping[str, str]) -> dict[str, str]:
    """The value grid's «<indicator id>:<cell>» keys as the form names its cells, «<question>|<cell>»."""
    questions = questions_by_indicator(state)
    keyed = {}
    for key, message in problems.items():
        indicator_id, _, cell = key.partition(":")
        keyed[f"{questions[indicator_id]}|{cell}" if indicator_id in questions else key] = message
    return keyed


def indicator_changes(state: FormState, answers: Mapping[str, Any]) -> list[ValueChange]:
    changes = []
    for question in state.form.questions:
        row = state.indicator_rows.get(question.indicator_code) if question.kind is QuestionKind.INDICATOR else None
        if row is None:
            continue
        new = answers.get(question.id) or {}
        typed = (new.get("value"), new.get("numerator"), new.get("denominator"), str(new.get("comment") or ""))
        if row.spec.kind.needs_ratio and typed[1] is not None and typed[2] is not None:
            typed = (None, *typed[1:])
        current = (
            None if row.spec.kind.needs_ratio and row.numerator is not None else row.value,
            row.numerator,
            row.denominator,
            row.comment,
        )
        if typed == current:
            continue
        changes.append(
            ValueChange(row.indicator_id, typed[0], typed[1], typed[2], typed[3], expected_version=row.row_version)
        )
    return changes
