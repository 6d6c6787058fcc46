"""Checks of one indicator value before it is saved or submitted, with the reason for each cell.

Errors stop saving: a negative count, a numerator above its denominator, a percentage outside 0–100, a
cumulative value below the previous period's. Warnings ask for a comment before the value is submitted:
a large deviation from plan, a value far outside what the district reported before.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from statistics import median

from desktop_app.domain.indicators import IndicatorSpec, observe
from desktop_app.domain.numbers import format_number
from desktop_app.domain.value_format import format_deviation, format_value

# A fact more than this share away from plan needs a comment (seed 002 reports every half-year; a
# quarter off plan is what a coordinator would ask about).
PLAN_DEVIATION_LIMIT = 0.25
# The district's own history: at least this many earlier values before a jump is judged.
HISTORY_MINIMUM = 3
COMMENT_LIMIT = 2000


class Severity(StrEnum):
    ERROR = "error"
    NEEDS_COMMENT = "needs_comment"


class Cell(StrEnum):
    VALUE = "value"
    NUMERATOR = "numerator"
    DENOMINATOR = "denominator"
    COMMENT = "comment"


@dataclass(frozen=True)
class CellIssue:
    cell: Cell
    message: str
    severity: Severity = Severity.ERROR


@dataclass(frozen=True)
class EntryInput:
    value: float | None = None
    numerator: float | None = None
    denominator: float | None = None
    comment: str = ""


@dataclass(frozen=True)
class EntryContext:
    """What a value is compared with: the plan, the previous period's value and the district's history."""

    plan: float | None = None
    previous: float | None = None
    history: Sequence[float] = field(default_factory=tuple)


def check_entry(spec: IndicatorSpec, entry: EntryInput, context: EntryContext | None = None) -> list[CellIssue]:
    """Every problem with ``entry``; errors first. The value of a ratio is computed, not typed."""
    context = context or EntryContext()
    issues = _range_issues(spec, entry)
    if any(issue.severity is Severity.ERROR for issue in issues):
        return issues
    value = observe(spec, entry.value, entry.numerator, entry.denominator).value
    if value is None:
        return issues
    if spec.cumulative and context.previous is not None and value < context.previous:
        issues.append(
            CellIssue(
                Cell.VALUE,
                f"Показатель с нарастающим итогом не может быть меньше значения прошлого периода"
                f" ({format_number(context.previous)}).",
            )
        )
        return issues
    if entry.comment.strip():
        return issues
    issues.extend(_comment_requests(spec, value, context))
    return issues


def _range_issues(spec: IndicatorSpec, entry: EntryInput) -> list[CellIssue]:
    issues: list[CellIssue] = []
    for cell, number in (
        (Cell.VALUE, entry.value),
        (Cell.NUMERATOR, entry.numerator),
        (Cell.DENOMINATOR, entry.denominator),
    ):
        if number is not None and number < 0:
            issues.append(CellIssue(cell, "Значение не может быть отрицательным."))
    if len(entry.comment) > COMMENT_LIMIT:
        issues.append(CellIssue(Cell.COMMENT, f"Комментарий длиннее {format_number(COMMENT_LIMIT)} знаков."))
    if issues or not spec.kind.needs_ratio:
        return issues
    numerator, denominator = entry.numerator, entry.denominator
    if numerator is not None and denominator is None:
        issues.append(CellIssue(Cell.DENOMINATOR, "Укажите знаменатель: из него считается значение."))
    elif denominator is not None and numerator is None:
        issues.append(CellIssue(Cell.NUMERATOR, "Укажите числитель: из него считается значение."))
    elif denominator is not None and numerator is not None:
        if denominator == 0 and numerator > 0:
            issues.append(CellIssue(Cell.DENOMINATOR, "Знаменатель не может быть нулём при ненулевом числителе."))
        elif spec.kind.bounded and numerator > denominator:
            issues.append(
                CellIssue(
                    Cell.NUMERATOR,
                    f"Числитель ({format_number(numerator)}) больше знаменателя ({format_number(denominator)}).",
                )
            )
    elif entry.value is not None and spec.kind.bounded and entry.value > 100:
        issues.append(CellIssue(Cell.VALUE, "Процент должен быть от 0 до 100."))
    return issues


def _comment_requests(spec: IndicatorSpec, value: float, context: EntryContext) -> list[CellIssue]:
    requests: list[CellIssue] = []
    plan = context.plan
    if plan is not None and abs(value - plan) > PLAN_DEVIATION_LIMIT * max(abs(plan), 1.0):
        gap = format_deviation(abs(value - plan), spec.kind).lstrip("+")  # a share's gap is in points
        requests.append(
            CellIssue(
                Cell.COMMENT,
                f"Факт отличается от плана ({format_value(plan, spec.kind)}) на {gap}: поясните в комментарии.",
                Severity.NEEDS_COMMENT,
            )
        )
    usual = unusual_against_history(value, context.history)
    if usual is not None:
        requests.append(
            CellIssue(
                Cell.COMMENT,
                "Значение сильно отличается от прежних значений района "
                f"(обычно около {format_value(usual, spec.kind)}): поясните в комментарии.",
                Severity.NEEDS_COMMENT,
            )
        )
    return requests


def unusual_against_history(value: float, history: Sequence[float]) -> float | None:
    """The district's usual value when ``value`` is far outside its history, else None.

    Robust to one odd past value: the spread is the median absolute deviation (scaled to a standard
    deviation), with a floor of half the usual value so that small, steady counts do not trip it.
    """
    if len(history) < HISTORY_MINIMUM:
        return None
    usual = median(history)
    spread = median(abs(item - usual) for item in history) * 1.4826
    limit = max(3 * spread, 0.5 * abs(usual), 2.0)
    return usual if abs(value - usual) > limit else None
