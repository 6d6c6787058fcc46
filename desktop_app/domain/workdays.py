"""Russian working days: weekends, public holidays and the government's transfers of days off.

The calendar comes from the maintained ``holidays`` package (country RU), which carries each year's
transfers (e.g. Saturday 01.11.2025 worked, Monday 03.11.2025 off). Keep the package current: a year
whose transfers were decreed after the installed release is computed with holidays only.

The package is read one year at a time (``CalendarYear``: the days off and the names of holidays), through a
``YearSource``: by default computed from the package itself (``computed_years``; importing it loads every
country, a few hundred milliseconds), at start-up the program installs core/calendar_cache.py, which keeps the
years computed before in the user's cache folder, keyed by the package's version.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import MAXYEAR, MINYEAR, date, timedelta
from functools import lru_cache

COUNTRY = "RU"
LANGUAGE = "ru"
SPAN = 2  # a year missing from the calendar is read with this many years either side: one reading, not five


@dataclass(frozen=True)
class CalendarYear:
    """One year as the holidays package answers for it: the days not worked (weekends, holidays and transferred
    days off, minus the weekends worked instead) and the names of its holidays and transferred days off."""

    days_off: frozenset[date]
    names: Mapping[date, str]


# Returns at least the year asked for (it may return more: its neighbours, read at the same time).
YearSource = Callable[[int], Mapping[int, CalendarYear]]


def computed_years(years: Iterable[int]) -> dict[int, CalendarYear]:
    """The years asked for, from the holidays package: what its own calendar answers for every day of them."""
    import holidays  # every country is imported with it: a few hundred milliseconds, once

    wanted = sorted(set(years))
    if not wanted:
        return {}
    # the neighbours are read too, so that a holiday one year's rules put into the next is not missed
    neighbours = range(max(MINYEAR, wanted[0] - 1), min(MAXYEAR, wanted[-1] + 1) + 1)
    days = holidays.country_holidays(COUNTRY, years=neighbours, language=LANGUAGE)
    result: dict[int, CalendarYear] = {}
    for year in wanted:
        first, count = date(year, 1, 1), (date(year, 12, 31) - date(year, 1, 1)).days + 1
        every_day = [first + timedelta(days=n) for n in range(count)]
        result[year] = CalendarYear(
            days_off=frozenset(day for day in every_day if not days.is_working_day(day)),
            names={day: str(days[day]) for day in every_day if day in days and days[day]},
        )
    return result


def years_around(year: int) -> dict[int, CalendarYear]:
    """The default ``YearSource``: ``year`` and ``SPAN`` years either side, computed from the package."""
    return computed_years(span_around(year))


def span_around(year: int) -> range:
    """``year`` and ``SPAN`` years either side, within the years a date can have (a mistyped 01.01.0002 is
    still a date, and the answer for it must not fail)."""
    return range(max(MINYEAR, year - SPAN), min(MAXYEAR, year + SPAN) + 1)


class ProductionCalendar:
    """Answers «is this a working day» and counts working days the way Russian deadlines are counted."""

    def __init__(self, source: YearSource | None = None) -> None:
        self._source = source or years_around
        self._years: dict[int, CalendarYear] = {}
        self._lock = threading.Lock()  # the GUI thread and the worker may ask for a new year at once

    def _year(self, year: int) -> CalendarYear:
        found = self._years.get(year)
        if found is None:
            with self._lock:
                if year not in self._years:
                    self._years.update(self._source(year))
                found = self._years[year]
        return found

    def prepare(self, day: date) -> None:
        """Reads ``day``'s year now (from the cache or the package), not at the first question about it: a start
        does it while it waits for something else."""
        self._year(day.year)

    def is_working_day(self, day: date) -> bool:
        return day not in self._year(day.year).days_off

    def holiday_name(self, day: date) -> str | None:
        """The name of the holiday or transferred day off, or None for an ordinary day."""
        return self._year(day.year).names.get(day)

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


_source: YearSource | None = None


def use_year_source(source: YearSource | None) -> None:
    """Where ``russian_calendar`` reads its years from from now on (None: the package itself)."""
    global _source
    _source = source
    russian_calendar.cache_clear()


@lru_cache(maxsize=1)
def russian_calendar() -> ProductionCalendar:
    return ProductionCalendar(_source)
