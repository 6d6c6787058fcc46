"""What the form screen says about the answers shown: their state, why they are read-only, what was carried.

Plain functions of a FormState, so the page only places their text.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from datetime import date

from desktop_app.domain.errors import ValidationError
from desktop_app.domain.periods import Period, PeriodKind
from desktop_app.formkit.definition import QuestionKind
from desktop_app.gui.formview.cells import CARRIED_COLOUR, ERROR_COLOUR
from desktop_app.services.form_answers import FormState
from desktop_app.services.indicator_sheet import ValueStatus

_SHOWN_PERIODS = 8
_YEARS_BACK = 3


def recent_periods(kind: PeriodKind, today: date) -> list[Period]:
    """The current period and those before it, newest first: at least eight, and back to a few years ago."""
    periods = [Period.containing(today, kind)]
    floor = Period(today.year - _YEARS_BACK, kind, 1)
    while len(periods) < _SHOWN_PERIODS or periods[-1] > floor:
        periods.append(periods[-1].previous())
    return periods


def read_only_reason(state: FormState, can_edit: bool, can_approve: bool) -> str:
    """Why the answers can only be looked at; empty when they may be changed."""
    if not can_edit:
        return "Ваша роль позволяет только просматривать ответы."
    if state.status is ValueStatus.APPROVED and not can_approve:
        who = f" ({state.approved_by})" if state.approved_by else ""
        return f"Ответы утверждены{who}: изменить их может только руководитель."
    if state.lock_text and not can_approve:
        return f"{state.lock_text}: изменить значения может только руководитель."
    return ""


def status_html(state: FormState, unsaved: bool) -> str:
    """«Черновик · отвечено 12 из 95 · сохранено с версией формы 1», who submitted and approved, a warning."""
    answered, total = state.completion
    parts = [state.status.label.capitalize(), f"отвечено {answered} из {total}"]
    if state.stored_version is None:
        parts.append("ещё не сохранено")
    else:
        parts.append(f"сохранено с версией формы {state.stored_version}")
    if state.submitted_by:
        parts.append(f"представил(а): {state.submitted_by}")
    if state.approved_by:
        parts.append(f"утвердил(а): {state.approved_by}")
    text = html.escape(" · ".join(parts))
    if unsaved:
        text += " · <i>есть несохранённые изменения</i>"
    if state.outdated:
        text += (
            f"<br><span style='color:{ERROR_COLOUR}'>Ответы сохранены с версией формы {state.stored_version}, а "
            f"сейчас действует версия {state.form.version}: проверьте ответы на изменённые вопросы и сохраните.</span>"
        )
    return text


def notice_html(state: FormState, read_only: str) -> str:
    """The lines under the status: why the form is read-only, which cells came from last year."""
    lines = []
    if read_only:
        lines.append(f"<b>{html.escape(read_only)}</b>")
    elif state.carried:
        last_year = Period(state.period.year - 1, state.period.kind, state.period.index)
        lines.append(
            f"<span style='color:{CARRIED_COLOUR}'><i>Синим курсивом</i></span> — ячейки прошлого года, перенесённые"
            f" из ответов за {html.escape(last_year.label)}: проверьте их и сохраните форму."
        )
    if state.lock_text and not read_only:
        lines.append(
            f"<b>{html.escape(state.lock_text)}</b>: значения показателей меняет только руководитель,"
            " указав причину изменения."
        )
    if state.form.indicator_codes and state.program_id is None:
        lines.append("Показатели формы не найдены в каталоге ни одной программы: их нельзя заполнить.")
    return "<br>".join(lines)


def cell_keys(state: FormState, problems: Mapping[str, str]) -> dict[str, str]:
    """Issue keys as the form names them: the indicator values' «<indicator id>:<cell>» become «question|cell»."""
    questions = {
        row.indicator_id: question.id
        for question in state.form.questions
        if question.kind is QuestionKind.INDICATOR
        and (row := state.indicator_rows.get(question.indicator_code)) is not None
    }
    keys = {}
    for key, message in problems.items():
        indicator_id, colon, cell = key.partition(":")
        if "|" not in key and colon and indicator_id in questions:
            key = f"{questions[indicator_id]}|{cell}"
        keys[key] = message
    return keys


def keeping_validation(call: Callable[[], FormState]) -> Callable[[], FormState | ValidationError]:
    """Background work that returns a ValidationError instead of raising it, so its field_errors arrive whole.

    The runner hands a failure to the page as its message only; the cells named in ``field_errors`` would
    be lost on the way.
    """

    def work() -> FormState | ValidationError:
        try:
            return call()
        except ValidationError as exc:
            return exc

    return work
