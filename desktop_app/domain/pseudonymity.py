"""A placed child is known to the program only by an internal code, birth date and sex (DOMAIN.md): no name
leaves the district. These checks keep a name from being typed where the program expects the code or a reason.

They find what a name usually looks like in an office's text — «Иванов Пётр Сергеевич», «Иванов П. С.»,
«П. С. Иванов», «Пётр Сергеевич» — not every possible spelling; the form says why a text was refused.
"""

from __future__ import annotations

import re
from functools import lru_cache

_WORD = r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?"
_PATRONYMIC = r"[А-ЯЁ][а-яё]+(?:ович|евич|ич|овна|евна|ична|инична)"
_INITIALS = r"[А-ЯЁ]\.\s?[А-ЯЁ]\."
_NAME_PATTERNS = (
    re.compile(rf"\b{_WORD}\s+{_WORD}\s+{_PATRONYMIC}\b"),  # Иванов Пётр Сергеевич
    re.compile(rf"\b{_WORD}\s+{_PATRONYMIC}\b"),  # Пётр Сергеевич
    re.compile(rf"\b[А-ЯЁ][а-яё]{{2,}}(?:-[А-ЯЁ][а-яё]+)?\s+{_INITIALS}"),  # Иванов П. С.
    re.compile(rf"(?<![А-ЯЁа-яё]){_INITIALS}\s?[А-ЯЁ][а-яё]{{2,}}\b"),  # П. С. Иванов
)
_LETTER_WORD = re.compile(r"[^\W\d_]{3,}")


def person_name_in(text: str) -> str | None:
    """The first fragment of ``text`` that reads like a person's full name or surname with initials."""
    for pattern in _NAME_PATTERNS:
        found = pattern.search(text)
        if found:
            return found.group(0)
    return None


def child_code_problem(code: str) -> str | None:
    """Why ``code`` is not an internal code (a number such as «Р-2026-07»), or None when it is one.

    A code has a digit, and any word in it is an abbreviation in capitals («РС»), never a name («Петя»).
    """
    if not any(character.isdigit() for character in code):
        return "Код ребёнка — внутренний номер с цифрами, например Р-2026-07; имя ребёнка в программу не вносится."
    for word in _LETTER_WORD.findall(code):
        if not word.isupper():
            return (
                f"В коде ребёнка не должно быть слов («{word}»): укажите внутренний номер, например Р-2026-07; "
                "имя ребёнка в программу не вносится."
            )
    return None


def name_in_text_problem(text: str) -> str | None:
    """A message when ``text`` (a placement's reason or note) contains something that reads like a name."""
    found = person_name_in(text)
    if found is None:
        return None
    return (
        f"Похоже на фамилию и имя («{found}»): сведения о размещении уходят в регион, а имена ребёнка и его "
        "родителей остаются в личном деле. Опишите без ФИО, например «госпитализация матери»."
    )


# How the region tells apart the codes its districts give independently (every district has its «РС-0001»).
_DISTRICT_WORDS = (
    ("муниципальный район", "р-н"),
    ("муниципальный округ", "м. о."),
    ("городской округ", "г. о."),
    ("район", "р-н"),
    ("округ", "о."),
)


@lru_cache(maxsize=1024)  # a region's list repeats a few dozen district names on every row
def district_short(name: str) -> str:
    """«Вельский муниципальный район» → «Вельский р-н»: short enough to follow a code in a table."""
    name = " ".join(name.split())
    lowered = name.lower()
    for words, short in _DISTRICT_WORDS:
        if lowered.endswith(" " + words):
            return f"{name[: -len(words)]}{short}"
    return name


def family_label(code: str, district: str) -> str:
    """A family's code with its district («РС-0001 · Вельский р-н»), as the region shows it: the districts number
    their families independently, so a code alone names a family only within its district."""
    return f"{code} · {district_short(district)}" if district.strip() else code
