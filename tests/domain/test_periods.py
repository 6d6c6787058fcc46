"""Reporting periods: the codes typed on the command line, the names printed on forms, their dates."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.domain.errors import ValidationError
from desktop_app.domain.periods import Period, PeriodKind, format_date, format_date_long, parse_date

days = st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 31))
kinds = st.sampled_from(list(PeriodKind))
# No example database: a test run leaves nothing behind in the working tree.
no_database = settings(database=None)


@st.composite
def periods(draw: st.DrawFn) -> Period:
    kind = draw(kinds)
    return Period(draw(st.integers(1900, 2199)), kind, draw(st.integers(1, 12 // kind.months)))


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("2025-07", Period(2025, PeriodKind.MONTH, 7)),
        ("2025-Q3", Period(2025, PeriodKind.QUARTER, 3)),
        ("2025-H2", Period(2025, PeriodKind.HALF_YEAR, 2)),
        ("2025", Period(2025, PeriodKind.YEAR, 1)),
        (" 2025-h1 ", Period(2025, PeriodKind.HALF_YEAR, 1)),
        ("2025-q4", Period(2025, PeriodKind.QUARTER, 4)),
    ],
)
def test_period_code_is_read_in_every_form(code: str, expected: Period) -> None:
    assert Period.parse(code) == expected


@pytest.mark.parametrize(
    ("period", "code"),
    [
        (Period(2025, PeriodKind.MONTH, 7), "2025-07"),
        (Period(2025, PeriodKind.QUARTER, 3), "2025-Q3"),
        (Period(2025, PeriodKind.HALF_YEAR, 2), "2025-H2"),
        (Period(2025, PeriodKind.YEAR), "2025"),
    ],
)
def test_period_is_written_as_its_cli_code(period: Period, code: str) -> None:
    assert period.code == code


@pytest.mark.parametrize(
    ("code", "label"),
    [
        ("2025-H1", "I полугодие 2025 г."),
        ("2026-H2", "II полугодие 2026 г."),
        ("2025-Q3", "III квартал 2025 г."),
        ("2025-Q4", "IV квартал 2025 г."),
        ("2025-07", "июль 2025 г."),
        ("2025-01", "январь 2025 г."),
        ("2025", "2025 год"),
    ],
)
def test_period_label_is_printed_as_on_russian_forms(code: str, label: str) -> None:
    period = Period.parse(code)
    assert period.label == label
    assert str(period) == label


@pytest.mark.parametrize(
    ("code", "start", "end"),
    [
        ("2025-07", date(2025, 7, 1), date(2025, 7, 31)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2025-02", date(2025, 2, 1), date(2025, 2, 28)),
        ("2025-Q3", date(2025, 7, 1), date(2025, 9, 30)),
        ("2025-H1", date(2025, 1, 1), date(2025, 6, 30)),
        ("2025-H2", date(2025, 7, 1), date(2025, 12, 31)),
        ("2025", date(2025, 1, 1), date(2025, 12, 31)),
    ],
)
def test_period_starts_and_ends_on_its_calendar_days(code: str, start: date, end: date) -> None:
    period = Period.parse(code)
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize(
    ("code", "following"),
    [("2025-12", "2026-01"), ("2025-Q4", "2026-Q1"), ("2025-H2", "2026-H1"), ("2025", "2026"), ("2025-H1", "2025-H2")],
)
def test_next_and_previous_cross_the_year_boundary(code: str, following: str) -> None:
    assert Period.parse(code).next() == Period.parse(following)
    assert Period.parse(following).previous() == Period.parse(code)


@pytest.mark.parametrize(
    "code", ["", "2025-13", "2025-00", "2025-Q5", "2025-H3", "25-07", "июль 2025", "2025/07", "1800"]
)
def test_unreadable_period_code_is_refused_in_russian(code: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Period.parse(code)
    assert any("а" <= ch <= "я" for ch in caught.value.message.lower()), caught.value.message


def test_unparseable_period_message_shows_the_expected_forms() -> None:
    with pytest.raises(ValidationError, match="Не удалось распознать период «июль»: ожидается 2025-07"):
        Period.parse("июль")


def test_last_accepted_year_has_an_end_date() -> None:
    assert Period(2200, PeriodKind.YEAR).end == date(2200, 12, 31)


@no_database
@given(periods())
def test_period_code_round_trips(period: Period) -> None:
    assert Period.parse(period.code) == period


@no_database
@given(days, kinds)
def test_period_containing_a_day_contains_it(day: date, kind: PeriodKind) -> None:
    period = Period.containing(day, kind)
    assert period.kind is kind
    assert period.contains(day)
    assert not period.contains(period.start - timedelta(days=1))
    assert not period.contains(period.end + timedelta(days=1))


@no_database
@given(periods())
def test_next_period_starts_the_day_after_this_one_ends(period: Period) -> None:
    assert period.next().start == period.end + timedelta(days=1)
    assert period.next().previous() == period


@no_database
@given(days)
def test_format_and_parse_date_round_trip(day: date) -> None:
    assert parse_date(format_date(day)) == day


def test_date_is_written_day_month_year_with_dots() -> None:
    assert format_date(date(2025, 7, 1)) == "01.07.2025"
    assert format_date(None) == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [("25.07.2023", date(2023, 7, 25)), ("1.7.2025", date(2025, 7, 1)), (" 2025-07-01 ", date(2025, 7, 1))],
)
def test_date_is_read_from_russian_or_iso_form(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["", "31.02.2025", "2025.07.01", "07/01/2025", "завтра"])
def test_unreadable_date_is_refused_with_the_expected_form(text: str) -> None:
    with pytest.raises(ValidationError, match="дд.мм.гггг"):
        parse_date(text)


def test_long_date_is_written_as_in_approving_acts() -> None:
    assert format_date_long(date(2023, 7, 25)) == "«25» июля 2023 г."
    assert format_date_long(date(2025, 6, 1)) == "«01» июня 2025 г."


def test_numbers_typed_the_russian_way_are_read_back() -> None:
    from hypothesis import given
    from hypothesis import strategies as st

    from desktop_app.domain.numbers import format_number, parse_number

    assert parse_number("1 234,5") == 1234.5
    assert parse_number(" 12 ") == 12
    assert parse_number("") is None
    for wrong in ("12,3,4", "abc", "1-2", "1e5"):
        with pytest.raises(ValueError):
            parse_number(wrong)

    @given(st.decimals(min_value=-(10**9), max_value=10**9, places=1))
    def round_trip(value: object) -> None:
        assert parse_number(format_number(float(value))) == pytest.approx(float(value))  # type: ignore[arg-type]

    round_trip()
