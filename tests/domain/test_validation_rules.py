"""Rules across indicators (DHIS2's left side / operator / right side): expressions, operators, skipped rules
and the sentence a specialist reads."""

from __future__ import annotations

import pytest

from desktop_app.domain.errors import ValidationError
from desktop_app.domain.validation_rules import (
    Expression,
    Figures,
    Importance,
    Operator,
    Part,
    ValidationRule,
    Verdict,
)

NAME = "Вернувшихся детей не больше, чем детей в учреждениях"


def _rule(left: str, operator: str, right: str, importance: str = "error") -> ValidationRule:
    return ValidationRule.parse(NAME, left, operator, right, importance)


def test_an_expression_reads_values_parts_plans_and_constants() -> None:
    expression = Expression.parse("#{1.2.числитель} + #{5.1.1} - 2,5 + #{1.1.plan} + #{1.3.знаменатель}")
    assert [(term.sign, term.code, term.part) for term in expression.terms if not term.is_constant] == [
        (1, "1.2", Part.NUMERATOR),
        (1, "5.1.1", Part.VALUE),
        (1, "1.1", Part.PLAN),
        (1, "1.3", Part.DENOMINATOR),
    ]
    figures = {
        "1.2": Figures(value=60.0, numerator=12, denominator=20),
        "5.1.1": Figures(value=7),
        "1.1": Figures(value=10, plan=30),
        "1.3": Figures(numerator=1, denominator=4),
    }
    assert expression.evaluate(figures) == 12 + 7 - 2.5 + 30 + 4
    assert expression.words == "числитель 1.2 + 5.1.1 − 2,5 + план 1.1 + знаменатель 1.3"
    assert Expression.parse(expression.text) == expression, "the stored text reads back as the same expression"


@pytest.mark.parametrize(
    "text",
    ["", "#{1.1} #{1.2}", "#{1.1} + + 3", "#{1.1} +", "1.1 + дети", "#{}", "#{.числитель}"],
)
def test_an_unreadable_expression_is_refused_with_the_reason(text: str) -> None:
    with pytest.raises(ValidationError) as refusal:
        Expression.parse(text, "left")
    assert refusal.value.field_errors["left"]


@pytest.mark.parametrize(
    ("operator", "left", "right", "holds"),
    [
        ("≤", 10, 10, True),
        ("<=", 11, 10, False),
        ("<", 10, 10, False),
        ("<", 9, 10, True),
        ("=", 0.1 + 0.2, 0.3, True),
        ("==", 4, 5, False),
        ("≥", 10, 10, True),
        (">=", 9, 10, False),
        (">", 10, 10, False),
        (">", 11, 10, True),
        ("≠", 3, 3, False),
        ("!=", 3, 4, True),
    ],
)
def test_each_operator_compares_as_written(operator: str, left: float, right: float, holds: bool) -> None:
    assert Operator.parse(operator).holds(left, right) is holds


def test_a_broken_rule_names_both_sides_with_their_numbers() -> None:
    rule = _rule("#{1.2.числитель}", "≤", "#{1.1}")
    outcome = rule.check({"1.2": Figures(value=60.0, numerator=12, denominator=20), "1.1": Figures(value=10)})
    assert outcome.verdict is Verdict.FAILED
    assert outcome.sentence == f"Числитель 1.2 (12) больше, чем 1.1 (10): правило «{NAME}»."


def test_parts_that_do_not_add_up_to_their_total_show_the_sum() -> None:
    rule = _rule("#{5.1}", "=", "#{5.1.1} + #{5.1.2}")
    outcome = rule.check({"5.1": Figures(value=9), "5.1.1": Figures(value=4), "5.1.2": Figures(value=3)})
    assert outcome.failed and (outcome.left, outcome.right) == (9, 4 + 3)
    assert outcome.sentence == f"5.1 (9) не равно 5.1.1 + 5.1.2 (7): правило «{NAME}»."
    assert not rule.check({"5.1": Figures(value=7), "5.1.1": Figures(value=4), "5.1.2": Figures(value=3)}).failed


def test_a_constant_side_is_shown_as_the_number() -> None:
    outcome = _rule("#{1.1}", "≥", "5").check({"1.1": Figures(value=2)})
    assert outcome.sentence == f"1.1 (2) меньше, чем 5: правило «{NAME}»."


def test_a_rule_with_a_missing_figure_is_skipped_not_failed() -> None:
    rule = _rule("#{1.2.числитель}", "≤", "#{1.1}")
    outcome = rule.check({"1.2": Figures(numerator=12, denominator=20)})
    assert outcome.verdict is Verdict.SKIPPED and not outcome.failed
    assert outcome.missing == ("1.1",)
    assert rule.check({}).verdict is Verdict.SKIPPED, "an indicator with no values at all"
    assert rule.check({"1.2": Figures(value=1.0), "1.1": Figures(value=10)}).verdict is Verdict.SKIPPED


def test_a_rule_names_every_wrong_field_at_once() -> None:
    with pytest.raises(ValidationError) as refusal:
        ValidationRule.parse(" ", "#{1.1", "~", "5", "error")
    assert set(refusal.value.field_errors) == {"name", "left", "operator"}
    with pytest.raises(ValidationError) as both_constant:
        ValidationRule.parse(NAME, "3", "≤", "5", "error")
    assert "right" in both_constant.value.field_errors


def test_importance_reads_its_label_and_an_unknown_one_counts_as_an_error() -> None:
    assert _rule("#{1.1}", "≤", "5", "warning").importance is Importance.WARNING
    assert Importance.WARNING.label == "предупреждение" and Importance.ERROR.label == "ошибка"
    assert _rule("#{1.1}", "≤", "5", "что-то").importance is Importance.ERROR
