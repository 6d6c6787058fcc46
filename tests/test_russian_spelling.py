"""Russian the user reads is spelt with ё where the word has it: «ребёнок», «отчёт», «учёт», «ещё».

Only words that have no е-spelling of their own are looked for (not «все», «всё» or «счета»), in the string
literals of the program; a text the program matches against what people typed or printed is normalised
(ё → е) where it is compared, so spelling its literal right does not change what it finds.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import desktop_app

_LETTER = "а-яё"
# word starts (or whole words, closed by \b) that are always written with ё
_MISSPELT = (
    "ребен(?:ок|ка|ку|ком|ке)",
    "отчет(?!лив)",
    "счет(?:ом|у|ный|ная|ное|ные|ных|ным|чик|чика)?(?![" + _LETTER + "])",
    "(?:пере|под)счет",
    "расчет",
    "учет",
    "зачет",
    "объем",
    "еще(?![" + _LETTER + "])",
    "ее(?![" + _LETTER + "])",
    "приемн",
    "(?:утвержд|сохран|включ|возвращ|введ|провед|определ|подтвержд)енн",
)
# a regular expression is matched against text normalised to е (search_key), so it keeps е on purpose
_REGEX_SIGNS = re.compile(r"\||\.\*|\\[sdw]|\[[^\]]*\]")
_PATTERN = re.compile(r"(?<![" + _LETTER + r"])(?:" + "|".join(_MISSPELT) + ")", re.IGNORECASE)


def misspellings(source: str) -> list[tuple[int, str]]:
    """(line, word) of every е-for-ё word in the string literals of ``source``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and not _REGEX_SIGNS.search(node.value):
            for match in _PATTERN.finditer(node.value):
                end = node.value.find(" ", match.start())
                word = node.value[match.start() : end if end > 0 else None]
                found.append((node.lineno, word))
    return found


def test_the_check_finds_what_it_should_and_leaves_correct_words() -> None:
    wrong = 'x = "Ребенку 3 года, отчет не сдан, учета нет, еще раз, ее нет, утвержденный расчет"'
    assert [word for _, word in misspellings(wrong)] == [
        "Ребенку",
        "отчет",
        "учета",
        "еще",
        "ее",
        "утвержденный",
        "расчет",
    ]
    right = 'x = "ребёнку, отчёт, все отчёты, счета, заполненный, включена, её, ещё, отчетливо"'
    assert misspellings(right) == []
    assert misspellings('pattern = r"шпр|школ[аеуы] приемн"') == [], "a pattern over normalised text"


def test_string_literals_have_yo_where_the_word_has_it() -> None:
    root = Path(desktop_app.__file__).parent
    found = [
        f"{path.relative_to(root.parent)}:{line}: {word}"
        for path in sorted(root.rglob("*.py"))
        for line, word in misspellings(path.read_text(encoding="utf-8"))
    ]
    assert not found, "е вместо ё:\n" + "\n".join(found)
