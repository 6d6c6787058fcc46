"""The way of a family support case (seed 004): stages, reasons, dates, assessment and reviews, closure."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.domain.case_rules import (
    WAY,
    AssessmentInput,
    CaseState,
    ClosureInput,
    ReopenInput,
    StageInput,
    add_months,
    check_assessment,
    check_closure,
    check_reopen,
    check_stage,
    default_next_review,
    next_stages,
    reason_needed,
    review_overdue,
)
from desktop_app.domain.case_terms import CaseOutcome, CaseStage, SupportLevel
from desktop_app.domain.errors import ValidationError

TODAY = date(2026, 6, 10)
IDENTIFIED = date(2026, 1, 15)


def state(stage: CaseStage, last: date = date(2026, 3, 1)) -> CaseState:
    return CaseState(stage, last, IDENTIFIED, last if stage is CaseStage.CLOSED else None)


def errors_of(call: object) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        call()  # type: ignore[operator]
    return caught.value.field_errors


def test_the_next_stage_needs_no_reason_and_is_kept_as_given() -> None:
    step = check_stage(
        state(CaseStage.IDENTIFIED), StageInput(CaseStage.ASSESSMENT, date(2026, 3, 2), " Соколова  Е. В. "), TODAY
    )
    assert step.done_by == "Соколова Е. В."
    assert step.reason == ""


@given(st.integers(0, len(WAY) - 1), st.integers(0, len(WAY) - 1))
def test_a_reason_is_needed_exactly_for_skips_and_returns(start: int, target: int) -> None:
    current, wanted = WAY[start], WAY[target]
    plain = target == start + 1 or (
        current is CaseStage.PROLONGED
        and wanted in (CaseStage.ROUTE, CaseStage.SERVICES, CaseStage.MONITORING, CaseStage.PROLONGED)
    )
    assert (reason_needed(current, wanted) == "") == (plain or target == start)


def test_skipping_names_the_skipped_stages_and_is_refused_without_a_reason() -> None:
    problems = errors_of(
        lambda: check_stage(
            state(CaseStage.IDENTIFIED), StageInput(CaseStage.TEAM, date(2026, 3, 2), "Соколова"), TODAY
        )
    )
    assert problems["reason"] == "Пропущены этапы «оценка семейной ситуации», «запрос семьи»: укажите причину."
    kept = check_stage(
        state(CaseStage.IDENTIFIED),
        StageInput(CaseStage.TEAM, date(2026, 3, 2), "Соколова", "экстренный случай, команда собрана сразу"),
        TODAY,
    )
    assert kept.reason == "экстренный случай, команда собрана сразу"


def test_going_back_needs_a_reason() -> None:
    problems = errors_of(
        lambda: check_stage(state(CaseStage.SERVICES), StageInput(CaseStage.ROUTE, date(2026, 3, 2), "Соколова"), TODAY)
    )
    assert problems["reason"] == "Возврат с этапа «услуги и сопровождение» на «маршрут»: укажите причину."


def test_prolongation_follows_monitoring_repeats_and_sets_the_next_review() -> None:
    step = StageInput(CaseStage.PROLONGED, date(2026, 3, 2), "Соколова", next_review_on=date(2026, 9, 2))
    assert check_stage(state(CaseStage.MONITORING), step, TODAY).next_review_on == date(2026, 9, 2)
    assert check_stage(state(CaseStage.PROLONGED), step, TODAY).stage is CaseStage.PROLONGED
    no_term = StageInput(CaseStage.PROLONGED, date(2026, 3, 2), "Соколова")
    assert "next_review_on" in errors_of(lambda: check_stage(state(CaseStage.MONITORING), no_term, TODAY))
    early = StageInput(CaseStage.PROLONGED, date(2026, 3, 2), "Соколова", next_review_on=date(2026, 3, 2))
    assert "next_review_on" in errors_of(lambda: check_stage(state(CaseStage.MONITORING), early, TODAY))
    assert next_stages(CaseStage.MONITORING)[0] is CaseStage.PROLONGED
    assert next_stages(CaseStage.PROLONGED)[0] is CaseStage.MONITORING


def test_the_same_stage_twice_and_closing_by_a_stage_are_refused() -> None:
    same = errors_of(
        lambda: check_stage(state(CaseStage.ROUTE), StageInput(CaseStage.ROUTE, date(2026, 3, 2), "Соколова"), TODAY)
    )
    assert same["stage"] == "Случай уже на этапе «маршрут»."
    closing = errors_of(
        lambda: check_stage(state(CaseStage.ROUTE), StageInput(CaseStage.CLOSED, date(2026, 3, 2), "Соколова"), TODAY)
    )
    assert "stage" in closing
    after_closure = errors_of(
        lambda: check_stage(
            state(CaseStage.CLOSED), StageInput(CaseStage.ASSESSMENT, date(2026, 3, 2), "Соколова"), TODAY
        )
    )
    assert "откройте его снова" in after_closure["stage"]
    assert next_stages(CaseStage.CLOSED) == []
    assert CaseStage.CLOSED not in next_stages(CaseStage.MONITORING)


@pytest.mark.parametrize(
    ("on_date", "message"),
    [
        (None, "Укажите дату этапа."),
        (TODAY + timedelta(days=1), "Дата этапа ещё не наступила."),
        (date(2026, 1, 14), "Дата раньше выявления семьи (15.01.2026)."),
        (date(2026, 2, 28), "Дата раньше предыдущего этапа (01.03.2026)."),
    ],
)
def test_a_stage_date_is_not_in_the_future_nor_before_identification_or_the_last_stage(
    on_date: date | None, message: str
) -> None:
    current = CaseState(
        CaseStage.IDENTIFIED, date(2026, 3, 1) if on_date != date(2026, 1, 14) else IDENTIFIED, IDENTIFIED
    )
    problems = errors_of(lambda: check_stage(current, StageInput(CaseStage.ASSESSMENT, on_date, "Соколова"), TODAY))
    assert problems["on_date"] == message


def test_every_message_is_one_russian_sentence() -> None:
    problems = errors_of(
        lambda: check_stage(state(CaseStage.IDENTIFIED), StageInput(CaseStage.MONITORING, None, ""), TODAY)
    )
    for message in problems.values():
        assert message[0].isupper() and message.endswith(".") and ". " not in message


# ----------------------------------------------------------------------------------------- assessment, reviews


@pytest.mark.parametrize(
    ("level", "months"),
    [(SupportLevel.CRISIS, 1), (SupportLevel.INTENSIVE, 3), (SupportLevel.BASIC, 6), (SupportLevel.CONSULTATIVE, 6)],
)
def test_the_default_next_review_follows_the_level(level: SupportLevel, months: int) -> None:
    assessed = date(2026, 2, 10)
    assert default_next_review(level, assessed) == date(2026, 2 + months, 10)


def test_a_month_later_from_the_31st_is_the_months_last_day() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2027, 11, 30), 3) == date(2028, 2, 29)


@given(st.dates(date(2000, 1, 1), date(2090, 12, 31)), st.sampled_from(list(SupportLevel)))
def test_the_default_review_is_always_after_the_assessment_and_within_half_a_year(
    assessed: date, level: SupportLevel
) -> None:
    review = default_next_review(level, assessed)
    assert assessed < review <= assessed + timedelta(days=184)


def test_an_assessment_needs_a_level_and_a_later_next_review() -> None:
    problems = errors_of(lambda: check_assessment(AssessmentInput(None, date(2026, 2, 10), None), IDENTIFIED, TODAY))
    assert set(problems) == {"level", "next_review_on"}
    same_day = AssessmentInput(SupportLevel.BASIC, date(2026, 2, 10), date(2026, 2, 10))
    assert errors_of(lambda: check_assessment(same_day, IDENTIFIED, TODAY))["next_review_on"] == (
        "Следующий пересмотр должен быть позже даты оценки."
    )
    before = AssessmentInput(SupportLevel.BASIC, date(2026, 1, 10), date(2026, 7, 10))
    assert "assessed_on" in errors_of(lambda: check_assessment(before, IDENTIFIED, TODAY))
    fine = AssessmentInput(SupportLevel.CRISIS, date(2026, 2, 10), date(2026, 3, 10))
    assert check_assessment(fine, IDENTIFIED, TODAY).level is SupportLevel.CRISIS


def test_a_review_is_overdue_the_day_after_its_date_and_never_for_a_closed_case() -> None:
    review = date(2026, 6, 9)
    assert not review_overdue(review, closed=False, today=review)
    assert review_overdue(review, closed=False, today=review + timedelta(days=1))
    assert not review_overdue(review, closed=True, today=review + timedelta(days=30))
    assert not review_overdue(None, closed=False, today=TODAY)


# ----------------------------------------------------------------------------------------- closure, reopening


def test_closing_needs_an_outcome_and_a_date() -> None:
    problems = errors_of(
        lambda: check_closure(state(CaseStage.MONITORING), ClosureInput(None, None, "", "Соколова"), TODAY)
    )
    assert set(problems) == {"outcome", "on_date"}


@pytest.mark.parametrize("outcome", [CaseOutcome.REFUSED, CaseOutcome.OTHER])
def test_refusal_and_other_outcomes_need_a_reason(outcome: CaseOutcome) -> None:
    entry = ClosureInput(outcome, date(2026, 5, 5), "", "Соколова")
    assert "reason" in errors_of(lambda: check_closure(state(CaseStage.MONITORING), entry, TODAY))
    with_reason = ClosureInput(outcome, date(2026, 5, 5), "письменный отказ от 05.05.2026", "Соколова")
    assert check_closure(state(CaseStage.MONITORING), with_reason, TODAY).reason == "письменный отказ от 05.05.2026"


def test_overcome_after_monitoring_needs_no_reason_but_before_it_does() -> None:
    entry = ClosureInput(CaseOutcome.OVERCOME, date(2026, 5, 5), "", "Соколова")
    assert check_closure(state(CaseStage.MONITORING), entry, TODAY).outcome is CaseOutcome.OVERCOME
    assert check_closure(state(CaseStage.PROLONGED), entry, TODAY).outcome is CaseOutcome.OVERCOME
    problems = errors_of(lambda: check_closure(state(CaseStage.SERVICES), entry, TODAY))
    assert problems["reason"] == "Случай снимается с этапа «услуги и сопровождение», до мониторинга: укажите причину."


def test_a_closed_case_is_reopened_only_with_a_reason_and_not_before_its_closure() -> None:
    closed = state(CaseStage.CLOSED, date(2026, 5, 5))
    assert "reason" in errors_of(lambda: check_reopen(closed, ReopenInput(date(2026, 6, 1), " "), TODAY))
    early = errors_of(lambda: check_reopen(closed, ReopenInput(date(2026, 5, 4), "новое сообщение школы"), TODAY))
    assert early["on_date"] == "Дата раньше предыдущего этапа (05.05.2026)."
    reopened = check_reopen(closed, ReopenInput(date(2026, 6, 1), "новое сообщение школы", "Соколова"), TODAY)
    assert reopened.stage is CaseStage.ASSESSMENT
    assert "stage" in errors_of(lambda: check_reopen(state(CaseStage.ROUTE), ReopenInput(date(2026, 6, 1), "x"), TODAY))
