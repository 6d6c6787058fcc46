"""The program's rules across indicators on the value grid: which cells show a broken rule, with its sentence.

A rule is shown on the cells of its left side (the figure the rule is about: «числитель 1.2» in «числитель 1.2 ≤
1.1»), checked on what the grid holds now — typed drafts included — so the mark follows the typing before a save.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from desktop_app.domain.validation_rules import Figures, Importance, Part, ValidationRule


@dataclass(frozen=True)
class RuleMark:
    column: int
    message: str
    importance: Importance

    @property
    def is_error(self) -> bool:
        return self.importance is Importance.ERROR


def rule_marks(
    rows: Iterable[tuple[str, str, Figures]], rules: Iterable[ValidationRule], columns: Mapping[Part, int]
) -> dict[str, list[RuleMark]]:
    """Indicator id → the broken rules shown on its cells, from (indicator id, code, figures) of each row."""
    ids: dict[str, str] = {}
    figures: dict[str, Figures] = {}
    for indicator_id, code, figure in rows:
        ids[code], figures[code] = indicator_id, figure
    marks: dict[str, list[RuleMark]] = {}
    for rule in rules:
        outcome = rule.check(figures)
        if not outcome.failed:
            continue
        prefix = "Ошибка" if rule.importance is Importance.ERROR else "Предупреждение"
        message = f"{prefix}: {outcome.sentence}"
        for term in rule.left.terms:
            if not term.is_constant and term.code in ids:
                mark = RuleMark(columns[term.part], message, rule.importance)
                if mark not in marks.setdefault(ids[term.code], []):
                    marks[ids[term.code]].append(mark)
    return marks
