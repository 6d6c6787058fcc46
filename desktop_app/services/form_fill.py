"""The Excel round trip of a form: a pre-filled template for a partner, and its answers taken back.

Taking a template back is two steps, as with every import here: a preview that lists every changed cell
(old and new text) and every wrong cell with its address and reason, then an all-or-nothing save through
the form answers service. A template of another form version, period or district is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop_app import form_templates
from desktop_app.domain.actor import Actor
from desktop_app.domain.errors import UserError, ValidationError
from desktop_app.domain.indicator_checks import Severity
from desktop_app.domain.periods import Period
from desktop_app.domain.roles import Permission
from desktop_app.form_templates import FilledTemplate, TemplateIssue, check_template_target, read_template
from desktop_app.formkit.definition import FormDefinition, QuestionKind
from desktop_app.formkit.display import answer_changes
from desktop_app.services.form_answers import FormAnswers, FormState
from desktop_app.services.form_indicators import judged_by_the_grid


@dataclass(frozen=True)
class CellChange:
    question_id: str
    number: str
    where: str
    old: str
    new: str


@dataclass(frozen=True)
class FillPreview:
    """What taking a filled template would change, what in it is wrong (by the form's checks and the value
    grid's rules, with the cell's address) and what the grid would only flag."""

    source: Path
    state: FormState
    answers: dict[str, Any]
    changes: tuple[CellChange, ...]
    issues: tuple[TemplateIssue, ...]
    # what the value grid flags but lets be saved as a draft: a deviation from plan without a comment
    warnings: tuple[TemplateIssue, ...] = ()

    @property
    def can_apply(self) -> bool:
        return not self.issues and bool(self.changes)


class FormFill:
    def __init__(self, forms: FormAnswers, installation: str = "") -> None:
        self._forms = forms
        self._installation = installation

    def write_template(self, actor: Actor, form_id: str, period: Period, territory: str, path: Path) -> Path:
        """A protected template of the form for the period, with what is already stored filled in."""
        state = self._forms.state(actor, form_id, period, territory)
        form_templates.write_template(
            path,
            state.form,
            period,
            territory,
            answers=state.answers,
            indicators=state.indicators,
            installation=self._installation,
        )
        return path

    def preview(self, actor: Actor, path: Path, territory: str, period: Period | None = None) -> FillPreview:
        """Read a filled template and compare it with what is stored; nothing is written."""
        actor.require(Permission.EDIT_DATA)
        filled = read_template(path, self._forms.catalogue)
        form = self._forms.catalogue.get(filled.form_id)
        check_template_target(filled, form, period, territory)
        state = self._forms.state(actor, form.id, filled.period, territory)
        merged = _merge(state.answers, filled)
        changes = []
        for question in form.questions:
            if question.id not in filled.answers:
                continue
            old_answer, new_answer = (_parts_only(state.answers.get(question.id)), _parts_only(merged.get(question.id)))
            for where, old, new in answer_changes(question, old_answer, new_answer, filled.period):
                changes.append(CellChange(question.id, question.number, where, old, new))
        issues = [
            issue for issue in filled.issues if not judged_by_the_grid(form, merged, issue.question_id, issue.cell)
        ]
        issues.extend(_unknown_indicators(form, filled, state))
        warnings: list[TemplateIssue] = []
        for question_id, problem in self._forms.indicator_issues(actor, state, merged):
            found = TemplateIssue(
                question_id, problem.cell.value, _address(filled, question_id, problem.cell.value), problem.message
            )
            (issues if problem.severity is Severity.ERROR else warnings).append(found)
        return FillPreview(path, state, merged, tuple(changes), tuple(issues), tuple(warnings))

    def apply(self, actor: Actor, preview: FillPreview, reason: str = "") -> FormState:
        """Store the template's answers in one transaction; a template with wrong cells is not taken."""
        actor.require(Permission.EDIT_DATA)
        if preview.issues:
            raise ValidationError(
                f"Шаблон не загружен: в нём есть ошибки ({len(preview.issues)})."
                " Исправьте их в файле и загрузите снова."
            )
        if not preview.changes:
            raise UserError("В шаблоне нет изменений по сравнению с сохранёнными ответами.")
        return self._forms.save(actor, preview.state, preview.answers, reason)


def _address(filled: FilledTemplate, question_id: str, cell: str) -> str:
    """Where the user finds the cell; a ratio's computed value is found at its numerator."""
    for key in (cell, "numerator" if cell == "value" else cell, "value"):
        if (question_id, key) in filled.places:
            return filled.places[(question_id, key)]
    return ""


def _unknown_indicators(form: FormDefinition, filled: FilledTemplate, state: FormState) -> list[TemplateIssue]:
    """Values for indicators no program here holds would be dropped on saving: say so instead."""
    issues = []
    for question in form.questions:
        value = filled.answers.get(question.id)
        if question.kind is not QuestionKind.INDICATOR or not value or question.indicator_code in state.indicator_rows:
            continue
        issues.append(
            TemplateIssue(
                question.id,
                "",
                "",
                f"Показателя {question.indicator_code} нет в каталоге ни одной программы этой установки:"
                " значение некуда сохранить. Загрузите программу с этим показателем.",
            )
        )
    return issues


def _parts_only(answer: Any) -> Any:
    """A ratio's value follows from its numerator and denominator, so only the parts are compared."""
    if isinstance(answer, dict) and answer.get("numerator") is not None and answer.get("denominator") is not None:
        return {key: value for key, value in answer.items() if key != "value"}
    return answer


def _merge(stored: dict[str, Any], filled: FilledTemplate) -> dict[str, Any]:
    merged = dict(stored)
    for question_id, value in filled.answers.items():
        if value is None:
            merged.pop(question_id, None)
        else:
            merged[question_id] = value
    return merged
