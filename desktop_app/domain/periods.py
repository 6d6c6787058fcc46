"""Reporting periods: month, quarter, half-year and year, with their Russian names and CLI codes.

Codes on the command line and in files: ``2025-07`` (month), ``2025-Q3`` (quarter), ``2025-H2``
(half-year), ``2025`` (year).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from desktop_app.domain.errors import ValidationError


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    HALF_YEAR = "half_year"
    YEAR = "year"

    @property
    def months(self) -> int:
        return _KIND_MONTHS[self]

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


_KIND_MONTHS = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.HALF_YEAR: 6, PeriodKind.YEAR: 12}
_KIND_LABELS = {
    PeriodKind.MONTH: "месяц",
    PeriodKind.QUARTER: "квартал",
    PeriodKind.HALF_YEAR: "полугодие",
    PeriodKind.YEAR: "год",
}
_ROMAN = ("I", "II", "III", "IV")
MONTHS_NOMINATIVE = (
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
)
MONTHS_GENITIVE = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)
_CODE = re.compile(r"^\s*(\d{4})(?:-(?:(\d{1,2})|[Qq](\d)|[Hh](\d)))?\s*$")


@dataclass(frozen=True, order=True)
class Period:
    """One reporting period; ``index`` is 1-based within the year (month 1–12, quarter 1–4, half 1–2)."""

    year: int
    kind: PeriodKind
    index: int = 1

    def __post_init__(self) -> None:
        count = 12 // self.kind.months
        if not 1 <= self.index <= count:
            raise ValidationError(f"Номер периода {self.index} вне допустимых 1–{count}.")
        if not 1900 <= self.year <= 2200:
            raise ValidationError(f"Год {self.year} вне допустимого диапазона.")

    @classmethod
    def parse(cls, code: str) -> Period:
        """Read ``2025-07``, ``2025-Q3``, ``2025-H2`` or ``2025``; raise ValidationError otherwise."""
        match = _CODE.match(code or "")
        if not match:
            raise ValidationError(
                f"Не удалось распознать период «{code}»: ожидается 2025-07, 2025-Q3, 2025-H2 или 2025."
            )
        year = int(match.group(1))
        month, quarter, half = match.group(2), match.group(3), match.group(4)
        if month is not None:
            return cls(year, PeriodKind.MONTH, int(month))
        if quarter is not None:
            return cls(year, PeriodKind.QUARTER, int(quarter))
        if half is not None:
            return cls(year, PeriodKind.HALF_YEAR, int(half))
        return cls(year, PeriodKind.YEAR, 1)

    @classmethod
    def containing(cls, day: date, kind: PeriodKind) -> Period:
        """The period of ``kind`` that includes ``day``."""
        return cls(day.year, kind, (day.month - 1) // kind.months + 1)

    @property
    def code(self) -> str:
        if self.kind is PeriodKind.MONTH:
            return f"{self.year}-{self.index:02d}"
        if self.kind is PeriodKind.QUARTER:
            return f"{self.year}-Q{self.index}"
        if self.kind is PeriodKind.HALF_YEAR:
            return f"{self.year}-H{self.index}"
        return str(self.year)

    @property
    def start(self) -> date:
        return date(self.year, (self.index - 1) * self.kind.months + 1, 1)

    @property
    def end(self) -> date:
        """Last day of the period, inclusive."""
        last_month = self.index * self.kind.months
        return date(self.year, last_month, calendar.monthrange(self.year, last_month)[1])

    def next(self) -> Period:
        count = 12 // self.kind.months
        if self.index == count:
            return Period(self.year + 1, self.kind, 1)
        return Period(self.year, self.kind, self.index + 1)

    def previous(self) -> Period:
        if self.index == 1:
            return Period(self.year - 1, self.kind, 12 // self.kind.months)
        return Period(self.year, self.kind, self.index - 1)

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def label(self) -> str:
        """The Russian name as printed on forms: «I полугодие 2025 г.», «III квартал 2025 г.», «июль 2025 г.»."""
        if self.kind is PeriodKind.MONTH:
            return f"{MONTHS_NOMINATIVE[self.index - 1]} {self.year} г."
        if self.kind is PeriodKind.QUARTER:
            return f"{_ROMAN[self.index - 1]} квартал {self.year} г."
        if self.kind is PeriodKind.HALF_YEAR:
            return f"{_ROMAN[self.index - 1]} полугодие {self.year} г."
        return f"{self.year} год"

    def __str__(self) -> str:
        return self.label


def format_date(day: date | None) -> str:
    """dd.MM.yyyy, the way every Russian form writes a date; empty for None."""
    return day.strftime("%d.%m.%Y") if day else ""


def format_moment(moment: datetime | None) -> str:
    """dd.MM.yyyy ЧЧ:ММ in local time; empty for None."""
    return moment.astimezone().strftime("%d.%m.%Y %H:%M") if moment else ""


def format_date_long(day: date) -> str:
    """«25» июля 2023 г., as in approving acts."""
    return f"«{day.day:02d}» {MONTHS_GENITIVE[day.month - 1]} {day.year} г."


def parse_date(text: str) -> date:
    """Read dd.MM.yyyy (or ISO yyyy-mm-dd); raise ValidationError with the expected form otherwise."""
    value = (text or "").strip()
    match = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", value)
    try:
        if match:
            return date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        return date.fromisoformat(value)
    except ValueError:
        pass
    raise ValidationError(f"Дата «{value}» не распознана: введите её как дд.мм.гггг, например 25.07.2023.")
