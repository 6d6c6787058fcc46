"""The way a family support case goes (seed 004) and the rules of its dates, assessment, reviews and closure.

выявление → оценка → запрос → команда → маршрут → услуги → мониторинг → пролонгирование (may repeat) →
снятие с сопровождения. Moving on to the next stage is plain; skipping stages or going back needs a recorded
reason. After a prolongation the case goes round its route again: to the route, the services or the monitoring,
without a reason. Closing needs an outcome and a date (and a reason when the family refused, for «другое», or when
the case is closed before it reached the monitoring); a closed case is reopened only with a reason.

The assessment sets a level of support, and the level the default term of the next review (``REVIEW_MONTHS``):
crisis — 1 month, intensive — 3 months, basic and consultative — 6 months. An open case whose next review date
has passed (is before today) is overdue, as a measure is overdue the day after its deadline (domain/execution.py).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from desktop_app.domain.case_terms import CaseOutcome, CaseStage, SupportLevel
from desktop_app.domain.errors import ValidationError
from desktop_app.domain.periods import format_date

# The way, in order; PROLONGED comes after MONITORING, CLOSED is reached only by closing the case.
WAY = (
    CaseStage.IDENTIFIED,
    CaseStage.ASSESSMENT,
    CaseStage.REQUEST,
    CaseStage.TEAM,
    CaseStage.ROUTE,
    CaseStage.SERVICES,
    CaseStage.MONITORING,
    CaseStage.PROLONGED,
)
# After a prolongation the route is walked again: these follow it without a reason.
AFTER_PROLONGATION = frozenset({CaseStage.ROUTE, CaseStage.SERVICES, CaseStage.MONITORING, CaseStage.PROLONGED})
REVIEW_MONTHS = {
    SupportLevel.CRISIS: 1,
    SupportLevel.INTENSIVE: 3,
    SupportLevel.BASIC: 6,
    SupportLevel.CONSULTATIVE: 6,
}
OUTCOMES_NEEDING_REASON = frozenset({CaseOutcome.REFUSED, CaseOutcome.OTHER})
REASON_LIMIT = 2000
NAME_LIMIT = 300


def _rank(stage: CaseStage) -> int:
    return WAY.index(stage) if stage in WAY else len(WAY)


@dataclass(frozen=True)
class StageInput:
    """A stage the user records: the stage, its date, who did it, why (where needed), and for a prolongation the
    date of the next review."""

    stage: CaseStage
    on_date: date | None
    done_by: str
    reason: str = ""
    notes: str = ""
    next_review_on: date | None = None


@dataclass(frozen=True)
class CaseState:
    """What the rules need to know of a case: its current stage, the date of its last stage and when it was
    identified (no date of the case comes before that)."""

    stage: CaseStage
    last_date: date | None
    identified_on: date
    closed_on: date | None = None

    @property
    def is_closed(self) -> bool:
        return self.stage is CaseStage.CLOSED


def reason_needed(current: CaseStage | None, target: CaseStage) -> str:
    """Why moving from ``current`` to ``target`` needs a recorded reason; empty when it does not."""
    if current is None or current is CaseStage.CLOSED or target is CaseStage.CLOSED:
        return ""
    if current is CaseStage.PROLONGED and target in AFTER_PROLONGATION:
        return ""
    start, wanted = _rank(current), _rank(target)
    if wanted > start + 1:
        skipped = [f"«{stage.label}»" for stage in WAY[start + 1 : wanted]]
        word = "Пропущен этап" if len(skipped) == 1 else "Пропущены этапы"
        return f"{word} {', '.join(skipped)}: укажите причину."
    if wanted < start:
        return f"Возврат с этапа «{current.label}» на «{target.label}»: укажите причину."
    return ""


def _text_limits(errors: dict[str, str], reason: str, done_by: str) -> None:
    if len(reason) > REASON_LIMIT:
        errors["reason"] = f"Не более {REASON_LIMIT} знаков."
    if not done_by:
        errors["done_by"] = "Укажите, кто провёл этап."
    elif len(done_by) > NAME_LIMIT:
        errors["done_by"] = f"Не более {NAME_LIMIT} знаков."


def date_problem(on_date: date | None, state: CaseState, today: date, what: str = "этапа") -> str | None:
    """Why a date of the case's way cannot be used: missing, in the future, before the identification or before
    the last stage; None when it can."""
    if on_date is None:
        return f"Укажите дату {what}."
    if on_date > today:
        return f"Дата {what} ещё не наступила."
    if on_date < state.identified_on:
        return f"Дата раньше выявления семьи ({format_date(state.identified_on)})."
    if state.last_date is not None and on_date < state.last_date:
        return f"Дата раньше предыдущего этапа ({format_date(state.last_date)})."
    return None


def check_stage(state: CaseState | None, step: StageInput, today: date) -> StageInput:
    """The step cleaned up, or ValidationError with a message per field («stage», «on_date», «done_by», «reason»,
    «next_review_on»). ``state`` is None for a case's first stage (its identification)."""
    errors: dict[str, str] = {}
    reason, done_by, notes = step.reason.strip(), " ".join(step.done_by.split()), step.notes.strip()
    current = state.stage if state is not None else None
    if step.stage is CaseStage.CLOSED:
        errors["stage"] = "Снятие с сопровождения записывается закрытием случая с исходом и датой."
    elif current is CaseStage.CLOSED:
        errors["stage"] = "Случай снят с сопровождения: чтобы продолжить работу, откройте его снова с причиной."
    elif current is step.stage and step.stage is not CaseStage.PROLONGED:
        errors["stage"] = f"Случай уже на этапе «{step.stage.label}»."
    elif (why := reason_needed(current, step.stage)) and not reason:
        errors["reason"] = why
    _text_limits(errors, reason, done_by)
    if state is None:
        if step.on_date is None:
            errors["on_date"] = "Укажите дату этапа."
        elif step.on_date > today:
            errors["on_date"] = "Дата этапа ещё не наступила."
    elif problem := date_problem(step.on_date, state, today):
        errors["on_date"] = problem
    if step.stage is CaseStage.PROLONGED:
        if step.next_review_on is None:
            errors["next_review_on"] = "Укажите дату следующего пересмотра: пролонгирование продлевает срок."
        elif step.on_date is not None and step.next_review_on <= step.on_date:
            errors["next_review_on"] = "Следующий пересмотр должен быть позже даты пролонгирования."
    if errors:
        raise ValidationError("Этап не записан: исправьте отмеченные поля.", errors)
    return StageInput(step.stage, step.on_date, done_by, reason, notes, step.next_review_on)


def next_stages(current: CaseStage | None) -> list[CaseStage]:
    """The stages offered first in the «next stage» list: the usual way on, then the rest (never «closed»:
    closing is its own action)."""
    if current is None:
        return [CaseStage.IDENTIFIED]
    if current is CaseStage.CLOSED:
        return []
    if current is CaseStage.PROLONGED:
        usual = [CaseStage.MONITORING, CaseStage.SERVICES, CaseStage.ROUTE, CaseStage.PROLONGED]
    elif current is CaseStage.MONITORING:
        usual = [CaseStage.PROLONGED]
    else:
        usual = [WAY[_rank(current) + 1]]
    rest = [stage for stage in WAY if stage is not current and stage not in usual]
    return usual + rest


# ----------------------------------------------------------------------------------------------- assessment


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later; the month's last day where it has no such day (31.01 + 1 → 28/29.02)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def default_next_review(level: SupportLevel, assessed_on: date) -> date:
    """The next review a level of support calls for: crisis 1 month, intensive 3, basic and consultative 6."""
    return add_months(assessed_on, REVIEW_MONTHS[level])


@dataclass(frozen=True)
class AssessmentInput:
    """The assessment of the family's situation: the level of support, its date and the next review."""

    level: SupportLevel | None
    assessed_on: date | None
    next_review_on: date | None
    done_by: str = ""
    notes: str = ""


def check_assessment(entry: AssessmentInput, identified_on: date, today: date) -> AssessmentInput:
    """The assessment cleaned up, or ValidationError keyed by «level», «assessed_on», «next_review_on»."""
    errors: dict[str, str] = {}
    if entry.level is None:
        errors["level"] = "Укажите уровень сопровождения."
    if entry.assessed_on is None:
        errors["assessed_on"] = "Укажите дату оценки."
    elif entry.assessed_on > today:
        errors["assessed_on"] = "Дата оценки ещё не наступила."
    elif entry.assessed_on < identified_on:
        errors["assessed_on"] = f"Дата оценки раньше выявления семьи ({format_date(identified_on)})."
    if entry.next_review_on is None:
        errors["next_review_on"] = "Укажите дату следующего пересмотра."
    elif entry.assessed_on is not None and entry.next_review_on <= entry.assessed_on:
        errors["next_review_on"] = "Следующий пересмотр должен быть позже даты оценки."
    done_by = " ".join(entry.done_by.split())
    if len(done_by) > NAME_LIMIT:
        errors["done_by"] = f"Не более {NAME_LIMIT} знаков."
    if errors:
        raise ValidationError("Оценка не записана: исправьте отмеченные поля.", errors)
    return AssessmentInput(entry.level, entry.assessed_on, entry.next_review_on, done_by, entry.notes.strip())


def review_overdue(next_review_on: date | None, closed: bool, today: date) -> bool:
    """An open case whose next review date is before today (the review day itself is not yet overdue)."""
    return not closed and next_review_on is not None and next_review_on < today


# ----------------------------------------------------------------------------------------------- closure


@dataclass(frozen=True)
class ClosureInput:
    outcome: CaseOutcome | None
    on_date: date | None
    reason: str = ""
    done_by: str = ""


def closure_reason_needed(current: CaseStage, outcome: CaseOutcome | None) -> str:
    """Why closing needs a reason: the family refused, the outcome is «другое», or the monitoring was not reached."""
    if outcome is CaseOutcome.REFUSED:
        return "Укажите, почему семья отказалась от сопровождения."
    if outcome is CaseOutcome.OTHER:
        return "Исход «другое»: опишите его в причине снятия."
    if _rank(current) < _rank(CaseStage.MONITORING):
        return f"Случай снимается с этапа «{current.label}», до мониторинга: укажите причину."
    return ""


def check_closure(state: CaseState, entry: ClosureInput, today: date) -> ClosureInput:
    """The closure cleaned up, or ValidationError keyed by «outcome», «on_date», «reason», «done_by»."""
    errors: dict[str, str] = {}
    reason, done_by = entry.reason.strip(), " ".join(entry.done_by.split())
    if state.is_closed:
        errors["outcome"] = "Случай уже снят с сопровождения."
    elif entry.outcome is None:
        errors["outcome"] = "Укажите исход сопровождения."
    if not state.is_closed and (why := closure_reason_needed(state.stage, entry.outcome)) and not reason:
        errors["reason"] = why
    _text_limits(errors, reason, done_by)
    if errors.get("done_by"):
        errors["done_by"] = "Укажите, кто снял случай с сопровождения." if not done_by else errors["done_by"]
    if problem := date_problem(entry.on_date, state, today, "снятия с сопровождения"):
        errors["on_date"] = problem
    if errors:
        raise ValidationError("Случай не закрыт: исправьте отмеченные поля.", errors)
    return ClosureInput(entry.outcome, entry.on_date, reason, done_by)


@dataclass(frozen=True)
class ReopenInput:
    """Reopening a closed case: the date, why, who, and the stage it takes up again (by default the assessment:
    a family that comes back is assessed anew)."""

    on_date: date | None
    reason: str
    done_by: str = ""
    stage: CaseStage = CaseStage.ASSESSMENT


def check_reopen(state: CaseState, entry: ReopenInput, today: date) -> ReopenInput:
    """The reopening cleaned up, or ValidationError keyed by «stage», «on_date», «reason», «done_by»."""
    errors: dict[str, str] = {}
    reason, done_by = entry.reason.strip(), " ".join(entry.done_by.split())
    if not state.is_closed:
        errors["stage"] = "Случай не закрыт: открывать его снова не нужно."
    elif entry.stage is CaseStage.CLOSED:
        errors["stage"] = "Выберите этап, с которого продолжается сопровождение."
    if not reason:
        errors["reason"] = "Укажите, почему случай открывается снова."
    _text_limits(errors, reason, done_by)
    after_closure = CaseState(state.stage, state.closed_on or state.last_date, state.identified_on)
    if problem := date_problem(entry.on_date, after_closure, today, "открытия"):
        errors["on_date"] = problem
    if errors:
        raise ValidationError("Случай не открыт: исправьте отмеченные поля.", errors)
    return ReopenInput(entry.on_date, reason, done_by, entry.stage)
