"""Russian messages for argparse, so that even a mistyped command answers in the user's language.

argparse looks its messages up through ``gettext`` at call time via the module-level ``_`` and
``ngettext`` names; replacing them with a small catalogue translates usage errors and help headings.
"""

from __future__ import annotations

import argparse

_MESSAGES = {
    "usage: ": "Использование: ",
    "positional arguments": "позиционные аргументы",
    "options": "параметры",
    "show this help message and exit": "показать эту справку и выйти",
    "the following arguments are required: %s": "не указаны обязательные параметры: %s",
    "unrecognized arguments: %s": "неизвестные параметры: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "недопустимое значение %(value)r (возможные: %(choices)s)",
    "expected one argument": "ожидается одно значение",
    "argument %(argument_name)s: %(message)s": "параметр %(argument_name)s: %(message)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s: ошибка: %(message)s\n",
    "ambiguous option: %(option)s could match %(matches)s": "неоднозначный параметр %(option)s: подходят %(matches)s",
    "not allowed with argument %s": "нельзя указывать вместе с %s",
    "invalid %(type)s value: %(value)r": "недопустимое значение %(value)r",
    "show program's version number and exit": "показать версию программы и выйти",
}


def _translate(message: str) -> str:
    return _MESSAGES.get(message, message)


def _ntranslate(singular: str, plural: str, n: int) -> str:
    return _translate(singular if n == 1 else plural)


def install() -> None:
    """Make argparse speak Russian (idempotent)."""
    argparse._ = _translate  # type: ignore[attr-defined]
    argparse.ngettext = _ntranslate  # type: ignore[attr-defined]
