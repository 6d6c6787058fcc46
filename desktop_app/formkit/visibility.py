"""Which questions and details a form asks given the answers so far («shown only when»).

A question not asked is not required, its stale answer is not checked and is not stored; the same holds for
the detail of a «Да»/«Нет» question answered the other way. The controlling question always comes earlier in
the form (the loader makes sure), so one pass in printed order settles every question.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from desktop_app.formkit.definition import FormDefinition, Question, QuestionKind, ShownWhen

YES, NO = "yes", "no"


def answer_token(question: Question, value: Any) -> str | None:
    """The answer as a «shown when» condition names it: «yes»/«no» for a yes/no question, the option otherwise."""
    if question.kind is QuestionKind.YES_NO:
        answer = value.get("value") if isinstance(value, Mapping) else None
        return None if not isinstance(answer, bool) else (YES if answer else NO)
    return value if isinstance(value, str) and value else None


def condition_met(form: FormDefinition, condition: ShownWhen, answers: Mapping[str, Any]) -> bool:
    controlling = form.question(condition.question_id)
    if controlling is None:
        return True
    return answer_token(controlling, answers.get(controlling.id)) in condition.answers


def hidden_questions(form: FormDefinition, answers: Mapping[str, Any]) -> set[str]:
    """Ids of the questions not asked: their condition is not met, or their controlling question is not asked."""
    hidden: set[str] = set()
    for question in form.questions:
        condition = question.shown_when
        if condition is None:
            continue
        if condition.question_id in hidden or not condition_met(form, condition, answers):
            hidden.add(question.id)
    return hidden


def detail_asked(question: Question, value: Any) -> bool:
    """True when the «укажите …» detail of a yes/no question is asked by its answer."""
    if question.detail is None or not isinstance(value, Mapping):
        return False
    return value.get("value") is question.detail.when


def without_hidden(form: FormDefinition, answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers as they are stored: no answer to a question not asked, no detail the answer does not ask."""
    hidden = hidden_questions(form, answers)
    kept: dict[str, Any] = {}
    for key, value in answers.items():
        if key in hidden:
            continue
        question = form.question(key)
        if (
            question is not None
            and question.kind is QuestionKind.YES_NO
            and isinstance(value, Mapping)
            and "detail" in value
            and not detail_asked(question, value)
        ):
            value = {name: item for name, item in value.items() if name != "detail"}
            if value.get("value") is None:
                continue
        kept[key] = value
    return kept
