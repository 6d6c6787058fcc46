"""One spelling of an indicator's value by its kind: decimals, the unit, rounding half up, no «-0,0»."""

from __future__ import annotations

from decimal import Decimal

import pytest

from desktop_app.domain.indicators import IndicatorKind
from desktop_app.domain.value_format import (
    ValueKind,
    format_count,
    format_deviation,
    format_value,
    shown_unit,
    value_kind,
)

S = "\u00a0"  # the no-break space between thousands and before a unit


def test_counts_are_whole_numbers_with_grouped_thousands() -> None:
    assert format_value(12, IndicatorKind.COUNT) == "12"
    assert format_value(12.0, IndicatorKind.COUNT) == "12"
    assert format_value(1234, IndicatorKind.COUNT) == f"1{S}234"
    assert format_value(1_234_567, IndicatorKind.COUNT) == f"1{S}234{S}567"
    assert format_count(0) == "0"


def test_a_count_that_is_not_whole_keeps_one_decimal() -> None:
    assert format_value(12.5, IndicatorKind.COUNT) == "12,5"
    assert format_value(12.04, IndicatorKind.COUNT) == "12", "12,04 rounds to a whole 12,0"
    assert format_value(2.25, IndicatorKind.COUNT) == "2,3", "half up, not to the even 2,2"


def test_a_count_never_glues_its_unit_word() -> None:
    # «12 единиц» but «1 единица», «2 единицы»: the word stands in its own column
    assert format_value(12, IndicatorKind.COUNT, "единиц", with_unit=True) == "12"


def test_a_percentage_has_one_decimal_and_its_sign() -> None:
    assert format_value(10 / 13 * 100, IndicatorKind.PERCENTAGE) == f"76,9{S}%"  # 76,923…
    assert format_value(75, IndicatorKind.PERCENTAGE) == f"75,0{S}%"
    assert format_value(1 / 6 * 100, IndicatorKind.PERCENTAGE) == f"16,7{S}%"  # 16,666…
    assert format_value(100, "percentage") == f"100,0{S}%"
    assert format_value(40, IndicatorKind.POPULATION_SHARE) == f"40,0{S}%"


def test_a_percentage_keeps_its_sign_whatever_the_catalogue_says() -> None:
    assert format_value(75, IndicatorKind.PERCENTAGE, "единиц", with_unit=True) == f"75,0{S}%"
    assert shown_unit(IndicatorKind.PERCENTAGE, "единиц") == "%"
    assert shown_unit("population_share", "") == "%"
    assert shown_unit(IndicatorKind.COUNT, "единиц") == "единиц"
    assert shown_unit(IndicatorKind.COUNT, "") == ""


def test_numerator_and_denominator_follow_in_brackets() -> None:
    assert format_value(10 / 13 * 100, IndicatorKind.PERCENTAGE, numerator=10, denominator=13) == (
        f"76,9{S}% (10 из 13)"
    )
    assert format_value(1 / 6 * 100, IndicatorKind.PERCENTAGE, numerator=1, denominator=6) == f"16,7{S}% (1 из 6)"


def test_rounding_is_half_up_from_the_written_value() -> None:
    # binary floating point holds 2.25 exactly and Python's round() goes to the even 2,2; 0.05 is below 0.05
    assert format_value(2.25, IndicatorKind.PERCENTAGE) == f"2,3{S}%"
    assert format_value(0.05, IndicatorKind.PERCENTAGE) == f"0,1{S}%"
    assert format_value(2.675, ValueKind.MONEY) == "2,68"
    assert format_value(Decimal("99.95"), IndicatorKind.PERCENTAGE) == f"100,0{S}%"


def test_negatives_keep_their_sign_and_a_tiny_one_is_no_minus_zero() -> None:
    assert format_value(-3, IndicatorKind.COUNT) == "-3"
    assert format_value(-1234.56, IndicatorKind.RATE_PER_1000) == f"-1{S}234,6"
    assert format_value(-0.04, IndicatorKind.PERCENTAGE) == f"0,0{S}%"


def test_nothing_to_show_is_empty() -> None:
    assert format_value(None, IndicatorKind.PERCENTAGE) == ""
    assert format_value(None, IndicatorKind.COUNT, "единиц", with_unit=True) == ""
    assert format_deviation(None, IndicatorKind.PERCENTAGE) == ""
    assert format_count(None) == ""


def test_a_rate_per_1000_has_one_decimal_and_its_unit() -> None:
    # 17 of 4 000 children → 4,25 per 1000
    assert format_value(17 / 4000 * 1000, IndicatorKind.RATE_PER_1000) == "4,3"
    assert format_value(4.25, IndicatorKind.RATE_PER_1000, "на 1000 детей", with_unit=True) == f"4,3{S}на 1000 детей"
    assert format_value(4, IndicatorKind.RATE_PER_1000, "единиц", with_unit=True) == f"4,0{S}на 1000"


def test_money_has_two_decimals_and_rubles_or_thousands() -> None:
    assert format_value(1234.5, ValueKind.MONEY, "тыс. руб.", with_unit=True) == f"1{S}234,50{S}тыс. руб."
    assert format_value(99.999, ValueKind.MONEY, "руб.", with_unit=True) == f"100,00{S}руб."
    assert format_value(1_500_000, ValueKind.MONEY, "рублей", with_unit=True) == f"1{S}500{S}000,00{S}руб."
    # 12,345 thousand rubles is 12 345 rubles: the last ruble is not rounded away
    assert format_value(12.345, ValueKind.MONEY, "тыс. руб.", with_unit=True) == f"12,345{S}тыс. руб."


def test_big_numbers_are_grouped_in_every_kind() -> None:
    assert format_value(12_345_678.25, IndicatorKind.RATE_PER_1000) == f"12{S}345{S}678,3"
    assert format_value(1234.5, IndicatorKind.PERCENTAGE) == f"1{S}234,5{S}%"


def test_a_deviation_carries_its_sign_and_a_shares_is_in_points() -> None:
    assert format_deviation(76.923 - 75, IndicatorKind.PERCENTAGE) == f"+1,9{S}п.{S}п."
    assert format_deviation(-1.04, IndicatorKind.PERCENTAGE) == f"-1,0{S}п.{S}п."
    assert format_deviation(-0.04, IndicatorKind.PERCENTAGE) == f"0,0{S}п.{S}п.", "no sign on what rounds to 0"
    assert format_deviation(2, IndicatorKind.COUNT) == "+2"
    assert format_deviation(-1.5, IndicatorKind.COUNT) == "-1,5"
    assert format_deviation(0, IndicatorKind.COUNT) == "0"


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (IndicatorKind.COUNT, ValueKind.COUNT),
        (IndicatorKind.PERCENTAGE, ValueKind.PERCENT),
        ("rate_per_1000", ValueKind.PER_1000),
        ("population_share", ValueKind.POPULATION_SHARE),
        ("money", ValueKind.MONEY),
        ("something else", ValueKind.COUNT),
    ],
)
def test_every_stored_kind_has_a_value_kind(kind: IndicatorKind | str, expected: ValueKind) -> None:
    assert value_kind(kind) is expected
