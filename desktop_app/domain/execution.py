"""Execution of measures: report statuses, and whether a measure is due or overdue in a period."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from desktop_app.domain.deadlines import ReportingProcedure
from desktop_app.domain.errors import ValidationError
from desktop_app.domain.numbers import parse_number
from desktop_app.domain.periods import Period, format_date
from desktop_app.domain.schedules import Schedule
from desktop_app.domain.workdays import ProductionCalendar


class ReportStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    PARTIALLY_DONE = "partially_done"
    NOT_DONE = "not_done"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return REPORT_STATUS_LABELS[self]

    @classmethod
    def read(cls, value: str) -> ReportStatus:
        """The stored status; an unknown value (a newer program's) reads as «не начато»."""
        try:
            return cls(value)
        except ValueError:
            return cls.NOT_STARTED

    @property
    def needs_description(self) -> bool:
        """A measure reported as (partly) done must say what was done; one not done must say why."""
        return self in (ReportStatus.DONE, ReportStatus.PARTIALLY_DONE, ReportStatus.NOT_DONE)


REPORT_STATUS_LABELS = {
    ReportStatus.NOT_STARTED: "не начато",
    ReportStatus.IN_PROGRESS: "в работе",
    ReportStatus.DONE: "выполнено",
    ReportStatus.PARTIALLY_DONE: "выполнено частично",
    ReportStatus.NOT_DONE: "не выполнено",
    ReportStatus.CANCELLED: "отменено",
}

DOCUMENT_KINDS = (
    "постановление",
    "распоряжение",
    "приказ",
    "протокол",
    "соглашение",
    "положение",
    "акт",
    "отчёт",
    "информация",
    "иной документ",
)

TEXT_LIMIT = 20_000  # characters in «что сделано» and notes: several printed pages
QUANTITY_LIMIT = 1e9
# «12 случаев»: a number, then what was counted; «1 234» may be grouped by a normal, no-break or narrow space
_NUMBER_THEN_WORDS = re.compile(r"^\s*(\d[\d \u00a0\u202f]*(?:[.,]\d+)?)\s*([^\d\s].*)$")


def document_reference(number: str, doc_date: date | None) -> str:
    """«№ 12 от 03.03.2026», or the part that is known."""
    parts = [f"№ {number}" if number else "", f"от {format_date(doc_date)}" if doc_date else ""]
    return " ".join(part for part in parts if part)


@dataclass(frozen=True)
class ReportInput:
    """What a specialist enters for one measure and period."""

    status: str
    done_text: str = ""
    quantity: float | None = None
    notes: str = ""

    def checked(self) -> ReportInput:
        """The input with spaces trimmed, or ValidationError naming each wrong field."""
        errors: dict[str, str] = {}
        try:
            status = ReportStatus(self.status)
        except ValueError:
            errors["status"] = "Выберите статус исполнения."
            status = None
        done_text, notes = self.done_text.strip(), self.notes.strip()
        if status is not None and status.needs_description and not done_text:
            errors["done_text"] = (
                "Опишите, почему мероприятие не выполнено."
                if status is ReportStatus.NOT_DONE
                else "Опишите, что сделано: без этого отчёт не принимается."
            )
        if len(done_text) > TEXT_LIMIT:
            errors["done_text"] = f"Слишком длинный текст: не более {TEXT_LIMIT:,} знаков.".replace(",", " ")
        if len(notes) > TEXT_LIMIT:
            errors["notes"] = f"Слишком длинный текст: не более {TEXT_LIMIT:,} знаков.".replace(",", " ")
        if self.quantity is not None and not 0 <= self.quantity <= QUANTITY_LIMIT:
            errors["quantity"] = (
                "Количество не может быть отрицательным." if self.quantity < 0 else "Слишком большое число."
            )
        if errors:
            raise ValidationError("Отчёт не сохранён: исправьте отмеченные поля.", errors)
        return ReportInput(self.status, done_text, self.quantity, notes)


def read_quantity(text: str) -> tuple[float | None, str]:
    """(the number, "") or (None, what is wrong). «12 случаев» names what was counted, which belongs in
    «Что сделано»: the message says so instead of only «введите число»."""
    try:
        return parse_number(text), ""
    except ValueError:
        pass
    number_then_words = _NUMBER_THEN_WORDS.match(text)
    if number_then_words:
        number, words = number_then_words.group(1).strip(), number_then_words.group(2).strip()
        return None, f"Здесь только число ({number}); «{words}» напишите в поле «Что сделано»."
    return None, "Введите число, например 12 или 1 234,5."


@dataclass(frozen=True)
class PeriodState:
    """Where one measure stands in one reporting period."""

    period: Period
    due: bool
    deadline: date
    reported: bool
    overdue: bool


def period_state(
    schedule: Schedule,
    program_span: tuple[date, date],
    procedure: ReportingProcedure,
    period: Period,
    reported: bool,
    today: date,
    calendar: ProductionCalendar | None = None,
) -> PeriodState:
    """Due when the schedule asks for the period; overdue once its deadline has passed with no report."""
    due = schedule.is_due_in(period, *program_span)
    deadline = procedure.deadline(period, calendar)
    return PeriodState(period, due, deadline, reported, due and not reported and today > deadline)
