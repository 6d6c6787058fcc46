"""Sheet names a reader can tell apart: Excel allows 31 characters, so a long district or group name is first
shortened the way offices write it («ГО «Город Архангельск»», «Вельский МР»), and only if it still does not fit,
cut at a word with the sheet's number in front («3. Профилактика социального…»): numbered names cannot
coincide, and the full name stands in the first rows of the sheet.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from desktop_app.reports.model import Section
from desktop_app.reports.xlsx_style import FORBIDDEN_IN_SHEET_NAMES, SHEET_NAME_LIMIT

# The usual short forms of municipal names; longer phrases first.
_SHORT_FORMS = (
    (re.compile(r"\bгородской округ\b", re.IGNORECASE), "ГО"),
    (re.compile(r"\bмуниципальный округ\b", re.IGNORECASE), "МО"),
    (re.compile(r"\bмуниципальный район\b", re.IGNORECASE), "МР"),
    (re.compile(r"\bмуниципальное образование\b", re.IGNORECASE), "МО"),
    (re.compile(r"\bрайон\b"), "р-н"),
    (re.compile(r"\(часть (\d+) из \d+\)"), r"(ч. \1)"),
)
_PART = re.compile(r"\s*\(ч\. \d+\)$")
_RESERVED = "history"  # Excel keeps a sheet of this name for itself
ELLIPSIS = "…"


def short_name(name: str) -> str:
    """``name`` with the municipal words in their usual short forms: «Городской округ «Котлас»» → «ГО «Котлас»»."""
    for pattern, short in _SHORT_FORMS:
        name = pattern.sub(short, name)
    return " ".join(name.split())


def section_sheet_names(sections: Sequence[Section], extra: Sequence[str] = ()) -> list[str]:
    """A name for each section's sheet, then for the ``extra`` sheets (kept as given): unique ignoring case,
    at most 31 characters, without the characters Excel forbids."""
    wanted = [_wanted(section) for section in sections]
    given = Counter(name.casefold() for name in wanted)
    # A name the builder cut short that now coincides with another's: the section's own title says more.
    wanted = [
        (section.title or section.territory or name) if given[name.casefold()] > 1 else name
        for section, name in zip(sections, wanted, strict=True)
    ]
    cleaned = [_clean(name) or f"Раздел {number}" for number, name in enumerate(wanted, 1)]
    # all alike once one must be shortened: «ГО «Город Коряжма»» beside «ГО «Город Архангельск»»
    long = any(len(name) > SHEET_NAME_LIMIT for name in cleaned)
    shortened = [short_name(name) for name in cleaned] if long else cleaned
    counts = Counter(name.casefold() for name in shortened)
    fits = all(len(name) <= SHEET_NAME_LIMIT and counts[name.casefold()] == 1 for name in shortened)
    taken = {_clean(name).casefold() for name in extra} | {_RESERVED}
    if fits and not taken & set(counts):
        names = shortened
    else:  # numbered, all of them alike, so that the sheets read as one list
        names = [_numbered(number, name) for number, name in enumerate(shortened, 1)]
    return [*names, *(_clean(name) for name in extra)]


def _wanted(section: Section) -> str:
    """The sheet name the builder asked for, unless it is merely the title cut short."""
    name, title = section.sheet_name, section.title
    cut = title.startswith(name) and len(title) > len(name) and not (title[len(name)].isspace() or name[-1:].isspace())
    if not name or cut:  # mid-word: «Городской округ «Город Архангел»
        return title or section.territory or name
    return name


def _clean(name: str) -> str:
    return " ".join(FORBIDDEN_IN_SHEET_NAMES.sub(" ", name).split()).strip("'").strip()


def _numbered(number: int, name: str) -> str:
    prefix = f"{number}. "
    room = SHEET_NAME_LIMIT - len(prefix)
    if len(name) <= room:
        return prefix + name
    part = _PART.search(name)  # «(ч. 2)» tells the parts of one group apart: it stays
    tail = f" {part.group(0).strip()}" if part else ""
    head = name[: part.start()] if part else name
    room -= len(tail)
    cut = head[: room - len(ELLIPSIS)]
    words = cut.split() if head[len(cut) : len(cut) + 1].isspace() else cut.split()[:-1]
    while len(words) > 1 and len(words[-1].strip(",.;")) <= 2:  # not on «и», «в», «по»
        words.pop()
    at_word = " ".join(words).rstrip(" ,.;-—«")
    if len(at_word) >= room // 2:  # at a word, unless that leaves almost nothing
        cut = at_word
    return prefix + cut.rstrip() + ELLIPSIS + tail
