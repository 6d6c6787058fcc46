"""The quantity of a measure's report as typed: a number in Russian spelling, nothing, or a sentence saying what
is wrong (a number followed by what was counted is sent to «Что сделано»)."""

from __future__ import annotations

import pytest

from desktop_app.domain.execution import read_quantity

WORDS_ELSEWHERE = "Здесь только число ({number}); «{words}» напишите в поле «Что сделано»."
NOT_A_NUMBER = "Введите число, например 12 или 1 234,5."


@pytest.mark.parametrize(
    ("text", "number"),
    [("12", 12.0), ("1 234,5", 1234.5), ("1\u00a0234", 1234.0), (" 7 ", 7.0), ("0,25", 0.25)],
)
def test_a_number_in_russian_spelling_is_read(text: str, number: float) -> None:
    assert read_quantity(text) == (number, "")


def test_nothing_typed_is_no_quantity_and_no_problem() -> None:
    assert read_quantity("") == (None, "")
    assert read_quantity("   ") == (None, "")


@pytest.mark.parametrize(
    ("text", "number", "words"),
    [("12 случаев", "12", "случаев"), ("1 234 человек", "1 234", "человек"), ("12,5 ч.", "12,5", "ч.")],
)
def test_a_number_followed_by_what_was_counted_is_sent_to_what_was_done(text: str, number: str, words: str) -> None:
    assert read_quantity(text) == (None, WORDS_ELSEWHERE.format(number=number, words=words))


@pytest.mark.parametrize("text", ["abc", "двенадцать", "около 12"])
def test_text_that_is_no_number_asks_for_one(text: str) -> None:
    assert read_quantity(text) == (None, NOT_A_NUMBER)
