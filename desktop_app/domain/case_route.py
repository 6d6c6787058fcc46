"""A family's route as the user fills it in — services, support measures applied for, referrals — checked field by
field, and when each of them is overdue (marked as overdue measures are: past the deadline, with the days late)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum
from typing import TypeVar

from desktop_app.domain.case_terms import MeasureDecision, ReferralAnswer, ServiceKind, ServiceStatus
from desktop_app.domain.errors import ValidationError
from desktop_app.domain.periods import format_date
from desktop_app.domain.plural import Noun
from desktop_app.domain.workdays import ProductionCalendar, russian_calendar

TEXT_LIMIT = 5000
REFERRAL_ANSWER_WORKING_DAYS = 10  # an organisation answers a referral within ten working days of its sending
MEASURE_DECISION_DAYS = 30  # a measure applied for is decided within thirty calendar days
DAY = Noun("день", "дня", "дней")
_E = TypeVar("_E", bound=StrEnum)
OPEN_SERVICE = frozenset({ServiceStatus.PLANNED, ServiceStatus.IN_PROGRESS})


def _enum_value(kind: type[_E], value: str) -> _E | None:
    try:
        return kind(value)
    except ValueError:
        return None


def _date_not_future(errors: dict[str, str], key: str, value: date | None, today: date, what: str) -> None:
    if value is not None and value > today:
        errors[key] = f"{what} ещё не наступила."


def _text_limits(errors: dict[str, str], texts: dict[str, str]) -> None:
    for key, value in texts.items():
        if len(value) > TEXT_LIMIT:
            errors[key] = f"Не более {TEXT_LIMIT} знаков."


@dataclass(frozen=True)
class ServiceInput:
    """A service of the route: planned on a day, due by ``due_on``, given on ``given_on`` with a result, or not."""

    kind: str
    planned_on: date | None
    provider_id: str | None = None
    resource_service_id: str | None = None
    description: str = ""
    due_on: date | None = None
    given_on: date | None = None
    status: str = ServiceStatus.PLANNED.value
    result: str = ""

    def checked(self, today: date) -> ServiceInput:
        """Trimmed values, or ValidationError keyed by field."""
        errors: dict[str, str] = {}
        if _enum_value(ServiceKind, self.kind) is None:
            errors["kind"] = "Выберите вид услуги из списка."
        if not self.provider_id and not self.resource_service_id:
            errors["provider_id"] = "Укажите организацию-исполнителя или услугу из ресурсной карты."
        if self.planned_on is None:
            errors["planned_on"] = "Укажите дату включения услуги в маршрут."
        elif self.due_on is not None and self.due_on < self.planned_on:
            errors["due_on"] = "Срок оказания услуги не может быть раньше даты её включения в маршрут."
        status = _enum_value(ServiceStatus, self.status)
        result = self.result.strip()
        if status is None:
            errors["status"] = "Выберите состояние услуги из списка."
        elif status is ServiceStatus.GIVEN:
            if self.given_on is None:
                errors["given_on"] = "Укажите дату оказания услуги."
            elif self.given_on > today:
                errors["given_on"] = "Дата оказания услуги ещё не наступила."
            elif self.planned_on is not None and self.given_on < self.planned_on:
                errors["given_on"] = "Дата оказания услуги не может быть раньше даты её включения в маршрут."
            if not result:
                errors["result"] = "Опишите результат оказанной услуги."
        elif status in (ServiceStatus.NOT_GIVEN, ServiceStatus.CANCELLED):
            if not result:
                errors["result"] = f"Укажите в поле «Результат», почему услуга {status.label}."
        elif self.given_on is not None:
            errors["given_on"] = "Дата оказания указывается только у оказанной услуги."
        _text_limits(errors, {"description": self.description, "result": result})
        if errors:
            raise ValidationError("Услуга не сохранена: исправьте отмеченные поля.", errors)
        given_on = self.given_on if status not in OPEN_SERVICE else None
        return replace(self, description=self.description.strip(), result=result, given_on=given_on)


@dataclass(frozen=True)
class MeasureInput:
    """A support measure from the region's catalogue applied for on the family's behalf, and the decision."""

    kind_id: str
    applied_on: date | None
    decided_on: date | None = None
    decision: str = MeasureDecision.PENDING.value
    note: str = ""

    def checked(self, today: date) -> MeasureInput:
        errors: dict[str, str] = {}
        if not self.kind_id:
            errors["kind_id"] = "Выберите меру поддержки из перечня."
        if self.applied_on is None:
            errors["applied_on"] = "Укажите дату обращения за мерой поддержки."
        else:
            _date_not_future(errors, "applied_on", self.applied_on, today, "Дата обращения")
        decision = _enum_value(MeasureDecision, self.decision)
        if decision is None:
            errors["decision"] = "Выберите решение из списка."
        elif decision is MeasureDecision.PENDING:
            if self.decided_on is not None:
                errors["decided_on"] = "Дата решения указывается, когда решение по мере поддержки принято."
        elif self.decided_on is None:
            errors["decided_on"] = "Укажите дату решения по мере поддержки."
        elif self.decided_on > today:
            errors["decided_on"] = "Дата решения ещё не наступила."
        elif self.applied_on is not None and self.decided_on < self.applied_on:
            errors["decided_on"] = "Дата решения не может быть раньше даты обращения."
        _text_limits(errors, {"note": self.note})
        if errors:
            raise ValidationError("Мера поддержки не сохранена: исправьте отмеченные поля.", errors)
        return replace(self, note=self.note.strip())


@dataclass(frozen=True)
class ReferralInput:
    """A referral of the family to an organisation; without ``answer_due_on`` the answer is due ten working days
    after sending."""

    organisation_id: str | None
    sent_on: date | None
    service_kind: str = ""
    answer_due_on: date | None = None
    answered_on: date | None = None
    answer: str = ReferralAnswer.PENDING.value
    answer_text: str = ""

    def checked(self, today: date, calendar: ProductionCalendar | None = None) -> ReferralInput:
        """Trimmed values with the answer's due date filled in, or ValidationError keyed by field."""
        errors: dict[str, str] = {}
        if not self.organisation_id:
            errors["organisation_id"] = "Укажите организацию, в которую направлена семья."
        if self.service_kind and _enum_value(ServiceKind, self.service_kind) is None:
            errors["service_kind"] = "Выберите вид услуги из списка."
        if self.sent_on is None:
            errors["sent_on"] = "Укажите дату направления."
        else:
            _date_not_future(errors, "sent_on", self.sent_on, today, "Дата направления")
            if self.answer_due_on is not None and self.answer_due_on < self.sent_on:
                errors["answer_due_on"] = "Срок ответа не может быть раньше даты направления."
        answer = _enum_value(ReferralAnswer, self.answer)
        if answer is None:
            errors["answer"] = "Выберите ответ организации из списка."
        elif answer is ReferralAnswer.PENDING:
            if self.answered_on is not None:
                errors["answered_on"] = "Дата ответа указывается, когда ответ получен."
        elif self.answered_on is None:
            errors["answered_on"] = "Укажите дату ответа организации."
        elif self.answered_on > today:
            errors["answered_on"] = "Дата ответа ещё не наступила."
        elif self.sent_on is not None and self.answered_on < self.sent_on:
            errors["answered_on"] = "Дата ответа не может быть раньше даты направления."
        _text_limits(errors, {"answer_text": self.answer_text})
        if errors:
            raise ValidationError("Направление не сохранено: исправьте отмеченные поля.", errors)
        assert self.sent_on is not None
        due = self.answer_due_on or default_answer_due(self.sent_on, calendar)
        return replace(self, answer_due_on=due, answer_text=self.answer_text.strip())


def default_answer_due(sent_on: date, calendar: ProductionCalendar | None = None) -> date:
    """The tenth working day after the referral was sent."""
    return (calendar or russian_calendar()).nth_working_day_after(sent_on, REFERRAL_ANSWER_WORKING_DAYS)


def measure_decision_due(applied_on: date) -> date:
    """The last day a decision on a measure applied for is awaited without being late."""
    return applied_on + timedelta(days=MEASURE_DECISION_DAYS)


@dataclass(frozen=True)
class Overdue:
    """Past its deadline and still not done: the deadline and how many days have passed since."""

    due: date
    days_late: int

    @property
    def text(self) -> str:
        """«просрочено на 5 дней (срок был 01.03.2026)»."""
        return f"просрочено на {DAY.count(self.days_late)} (срок был {format_date(self.due)})"


def _late(due: date | None, today: date, closed: bool) -> Overdue | None:
    """Overdue once the deadline has passed (as a measure's report is: the day after its deadline); a closed case
    asks nothing more of anybody, so what it left pending is never overdue."""
    if closed or due is None or today <= due:
        return None
    return Overdue(due, (today - due).days)


def service_overdue(status: str, due_on: date | None, today: date, *, closed: bool = False) -> Overdue | None:
    """A service of an open case still planned or in progress after its due date."""
    if _enum_value(ServiceStatus, status) not in OPEN_SERVICE:
        return None
    return _late(due_on, today, closed)


def referral_overdue(
    answer: str,
    sent_on: date,
    answer_due_on: date | None,
    today: date,
    calendar: ProductionCalendar | None = None,
    *,
    closed: bool = False,
) -> Overdue | None:
    """A referral of an open case still without an answer after its due date (ten working days after sending unless
    set)."""
    if answer != ReferralAnswer.PENDING.value:
        return None
    return _late(answer_due_on or default_answer_due(sent_on, calendar), today, closed)


def measure_overdue(decision: str, applied_on: date, today: date, *, closed: bool = False) -> Overdue | None:
    """A measure of an open case applied for and still undecided more than thirty days later."""
    if decision != MeasureDecision.PENDING.value:
        return None
    return _late(measure_decision_due(applied_on), today, closed)
