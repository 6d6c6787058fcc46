"""Russian working days: weekends, public holidays and the government's transfers of days off.

The calendar comes from the maintained ``holidays`` package (country RU), which carries each year's
transfers (e.g. Saturday 01.11.2025 worked, Monday 03.11.2025 off). Keep the package current: a year
whose transfers were decreed after the installed release is computed with holidays only.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache


class ProductionCalendar:
    """Answers «is this a working day» and counts working days the way Russian deadlines are counted."""

    def __init__(self) -> None:
        import holidays  # ~40 ms of imports, loaded when a deadline is first computed

        self._days = holidays.country_holidays("RU", language="ru")

    def is_working_day(self, day: date) -> bool:
        return bool(self._days.is_working_day(day))

    def holiday_name(self, day: date) -> str | None:
        """The name of the holiday or transferred day off, or None for an ordinary day."""
        name = self._days.get(day)
        return str(name) if name else None

    def nth_working_day_after(self, day: date, n: int) -> date:
        """The n-th working day strictly after ``day`` («не позднее 3 рабочего дня, следующего за …»)."""
        if n < 1:
            raise ValueError("n must be at least 1")
        current, found = day, 0
        while found < n:
            current += timedelta(days=1)
            if self.is_working_day(current):
                found += 1
        return current

    def working_day_on_or_after(self, day: date) -> date:
        """A deadline that falls on a day off moves to the next working day (ст. 193 ГК РФ)."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in the closed interval [start, end]; 0 when end is before start."""
        count, day = 0, start
        while day <= end:
            count += self.is_working_day(day)
            day += timedelta(days=1)
        return count


@lru_cache(maxsize=1)
def russian_calendar() -> ProductionCalendar:
    return ProductionCalendar()
