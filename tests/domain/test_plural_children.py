"""Counted nouns in sentences a user reads: the children in a family and the minutes of a lock."""

from desktop_app.domain import plural
from desktop_app.domain.accounts import minutes_word


def test_children_counted_in_russian() -> None:
    assert plural.CHILD.count(1) == "1 ребёнок"
    assert plural.CHILD.count(3) == "3 ребёнка"
    assert plural.CHILD.count(5) == "5 детей"
    assert plural.CHILD.count(11) == "11 детей"
    assert plural.CHILD.count(21) == "21 ребёнок"


def test_lock_minutes_in_accusative() -> None:
    assert f"на 1 {minutes_word(1)}" == "на 1 минуту"
    assert f"на 2 {minutes_word(2)}" == "на 2 минуты"
    assert f"на 15 {minutes_word(15)}" == "на 15 минут"
    assert f"на 21 {minutes_word(21)}" == "на 21 минуту"
