"""Rules across questions: reading them from a form file and checking answers against them.

A form declares under ``rules`` that a part may not exceed its whole, that parts add up to a total, or that
one item equals another (forms/README.md). A year pair is checked year by year. A rule is judged only on
what is answered: an empty item is the business of «required», not of the rule, and parts not all given are
judged only once they already exceed the total. A broken rule is one Russian sentence naming both items by
their printed numbers, shown beside the item (for a sum, beside the parts).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from desktop_app.domain.numbers import format_number
from desktop_app.domain.periods import Period
from desktop_app.formkit.answers import AnswerIssue
from desktop_app.formkit.definition import (
    SINGLE_ROW,
    CrossRule,
    FormDefinition,
    ItemRef,
    Question,
    QuestionKind,
    RuleKind,
    ShownWhen,
)
from desktop_app.formkit.visibility import NO, YES, hidden_questions

Fail = Callable[[str, str], Exception]
_SIDES = {RuleKind.PART_OF: ("item", "whole"), RuleKind.SUM: ("parts", "total"), RuleKind.EQUALS: ("item", "to")}
_RULE_KINDS = ", ".join(kind.value for kind in RuleKind)
_NUMERIC_KINDS = (QuestionKind.NUMBER, QuestionKind.YEAR_PAIR, QuestionKind.TABLE)


# ---------------------------------------------------------------------------------------------- reading


def parse_rules(raw: Any, fail: Fail) -> tuple[CrossRule, ...]:
    """The ``rules`` list of a form file as written; references are checked later by ``check_references``."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise fail("раздел rules", "правила задаются списком")
    return tuple(_parse_rule(item, number, fail) for number, item in enumerate(raw, 1))


def _parse_rule(item: Any, number: int, fail: Fail) -> CrossRule:
    where = f"правило {number}"
    if not isinstance(item, Mapping):
        raise fail(where, "ожидается объект с полями")
    try:
        kind = RuleKind(str(item.get("rule")))
    except ValueError:
        raise fail(where, f"в поле «rule» укажите одно из: {_RULE_KINDS}") from None
    first, second = _SIDES[kind]
    return CrossRule(
        kind,
        _refs(item.get(first), f"{where} ({kind.value})", first, fail),
        _refs(item.get(second), f"{where} ({kind.value})", second, fail),
    )


def _refs(raw: Any, where: str, key: str, fail: Fail) -> tuple[ItemRef, ...]:
    values = raw if isinstance(raw, list) else [raw]
    refs = []
    for value in values:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            raise fail(where, f"в поле «{key}» укажите номер вопроса, например «5.1» или «5.1.1/health»")
        question_id, _, part = value.strip().partition("/")
        refs.append(ItemRef(question_id.strip(), part.strip()))
    if not refs:
        raise fail(where, f"поле «{key}» пусто")
    return tuple(refs)


def parse_shown_when(raw: Any, where: str, fail: Fail) -> ShownWhen:
    """``{"question": "5.2", "answer": "yes"}``; ``answer`` may be a list of answers."""
    if not isinstance(raw, Mapping):
        raise fail(where, "поле «shown_when» — объект с полями question и answer")
    question_id = raw.get("question")
    answers = raw.get("answer")
    answers = answers if isinstance(answers, list) else [answers]
    if not isinstance(question_id, str) or not question_id.strip():
        raise fail(where, "в поле «shown_when» укажите вопрос (question)")
    if not answers or not all(isinstance(answer, str) and answer for answer in answers):
        raise fail(where, "в поле «shown_when» укажите ответ (answer): yes, no или вариант выбора")
    return ShownWhen(question_id.strip(), tuple(answers))


def check_references(form: FormDefinition, fail: Fail) -> None:
    """Raise ``fail`` naming the rule or question whose reference the form cannot satisfy."""
    order = {question.id: index for index, question in enumerate(form.questions)}
    for question in form.questions:
        condition = question.shown_when
        if condition is None:
            continue
        where = f"вопрос {question.number or question.id}, поле «shown_when»"
        controlling = form.question(condition.question_id)
        if controlling is None or order[controlling.id] >= order[question.id]:
            raise fail(where, f"вопрос «{condition.question_id}» должен быть в форме раньше этого вопроса")
        allowed = (YES, NO) if controlling.kind is QuestionKind.YES_NO else controlling.options
        if controlling.kind not in (QuestionKind.YES_NO, QuestionKind.CHOICE):
            raise fail(where, f"вопрос «{condition.question_id}» — не «да/нет» и не выбор из списка")
        wrong = [answer for answer in condition.answers if answer not in allowed]
        if wrong:
            raise fail(
                where, f"у вопроса «{condition.question_id}» нет ответа «{wrong[0]}»; есть: {', '.join(allowed)}"
            )
    for number, rule in enumerate(form.rules, 1):
        where = f"правило {number} ({rule.kind.value})"
        for ref in (*rule.items, *rule.others):
            _check_ref(form, ref, where, fail)
        if set(rule.items) & set(rule.others):
            raise fail(where, f"«{(set(rule.items) & set(rule.others)).pop().text}» сравнивается сам с собой")
        if not _offsets(form, (*rule.items, *rule.others)):
            raise fail(where, "у вопросов по годам нет общего года")


def _check_ref(form: FormDefinition, ref: ItemRef, where: str, fail: Fail) -> None:
    question = form.question(ref.question_id)
    if question is None:
        raise fail(where, f"вопроса «{ref.question_id}» в форме нет")
    if question.kind not in _NUMERIC_KINDS:
        raise fail(where, f"вопрос «{ref.question_id}» не числовой: сравнивать можно число, годы или графу таблицы")
    if question.kind is QuestionKind.NUMBER and ref.part:
        raise fail(where, f"у вопроса «{ref.question_id}» нет строк: «{ref.text}»")
    if question.kind is QuestionKind.YEAR_PAIR and ref.part and ref.part not in {r.id for r in question.pair_rows()}:
        raise fail(where, f"у вопроса «{ref.question_id}» нет строки «{ref.part}»")
    if question.kind is QuestionKind.TABLE:
        column = question.column(ref.part) if ref.part else None
        if column is None or not column.type.is_numeric:
            raise fail(where, f"укажите числовую графу таблицы «{ref.question_id}»: «{ref.question_id}/графа»")


# ---------------------------------------------------------------------------------------------- checking


@dataclass(frozen=True)
class _Amount:
    """What an item holds for one year: the sum of the values given, and whether all of them are given."""

    total: float
    given: int
    expected: int

    @property
    def complete(self) -> bool:
        return self.given == self.expected and self.given > 0


def check_rules(form: FormDefinition, answers: Mapping[str, Any], period: Period | None = None) -> list[AnswerIssue]:
    """Every broken rule as an issue on the item's first cell, with the sentence naming both items; the years
    are named as ``period`` has them («за 2023 г.»), or as «отчётный»/«предыдущий» without one."""
    hidden = hidden_questions(form, answers)
    issues: list[AnswerIssue] = []
    for rule in form.rules:
        refs = (*rule.items, *rule.others)
        if any(ref.question_id in hidden for ref in refs):
            continue
        for offset in _offsets(form, refs):
            item = _sum(_amount(form, ref, answers, offset) for ref in rule.items)
            other = _sum(_amount(form, ref, answers, offset) for ref in rule.others)
            message = _judge(rule.kind, item, other)
            if message is None:
                continue
            year = _year_text(form, refs, period, offset)
            a, b = _number(item.total), _number(other.total)
            sentence = message.format(item=_name(form, rule.items), a=a, other=_name(form, rule.others), b=b, year=year)
            first = rule.items[0]
            issues.append(AnswerIssue(first.question_id, _cell(form, first, offset), sentence))
    return issues


def _judge(kind: RuleKind, item: _Amount, other: _Amount) -> str | None:
    """The sentence pattern of a broken rule, or None when it holds or cannot be judged yet."""
    if item.given == 0 or not other.complete:
        return None
    if kind is RuleKind.EQUALS:
        if item.complete and item.total != other.total:
            return "{item} ({a}) не равно {other} ({b}){year}: по форме эти значения совпадают."
        return None
    if item.total > other.total:  # parts given so far already exceed: no later answer mends that
        return "{item} ({a}) больше, чем {other} ({b}){year}: часть не может превышать целое."
    if kind is RuleKind.SUM and item.complete and item.total != other.total:
        return "{item} в сумме ({a}) меньше, чем {other} ({b}){year}: сумма частей должна быть равна целому."
    return None


def _sum(amounts: Any) -> _Amount:
    total, given, expected = 0.0, 0, 0
    for amount in amounts:
        total, given, expected = total + amount.total, given + amount.given, expected + amount.expected
    return _Amount(total, given, expected)


def _amount(form: FormDefinition, ref: ItemRef, answers: Mapping[str, Any], offset: int | None) -> _Amount:
    question = form.question(ref.question_id)
    value = answers.get(ref.question_id)
    if question is None:
        return _Amount(0.0, 0, 0)
    if question.kind is QuestionKind.NUMBER:
        return _of([value])
    if question.kind is QuestionKind.YEAR_PAIR:
        rows = [row.id for row in question.pair_rows() if not ref.part or row.id == ref.part]
        cells = [value.get(row) if isinstance(value, Mapping) else None for row in rows]
        return _of([c.get(str(offset)) if isinstance(c, Mapping) else None for c in cells])
    lines = [line for line in value if isinstance(line, Mapping)] if isinstance(value, list) else []
    lines = [line for line in lines if any(cell not in (None, "") for cell in line.values())]
    return _of([line.get(ref.part) for line in lines])


def _of(values: Sequence[Any]) -> _Amount:
    numbers = [float(v) for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
    return _Amount(sum(numbers), len(numbers), len(values))


def _offsets(form: FormDefinition, refs: Sequence[ItemRef]) -> list[int | None]:
    """The years a rule is checked for: each year the year pairs share; a rule over plain numbers once; a year
    pair against a plain number for the reporting year."""
    questions = [form.question(ref.question_id) for ref in refs]
    pairs = [q for q in questions if q is not None and q.kind is QuestionKind.YEAR_PAIR]
    if not pairs:
        return [None]
    common = [offset for offset in pairs[0].year_offsets if all(offset in q.year_offsets for q in pairs)]
    if len(pairs) < len(questions):
        return [0] if 0 in common else []
    return list(common)


def _cell(form: FormDefinition, ref: ItemRef, offset: int | None) -> str:
    """The answer cell key an issue is placed on (as formkit.answers names cells)."""
    question = form.question(ref.question_id)
    if question is None or question.kind is QuestionKind.NUMBER:
        return ""
    if question.kind is QuestionKind.TABLE:
        return f"1/{ref.part}"
    row = ref.part or question.pair_rows()[0].id
    return f"{row}/{0 if offset is None else offset}"


def _name(form: FormDefinition, refs: Sequence[ItemRef]) -> str:
    """«5.1.1», «5.1.2 «Отделения»», «5.1.2 «Отделения» + «Службы»», «7.1 (итог графы «Сумма»)»."""
    names: list[str] = []
    last_question = ""
    for ref in refs:
        question = form.question(ref.question_id)
        number = (question.number or question.id) if question else ref.question_id
        label = _part_label(question, ref.part) if question else ref.part
        if label and number == last_question:
            names[-1] += f" + {label}"
        else:
            names.append(f"{number} {label}".strip())
        last_question = number
    return " + ".join(names)


def _part_label(question: Question, part: str) -> str:
    if not part:
        return ""
    if question.kind is QuestionKind.TABLE:
        column = question.column(part)
        return f"(итог графы «{column.title if column else part}»)"
    row = next((row for row in question.rows if row.id == part), None)
    return f"«{row.label}»" if row is not None and part != SINGLE_ROW else ""


def _year_text(form: FormDefinition, refs: Sequence[ItemRef], period: Period | None, offset: int | None) -> str:
    if offset is None:
        return ""
    pair = next(q for ref in refs if (q := form.question(ref.question_id)) and q.kind is QuestionKind.YEAR_PAIR)
    if period is not None:
        return f" за {pair.year_label(period, offset)}"
    return {0: " за отчётный год", -1: " за предыдущий год"}.get(offset, f" за год {offset:+d} от отчётного")


def _number(value: float) -> str:
    return format_number(value, 6)
