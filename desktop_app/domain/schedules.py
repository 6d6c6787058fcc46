"""When a measure has to be carried out, read from its approved deadline text.

Plans write deadlines as prose: «Июль 2023 года», «Ежеквартально в течение 2023 года», «в течение
всего срока реализации Программы (не менее 5 в течение каждого года)», «до 25 декабря 2025 года, до
25 июня 2026 года». The text stays as approved; the schedule is what the app understands of it, so it
can tell which measures are due in a reporting period. A text that is not understood gives a schedule
marked unrecognised (treated as «throughout the program», so nothing due is ever missed) for the user
to correct.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from desktop_app.domain.periods import MONTHS_NOMINATIVE, Period, PeriodKind, format_date


class ScheduleKind(StrEnum):
    DATES = "dates"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    HALF_YEARLY = "half_yearly"
    YEARLY = "yearly"
    THROUGHOUT = "throughout"
    AS_NEEDED = "as_needed"

    @property
    def label(self) -> str:
        return SCHEDULE_KIND_LABELS[self]


SCHEDULE_KIND_LABELS = {
    ScheduleKind.DATES: "к сроку",
    ScheduleKind.MONTHLY: "ежемесячно",
    ScheduleKind.QUARTERLY: "ежеквартально",
    ScheduleKind.HALF_YEARLY: "раз в полгода",
    ScheduleKind.YEARLY: "ежегодно",
    ScheduleKind.THROUGHOUT: "в течение срока",
    ScheduleKind.AS_NEEDED: "по мере необходимости",
}

_FREQUENCY_PERIOD = {
    ScheduleKind.MONTHLY: PeriodKind.MONTH,
    ScheduleKind.QUARTERLY: PeriodKind.QUARTER,
    ScheduleKind.HALF_YEARLY: PeriodKind.HALF_YEAR,
    ScheduleKind.YEARLY: PeriodKind.YEAR,
}
COUNT_PERIOD_LABELS = {
    PeriodKind.MONTH: "в месяц",
    PeriodKind.QUARTER: "в квартал",
    PeriodKind.HALF_YEAR: "в полугодие",
    PeriodKind.YEAR: "в год",
}


@dataclass(frozen=True)
class Schedule:
    """What a measure's deadline means. ``start``/``end`` of None stand for the program's own span."""

    kind: ScheduleKind
    dates: tuple[date, ...] = ()
    start: date | None = None
    end: date | None = None
    min_count: int | None = None
    count_period: PeriodKind | None = None
    recognised: bool = True

    def window(self, program_start: date, program_end: date) -> tuple[date, date]:
        """The span the measure runs in, never beyond the program's own."""
        start = max(self.start, program_start) if self.start else program_start
        end = min(self.end, program_end) if self.end else program_end
        return start, end

    def is_due_in(self, period: Period, program_start: date, program_end: date) -> bool:
        """True when a report on the measure is expected for ``period``.

        One-off measures are due in the period holding their date; periodic ones in every period where
        one of their cycles ends (a yearly measure reported by half-year is due in the II half-year);
        continuous ones in every period they overlap; «по мере необходимости» is never required.
        A date before the program starts («июнь 2023» in a plan from July 2023) is due in the first
        period: the plan was approved late, the work is still owed, and otherwise it would never be due.
        """
        if self.kind is ScheduleKind.AS_NEEDED:
            return False
        if self.kind is ScheduleKind.DATES:
            return any(period.contains(max(day, program_start)) for day in self.dates)
        start, end = self.window(program_start, program_end)
        if end < period.start or start > period.end:
            return False
        frequency = _FREQUENCY_PERIOD.get(self.kind)
        if frequency is None:
            return True
        return any(period.contains(cycle_end) for cycle_end in _cycle_ends(frequency, start, end))

    def due_dates_in(self, period: Period) -> tuple[date, ...]:
        return tuple(day for day in self.dates if period.contains(day))

    @property
    def summary(self) -> str:
        """A short Russian description for tables: «ежеквартально, 01.01.2023–31.12.2023»."""
        if self.kind is ScheduleKind.DATES:
            text = "к сроку " + ", ".join(format_date(day) for day in self.dates)
        else:
            text = self.kind.label
            if self.start or self.end:
                text += f", {format_date(self.start) or '…'}–{format_date(self.end) or '…'}"
        if self.min_count:
            period_label = COUNT_PERIOD_LABELS[self.count_period] if self.count_period else "за период"
            text += f", не менее {self.min_count} {period_label}"
        if not self.recognised:
            text += " (срок не распознан, проверьте)"
        return text

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "dates": [day.isoformat() for day in self.dates],
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "min_count": self.min_count,
            "count_period": self.count_period.value if self.count_period else None,
            "recognised": self.recognised,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> Schedule:
        """The stored form back; an empty or damaged value reads as «throughout, unrecognised»."""
        if not data:
            return UNRECOGNISED
        try:
            return cls(
                kind=ScheduleKind(data["kind"]),
                dates=tuple(date.fromisoformat(day) for day in data.get("dates") or ()),
                start=date.fromisoformat(data["start"]) if data.get("start") else None,
                end=date.fromisoformat(data["end"]) if data.get("end") else None,
                min_count=int(data["min_count"]) if data.get("min_count") else None,
                count_period=PeriodKind(data["count_period"]) if data.get("count_period") else None,
                recognised=bool(data.get("recognised", True)),
            )
        except (KeyError, ValueError, TypeError):
            return UNRECOGNISED


UNRECOGNISED = Schedule(ScheduleKind.THROUGHOUT, recognised=False)


def _cycle_ends(frequency: PeriodKind, start: date, end: date) -> Iterator[date]:
    """The last day of every cycle of ``frequency`` within [start, end], the window's end closing the last."""
    cycle = Period.containing(start, frequency)
    while cycle.start <= end:
        yield min(cycle.end, end)
        cycle = cycle.next()


# ---------------------------------------------------------------------------------------------- parsing

_MONTH_STEMS = tuple(month[:3] for month in MONTHS_NOMINATIVE)  # янв, фев, мар … — both cases share them
_MONTH_WORD = r"(янв\w*|фев\w*|мар\w*|апр\w*|ма[йяю]\w*|июн\w*|июл\w*|авг\w*|сен\w*|окт\w*|ноя\w*|дек\w*)"
_FULL_DATE = re.compile(rf"(\d{{1,2}})\s+{_MONTH_WORD}\s+(\d{{4}})")
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b")
_MONTH_RANGE = re.compile(rf"{_MONTH_WORD}\s+(\d{{4}})?\s*(?:года|г\.)?\s*(?:[-–—]|по)\s*{_MONTH_WORD}\s+(\d{{4}})")
_DATE_RANGE = re.compile(
    r"(?:с\s+)?(\d{1,2})\.(\d{1,2})\.(\d{4})\s*(?:г\.?|года)?\s*(?:[-–—]|по)\s*(\d{1,2})\.(\d{1,2})\.(\d{4})"
)
_FROM_DATE = re.compile(r"(?:^|\s)с\s+(\d{1,2})\.(\d{1,2})\.(\d{4})")
_MONTH_YEAR = re.compile(rf"{_MONTH_WORD}\s+(\d{{4}})")
_QUARTERS = re.compile(r"\b([1-4]|iv|iii|ii|i)\s*(?:[-–—]\s*([1-4]|iv|iii|ii|i)\s*)?кварт\w*\s+(\d{4})")
_HALVES = re.compile(r"\b([12]|ii|i)\s*полугоди\w*\s+(\d{4})")
_DURING_YEAR = re.compile(r"в\s+течени[ие]\s+(\d{4})\s*(?:года|г\.?)")
_YEAR_RANGE = re.compile(r"\b(\d{4})\s*[-–—]\s*(\d{4})\s*(?:годы|годов|гг)")
_LONE_YEAR = re.compile(r"^\D*(\d{4})\s*(?:год|г\.?)\b")
# «в течение всего срока», «на постоянной основе», «весь период (реализации)»: the measure runs throughout.
_WHOLE_PROGRAM = re.compile(
    r"в\s+течени[ие]\s+(всего|срока|периода|реализации)|на\s+постоянной\s+основе|(?:^|\s)(?:весь|всего)\s+(?:период|срок)"
)
_MIN_COUNT = re.compile(
    r"не\s+(?:менее|реже)\s+(\d+|одн\w*|двух|трех|четыр\w*|пят\w*|шест\w*|десят\w*)\s*(?:раз\w*)?\s*"
    r"(?:в\s+течение\s+каждого\s+|в\s+|за\s+)?(месяц|квартал|полгода|полугоди\w*|год)"
)
_NUMBER_WORDS = {"одн": 1, "дву": 2, "тре": 3, "чет": 4, "пят": 5, "шес": 6, "дес": 10}
_ROMAN_NUMBERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_COUNT_PERIODS = {
    "месяц": PeriodKind.MONTH,
    "квартал": PeriodKind.QUARTER,
    "полгода": PeriodKind.HALF_YEAR,
    "год": PeriodKind.YEAR,
}
_FREQUENCY_WORDS = (
    (re.compile(r"ежемесячн|каждый\s+месяц|раз\s+в\s+месяц"), ScheduleKind.MONTHLY),
    (re.compile(r"ежекварт|раз\s+в\s+квартал"), ScheduleKind.QUARTERLY),
    (re.compile(r"раз\s+в\s+полгода|раз\s+в\s+полугодие|полугодов"), ScheduleKind.HALF_YEARLY),
    (re.compile(r"ежегодн|раз\s+в\s+год|каждый\s+год"), ScheduleKind.YEARLY),
)
_AS_NEEDED = re.compile(r"по\s+мере\s+необходимости|при\s+наличии\s+(запрос|необходимост|обращени)|по\s+запросу")


def parse_schedule(text: str) -> Schedule:
    """The schedule a deadline text describes; never raises — an unclear text gives ``recognised=False``."""
    normal = " ".join((text or "").lower().replace("ё", "е").split())
    if not normal:
        return UNRECOGNISED
    min_count, count_period = _min_count(normal)
    frequency = next((kind for pattern, kind in _FREQUENCY_WORDS if pattern.search(normal)), None)
    if frequency is None and min_count:
        frequency = ScheduleKind.THROUGHOUT
    start, end = _window(normal)
    if frequency is not None:
        if frequency is ScheduleKind.YEARLY and start is None and (single := _MONTH_YEAR.search(normal)):
            start = _month_start(single.group(1), single.group(2))  # «Октябрь 2023 года, далее ежегодно»
        return Schedule(frequency, start=start, end=end, min_count=min_count, count_period=count_period)
    if start is not None and (_DATE_RANGE.search(normal) or _FROM_DATE.search(normal)):
        return Schedule(ScheduleKind.THROUGHOUT, start=start, end=end)
    dates = _explicit_dates(normal)
    if dates:
        return Schedule(ScheduleKind.DATES, dates=dates)
    if _AS_NEEDED.search(normal):
        return Schedule(ScheduleKind.AS_NEEDED, start=start, end=end)
    if start or end or _WHOLE_PROGRAM.search(normal):
        return Schedule(ScheduleKind.THROUGHOUT, start=start, end=end)
    month_ends = tuple(sorted({_month_end(word, year) for word, year in _MONTH_YEAR.findall(normal)}))
    if month_ends:
        return Schedule(ScheduleKind.DATES, dates=month_ends)  # «декабрь 2025 года, июнь 2026 года»
    if period_end := _single_period_end(normal):
        return Schedule(ScheduleKind.DATES, dates=(period_end,))
    return UNRECOGNISED


def _min_count(normal: str) -> tuple[int | None, PeriodKind | None]:
    match = _MIN_COUNT.search(normal)
    if not match:
        return None, None
    amount, unit = match.groups()
    count = int(amount) if amount.isdigit() else _NUMBER_WORDS[amount[:3]]
    period = PeriodKind.HALF_YEAR if unit.startswith("полугод") else _COUNT_PERIODS[unit]
    return count, period


def _window(normal: str) -> tuple[date | None, date | None]:
    """An explicit span: «в течение 2023 года», «сентябрь 2025 года – май 2026 года», «III - IV кварталы 2023»."""
    if match := _DATE_RANGE.search(normal):
        day1, month1, year1, day2, month2, year2 = (int(part) for part in match.groups())
        if 1 <= month1 <= 12 and 1 <= month2 <= 12:
            return _safe_date(year1, month1, day1), _safe_date(year2, month2, day2)
    if (match := _FROM_DATE.search(normal)) and 1 <= int(match.group(2)) <= 12:
        return _safe_date(int(match.group(3)), int(match.group(2)), int(match.group(1))), None
    if match := _DURING_YEAR.search(normal):
        year = int(match.group(1))
        return date(year, 1, 1), date(year, 12, 31)
    if match := _MONTH_RANGE.search(normal):
        first_month, first_year, last_month, last_year = match.groups()
        return _month_start(first_month, first_year or last_year), _month_end(last_month, last_year)
    if (match := _QUARTERS.search(normal)) and match.group(2):
        year = int(match.group(3))
        first, last = _roman_or_digit(match.group(1)), _roman_or_digit(match.group(2))
        return Period(year, PeriodKind.QUARTER, first).start, Period(year, PeriodKind.QUARTER, last).end
    if match := _YEAR_RANGE.search(normal):
        return date(int(match.group(1)), 1, 1), date(int(match.group(2)), 12, 31)
    return None, None


def _explicit_dates(normal: str) -> tuple[date, ...]:
    found: list[date] = []
    for day, month, year in _FULL_DATE.findall(normal):
        found.append(_safe_date(int(year), _month_number(month), int(day)))
    for day, month, year in _NUMERIC_DATE.findall(normal):
        if 1 <= int(month) <= 12:
            found.append(_safe_date(int(year), int(month), int(day)))
    return tuple(sorted(set(found)))


def _single_period_end(normal: str) -> date | None:
    """«Июль 2023 года» → 31.07.2023, «1 квартал 2024 года» → 31.03.2024, «2023 год» → 31.12.2023."""
    if match := _QUARTERS.search(normal):
        return Period(int(match.group(3)), PeriodKind.QUARTER, _roman_or_digit(match.group(1))).end
    if match := _HALVES.search(normal):
        return Period(int(match.group(2)), PeriodKind.HALF_YEAR, _roman_or_digit(match.group(1))).end
    if match := _LONE_YEAR.search(normal):
        return date(int(match.group(1)), 12, 31)
    return None


def _month_number(word: str) -> int:
    if word.startswith("ма") and not word.startswith("мар"):
        return 5  # май, мая, маю — but март, марта are March
    return _MONTH_STEMS.index(word[:3]) + 1


def _month_start(word: str, year: str) -> date:
    return date(int(year), _month_number(word), 1)


def _month_end(word: str, year: str) -> date:
    month = _month_number(word)
    return date(int(year), month, calendar.monthrange(int(year), month)[1])


def _safe_date(year: int, month: int, day: int) -> date:
    return date(year, month, min(max(day, 1), calendar.monthrange(year, month)[1]))


def _roman_or_digit(token: str) -> int:
    return int(token) if token.isdigit() else _ROMAN_NUMBERS[token]
