"""Reading the plan's «Ключевые целевые показатели:» list into indicator drafts.

A plan states its key indicators as sentences: «1. На 25% снижена доля детей в возрасте до 4 лет, … от
численности детского населения …». From each the reader takes what the words say — the name, the kind
(a share of a population, a percentage, a rate per 1000, a count), the unit, the desired direction and
the promised change as text — and reports as a warning whatever the sentence does not say, so a
coordinator confirming the draft knows what to check. Nothing here guesses a number the plan lacks.
"""

from __future__ import annotations

import re

from desktop_app.domain.indicators import Direction, IndicatorKind
from desktop_app.domain.numbers import format_number
from desktop_app.domain.text import collapse_spaces
from desktop_app.plan_import.model import ImportedKeyIndicator, ImportProblem

_ITEM = re.compile(r"^(?:(\d+(?:\.\d+)*)[.)]|[-–—•])\s*(.+)$", re.DOTALL)
_CHANGE = re.compile(
    r"\bна\s+(\d+(?:[.,]\d+)?)\s*(%|процент\w*)\s*(снижен\w*|уменьшен\w*|сокращен\w*|увеличен\w*|повышен\w*)?",
    re.IGNORECASE,
)
_DECREASE = re.compile(r"\b(?:снижен|снижени|уменьшен|сокращен)\w*", re.IGNORECASE)
_INCREASE = re.compile(r"\b(?:увеличен|повышен|рост\b|возрос)\w*", re.IGNORECASE)
_PER_1000 = re.compile(r"\bна\s+1\s?000\s+(\w+)", re.IGNORECASE)
_POPULATION = re.compile(r"\bдол[яиюе]\b.*\bот\s+(?:общей\s+)?численности\b.*\bнаселени", re.IGNORECASE | re.DOTALL)
_SHARE = re.compile(r"\b(?:дол[яиюе]|удельн\w+\s+вес\w*|процент\w*)\b", re.IGNORECASE)
_COUNT = re.compile(r"^(?:общее\s+)?(?:количеств|числ)\w*\b", re.IGNORECASE)
# The change and direction words that open the sentence: «На 25% снижена …», «Снижение на 15 % …».
_LEAD = re.compile(
    r"^(?:на\s+\d+(?:[.,]\d+)?\s*(?:%|процент\w*)\s*)?"
    r"(?:(?:снижен|уменьшен|сокращен|увеличен|повышен)\w*\s*)?"
    r"(?:на\s+\d+(?:[.,]\d+)?\s*(?:%|процент\w*)\s*)?",
    re.IGNORECASE,
)


def list_item(text: str) -> tuple[str, str] | None:
    """(number as printed or "", text) of a numbered or bulleted line of the list, else None."""
    match = _ITEM.match(text.strip())
    if match is None:
        return None
    return match.group(1) or "", collapse_spaces(match.group(2))


def read_key_indicator(
    number: str, text: str, position: int, location: str
) -> tuple[ImportedKeyIndicator, list[ImportProblem]]:
    """A draft from one sentence of the list, and the warnings about what it leaves open.

    Args:
        number: the list number as printed; a bare «1» is the list's own count, not a catalogue code,
            so the draft gets «К1» (seed 002's catalogue uses «1.1» and must not clash with it).
        position: 1-based place in the list, for the generated code when there is no number at all.
    """
    sentence = collapse_spaces(text).rstrip(" .;")
    warnings: list[ImportProblem] = []
    where = f"{location} (ключевой показатель {number or position})"
    code = f"К{number or position}" if not number or number.isdigit() else number

    if _DECREASE.search(sentence):
        direction = Direction.DECREASE
    elif _INCREASE.search(sentence):
        direction = Direction.INCREASE
    else:
        direction = Direction.INCREASE
        warnings.append(ImportProblem(where, "не сказано, снижать показатель или повышать; записано «рост», проверьте"))

    change = _CHANGE.search(sentence)
    if change is not None:
        amount = format_number(float(change.group(1).replace(",", ".")), 2)
        sign = "−" if direction is Direction.DECREASE else "+"
        target_text = f"{sign}{amount} %"
    else:
        target_text = ""
        reason = "целевое изменение (на сколько процентов) не найдено; плана нет, проверьте"
        warnings.append(ImportProblem(where, reason))

    per_1000 = _PER_1000.search(sentence)
    if per_1000 is not None:
        kind, unit = IndicatorKind.RATE_PER_1000, f"на 1000 {per_1000.group(1).lower()}"
    elif _POPULATION.search(sentence):
        kind, unit = IndicatorKind.POPULATION_SHARE, "%"
    elif _SHARE.search(_name(sentence)):
        kind, unit = IndicatorKind.PERCENTAGE, "%"
    elif _COUNT.match(_name(sentence)):
        kind, unit = IndicatorKind.COUNT, "единиц"
    else:
        kind, unit = IndicatorKind.COUNT, ""
        reason = "из текста не ясно, как считать показатель; записано «количество», проверьте"
        warnings.append(ImportProblem(where, reason))

    name = _name(sentence)
    if not name:
        name = sentence
        warnings.append(ImportProblem(where, "не удалось отделить наименование от целевого изменения; проверьте"))
    indicator = ImportedKeyIndicator(
        code=code,
        name=name,
        kind=kind.value,
        unit=unit,
        direction=direction.value,
        target_text=target_text,
        text=sentence,
        location=location,
    )
    return indicator, warnings


def _name(sentence: str) -> str:
    """The indicator's own name: the sentence without its opening change («На 25% снижена …»)."""
    lead = _LEAD.match(sentence)
    rest = sentence[lead.end() if lead else 0 :].strip(" ,–—-")
    return rest[:1].upper() + rest[1:]
