"""Recognising the text around the tables: the plan's title and period, section headings, «Цель:»,
«Задачи:», «Стратегическая цель:», «Сокращения:» and block numbers.

Plain functions on one line of text each, so a heading is recognised the same way whether it is a
paragraph between tables or a merged row spanning a table.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from enum import StrEnum

from desktop_app.domain.text import collapse_spaces


class Label(StrEnum):
    GOAL = "goal"
    TASKS = "tasks"
    STRATEGIC_GOAL = "strategic_goal"
    PERIOD = "period"
    ABBREVIATIONS = "abbreviations"
    KEY_INDICATORS = "key_indicators"


_SECTION = re.compile(
    r"^(?:раздел|подпроект|подраздел)\s+(?:№\s*)?([0-9]+(?:\.[0-9]+)*\.?|[IVXLCІХ]+\.?)(?=[\s.:–—-]|$)[\s.:–—-]*(.*)$",
    re.IGNORECASE | re.DOTALL,
)
# «1.1. Подпроект Временные ресурсные семьи»: a subproject inside section 1, numbered under it.
_SUBSECTION = re.compile(r"^([0-9]+(?:\.[0-9]+)+\.?)\s+((?:подпроект|подраздел)\b.*)$", re.IGNORECASE | re.DOTALL)
_LABELS = (
    (
        Label.KEY_INDICATORS,
        re.compile(
            r"^(?:ключевые\s+(?:целевые\s+)?|целевые\s+)показатели(?:\s+[^:]{0,60})?:\s*(.*)$",
            re.IGNORECASE | re.DOTALL,
        ),
    ),
    (Label.STRATEGIC_GOAL, re.compile(r"^стратегическая\s+цель[^:]{0,40}:\s*(.*)$", re.IGNORECASE | re.DOTALL)),
    (Label.GOAL, re.compile(r"^цел[ьи](?:\s+(?:раздела|подпроекта|проекта))?\s*:\s*(.*)$", re.IGNORECASE | re.DOTALL)),
    (
        Label.TASKS,
        re.compile(r"^задач[аи](?:\s+(?:раздела|подпроекта|проекта))?\s*(?::\s*(.*))?$", re.IGNORECASE | re.DOTALL),
    ),
    (
        Label.PERIOD,
        re.compile(r"^сроки?\s+(?:реализации|исполнения|действия)[^:]{0,40}:\s*(.*)$", re.IGNORECASE | re.DOTALL),
    ),
    (
        Label.ABBREVIATIONS,
        re.compile(r"^(?:список\s+|используемые\s+|принятые\s+)?сокращени[яй]\s*:?\s*(.*)$", re.IGNORECASE | re.DOTALL),
    ),
)
_TITLE_START = re.compile(
    r"^(?:комплексный\s+(?:межведомственный\s+)?план|дорожная\s+карта|«дорожная\s+карта»|план\s+мероприятий|"
    r"межведомственный\s+план|региональный\s+план|(?:муниципальная|региональная|государственная)\s+программа|"
    r"программа\s+(?:по|мероприятий|профилактики))\b",
    re.IGNORECASE,
)
# Cyrillic look-alikes that Word documents put into Roman numerals («ІІ», «Х»); not «С»: it is a word.
_ROMAN_LOOKALIKES = str.maketrans({"І": "I", "Х": "X"})
_ROMAN_NUMBER = re.compile(r"^([IVXLC]+)(\.?)(?:\s+(.*))?$", re.DOTALL)
_ABBREVIATION = re.compile(r"^(.{1,80}?)\s+[–—-]\s+(.+?)[,;.]?$", re.DOTALL)

_MONTHS = {
    "янв": 1,
    "фев": 2,
    "мар": 3,
    "апр": 4,
    "май": 5,
    "мая": 5,
    "июн": 6,
    "июл": 7,
    "авг": 8,
    "сен": 9,
    "окт": 10,
    "ноя": 11,
    "дек": 12,
}
_MONTH = (
    r"(январ[ья]|феврал[ья]|марта?|апрел[ья]|ма[йя]|июн[ья]|июл[ья]|август[а]?|сентябр[ья]|октябр[ья]|"
    r"ноябр[ья]|декабр[ья])"
)
_DASH = r"\s*(?:[-–—]|по|до)\s*"
_MONTH_RANGE = re.compile(rf"{_MONTH}\s+(\d{{4}})\s*(?:г\.|г|года?)?{_DASH}{_MONTH}\s+(\d{{4}})", re.IGNORECASE)
_DATE_RANGE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})\s*(?:г\.|года)?" + _DASH + r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_YEAR_RANGE = re.compile(r"(?<!\d)(20\d\d)\s*[-–—]\s*(20\d\d)(?!\d)")
_ONE_YEAR = re.compile(r"\bна\s+(20\d\d)\s+год\b", re.IGNORECASE)


def section_heading(text: str) -> tuple[str, str] | None:
    """(number, title) of «Раздел 1. Подпроект «Служба …»» or «1.1. Подпроект …», else None.

    A numbered subproject becomes a section of its own (the registry has no deeper level): filing it
    under the block before it would lose its goal and mix its measures with the block's.
    """
    match = _SECTION.match(text.strip())
    if match is not None:
        return match.group(1), collapse_spaces(match.group(2))
    match = _SUBSECTION.match(text.strip())
    if match is not None:
        return match.group(1), collapse_spaces(match.group(2)).rstrip(".")
    return None


def label(text: str) -> tuple[Label, str] | None:
    """A labelled line such as «Цель: …» or «Задачи:» with the text after the colon."""
    stripped = text.strip()
    for kind, pattern in _LABELS:
        match = pattern.match(stripped)
        if match:
            return kind, (match.group(1) or "").strip()
    return None


def starts_title(text: str) -> bool:
    return bool(_TITLE_START.match(text.strip()))


def block_number(text: str) -> tuple[str, str] | None:
    """(number as printed, rest) when the text opens with a Roman numeral («III.», «IV»), else None.

    «III.5» is a measure number, not a block: the numeral must be followed by a space or the end.
    """
    stripped = text.strip()
    match = _ROMAN_NUMBER.match(stripped.translate(_ROMAN_LOOKALIKES))
    if match is None:
        return None
    printed = stripped[: match.end(2)]
    rest = stripped[match.start(3) :] if match.group(3) is not None else ""
    return printed, rest.strip()


def abbreviation(text: str) -> tuple[str, str] | None:
    """(short, full) from a line of the abbreviations list: «МТСР НСО – министерство труда …»."""
    match = _ABBREVIATION.match(collapse_spaces(text))
    if match is None:
        return None
    full = match.group(2).strip()
    return match.group(1).strip(), full[:1].upper() + full[1:]


def title_text(lines: list[str]) -> str:
    """The title from its printed lines; lines typed in capitals («КОМПЛЕКСНЫЙ ПЛАН») are lowered."""
    parts = [line.lower() if line.isupper() else line for line in lines]
    keyword = _TITLE_START.match(parts[0]) if parts else None
    if keyword is not None and keyword.group(0).isupper():  # «ДОРОЖНАЯ КАРТА на 2025 год»
        parts[0] = keyword.group(0).lower() + parts[0][keyword.end() :]
    title = collapse_spaces(" ".join(parts))
    return title[:1].upper() + title[1:]


def parse_period(text: str) -> tuple[date, date] | None:
    """The first and last day of «июль 2023 – декабрь 2025», «01.07.2025 – 31.12.2026» or «2025-2026 годы»."""
    match = _MONTH_RANGE.search(text)
    if match:
        first_month, first_year = _MONTHS[match.group(1)[:3].lower()], int(match.group(2))
        last_month, last_year = _MONTHS[match.group(3)[:3].lower()], int(match.group(4))
        last_day = calendar.monthrange(last_year, last_month)[1]
        return _ordered(date(first_year, first_month, 1), date(last_year, last_month, last_day))
    match = _DATE_RANGE.search(text)
    if match:
        try:
            numbers = [int(group) for group in match.groups()]
            start = date(numbers[2], numbers[1], numbers[0])
            end = date(numbers[5], numbers[4], numbers[3])
        except ValueError:
            return None
        return _ordered(start, end)
    match = _YEAR_RANGE.search(text)
    if match:
        return _ordered(date(int(match.group(1)), 1, 1), date(int(match.group(2)), 12, 31))
    match = _ONE_YEAR.search(text)
    if match:
        year = int(match.group(1))
        return date(year, 1, 1), date(year, 12, 31)
    return None


def _ordered(start: date, end: date) -> tuple[date, date] | None:
    return (start, end) if start <= end else None
