"""Seed 002's reporting chain against the production calendar: every date below is worked out by hand.

Executors report by the 3rd working day after the half-year (20 January for the year), the ЦССУ's summary by the
6th (1 February), the department's approval by the submission's day, the submission to the ministry by the 10th
(10 February). A fixed date falling on a day off moves to the next working day.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from desktop_app.domain.errors import ValidationError
from desktop_app.domain.periods import Period
from desktop_app.domain.reporting_chain import (
    SEED_002_CHAIN,
    ChainStep,
    StepKind,
    StepMark,
    chain_state,
    step_deadlines,
    validate_chain,
)
from desktop_app.domain.workdays import russian_calendar

EXECUTORS, SUMMARY, APPROVAL, MINISTRY = range(4)


def deadline_of(step: int, period: str) -> date:
    return step_deadlines(SEED_002_CHAIN, Period.parse(period), russian_calendar())[step]


# I half-year: the period ends on 30 June; early July has no holidays in 2025–2027.
# 2025: 30.06 is a Monday → 1 Tue, 2 Wed, 3 Thu (3rd) | 4 Fri, 7 Mon, 8 Tue (6th) | 9, 10, 11, 14 Mon (10th)
# 2026: 30.06 is a Tuesday → 1 Wed, 2 Thu, 3 Fri (3rd) | 6 Mon, 7 Tue, 8 Wed (6th) | 9, 10, 13 Mon, 14 Tue (10th)
# 2027: 30.06 is a Wednesday → 1 Thu, 2 Fri, 5 Mon (3rd) | 6 Tue, 7 Wed, 8 Thu (6th) | 9 Fri, 12, 13, 14 Wed (10th)
HALF_YEAR = {
    2025: (date(2025, 7, 3), date(2025, 7, 8), date(2025, 7, 14)),
    2026: (date(2026, 7, 3), date(2026, 7, 8), date(2026, 7, 14)),
    2027: (date(2027, 7, 5), date(2027, 7, 8), date(2027, 7, 14)),
}
# The year: 20 January, 1 February, 10 February of the next year, moved off days off.
# 20.01.2025 Monday; 01.02.2025 Saturday → Monday 03.02.2025; 10.02.2025 Monday.
# 20.01.2026 Tuesday (the New Year holidays and the day off of 09.01.2026, moved from 03.01, are over);
#   01.02.2026 Sunday → Monday 02.02.2026; 10.02.2026 Tuesday.
# 20.01.2027 Wednesday; 01.02.2027 Monday; 10.02.2027 Wednesday.
# 20.01.2028 Thursday; 01.02.2028 Tuesday; 10.02.2028 Thursday.
YEAR = {
    2024: (date(2025, 1, 20), date(2025, 2, 3), date(2025, 2, 10)),
    2025: (date(2026, 1, 20), date(2026, 2, 2), date(2026, 2, 10)),
    2026: (date(2027, 1, 20), date(2027, 2, 1), date(2027, 2, 10)),
    2027: (date(2028, 1, 20), date(2028, 2, 1), date(2028, 2, 10)),
}


@pytest.mark.parametrize("year", [2025, 2026, 2027])
def test_executors_report_by_the_third_working_day_after_the_half_year(year: int) -> None:
    assert deadline_of(EXECUTORS, f"{year}-H1") == HALF_YEAR[year][0]


@pytest.mark.parametrize("year", [2025, 2026, 2027])
def test_the_summary_is_due_by_the_sixth_working_day_after_the_half_year(year: int) -> None:
    assert deadline_of(SUMMARY, f"{year}-H1") == HALF_YEAR[year][1]


@pytest.mark.parametrize("year", [2025, 2026, 2027])
def test_the_approval_without_a_date_of_its_own_is_due_by_the_submission(year: int) -> None:
    assert deadline_of(APPROVAL, f"{year}-H1") == HALF_YEAR[year][2]


@pytest.mark.parametrize("year", [2025, 2026, 2027])
def test_the_ministry_receives_it_by_the_tenth_working_day_after_the_half_year(year: int) -> None:
    assert deadline_of(MINISTRY, f"{year}-H1") == HALF_YEAR[year][2]


@pytest.mark.parametrize("year", [2024, 2025, 2026, 2027])
def test_executors_report_for_the_year_by_20_january(year: int) -> None:
    assert deadline_of(EXECUTORS, str(year)) == YEAR[year][0]


@pytest.mark.parametrize("year", [2024, 2025, 2026, 2027])
def test_the_summary_for_the_year_by_1_february_moved_off_a_weekend(year: int) -> None:
    assert deadline_of(SUMMARY, str(year)) == YEAR[year][1]


@pytest.mark.parametrize("year", [2024, 2025, 2026, 2027])
def test_the_approval_for_the_year_is_due_by_the_submission(year: int) -> None:
    assert deadline_of(APPROVAL, str(year)) == YEAR[year][2]


@pytest.mark.parametrize("year", [2024, 2025, 2026, 2027])
def test_the_ministry_receives_the_year_by_10_february(year: int) -> None:
    assert deadline_of(MINISTRY, str(year)) == YEAR[year][2]


def test_the_second_half_year_closes_the_year_and_takes_the_year_dates() -> None:
    assert [deadline_of(step, "2026-H2") for step in (EXECUTORS, SUMMARY, MINISTRY)] == list(YEAR[2026])


def test_counting_skips_may_holidays() -> None:
    # April 2026, monthly: 01.05 Праздник Весны и Труда (Friday), 2–3 weekend → 4 Mon, 5 Tue, 6 Wed (3rd);
    # 7 Thu, 8 Fri, 09.05 День Победы (Saturday), 10 Sunday, 11.05 its day off (Monday) → 12 Tue (6th).
    days = step_deadlines(SEED_002_CHAIN, Period.parse("2026-04"), russian_calendar())
    assert days[EXECUTORS] == date(2026, 5, 6)
    assert days[SUMMARY] == date(2026, 5, 12)


def test_the_due_step_is_the_first_not_done_and_the_late_are_named() -> None:
    keyed = tuple(ChainStep(**{**step.__dict__, "key": f"s{i}"}) for i, step in enumerate(SEED_002_CHAIN))
    done = StepMark("Иванова И. И.", datetime(2026, 7, 2, 9, tzinfo=UTC))
    state = chain_state(keyed, Period.parse("2026-H1"), {"s0": done}, lambda step: ())
    assert state.due_step() is state.steps[SUMMARY]
    assert state.steps[EXECUTORS].status_text(date(2026, 7, 9)) == "выполнено 02.07.2026 (Иванова И. И.)"
    # 09.07.2026 is after the summary's 08.07.2026 and before the submission's 14.07.2026
    assert [s.step.title for s in state.late_steps(date(2026, 7, 9))] == ["Сводный отчёт"]
    assert state.steps[SUMMARY].late_parties(date(2026, 7, 9)) == ("ЦССУ",)
    assert state.steps[SUMMARY].late_parties(date(2026, 7, 8)) == ()
    assert state.steps[MINISTRY].status_text(date(2026, 7, 9)) == "до 14.07.2026"


def test_a_chain_that_no_period_could_pass_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_chain(
            [
                ChainStep("Сводный отчёт", "ЦССУ", 6),
                ChainStep("Отчёты", "Исполнители", 3, kind=StepKind.EXECUTORS),
                ChainStep("", "", 61),
                ChainStep("Утверждение", kind=StepKind.APPROVAL),
                ChainStep("Ещё утверждение", kind=StepKind.APPROVAL),
            ]
        )
    assert set(caught.value.field_errors) >= {"order", "step3.title", "step3.days", "kind.approval"}
    with pytest.raises(ValidationError):
        validate_chain([ChainStep("Утверждение", kind=StepKind.APPROVAL)])  # nothing dated at all
    validate_chain(SEED_002_CHAIN)
