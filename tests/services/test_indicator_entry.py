"""Indicator values for a period: the grid's data, saving with checks, the workflow and the period lock."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.domain.errors import ConcurrentChange, PermissionDenied, UserError, ValidationError
from desktop_app.domain.indicator_checks import Severity
from desktop_app.domain.period_lock import LockState
from desktop_app.domain.periods import Period
from desktop_app.domain.roles import Role
from desktop_app.services.computed_values import ComputedValues
from desktop_app.services.indicator_entry import IndicatorEntry, ValueChange
from desktop_app.services.indicator_sheet import IndicatorSheet, ValueStatus
from desktop_app.storage.database import Database
from tests.conftest import make_actor

DISTRICT = "Плесецкий муниципальный округ"
H1_2026 = Period.parse("2026-H1")
H2_2026 = Period.parse("2026-H2")
H2_2025 = Period.parse("2025-H2")
SPECIALIST = make_actor(Role.SPECIALIST)
HEAD = make_actor(Role.HEAD)


class Clock:
    def __init__(self, today: date) -> None:
        self.today = today

    def __call__(self) -> date:
        return self.today


@pytest.fixture
def clock() -> Clock:
    return Clock(date(2026, 7, 2))


@pytest.fixture
def entry(demo_db: Database, clock: Clock) -> IndicatorEntry:
    return IndicatorEntry(demo_db, ComputedValues(demo_db, clock), clock)


@pytest.fixture
def program_id(entry: IndicatorEntry) -> str:
    return entry.sheets.programs(SPECIALIST)[0][0]


def sheet(entry: IndicatorEntry, program_id: str, period: Period = H2_2026) -> IndicatorSheet:
    return entry.sheets.sheet(SPECIALIST, program_id, period, DISTRICT)


def by_code(current: IndicatorSheet, code: str):  # type: ignore[no-untyped-def]
    return next(row for row in current.rows if row.code == code)


def test_sheet_lists_every_indicator_with_its_plan(entry: IndicatorEntry, program_id: str) -> None:
    current = sheet(entry, program_id)
    assert len(current.rows) >= 30
    first = by_code(current, "1.1")
    assert (first.plan, first.plan_text) == (26.0, "26")
    assert first.value is None and first.value_id is None
    assert by_code(current, "1.2").spec.kind.needs_ratio


def test_periods_follow_the_program_and_its_plans(entry: IndicatorEntry, program_id: str) -> None:
    periods = [period.code for period in entry.sheets.periods(SPECIALIST, program_id)]
    assert periods[:4] == ["2025-H1", "2025-H2", "2026-H1", "2026-H2"]


def test_percentage_is_computed_from_numerator_and_denominator(entry: IndicatorEntry, program_id: str) -> None:
    row = by_code(sheet(entry, program_id), "1.2")
    saved = entry.save(
        SPECIALIST, program_id, H2_2026, DISTRICT, [ValueChange(row.indicator_id, numerator=3, denominator=4)]
    )
    after = by_code(saved, "1.2")
    assert after.value == pytest.approx(75.0)
    assert (after.numerator, after.denominator, after.status) == (3, 4, ValueStatus.DRAFT)
    assert after.deviation == pytest.approx(-1.0)


def test_wrong_cells_stop_the_whole_save_and_name_each_cell(entry: IndicatorEntry, program_id: str) -> None:
    current = sheet(entry, program_id)
    count, share = by_code(current, "1.1"), by_code(current, "1.2")
    changes = [ValueChange(count.indicator_id, value=-2), ValueChange(share.indicator_id, numerator=5, denominator=4)]
    with pytest.raises(ValidationError) as caught:
        entry.save(SPECIALIST, program_id, H2_2026, DISTRICT, changes)
    assert caught.value.field_errors == {
        f"{count.indicator_id}:value": "Значение не может быть отрицательным.",
        f"{share.indicator_id}:numerator": "Числитель (5) больше знаменателя (4).",
    }
    assert sheet(entry, program_id).filled == 0


def test_large_deviation_is_saved_but_asks_for_a_comment_before_submitting(
    entry: IndicatorEntry, program_id: str
) -> None:
    row = by_code(sheet(entry, program_id), "1.1")
    saved = entry.save(SPECIALIST, program_id, H2_2026, DISTRICT, [ValueChange(row.indicator_id, value=10)])
    after = by_code(saved, "1.1")
    assert after.needs_comment and after.issues[0].severity is Severity.NEEDS_COMMENT
    with pytest.raises(ValidationError, match="1.1: Факт отличается от плана"):
        entry.submit(SPECIALIST, program_id, H2_2026, DISTRICT)
    entry.save(
        SPECIALIST,
        program_id,
        H2_2026,
        DISTRICT,
        [ValueChange(row.indicator_id, value=10, comment="Дети устроены в семьи", expected_version=after.row_version)],
    )
    submitted = entry.submit(SPECIALIST, program_id, H2_2026, DISTRICT)
    assert by_code(submitted, "1.1").status is ValueStatus.SUBMITTED


def test_stale_screen_does_not_overwrite(entry: IndicatorEntry, program_id: str) -> None:
    row = by_code(sheet(entry, program_id), "1.1")
    entry.save(SPECIALIST, program_id, H2_2026, DISTRICT, [ValueChange(row.indicator_id, value=30)])
    with pytest.raises(ConcurrentChange):
        entry.save(SPECIALIST, program_id, H2_2026, DISTRICT, [ValueChange(row.indicator_id, value=29)])


def fill_and_approve(entry: IndicatorEntry, program_id: str) -> IndicatorSheet:
    row = by_code(sheet(entry, program_id), "1.1")
    entry.save(SPECIALIST, program_id, H2_2026, DISTRICT, [ValueChange(row.indicator_id, value=30)])
    with pytest.raises(PermissionDenied):
        entry.approve(SPECIALIST, program_id, H2_2026, DISTRICT)
    entry.submit(SPECIALIST, program_id, H2_2026, DISTRICT)
    return entry.approve(HEAD, program_id, H2_2026, DISTRICT)


def test_approved_value_is_frozen_for_a_specialist_and_a_head_change_withdraws_approval(
    entry: IndicatorEntry, program_id: str
) -> None:
    approved = by_code(fill_and_approve(entry, program_id), "1.1")
    assert approved.status is ValueStatus.APPROVED
    change = ValueChange(approved.indicator_id, value=31, expected_version=approved.row_version)
    with pytest.raises(PermissionDenied, match="утверждено"):
        entry.save(SPECIALIST, program_id, H2_2026, DISTRICT, [change])
    after = by_code(entry.save(HEAD, program_id, H2_2026, DISTRICT, [change]), "1.1")
    assert (after.value, after.status) == (31, ValueStatus.DRAFT)


def test_closed_period_changes_only_by_a_head_with_a_reason(entry: IndicatorEntry, program_id: str) -> None:
    approved = by_code(fill_and_approve(entry, program_id), "1.1")
    closed = entry.close(HEAD, program_id, H2_2026, DISTRICT, "Отчёт направлен")
    assert closed.state is LockState.CLOSED
    change = ValueChange(approved.indicator_id, value=28, comment="уточнено", expected_version=approved.row_version)
    with pytest.raises(PermissionDenied, match="только руководитель"):
        entry.save(SPECIALIST, program_id, H2_2026, DISTRICT, [change])
    with pytest.raises(ValidationError, match="причину"):
        entry.save(HEAD, program_id, H2_2026, DISTRICT, [change])
    entry.save(HEAD, program_id, H2_2026, DISTRICT, [change], reason="Ошибка в отчёте ЦССУ")
    reopened = entry.reopen(HEAD, program_id, H2_2026, DISTRICT, "Повторная сверка")
    assert reopened.state is LockState.OPEN


def test_period_with_unapproved_values_cannot_be_closed(entry: IndicatorEntry, program_id: str) -> None:
    row = by_code(sheet(entry, program_id), "1.1")
    entry.save(SPECIALIST, program_id, H2_2026, DISTRICT, [ValueChange(row.indicator_id, value=30)])
    with pytest.raises(UserError, match="не утверждено значений — 1"):
        entry.close(HEAD, program_id, H2_2026, DISTRICT)


def test_period_locks_by_itself_after_the_expiry_days(entry: IndicatorEntry, program_id: str, clock: Clock) -> None:
    entry.set_lock_days(HEAD, program_id, 10)
    deadline = sheet(entry, program_id).lock.deadline
    clock.today = date.fromordinal(deadline.toordinal() + 11)
    current = sheet(entry, program_id)
    assert current.state is LockState.EXPIRED
    row = by_code(current, "1.1")
    with pytest.raises(PermissionDenied, match="заблокирован по сроку"):
        entry.save(SPECIALIST, program_id, H2_2026, DISTRICT, [ValueChange(row.indicator_id, value=30)])


def test_cumulative_value_may_not_fall_below_the_previous_period(
    entry: IndicatorEntry, program_id: str, demo_db: Database
) -> None:
    from sqlalchemy import select

    from desktop_app.storage.models import Indicator

    row = by_code(sheet(entry, program_id), "1.1")
    with demo_db.transaction() as session:
        indicator = session.scalars(select(Indicator).where(Indicator.id == row.indicator_id)).one()
        indicator.cumulative = True
    previous = by_code(sheet(entry, program_id, H1_2026), "1.1")
    assert previous.value == 30
    with pytest.raises(ValidationError, match="исправьте"):
        entry.save(SPECIALIST, program_id, H2_2026, DISTRICT, [ValueChange(row.indicator_id, value=29)])


def test_lock_days_are_checked(entry: IndicatorEntry, program_id: str) -> None:
    with pytest.raises(ValidationError):
        entry.set_lock_days(HEAD, program_id, 1000)
    with pytest.raises(PermissionDenied):
        entry.set_lock_days(SPECIALIST, program_id, 10)


def test_catalogue_entry_says_kind_direction_base_and_linked_measures(entry: IndicatorEntry, program_id: str) -> None:
    first = by_code(sheet(entry, program_id), "1.1")
    assert first.base_value == 38 and first.base_date == date(2024, 7, 1)
    assert "желаемое направление — снижение" in first.about
    assert "базовое значение 38 на 01.07.2024" in first.about
    linked = [row for row in sheet(entry, program_id).rows if row.measures]
    assert linked and "мероприятия: " in linked[0].about


def test_a_year_is_combined_from_its_half_years_by_each_indicators_rule(entry: IndicatorEntry, program_id: str) -> None:
    year = entry.sheets.combined(SPECIALIST, program_id, Period.parse("2026"), DISTRICT)
    halves = [by_code(sheet(entry, program_id, Period.parse(code)), "1.2") for code in ("2026-H1",)]
    assert year["1.1"].value == 30  # only the first half-year is entered in the demo
    assert (year["1.2"].numerator, year["1.2"].denominator) == (halves[0].numerator, halves[0].denominator)
    row = by_code(sheet(entry, program_id), "1.2")
    entry.save(SPECIALIST, program_id, H2_2026, DISTRICT, [ValueChange(row.indicator_id, numerator=2, denominator=7)])
    year = entry.sheets.combined(SPECIALIST, program_id, Period.parse("2026"), DISTRICT)
    assert (year["1.2"].numerator, year["1.2"].denominator) == (12, 20)
    assert year["1.2"].value == pytest.approx(60.0)  # 12 of 20, not the mean of 76,9 % and 28,6 %


def test_head_approves_drafts_left_in_a_locked_period_and_closes_it(
    entry: IndicatorEntry, program_id: str, clock: Clock
) -> None:
    row = by_code(sheet(entry, program_id), "1.1")
    entry.save(SPECIALIST, program_id, H2_2026, DISTRICT, [ValueChange(row.indicator_id, value=25)])
    clock.today = date(2027, 12, 31)  # long past the deadline and its 30 days
    assert sheet(entry, program_id).state is LockState.EXPIRED
    with pytest.raises(PermissionDenied, match="только руководитель"):
        entry.submit(SPECIALIST, program_id, H2_2026, DISTRICT)
    approved = entry.approve(HEAD, program_id, H2_2026, DISTRICT)
    assert by_code(approved, "1.1").status is ValueStatus.APPROVED
    assert entry.close(HEAD, program_id, H2_2026, DISTRICT).state is LockState.CLOSED


def test_a_cleared_value_leaves_no_row_to_block_closing(entry: IndicatorEntry, program_id: str) -> None:
    row = by_code(sheet(entry, program_id), "1.1")
    saved = by_code(
        entry.save(SPECIALIST, program_id, H2_2026, DISTRICT, [ValueChange(row.indicator_id, value=25)]), "1.1"
    )
    cleared = entry.save(
        SPECIALIST, program_id, H2_2026, DISTRICT, [ValueChange(row.indicator_id, expected_version=saved.row_version)]
    )
    assert by_code(cleared, "1.1").value_id is None
    assert entry.close(HEAD, program_id, H2_2026, DISTRICT).state is LockState.CLOSED


def test_zero_of_zero_is_data_that_is_submitted_and_approved(entry: IndicatorEntry, program_id: str) -> None:
    row = by_code(sheet(entry, program_id), "1.2")
    entry.save(SPECIALIST, program_id, H2_2026, DISTRICT, [ValueChange(row.indicator_id, numerator=0, denominator=0)])
    entry.submit(SPECIALIST, program_id, H2_2026, DISTRICT)
    approved = entry.approve(HEAD, program_id, H2_2026, DISTRICT)
    assert by_code(approved, "1.2").status is ValueStatus.APPROVED and by_code(approved, "1.2").value is None
    assert entry.close(HEAD, program_id, H2_2026, DISTRICT).state is LockState.CLOSED


def test_a_year_takes_one_level_of_shorter_periods_or_its_own_value(
    entry: IndicatorEntry, program_id: str, demo_db: Database
) -> None:
    from desktop_app.storage.models import IndicatorValue

    row = by_code(sheet(entry, program_id), "3.3")
    with demo_db.transaction() as session:
        for code, value in (("2024-H1", 2), ("2024-Q1", 1), ("2024-Q2", 1)):
            session.add(IndicatorValue(indicator_id=row.indicator_id, period=code, territory=DISTRICT, value=value))
    assert entry.sheets.combined(SPECIALIST, program_id, Period.parse("2024"), DISTRICT)["3.3"].value == 2
    with demo_db.transaction() as session:
        session.add(IndicatorValue(indicator_id=row.indicator_id, period="2024", territory=DISTRICT, value=7))
    assert entry.sheets.combined(SPECIALIST, program_id, Period.parse("2024"), DISTRICT)["3.3"].value == 7


def test_head_sets_the_districts_plan_value(entry: IndicatorEntry, program_id: str) -> None:
    row = by_code(sheet(entry, program_id), "1.1")
    with pytest.raises(PermissionDenied):
        entry.set_plan(SPECIALIST, program_id, H2_2026, DISTRICT, row.indicator_id, 24)
    own = by_code(entry.set_plan(HEAD, program_id, H2_2026, DISTRICT, row.indicator_id, 24), "1.1")
    assert (own.plan, own.plan_text) == (24, "24")
    with pytest.raises(ValidationError, match="плановое значение"):
        entry.set_plan(HEAD, program_id, H2_2026, DISTRICT, row.indicator_id, None)
    other = by_code(
        entry.set_plan(HEAD, program_id, H2_2026, "Онежский муниципальный округ", row.indicator_id, 5), "1.1"
    )
    assert other.plan == 5 and by_code(sheet(entry, program_id), "1.1").plan == 24
