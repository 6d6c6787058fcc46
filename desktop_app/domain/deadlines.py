"""Reporting deadlines of a period: the n-th working day after it, or a fixed date for the year.

Seed 002 (Плесецкий МО): executors report by the 3rd working day after the half-year (by 20 January
for the year), the coordinating institution summarises by the 6th (1 February), the administration
sends it to the ministry by the 10th (10 February): the whole chain is domain/reporting_chain.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop_app.domain.errors import ValidationError
from desktop_app.domain.periods import Period, PeriodKind
from desktop_app.domain.workdays import ProductionCalendar, russian_calendar


@dataclass(frozen=True)
class DeadlineRule:
    """One stage of the reporting procedure."""

    label: str
    working_days_after: int
    # (month, day) of the next year used instead when the period ends the year; None: no special date.
    year_end_date: tuple[int, int] | None = None


def deadline(period: Period, rule: DeadlineRule, calendar: ProductionCalendar | None = None) -> date:
    """The last day to meet ``rule`` for ``period``, counted in Russian working days."""
    calendar = calendar or russian_calendar()
    if rule.year_end_date is not None and period.end.month == 12 and period.end.day == 31:
        month, day = rule.year_end_date
        return calendar.working_day_on_or_after(date(period.end.year + 1, month, day))
    return calendar.nth_working_day_after(period.end, rule.working_days_after)


def is_overdue(period: Period, rule: DeadlineRule, today: date, calendar: ProductionCalendar | None = None) -> bool:
    """True once the whole deadline day has passed."""
    return today > deadline(period, rule, calendar)


WORKING_DAYS_LIMIT = 60


@dataclass(frozen=True)
class ReportingProcedure:
    """How often a program's executors report and by which working day after the period."""

    period_kind: PeriodKind = PeriodKind.HALF_YEAR
    working_days_after: int = 3
    year_end_date: tuple[int, int] | None = None

    @property
    def executor_rule(self) -> DeadlineRule:
        return DeadlineRule("Отчёты исполнителей", self.working_days_after, self.year_end_date)

    def deadline(self, period: Period, calendar: ProductionCalendar | None = None) -> date:
        return deadline(period, self.executor_rule, calendar)

    def periods(self, start: date, end: date) -> list[Period]:
        """The reporting periods of a program running from ``start`` to ``end``, in order."""
        found, current = [], Period.containing(start, self.period_kind)
        while current.start <= end:
            found.append(current)
            current = current.next()
        return found

    @property
    def summary(self) -> str:
        """«полугодие; отчёт до 3-го рабочего дня (за год — до 20.01)»."""
        text = f"{self.period_kind.label}; отчёт до {self.working_days_after}-го рабочего дня"
        if self.year_end_date:
            month, day = self.year_end_date
            text += f" (за год — до {day:02d}.{month:02d})"
        return text

    def year_end_code(self) -> str:
        """The stored form of ``year_end_date``: «01-20», or empty."""
        return f"{self.year_end_date[0]:02d}-{self.year_end_date[1]:02d}" if self.year_end_date else ""

    @classmethod
    def from_stored(cls, period_kind: str, working_days_after: int, year_end_code: str) -> ReportingProcedure:
        """Read back what a program row keeps; unknown or damaged values fall back to the defaults."""
        try:
            kind = PeriodKind(period_kind)
        except ValueError:
            kind = PeriodKind.HALF_YEAR
        days = max(1, min(int(working_days_after or 3), WORKING_DAYS_LIMIT))
        return cls(kind, days, parse_month_day(year_end_code))

    @classmethod
    def from_user(cls, period_kind: str, working_days_after: int, year_end_text: str) -> ReportingProcedure:
        """What a user typed («полугодие», 3, «20.01» or empty); wrong values raise ValidationError."""
        errors: dict[str, str] = {}
        try:
            kind = PeriodKind(period_kind)
        except ValueError:
            kind = PeriodKind.HALF_YEAR
            errors["period"] = "Выберите периодичность: месяц, квартал, полугодие или год."
        if not 1 <= working_days_after <= WORKING_DAYS_LIMIT:
            errors["working_days_after"] = f"Рабочий день после периода — от 1 до {WORKING_DAYS_LIMIT}."
        year_end = parse_day_month(year_end_text)
        if year_end_text.strip() and year_end is None:
            errors["year_end_date"] = "Дата за год — день и месяц следующего года, например 20.01."
        if errors:
            raise ValidationError("Порядок отчётности не сохранён: исправьте отмеченные поля.", errors)
        return cls(kind, working_days_after, year_end)

    def year_end_text(self) -> str:
        """«20.01», or empty: how the date for the year is shown and typed."""
        return f"{self.year_end_date[1]:02d}.{self.year_end_date[0]:02d}" if self.year_end_date else ""


def parse_day_month(text: str) -> tuple[int, int] | None:
    """«20.01» (day.month, as people write it) or «01-20» (month-day, as stored) → (1, 20); else None."""
    text = text.strip()
    if "." in text:
        parts = text.split(".")
        return parse_month_day(f"{parts[1]}-{parts[0]}") if len(parts) == 2 else None
    return parse_month_day(text)


def parse_month_day(code: str) -> tuple[int, int] | None:
    """«01-20» → (1, 20); anything else → None."""
    parts = (code or "").split("-")
    if len(parts) != 2 or not all(part.isdigit() for part in parts):
        return None
    month, day = int(parts[0]), int(parts[1])
    try:
        date(2024, month, day)  # a leap year accepts every real month-day
    except ValueError:
        return None
    return month, day
