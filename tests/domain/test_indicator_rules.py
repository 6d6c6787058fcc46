"""Aggregation and checks of indicator values: what the region and multi-period reports rely on."""

from __future__ import annotations

import random
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.domain.errors import PermissionDenied, ValidationError
from desktop_app.domain.indicator_checks import (
    Cell,
    EntryContext,
    EntryInput,
    Severity,
    check_entry,
    unusual_against_history,
)
from desktop_app.domain.indicators import (
    Direction,
    IndicatorKind,
    IndicatorSpec,
    Observation,
    combine_districts,
    combine_periods,
    meets_plan,
    observe,
)
from desktop_app.domain.period_lock import LockState, PeriodLock
from desktop_app.domain.periods import Period, PeriodKind

PERCENT = IndicatorSpec(IndicatorKind.PERCENTAGE)
COUNT = IndicatorSpec(IndicatorKind.COUNT)
CUMULATIVE = IndicatorSpec(IndicatorKind.COUNT, cumulative=True)
RATE = IndicatorSpec(IndicatorKind.RATE_PER_1000)


def ratio(numerator: float, denominator: float, spec: IndicatorSpec = PERCENT) -> Observation:
    return observe(spec, None, numerator, denominator)


def test_region_percentage_is_recomputed_not_averaged() -> None:
    region = combine_districts(PERCENT, [ratio(3, 4), ratio(1, 6)])
    assert region.value == pytest.approx(40.0)
    assert (region.numerator, region.denominator) == (4, 10)


def test_rate_per_thousand_from_summed_parts() -> None:
    region = combine_districts(RATE, [ratio(3, 2000, RATE), ratio(1, 2000, RATE)])
    assert region.value == pytest.approx(1.0)


def test_counts_sum_and_districts_without_values_are_left_out() -> None:
    region = combine_districts(COUNT, [Observation(5), Observation(None), Observation(7)])
    assert region.value == 12
    assert combine_districts(COUNT, [Observation(None)]).value is None


def test_cumulative_year_takes_last_half_year_value() -> None:
    series = [
        (Period(2025, PeriodKind.HALF_YEAR, 2), Observation(9)),
        (Period(2025, PeriodKind.HALF_YEAR, 1), Observation(4)),
    ]
    assert combine_periods(CUMULATIVE, series).value == 9
    assert combine_periods(COUNT, series).value == 13


def test_cumulative_year_skips_a_missing_last_value() -> None:
    series = [
        (Period(2025, PeriodKind.HALF_YEAR, 1), Observation(4)),
        (Period(2025, PeriodKind.HALF_YEAR, 2), Observation(None)),
    ]
    assert combine_periods(CUMULATIVE, series).value == 4


def test_plan_direction() -> None:
    decrease = IndicatorSpec(IndicatorKind.COUNT, direction=Direction.DECREASE)
    assert meets_plan(decrease, 30, 35) is True
    assert meets_plan(decrease, 36, 35) is False
    assert meets_plan(COUNT, 36, 35) is True
    assert meets_plan(COUNT, None, 35) is None


parts = st.lists(
    st.tuples(st.integers(0, 500), st.integers(1, 500)).map(lambda p: (min(p), max(p))), min_size=1, max_size=12
)


@given(parts, st.randoms())
def test_district_order_does_not_change_the_region(pairs: list[tuple[int, int]], rnd: random.Random) -> None:
    items = [ratio(n, d) for n, d in pairs]
    shuffled = items[:]
    rnd.shuffle(shuffled)
    assert combine_districts(PERCENT, items) == combine_districts(PERCENT, shuffled)


@given(parts, st.integers(0, 12))
def test_region_of_subregions_equals_region_of_districts(pairs: list[tuple[int, int]], cut: int) -> None:
    items = [ratio(n, d) for n, d in pairs]
    left, right = items[:cut], items[cut:]
    grouped = [combine_districts(PERCENT, group) for group in (left, right) if group]
    direct = combine_districts(PERCENT, items)
    via_groups = combine_districts(PERCENT, grouped)
    assert (via_groups.numerator, via_groups.denominator) == (direct.numerator, direct.denominator)
    assert via_groups.value == pytest.approx(direct.value)


@given(parts)
def test_region_percentage_lies_between_its_districts(pairs: list[tuple[int, int]]) -> None:
    items = [ratio(n, d) for n, d in pairs]
    region = combine_districts(PERCENT, items)
    values = [item.value for item in items if item.value is not None]
    assert region.value is not None
    assert min(values) - 1e-9 <= region.value <= max(values) + 1e-9


@given(st.lists(st.integers(0, 1000), min_size=12, max_size=12))
def test_months_to_quarters_to_year_equals_months_to_year(monthly: list[int]) -> None:
    months = [(Period(2025, PeriodKind.MONTH, i + 1), Observation(v)) for i, v in enumerate(monthly)]
    quarters = [
        (Period(2025, PeriodKind.QUARTER, q), combine_periods(COUNT, months[(q - 1) * 3 : q * 3])) for q in range(1, 5)
    ]
    assert combine_periods(COUNT, quarters) == combine_periods(COUNT, months)


@given(st.lists(st.integers(0, 1000), min_size=1, max_size=12).map(sorted))
def test_cumulative_year_equals_its_last_month(running: list[int]) -> None:
    months = [(Period(2025, PeriodKind.MONTH, i + 1), Observation(v)) for i, v in enumerate(running)]
    assert combine_periods(CUMULATIVE, reversed(months)).value == running[-1]


def test_numerator_above_denominator_is_refused_on_the_numerator() -> None:
    issues = check_entry(PERCENT, EntryInput(numerator=5, denominator=4))
    assert [(i.cell, i.severity) for i in issues] == [(Cell.NUMERATOR, Severity.ERROR)]
    assert "больше знаменателя" in issues[0].message


def test_rate_may_exceed_its_denominator_share() -> None:
    assert check_entry(RATE, EntryInput(numerator=5, denominator=4)) == []


def test_negative_count_and_percentage_over_100() -> None:
    assert check_entry(COUNT, EntryInput(value=-1))[0].message == "Значение не может быть отрицательным."
    assert check_entry(PERCENT, EntryInput(value=120))[0].cell is Cell.VALUE


def test_half_a_ratio_asks_for_the_other_half() -> None:
    assert check_entry(PERCENT, EntryInput(numerator=3))[0].cell is Cell.DENOMINATOR
    assert check_entry(PERCENT, EntryInput(denominator=3))[0].cell is Cell.NUMERATOR


def test_cumulative_value_below_previous_period_is_an_error() -> None:
    issues = check_entry(CUMULATIVE, EntryInput(value=4), EntryContext(previous=6))
    assert issues[0].severity is Severity.ERROR
    assert "(6)" in issues[0].message


def test_large_deviation_from_plan_asks_for_a_comment_until_given() -> None:
    context = EntryContext(plan=35)
    issues = check_entry(COUNT, EntryInput(value=20), context)
    assert [(i.cell, i.severity) for i in issues] == [(Cell.COMMENT, Severity.NEEDS_COMMENT)]
    assert "плана (35)" in issues[0].message
    assert check_entry(COUNT, EntryInput(value=20, comment="Закрыт приют"), context) == []
    assert check_entry(COUNT, EntryInput(value=33), context) == []


def test_jump_outside_the_districts_history_asks_for_a_comment() -> None:
    issues = check_entry(COUNT, EntryInput(value=60), EntryContext(history=(10, 12, 11, 13)))
    assert issues and issues[0].severity is Severity.NEEDS_COMMENT
    assert "обычно около 11,5" in issues[0].message
    assert unusual_against_history(14, (10, 12, 11, 13)) is None
    assert unusual_against_history(60, (10, 12)) is None


def test_period_closes_by_itself_after_expiry_days() -> None:
    lock = PeriodLock(Period(2025, PeriodKind.HALF_YEAR, 2), deadline=date(2026, 1, 20), expiry_days=10)
    assert lock.state(date(2026, 1, 30)) is LockState.OPEN
    assert lock.state(date(2026, 1, 31)) is LockState.EXPIRED
    assert "заблокируется 31.01.2026" in lock.describe(date(2026, 1, 2))
    assert PeriodLock(lock.period, lock.deadline, 0).state(date(2030, 1, 1)) is LockState.OPEN


def test_locked_period_changes_only_by_a_head_with_a_reason() -> None:
    lock = PeriodLock(Period(2025, PeriodKind.HALF_YEAR, 2), date(2026, 1, 20), 10, closed=True, closed_by="Петрова")
    today = date(2026, 1, 21)
    with pytest.raises(PermissionDenied, match="только руководитель"):
        lock.check_edit(today, can_approve=False, reason="ошибка")
    with pytest.raises(ValidationError, match="причину"):
        lock.check_edit(today, can_approve=True, reason=" ")
    lock.check_edit(today, can_approve=True, reason="Исправлена опечатка")
