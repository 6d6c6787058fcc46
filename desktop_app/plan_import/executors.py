"""Splitting a «Ответственные исполнители» cell into organisation names, lead executor first."""

from __future__ import annotations

import re

from desktop_app.domain.text import collapse_spaces, search_key

_OPENING = {"«": "»", "(": ")", "[": "]", "„": "“", "“": "”"}
_SEPARATORS = {",", ";", "\n"}

# Remarks that say how an executor takes part, not who it is: dropped from the name.
_REMARK_START = (
    r"по\s+согл|при\s+необходимост|при\s+наличии|при\s+условии|в\s+пределах|в\s+рамках|в\s+части|"
    r"в\s+том\s+числе|в\s+т\.\s*ч\.|по\s+возможност|по\s+мере|по\s+компетенци|в\s+соответствии|члены|"
    r"далее|с\s+согласия|ответственн|соисполнител|координатор|головн|ведущ|участник"
)
_REMARK_IN_BRACKETS = re.compile(rf"\(\s*(?:{_REMARK_START})[^()]*\)", re.IGNORECASE)
_TRAILING_REMARK = re.compile(r"\s*[-–—]?\s*по\s+согласованию\s*$", re.IGNORECASE)
_EDGE_PUNCTUATION = " .,;:-–—*"
_CONTINUES = re.compile(r"^[a-zа-яё«(\"„“]")


def split_executors(text: str) -> tuple[str, ...]:
    """Names in the cell in order: commas, semicolons and line breaks separate them, except inside
    «quotes», "quotes" or (brackets); remarks such as «(по согласованию)» are dropped, spaces collapsed.

    A line that starts with a small letter or an opening quote continues the name above it: Word cells
    wrap long names onto several lines («заинтересованные / органы и учреждения системы профилактики»).
    """
    names: list[str] = []
    seen: set[str] = set()
    for piece in _pieces(_join_wrapped_lines(text)):
        name = clean_executor_name(piece)
        key = search_key(name)
        if name and key not in seen:
            seen.add(key)
            names.append(name)
    return tuple(names)


def clean_executor_name(piece: str) -> str:
    """One executor's name without remarks, edge punctuation or extra spaces."""
    name = _REMARK_IN_BRACKETS.sub(" ", piece)
    name = _TRAILING_REMARK.sub("", collapse_spaces(name))
    return collapse_spaces(name).strip(_EDGE_PUNCTUATION)


def _join_wrapped_lines(text: str) -> str:
    lines = [line.strip() for line in text.split("\n")]
    joined: list[str] = []
    for line in lines:
        if not line:
            continue
        if joined and _CONTINUES.match(line) and not joined[-1].endswith((",", ";")):
            joined[-1] = f"{joined[-1]} {line}"
        else:
            joined.append(line)
    return "\n".join(joined)


def _pieces(text: str) -> list[str]:
    pieces: list[str] = []
    current: list[str] = []
    closers: list[str] = []
    straight_quote_open = False
    for char in text:
        if char == '"':
            straight_quote_open = not straight_quote_open
        elif char in _OPENING and not (char == "“" and closers and closers[-1] == "“"):
            closers.append(_OPENING[char])
        elif closers and char == closers[-1]:
            closers.pop()
        elif char in _SEPARATORS and not closers and not straight_quote_open:
            pieces.append("".join(current))
            current = []
            continue
        current.append(char)
    pieces.append("".join(current))
    if closers or straight_quote_open:
        # An unbalanced quote or bracket would glue the rest of the cell into one name: split plainly.
        return re.split(r"[,;\n]", text)
    return pieces
