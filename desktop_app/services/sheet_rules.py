"""The program's rules across indicators checked on a period's sheet: what the grid lists under the values and
what stops the period being submitted (a rule of importance «ошибка»; a «предупреждение» is only shown)."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from desktop_app.domain.validation_rules import Figures, Importance, Part, RuleOutcome, ValidationRule
from desktop_app.services.indicator_sheet import IndicatorSheet, SheetRow


def sheet_figures(rows: Iterable[SheetRow]) -> dict[str, Figures]:
    """Indicator code → the period's stored value, its parts and the district's plan."""
    return {row.code: Figures(row.value, row.numerator, row.denominator, row.plan) for row in rows}


def failed_rules(rules: Iterable[ValidationRule], figures: dict[str, Figures]) -> list[RuleOutcome]:
    """The rules the figures break, in the rules' order; skipped ones (a figure missing) are not failures."""
    return [outcome for rule in rules if (outcome := rule.check(figures)).failed]


def sheet_failures(sheet: IndicatorSheet) -> list[RuleOutcome]:
    return failed_rules(sheet.rules, sheet_figures(sheet.rows))


def blocking(outcomes: Iterable[RuleOutcome]) -> list[RuleOutcome]:
    """The failures that stop a submission: rules of importance «ошибка»."""
    return [outcome for outcome in outcomes if outcome.rule.importance is Importance.ERROR]


def broken_rules_naming(sheet: IndicatorSheet, codes: Collection[str]) -> list[str]:
    """The sentences of the «ошибка» rules that name one of ``codes``: what a form of those indicators may not be
    submitted with, as the value grid may not."""
    return [
        outcome.sentence
        for outcome in blocking(sheet_failures(sheet))
        if any(term.code in codes for term in (*outcome.rule.left.terms, *outcome.rule.right.terms))
    ]


def left_cells(outcome: RuleOutcome) -> list[tuple[str, Part]]:
    """(code, figure) of each indicator on the rule's left side: where the grid shows the failure."""
    return [(term.code, term.part) for term in outcome.rule.left.terms if not term.is_constant]
