"""Reading the approval stamp above a plan's title into the approving act: body, kind, date and number.

Stamps are printed in a few lines at the top right: «УТВЕРЖДЕН на заседании комиссии по делам
несовершеннолетних … Протокол заседания от «25» июля 2023г. № 7» (seed 000) or «[Утверждена]
постановлением администрации Плесецкого муниципального округа «27» июня 2025 г. № 230-па» (seed 002).
The body is written in the genitive after the act's kind; the registry keeps it in the nominative
(«администрация …»), as the built-in program does. A part that cannot be found stays empty and is
reported as a warning rather than guessed.
"""

from __future__ import annotations

import re
from datetime import date

from desktop_app.domain.text import collapse_spaces
from desktop_app.plan_import.model import ImportedAct, ImportProblem

_KINDS = (
    ("постановлени", "постановление"),
    ("распоряжени", "распоряжение"),
    ("приказ", "приказ"),
    ("протокол", "протокол"),
    ("решени", "решение"),
    ("указ", "указ"),
)
_KIND_WORD = re.compile(
    r"\b(постановлени\w*|распоряжени\w*|приказ(?:ом|а|у)?|протокол\w*|решени\w*|указ(?:ом|а|у)?)\b", re.IGNORECASE
)
_STAMP = re.compile(r"\bутвержд[её]н\w*|\bодобрен\w*|\bпринят\w*", re.IGNORECASE)
_MONTHS = ("янв", "фев", "мар", "апр", "ма", "июн", "июл", "авг", "сен", "окт", "ноя", "дек")
_WORD_DATE = re.compile(r"«?\s*(\d{1,2})\s*»?\s+([а-яё]+)\s+(\d{4})\s*(?:г\.?|года)?", re.IGNORECASE)
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\s*(?:г\.?|года)?")
_NUMBER = re.compile(r"№\s*([0-9A-Za-zА-Яа-яЁё][0-9A-Za-zА-Яа-яЁё\-/.]*?)(?=[\s,;)]|\.?$)")
_BODY_CUT = re.compile(r"\s*(?:\bот\b|«\s*\d|\d{1,2}\.\d{1,2}\.\d{4}|№).*$", re.DOTALL)
_LEADING = re.compile(r"^(?:на\s+(?:заседании|совещании)\s+|заседания\s+)", re.IGNORECASE)
# Genitive → nominative of the words an approving body starts with.
_NOMINATIVE = (
    ("администрации", "администрация"),
    ("комиссии", "комиссия"),
    ("мэрии", "мэрия"),
    ("думы", "дума"),
    ("главы", "глава"),
    ("правительства", "правительство"),
    ("министерства", "министерство"),
    ("департамента", "департамент"),
    ("управления", "управление"),
    ("комитета", "комитет"),
    ("совета", "совет"),
    ("губернатора", "губернатор"),
    ("отдела", "отдел"),
)


def read_act(lines: list[tuple[str, str]]) -> tuple[ImportedAct | None, list[ImportProblem]]:
    """The act from the lines above the title, each (text, location); None when they name no act."""
    texts = [text for text, _ in lines if text.strip()]
    joined = collapse_spaces(" ".join(texts))
    kind_match = _KIND_WORD.search(joined)
    if kind_match is None:
        if _STAMP.search(joined):
            where = lines[0][1]
            reason = f"гриф «{joined[:80]}» не называет вид акта (постановление, протокол …); акт не прочитан"
            return None, [ImportProblem(where, reason)]
        return None, []
    location = next(where for text, where in lines if text.strip())
    kind = next(name for stem, name in _KINDS if kind_match.group(1).lower().startswith(stem))
    after = joined[kind_match.end() :]
    before = _STAMP.sub("", joined[: kind_match.start()]).strip(" ,:")
    body = _nominative(_LEADING.sub("", before).strip()) if before else ""
    if not body:
        body = _nominative(_BODY_CUT.sub("", _LEADING.sub("", after.strip())).strip(" ,:"))
    act_date = _date(after) or _date(joined)
    number_match = _NUMBER.search(after) or _NUMBER.search(joined)
    number = number_match.group(1).rstrip(".") if number_match else ""
    warnings: list[ImportProblem] = []
    missing = [label for label, value in (("орган", body), ("дата", act_date), ("номер", number)) if not value]
    if missing:
        warnings.append(
            ImportProblem(
                location,
                f"в грифе утверждения «{joined[:80]}» не найдены: {', '.join(missing)}; "
                "заполните их в карточке программы",
            )
        )
    return ImportedAct(body, kind, number, act_date, joined, location), warnings


def _nominative(body: str) -> str:
    first, _, rest = body.partition(" ")
    for genitive, nominative in _NOMINATIVE:
        if first.lower() == genitive:
            word = nominative if first[:1].islower() else nominative.capitalize()
            return f"{word} {rest}".strip()
    return body


def _date(text: str) -> date | None:
    if match := _WORD_DATE.search(text):
        month = _month(match.group(2).lower())
        if month is not None:
            return _safe(int(match.group(3)), month, int(match.group(1)))
    if match := _NUMERIC_DATE.search(text):
        return _safe(int(match.group(3)), int(match.group(2)), int(match.group(1)))
    return None


def _month(word: str) -> int | None:
    if word.startswith("мар"):
        return 3
    for index, stem in enumerate(_MONTHS, 1):
        if word.startswith(stem):
            return index
    return None


def _safe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
