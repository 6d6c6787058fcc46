"""What reading a filled template gives, and the check that it was made for the form, period and district."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from desktop_app.domain.errors import UserError
from desktop_app.domain.periods import Period
from desktop_app.domain.text import search_key
from desktop_app.formkit.definition import FormDefinition


@dataclass(frozen=True)
class TemplateIssue:
    """A cell that cannot be taken as it is; ``cell`` is the answer cell key (as formkit.answers.AnswerIssue)."""

    question_id: str
    cell: str
    address: str  # «Анкета!D17», where the user finds the cell
    message: str


@dataclass(frozen=True)
class FilledTemplate:
    """A template read back: for which form, period and district it was made, and what it holds.

    ``answers`` has every question of the template, in the stored shapes of formkit.answers, None for a
    question left empty (so an import can clear what the partner cleared). A cell that could not be read
    is left out of its answer and reported in ``issues``. A template of another form version holds no
    answers at all: ``check_template_target`` says why it cannot be taken.
    """

    form_id: str
    form_version: int
    period: Period
    district: str
    answers: dict[str, Any]
    issues: list[TemplateIssue]
    form: FormDefinition
    installation: str = ""
    source: str = field(default="", compare=False)  # the file's name, for messages
    # (question id, answer cell key) → «Анкета!D17», so that checks made later can name the cell too
    places: dict[tuple[str, str], str] = field(default_factory=dict, compare=False)


def check_template_target(filled: FilledTemplate, form: FormDefinition, period: Period | None, district: str) -> None:
    """Raise UserError unless ``filled`` was made for this version of ``form``, ``period`` (when given) and
    ``district``."""
    if filled.form_id != form.id:
        raise UserError(f"Шаблон сделан для формы «{filled.form.title}», а выбрана форма «{form.title}».")
    if filled.form_version != form.version:
        raise UserError(
            f"Шаблон сделан для версии {filled.form_version} формы «{form.title}», а сейчас действует версия "
            f"{form.version}: запросите новый шаблон."
        )
    if period is not None and filled.period != period:
        raise UserError(
            f"Шаблон сделан за {filled.period.label}, а выбран период {period.label}: "
            "выберите период шаблона или запросите новый шаблон."
        )
    if search_key(filled.district) != search_key(district):
        raise UserError(
            f"Шаблон сделан для района «{filled.district}», а выбран район «{district}»: "
            "запросите шаблон своего района."
        )
