"""Reporting deadlines of a period: the n-th working day after it, or a fixed date for the year.

Seed 002 (Плесецкий МО): executors report by the 3rd working day after the half-year (by 20 January
for the year), the coordinating institution summarises by the 6th (1 February), the administration
sends it to the ministry by the 10th (10 February).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop_app.domain.periods import Period
from desktop_app.domain.workdays import ProductionCalendar, russian_calendar


@dataclass(frozen=True)
class DeadlineRule:
    """One stage of the reporting procedure."""

    label: str
    working_days_after: int
    # (month, day) of the next year used instead when the period ends the year; None: no special date.
    year_end_date: tuple[int, int] | None = None


PLESETSK_PROCEDURE: tuple[DeadlineRule, ...] = (
    DeadlineRule("Отчёты исполнителей", 3, (1, 20)),
    DeadlineRule("Сводный отчёт", 6, (2, 1)),
    DeadlineRule("Направление в министерство", 10, (2, 10)),
)


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
