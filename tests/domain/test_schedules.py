"""Deadline texts as printed in the seeds become schedules that say when a measure is due."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.domain.periods import Period, PeriodKind
from desktop_app.domain.schedules import Schedule, ScheduleKind, parse_schedule

PROGRAM = (date(2025, 7, 1), date(2026, 12, 31))  # seed 002: July 2025 – December 2026


@pytest.mark.parametrize(
    ("text", "kind", "dates", "window"),
    [
        ("Июль 2023 года", ScheduleKind.DATES, (date(2023, 7, 31),), (None, None)),
        ("1 квартал 2024 года ", ScheduleKind.DATES, (date(2024, 3, 31),), (None, None)),
        ("2023 год, ", ScheduleKind.DATES, (date(2023, 12, 31),), (None, None)),
        ("до 1 октября 2025 года", ScheduleKind.DATES, (date(2025, 10, 1),), (None, None)),
        (
            "до 25 декабря 2025 года, до 25 июня 2026 года, до 25 декабря 2026 года",
            ScheduleKind.DATES,
            (date(2025, 12, 25), date(2026, 6, 25), date(2026, 12, 25)),
            (None, None),
        ),
        ("Ежеквартально в течение 2023 года ", ScheduleKind.QUARTERLY, (), (date(2023, 1, 1), date(2023, 12, 31))),
        ("Ежемесячно", ScheduleKind.MONTHLY, (), (None, None)),
        ("в течение всего срока реализации Программы (ежемесячно)", ScheduleKind.MONTHLY, (), (None, None)),
        ("Раз в полгода", ScheduleKind.HALF_YEARLY, (), (None, None)),
        ("Ежегодно ", ScheduleKind.YEARLY, (), (None, None)),
        ("Октябрь 2023 года, далее ежегодно", ScheduleKind.YEARLY, (), (date(2023, 10, 1), None)),
        ("В течение всего проекта", ScheduleKind.THROUGHOUT, (), (None, None)),
        ("В течение 2023 года", ScheduleKind.THROUGHOUT, (), (date(2023, 1, 1), date(2023, 12, 31))),
        ("III - IV кварталы 2023 года", ScheduleKind.THROUGHOUT, (), (date(2023, 7, 1), date(2023, 12, 31))),
        ("сентябрь 2025 года – май 2026 года", ScheduleKind.THROUGHOUT, (), (date(2025, 9, 1), date(2026, 5, 31))),
        ("в течение всего срока реализации Программы по мере необходимости", ScheduleKind.AS_NEEDED, (), (None, None)),
        ("в течение всего срока реализации Программы, при наличии запроса", ScheduleKind.AS_NEEDED, (), (None, None)),
    ],
)
def test_seed_deadline_texts_are_understood(
    text: str, kind: ScheduleKind, dates: tuple[date, ...], window: tuple[date | None, date | None]
) -> None:
    schedule = parse_schedule(text)
    assert schedule.recognised
    assert schedule.kind is kind
    assert schedule.dates == dates
    assert (schedule.start, schedule.end) == window


@pytest.mark.parametrize(
    ("text", "count", "per"),
    [
        ("в течение всего срока реализации Программы (не менее 1 раза в полгода)", 1, PeriodKind.HALF_YEAR),
        ("в течение всего срока реализации Программы (не менее одного раза в полгода)", 1, PeriodKind.HALF_YEAR),
        ("в течение всего срока реализации Программы (не менее 5 в течение каждого года)", 5, PeriodKind.YEAR),
        ("в течение всего срока реализации Программы (не менее 10 в течение каждого года)", 10, PeriodKind.YEAR),
    ],
)
def test_minimum_counts_are_kept(text: str, count: int, per: PeriodKind) -> None:
    schedule = parse_schedule(text)
    assert (schedule.kind, schedule.min_count, schedule.count_period) == (ScheduleKind.THROUGHOUT, count, per)
    assert f"не менее {count}" in schedule.summary


def test_a_half_yearly_measure_is_due_in_every_half_year_of_the_program() -> None:
    schedule = parse_schedule("Раз в полгода")
    due = [p.code for p in _halves(2025, 2027) if schedule.is_due_in(p, *PROGRAM)]
    assert due == ["2025-H2", "2026-H1", "2026-H2"]


def test_a_yearly_measure_reported_by_half_year_is_due_in_the_second_half_only() -> None:
    schedule = parse_schedule("Ежегодно")
    due = [p.code for p in _halves(2025, 2026) if schedule.is_due_in(p, *PROGRAM)]
    assert due == ["2025-H2", "2026-H2"]


def test_a_quarterly_measure_reported_monthly_is_due_at_each_quarter_end_of_its_year() -> None:
    schedule = parse_schedule("Ежеквартально в течение 2023 года")
    program = (date(2023, 7, 1), date(2025, 12, 31))
    due = [p.code for p in _months(2023) if schedule.is_due_in(p, *program)]
    assert due == ["2023-09", "2023-12"]  # the program starts in July: the first two quarters were before it


def test_a_one_off_measure_is_due_only_in_the_period_of_its_date() -> None:
    schedule = parse_schedule("до 25 декабря 2025 года, до 25 июня 2026 года")
    due = [p.code for p in _halves(2025, 2026) if schedule.is_due_in(p, *PROGRAM)]
    assert due == ["2025-H2", "2026-H1"]


def test_as_needed_is_never_required_and_unrecognised_text_is_treated_as_throughout() -> None:
    period = Period.parse("2026-H1")
    assert not parse_schedule("по мере необходимости").is_due_in(period, *PROGRAM)
    unclear = parse_schedule("по согласованию сторон")
    assert not unclear.recognised
    assert unclear.is_due_in(period, *PROGRAM)
    assert "не распознан" in unclear.summary


def test_a_window_outside_the_period_is_not_due() -> None:
    schedule = parse_schedule("сентябрь 2025 года – май 2026 года")
    assert schedule.is_due_in(Period.parse("2026-H1"), *PROGRAM)
    assert not schedule.is_due_in(Period.parse("2026-H2"), *PROGRAM)


@given(st.text(max_size=200))
def test_any_text_gives_a_schedule_that_survives_storage(text: str) -> None:
    schedule = parse_schedule(text)
    assert Schedule.from_dict(schedule.to_dict()) == schedule


def test_a_damaged_stored_schedule_reads_as_unrecognised() -> None:
    assert not Schedule.from_dict({"kind": "weekly"}).recognised
    assert not Schedule.from_dict(None).recognised


def _halves(first: int, last: int) -> list[Period]:
    return [Period(year, PeriodKind.HALF_YEAR, half) for year in range(first, last + 1) for half in (1, 2)]


def _months(year: int) -> list[Period]:
    return [Period(year, PeriodKind.MONTH, month) for month in range(1, 13)]


@pytest.mark.parametrize(
    ("text", "kind", "dates", "window"),
    [
        ("Март 2024 года", ScheduleKind.DATES, (date(2024, 3, 31),), (None, None)),
        ("до 1 марта 2026 года", ScheduleKind.DATES, (date(2026, 3, 1),), (None, None)),
        ("май 2026 года", ScheduleKind.DATES, (date(2026, 5, 31),), (None, None)),
        (
            "декабрь 2025 года, июнь 2026 года",
            ScheduleKind.DATES,
            (date(2025, 12, 31), date(2026, 6, 30)),
            (None, None),
        ),
        ("с 01.07.2025 по 31.12.2025", ScheduleKind.THROUGHOUT, (), (date(2025, 7, 1), date(2025, 12, 31))),
        ("01.07.2025 - 31.12.2026", ScheduleKind.THROUGHOUT, (), (date(2025, 7, 1), date(2026, 12, 31))),
        ("с 01.09.2025", ScheduleKind.THROUGHOUT, (), (date(2025, 9, 1), None)),
        (
            "с июля 2023 года по декабрь 2025 года",
            ScheduleKind.THROUGHOUT,
            (),
            (date(2023, 7, 1), date(2025, 12, 31)),
        ),
    ],
)
def test_months_spans_and_several_month_deadlines(
    text: str, kind: ScheduleKind, dates: tuple[date, ...], window: tuple[date | None, date | None]
) -> None:
    schedule = parse_schedule(text)
    assert (schedule.kind, schedule.dates, (schedule.start, schedule.end)) == (kind, dates, window)
