"""Russian working days for the dates the scenario touches, counted here from a hand-written list of the
2026 production calendar (Постановление Правительства РФ о переносе выходных дней в 2026 году), so the
deadlines the program computes are checked against an independent count."""

from __future__ import annotations

from datetime import date, timedelta

HOLIDAYS_2026 = frozenset(
    {
        *(date(2026, 1, day) for day in range(1, 12)),  # новогодние каникулы and Рождество, 1–11 January
        date(2026, 2, 23),  # День защитника Отечества
        date(2026, 3, 9),  # 8 March falls on a Sunday: moved to Monday
        date(2026, 5, 1),  # Праздник Весны и Труда
        date(2026, 5, 11),  # 9 May falls on a Saturday: moved to Monday
        date(2026, 6, 12),  # День России
        date(2026, 11, 4),  # День народного единства
        date(2026, 12, 31),  # moved from Saturday 3 January
    }
)


def is_working_day(day: date) -> bool:
    assert day.year == 2026, "the hand-written calendar covers 2026 only"
    return day.weekday() < 5 and day not in HOLIDAYS_2026


def nth_working_day_after(day: date, n: int) -> date:
    """The n-th working day after ``day`` (the day itself not counted)."""
    found = 0
    while found < n:
        day += timedelta(days=1)
        found += is_working_day(day)
    return day
