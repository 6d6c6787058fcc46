"""Working days and reporting deadlines against the official production calendar, transfers included."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.domain.deadlines import DeadlineRule, deadline, is_overdue
from desktop_app.domain.periods import Period
from desktop_app.domain.reporting_chain import SEED_002_CHAIN
from desktop_app.domain.workdays import russian_calendar

calendar = russian_calendar()
EXECUTORS, SUMMARY, MINISTRY = (step.rule for step in SEED_002_CHAIN if step.rule is not None)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2025, 11, 1), True),  # Saturday worked: day off moved to Monday 03.11.2025
        (date(2025, 11, 3), False),
        (date(2025, 11, 4), False),  # День народного единства
        (date(2025, 5, 2), False),  # transferred from 04.01.2025
        (date(2025, 5, 8), False),  # transferred from 23.02.2025
        (date(2025, 12, 31), False),  # transferred from 05.01.2025
        (date(2026, 1, 9), False),  # transferred from 03.01.2026
        (date(2026, 1, 12), True),
        (date(2026, 3, 9), False),  # 8 March fell on a Sunday
        (date(2025, 7, 1), True),
        (date(2025, 7, 5), False),  # an ordinary Saturday
    ],
)
def test_production_calendar_knows_holidays_and_transfers(day: date, working: bool) -> None:
    assert calendar.is_working_day(day) is working


def test_transferred_day_off_is_named() -> None:
    assert calendar.holiday_name(date(2025, 11, 3)) == "Выходной (перенесено с 01.11.2025)"
    assert calendar.holiday_name(date(2025, 7, 1)) is None


def test_counting_working_days_skips_a_transfer_and_uses_a_worked_saturday() -> None:
    assert calendar.nth_working_day_after(date(2025, 10, 31), 1) == date(2025, 11, 1)
    assert calendar.nth_working_day_after(date(2025, 10, 31), 2) == date(2025, 11, 5)
    assert calendar.working_days_between(date(2025, 11, 1), date(2025, 11, 7)) == 4


def test_half_year_deadlines_of_seed_002() -> None:
    first_half = Period.parse("2025-H1")
    assert deadline(first_half, EXECUTORS) == date(2025, 7, 3)
    assert deadline(first_half, SUMMARY) == date(2025, 7, 8)
    assert deadline(first_half, MINISTRY) == date(2025, 7, 14)


def test_year_deadlines_are_fixed_dates_moved_off_weekends() -> None:
    second_half = Period.parse("2025-H2")
    assert deadline(second_half, EXECUTORS) == date(2026, 1, 20)
    assert deadline(second_half, SUMMARY) == date(2026, 2, 2)  # 1 February 2026 is a Sunday
    assert deadline(second_half, MINISTRY) == date(2026, 2, 10)


def test_monthly_deadline_waits_out_the_new_year_holidays() -> None:
    third_working_day = DeadlineRule("Ежемесячный отчёт", 3)
    assert deadline(Period.parse("2025-12"), third_working_day) == date(2026, 1, 14)


def test_overdue_only_after_the_deadline_day() -> None:
    first_half = Period.parse("2025-H1")
    assert not is_overdue(first_half, EXECUTORS, date(2025, 7, 3))
    assert is_overdue(first_half, EXECUTORS, date(2025, 7, 4))


def test_a_programs_reporting_procedure_counts_working_days_across_the_new_year_holidays() -> None:
    from desktop_app.domain.deadlines import ReportingProcedure
    from desktop_app.domain.periods import PeriodKind

    monthly = ReportingProcedure(PeriodKind.MONTH, 3)
    # 31.12.2025 and 01–11.01.2026 are days off (09.01 transferred from 03.01): the 3rd working day is 14.01.
    assert monthly.deadline(Period.parse("2025-12")) == date(2026, 1, 14)
    plesetsk = ReportingProcedure.from_stored("half_year", 3, "01-20")
    assert plesetsk.deadline(Period.parse("2026-H1")) == date(2026, 7, 3)
    assert plesetsk.deadline(Period.parse("2026-H2")) == date(2027, 1, 20)
    assert [p.code for p in plesetsk.periods(date(2025, 7, 1), date(2026, 12, 31))] == ["2025-H2", "2026-H1", "2026-H2"]
    assert plesetsk.summary == "полугодие; отчёт до 3-го рабочего дня (за год — до 20.01)"
    assert ReportingProcedure.from_stored("fortnight", 0, "13-40") == ReportingProcedure(PeriodKind.HALF_YEAR, 3, None)


def test_a_reporting_procedure_typed_by_a_user_is_checked_field_by_field() -> None:
    from desktop_app.domain.deadlines import ReportingProcedure
    from desktop_app.domain.errors import ValidationError
    from desktop_app.domain.periods import PeriodKind

    typed = ReportingProcedure.from_user("quarter", 5, "25.01")
    assert typed == ReportingProcedure(PeriodKind.QUARTER, 5, (1, 25))
    assert typed.year_end_text() == "25.01" and typed.year_end_code() == "01-25"
    assert ReportingProcedure.from_user("year", 10, " ").year_end_date is None
    with pytest.raises(ValidationError) as caught:
        ReportingProcedure.from_user("fortnight", 0, "31.02")
    assert set(caught.value.field_errors) == {"period", "working_days_after", "year_end_date"}
    assert "20.01" in caught.value.field_errors["year_end_date"]
