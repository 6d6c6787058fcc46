"""Rules across indicators, in the way DHIS2 declares them: a left side, an operator and a right side, each
side a sum of terms over a period's figures — «числитель 1.2 ≤ 1.1».

A term names an indicator by its code as printed and the figure taken from it — value, numerator,
denominator or plan — written ``#{1.2.числитель}`` (``#{1.1}`` is the value), or is a constant. A rule whose
side lacks a figure is skipped, not failed: an empty cell is a gap the completeness check reports, not a
contradiction. Pure Python: the catalogue stores the text, the sheet and the grid evaluate it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from desktop_app.domain.errors import ValidationError
from desktop_app.domain.numbers import format_number

CODE_LIMIT = 32
EXPRESSION_LIMIT = 500
NAME_LIMIT = 500
# Figures are stored as floats: 0.1 + 0.2 must equal 0.3 for «parts sum to the total».
_TOLERANCE = 1e-9


class Part(StrEnum):
    VALUE = "value"
    NUMERATOR = "numerator"
    DENOMINATOR = "denominator"
    PLAN = "plan"

    @property
    def word(self) -> str:
        return _PART_WORDS[self]


_PART_WORDS = {Part.VALUE: "значение", Part.NUMERATOR: "числитель", Part.DENOMINATOR: "знаменатель", Part.PLAN: "план"}
# what may follow the code after the last dot inside #{…}: the Russian word or DHIS2's English one
_PART_OF_WORD = {word: part for part, word in _PART_WORDS.items()} | {part.value: part for part in Part}


class Operator(StrEnum):
    LE = "≤"
    LT = "<"
    EQ = "="
    GE = "≥"
    GT = ">"
    NE = "≠"

    def holds(self, left: float, right: float) -> bool:
        equal = abs(left - right) <= _TOLERANCE * max(1.0, abs(left), abs(right))
        if self is Operator.EQ:
            return equal
        if self is Operator.NE:
            return not equal
        if self is Operator.LE:
            return left < right or equal
        if self is Operator.GE:
            return left > right or equal
        if self is Operator.LT:
            return left < right and not equal
        return left > right and not equal

    @property
    def broken_words(self) -> str:
        """How the left side stands to the right one when the rule fails: «больше, чем» for ≤."""
        return _BROKEN[self]

    @classmethod
    def parse(cls, text: str) -> Operator:
        found = _OPERATOR_SPELLINGS.get(text.strip())
        if found is None:
            raise ValidationError(
                f"Знак сравнения «{text.strip()}» не поддерживается: выберите ≤, <, =, ≥, > или ≠.",
                {"operator": "Выберите знак сравнения."},
            )
        return found


_BROKEN = {
    Operator.LE: "больше, чем",
    Operator.LT: "не меньше, чем",
    Operator.EQ: "не равно",
    Operator.GE: "меньше, чем",
    Operator.GT: "не больше, чем",
    Operator.NE: "равно",
}
_OPERATOR_SPELLINGS = {op.value: op for op in Operator} | {
    "<=": Operator.LE,
    ">=": Operator.GE,
    "==": Operator.EQ,
    "!=": Operator.NE,
    "<>": Operator.NE,
}


class Importance(StrEnum):
    ERROR = "error"
    WARNING = "warning"

    @property
    def label(self) -> str:
        return "ошибка" if self is Importance.ERROR else "предупреждение"

    @classmethod
    def of(cls, value: str) -> Importance:
        try:
            return cls(value)
        except ValueError:
            return cls.ERROR


@dataclass(frozen=True)
class Figures:
    """What a period holds for one indicator: its value, the parts of a ratio and the plan."""

    value: float | None = None
    numerator: float | None = None
    denominator: float | None = None
    plan: float | None = None

    def get(self, part: Part) -> float | None:
        return {
            Part.VALUE: self.value,
            Part.NUMERATOR: self.numerator,
            Part.DENOMINATOR: self.denominator,
            Part.PLAN: self.plan,
        }[part]


@dataclass(frozen=True)
class Term:
    """``sign`` × an indicator's figure, or ``sign`` × a constant when ``code`` is empty."""

    sign: int = 1
    code: str = ""
    part: Part = Part.VALUE
    constant: float = 0.0

    @property
    def is_constant(self) -> bool:
        return not self.code

    @property
    def text(self) -> str:
        if self.is_constant:
            return format_number(self.constant, 6).replace("\u00a0", "").replace(" ", "")
        return f"#{{{self.code}}}" if self.part is Part.VALUE else f"#{{{self.code}.{self.part.word}}}"

    @property
    def words(self) -> str:
        if self.is_constant:
            return format_number(self.constant, 6)
        return self.code if self.part is Part.VALUE else f"{self.part.word} {self.code}"

    def figure(self, figures: Mapping[str, Figures]) -> float | None:
        if self.is_constant:
            return self.constant
        found = figures.get(self.code)
        return None if found is None else found.get(self.part)


_TOKEN = re.compile(r"\s*(?:(?P<ref>#\{[^{}]*\})|(?P<number>\d+(?:[.,]\d+)?)|(?P<sign>[+\-−]))")


@dataclass(frozen=True)
class Expression:
    terms: tuple[Term, ...]

    @classmethod
    def parse(cls, text: str, field: str = "expression") -> Expression:
        """``#{1.2.числитель} + #{1.3} - 5`` → its terms; a ValidationError names what cannot be read."""
        source = text.strip()
        if not source:
            raise ValidationError(
                "Выражение пустое: укажите показатель, например #{1.1}.", {field: "Укажите выражение."}
            )
        if len(source) > EXPRESSION_LIMIT:
            raise ValidationError(f"Выражение длиннее {EXPRESSION_LIMIT} знаков.", {field: "Слишком длинное."})
        terms: list[Term] = []
        position, sign, signed, expect_term = 0, 1, False, True
        while position < len(source):
            match = _TOKEN.match(source, position)
            if match is None:
                rest = source[position:].strip()
                if not rest:
                    break
                return _refuse(
                    f"не понятно «{rest[:20]}»; показатель пишется как #{{1.1}} или #{{1.2.числитель}}", field
                )
            position = match.end()
            if match["sign"]:
                if signed:
                    return _refuse("два знака подряд", field)
                sign, signed, expect_term = (-1 if match["sign"] in "-−" else 1), True, True
                continue
            if not expect_term:
                return _refuse("между слагаемыми нужен знак + или −", field)
            terms.append(_ref(match["ref"], sign, field) if match["ref"] else _constant(match["number"], sign))
            sign, signed, expect_term = 1, False, False
        if expect_term:
            return _refuse("выражение кончается знаком", field)
        return cls(tuple(terms))

    @property
    def text(self) -> str:
        return _joined([(term.sign, term.text) for term in self.terms])

    @property
    def words(self) -> str:
        return _joined([(term.sign, term.words) for term in self.terms])

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(term.code for term in self.terms if not term.is_constant))

    @property
    def is_constant(self) -> bool:
        return all(term.is_constant for term in self.terms)

    def evaluate(self, figures: Mapping[str, Figures]) -> float | None:
        """The sum, or None when any indicator's figure is missing."""
        total = 0.0
        for term in self.terms:
            figure = term.figure(figures)
            if figure is None:
                return None
            total += term.sign * figure
        return total

    def missing(self, figures: Mapping[str, Figures]) -> tuple[str, ...]:
        return tuple(term.words for term in self.terms if term.figure(figures) is None)


def _refuse(why: str, field: str) -> Expression:
    raise ValidationError(f"Выражение не прочитано: {why}.", {field: why[:1].upper() + why[1:] + "."})


def _ref(token: str, sign: int, field: str) -> Term:
    inside = " ".join(token[2:-1].split())
    code, part = inside, Part.VALUE
    head, dot, tail = inside.rpartition(".")
    if dot and tail.strip().lower() in _PART_OF_WORD:
        code, part = head.strip(), _PART_OF_WORD[tail.strip().lower()]
    if not code:
        _refuse("в #{…} нет кода показателя", field)
    if len(code) > CODE_LIMIT:
        _refuse(f"код показателя длиннее {CODE_LIMIT} знаков", field)
    return Term(sign, code, part)


def _constant(token: str, sign: int) -> Term:
    return Term(sign, constant=float(token.replace(",", ".")))


def _joined(items: list[tuple[int, str]]) -> str:
    text = ""
    for index, (sign, word) in enumerate(items):
        if index == 0:
            text = f"−{word}" if sign < 0 else word
        else:
            text += f" {'−' if sign < 0 else '+'} {word}"
    return text


class Verdict(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class ValidationRule:
    name: str
    left: Expression
    operator: Operator
    right: Expression
    importance: Importance = Importance.ERROR

    @classmethod
    def parse(cls, name: str, left: str, operator: str, right: str, importance: str) -> ValidationRule:
        """A rule from its stored or typed text; every unreadable field is named at once."""
        errors: dict[str, str] = {}
        parsed: dict[str, object] = {}
        clean = " ".join(name.split())
        if not clean:
            errors["name"] = "Укажите название правила: оно войдёт в сообщение."
        elif len(clean) > NAME_LIMIT:
            errors["name"] = f"Не более {NAME_LIMIT} знаков."
        for key, reader in (
            ("left", lambda: Expression.parse(left, "left")),
            ("operator", lambda: Operator.parse(operator)),
            ("right", lambda: Expression.parse(right, "right")),
        ):
            try:
                parsed[key] = reader()
            except ValidationError as refusal:
                errors[key] = refusal.field_errors.get(key) or refusal.message
        left_side, right_side = parsed.get("left"), parsed.get("right")
        if isinstance(left_side, Expression) and isinstance(right_side, Expression):
            if left_side.is_constant and right_side.is_constant:
                errors["right"] = "Хотя бы одна сторона должна ссылаться на показатель."
        if errors:
            raise ValidationError("Правило не сохранено: исправьте отмеченные поля.", errors)
        assert isinstance(left_side, Expression) and isinstance(right_side, Expression)
        op = parsed["operator"]
        assert isinstance(op, Operator)
        return cls(clean, left_side, op, right_side, Importance.of(importance))

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.left.codes + self.right.codes))

    @property
    def words(self) -> str:
        return f"{self.left.words} {self.operator.value} {self.right.words}"

    def check(self, figures: Mapping[str, Figures]) -> RuleOutcome:
        left, right = self.left.evaluate(figures), self.right.evaluate(figures)
        if left is None or right is None:
            missing = self.left.missing(figures) + self.right.missing(figures)
            return RuleOutcome(self, Verdict.SKIPPED, left, right, missing)
        verdict = Verdict.PASSED if self.operator.holds(left, right) else Verdict.FAILED
        return RuleOutcome(self, verdict, left, right)


@dataclass(frozen=True)
class RuleOutcome:
    rule: ValidationRule
    verdict: Verdict
    left: float | None
    right: float | None
    missing: tuple[str, ...] = ()

    @property
    def failed(self) -> bool:
        return self.verdict is Verdict.FAILED

    @property
    def sentence(self) -> str:
        """«Числитель 1.2 (12) больше, чем 1.1 (10): правило «…».»; for a skipped rule, what it lacks."""
        rule = self.rule
        if self.verdict is Verdict.SKIPPED:
            return f"Правило «{rule.name}» не проверено: нет значения — {', '.join(self.missing)}."
        if self.verdict is Verdict.PASSED:
            return f"Правило «{rule.name}» выполнено."
        text = f"{_side(rule.left, self.left)} {rule.operator.broken_words} {_side(rule.right, self.right)}"
        return f"{text[:1].upper()}{text[1:]}: правило «{rule.name}»."


def _side(expression: Expression, value: float | None) -> str:
    if expression.is_constant:
        return expression.words
    return f"{expression.words} ({format_number(value, 3)})"


def check_rules(
    rules: tuple[ValidationRule, ...] | list[ValidationRule], figures: Mapping[str, Figures]
) -> list[RuleOutcome]:
    """Every rule's outcome over one period's figures, in the rules' order."""
    return [rule.check(figures) for rule in rules]
