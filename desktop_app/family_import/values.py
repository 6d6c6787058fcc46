"""Reading one cell of a family list: dates, counts, «да/нет», stages and age ranges, as districts write them."""

from __future__ import annotations

import re
from datetime import date

from desktop_app.domain.family_pipeline import FamilyStage
from desktop_app.domain.family_record import MAX_AGE_MONTHS
from desktop_app.domain.text import search_key


class CellProblem(Exception):
    """The cell's text cannot mean what its column promises; ``reason`` ends the row's message."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


_DOTTED = re.compile(r"(\d{1,2})[./](\d{1,2})[./](\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")


def parse_day(text: str) -> date | None:
    """dd.mm.yyyy (Excel's own date cells arrive written so) or yyyy-mm-dd; None for an empty cell."""
    value = text.strip()
    if not value:
        return None
    if match := _DOTTED.fullmatch(value):
        day, month, year = (int(part) for part in match.groups())
    elif match := _ISO.fullmatch(value):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise CellProblem("не дата: нужна дд.мм.гггг, например 14.03.1986")
    try:
        return date(year, month, day)
    except ValueError:
        raise CellProblem("нет такой даты") from None


_COUNT = re.compile(r"(\d{1,3})(?:[.,]0+)?(?:\s+\D*)?")


def parse_count(text: str) -> int | None:
    """«2», «2.0» (a number cell), «2 ребёнка»; None for an empty cell."""
    value = text.strip()
    if not value:
        return None
    match = _COUNT.fullmatch(value)
    if match is None:
        raise CellProblem("нужно целое число, например 2")
    return int(match.group(1))


_YES = frozenset({"да", "+", "1", "готова", "готов", "готовы", "true", "x", "х", "v", "✓"})
_NO = frozenset({"нет", "-", "–", "—", "0", "не готова", "не готов", "не готовы", "false"})


def parse_yes_no(text: str) -> bool:
    """«да» or «нет» (also «+»/«-», «1»/«0», «готова»/«не готова»); an empty cell is «нет»."""
    value = search_key(text).rstrip(".")
    if not value or value in _NO:
        return False
    if value in _YES:
        return True
    raise CellProblem("нужно «да» или «нет»")


# Words districts use for the stages besides the program's own labels.
_STAGE_WORDS = {
    "кандидат": FamilyStage.CANDIDATE,
    "потенциальная": FamilyStage.CANDIDATE,
    "документы": FamilyStage.DOCUMENTS,
    "сбор документов": FamilyStage.DOCUMENTS,
    "шпр": FamilyStage.TRAINING,
    "обучение": FamilyStage.TRAINING,
    "обучение в шпр": FamilyStage.TRAINING,
    "диагностика": FamilyStage.DIAGNOSTICS,
    "в реестре": FamilyStage.IN_REGISTER,
    "реестр": FamilyStage.IN_REGISTER,
    "включена": FamilyStage.IN_REGISTER,
    "активна": FamilyStage.ACTIVE,
    "принимает": FamilyStage.ACTIVE,
    "приостановлена": FamilyStage.PAUSED,
    "исключена": FamilyStage.EXCLUDED,
}


def parse_stage(text: str) -> FamilyStage | None:
    """A stage by its Russian label («включена в реестр»), its value («in_register») or a usual word; None if empty."""
    value = search_key(text).rstrip(".")
    if not value:
        return None
    for stage in FamilyStage:
        label = search_key(stage.label)
        if value in (stage.value, label) or label.startswith(value + " "):
            return stage
    if value in _STAGE_WORDS:
        return _STAGE_WORDS[value]
    known = ", ".join(f"«{stage.label}»" for stage in FamilyStage)
    raise CellProblem(f"такого этапа нет; этапы: {known}")


_AGE_RANGE = re.compile(
    r"(?:(?:от|с)\s*)?(\d{1,2})\s*([а-я.]*)\s*(?:(-)|до)\s*(\d{1,2})\s*([а-я.]*)"
    r"|до\s*(\d{1,2})\s*([а-я.]*)"
    r"|(?:от|с)\s*(\d{1,2})\s*([а-я.]*)"
)


def _months(number: int, unit: str) -> tuple[int, bool]:
    """The number in months and whether the unit was months (else years, the default)."""
    if unit.startswith("м"):
        return number, True
    if unit and not unit.startswith(("г", "л")):
        raise CellProblem("непонятная единица: пишите «мес.» или «лет»")
    return number * 12, False


def parse_ages(text: str) -> tuple[int, int] | None:
    """Ages the family takes, in months: «0–3 года» (up to 3 years 11 months), «до 2 лет» (under 2),
    «от 6 мес. до 3 лет», «6 мес. – 2 г.»; a range ending at 4 years means «under 4». None if empty."""
    value = search_key(text).replace("–", "-").replace("—", "-")
    if not value:
        return None
    match = _AGE_RANGE.fullmatch(value)
    if match is None:
        raise CellProblem("не понят: пишите, например, «0–3 года» или «от 6 мес. до 2 лет»")
    low_text, low_unit, dash, high_text, high_unit, only_high, only_high_unit, only_low, only_low_unit = match.groups()
    if only_high is not None:
        return 0, max(_months(int(only_high), only_high_unit)[0] - 1, 0)
    if only_low is not None:
        return _months(int(only_low), only_low_unit)[0], MAX_AGE_MONTHS
    # «0-3 года»: one unit after both numbers
    low, low_months = _months(int(low_text), low_unit or high_unit)
    high, high_months = _months(int(high_text), high_unit or low_unit)
    if high_months:
        upper = high if dash else high - 1
    elif dash and high < (MAX_AGE_MONTHS + 1):
        upper = high + 11  # «0–3 года» takes three-year-olds too
    else:
        upper = high - 1  # «до 3 лет», and «0–4 года»: children are taken only until they turn 4
    return low, max(upper, 0)
