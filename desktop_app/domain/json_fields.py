"""Reading the fields of a JSON document (a program file, a form file) with messages that say where it is wrong.

A reader names its file once (``Файл программы «…»``); each check names the place and what is wrong there, so a
user who edits such a file by hand is told, in one sentence, what to fix and where.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from desktop_app.domain.errors import ValidationError
from desktop_app.domain.text import collapse_spaces


class JsonFieldReader:
    """Checks the type of each field it reads; subclasses say what the file is called and how text is read."""

    FILE_KIND = "Файл"  # the start of every message: «Файл программы», «Файл формы»
    TEXT_REQUIRED = False  # whether ``text`` refuses an empty field when the caller does not say
    NUMBERS_AS_TEXT = False  # whether a number stands for its digits where text is expected

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, where: str, what: str) -> ValidationError:
        return ValidationError(f"{self.FILE_KIND} «{self.source}»: {where} — {what}.")

    def mapping(self, value: Any, where: str) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            raise self.fail(where, "ожидается объект с полями")
        return value

    def items(self, data: Mapping[str, Any], key: str, where: str) -> Sequence[Any]:
        value = data.get(key, [])
        if not isinstance(value, list):
            raise self.fail(where, f"поле «{key}» должно быть списком")
        return value

    def text(self, data: Mapping[str, Any], key: str, where: str, required: bool | None = None) -> str:
        """The field's text with runs of spaces collapsed; a missing or null field reads as empty."""
        value = data.get(key, "")
        if value is None:
            value = ""
        if self.NUMBERS_AS_TEXT and isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            raise self.fail(where, f"поле «{key}» должно быть текстом")
        value = collapse_spaces(value)
        if (self.TEXT_REQUIRED if required is None else required) and not value:
            raise self.fail(where, f"не заполнено поле «{key}»")
        return value

    def optional_number(self, data: Mapping[str, Any], key: str, where: str, default: float | None) -> float | None:
        """The field as a float; ``default`` when it is missing, None when it is null; true/false are not numbers."""
        if key not in data:
            return default
        value = data[key]
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.fail(where, f"поле «{key}» должно быть числом")
        return float(value)
