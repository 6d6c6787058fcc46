"""Numbers and dates on printed forms are spelt the Russian way, with the same decimals down a column."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from desktop_app.reports.formatting import (
    DASH,
    NBSP,
    cell_text,
    format_date,
    format_decimal,
    format_integer,
    format_percent,
    rounded,
)
from desktop_app.reports.model import day, decimal, empty, integer, percent, text


def spaced(value: str) -> str:
    return value.replace(NBSP, " ")


@pytest.mark.parametrize(
    ("value", "precision", "expected"),
    [
        (1234.5, 1, "1 234,5"),
        (1234567.891, 2, "1 234 567,89"),
        (12, 1, "12,0"),
        (999, 0, "999"),
        (1000, 0, "1 000"),
        (-1234.56, 1, "-1 234,6"),
        (Decimal("12.345"), 2, "12,35"),
    ],
)
def test_decimal_comma_and_grouped_thousands(value: float, precision: int, expected: str) -> None:
    assert spaced(format_decimal(value, precision)) == expected


def test_half_rounds_up_as_people_round_by_hand() -> None:
    assert format_decimal(2.675, 2) == "2,68", "binary 2.675 is just below; the printed value must not be 2,67"
    assert format_decimal(0.125, 2) == "0,13"
    assert format_integer(2.5) == "3"
    assert rounded(1.05, 1) == Decimal("1.1")


def test_no_negative_zero() -> None:
    assert format_decimal(-0.04, 1) == "0,0"


def test_groups_with_a_no_break_space_so_a_number_never_splits_across_lines() -> None:
    assert format_integer(1234) == f"1{NBSP}234"
    assert format_decimal(1234.5, 1, group=" ") == "1 234,5"


def test_percent_in_points_with_a_space_before_the_sign() -> None:
    assert spaced(format_percent(45.5)) == "45,5 %"
    assert spaced(format_percent(100, 0)) == "100 %"


def test_empty_values() -> None:
    assert format_decimal(None) == "" and format_percent(None) == ""
    assert format_date(None) == ""


def test_not_a_number_is_refused() -> None:
    with pytest.raises(ValueError):
        format_decimal(float("nan"))


def test_cell_text_by_kind() -> None:
    assert cell_text(text("Итого")) == "Итого"
    assert spaced(cell_text(integer(123456))) == "123 456"
    assert spaced(cell_text(decimal(1234.5, 2))) == "1 234,50"
    assert spaced(cell_text(percent(7.25, 1))) == "7,3 %"
    assert cell_text(day(date(2023, 7, 25))) == "25.07.2023"
    assert cell_text(empty()) == DASH
    assert cell_text(integer(None)) == DASH, "an unknown number is «—», not «0»"
    assert cell_text(text(None)) == ""
