"""The demo is built around the day it is made: whatever the date, it opens on the current half-year, open and
partly filled, with the half-year before it approved, children placed under 4, and one account per role."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop_app.core.paths import DataPaths
from desktop_app.domain.period_lock import LockState
from desktop_app.domain.periods import Period, PeriodKind
from desktop_app.domain.roles import Role
from desktop_app.formkit import load_catalogue
from desktop_app.services.auth import AuthService
from desktop_app.services.computed_values import ComputedValues
from desktop_app.services.dashboard import reported_period
from desktop_app.services.demo import DemoResult, create_demo
from desktop_app.services.form_answers import FormAnswers
from desktop_app.services.indicator_entry import IndicatorEntry
from desktop_app.services.indicator_sheet import IndicatorSheet, ValueStatus
from desktop_app.services.installation import InstallationService
from desktop_app.services.measure_list import MeasureFilter, MeasureRow
from desktop_app.services.registry import RegistryService
from desktop_app.storage.database import Database
from desktop_app.storage.models import ChildPlacement
from tests.conftest import make_actor

SPECIALIST = make_actor(Role.SPECIALIST)
# the trial's day (after the program's last half-year began), a day a year on (past the program's end), a day
# before its II half-year 2025 had ended, and the first working days of a year, when the II half-year just closed
DAYS = (date(2026, 12, 7), date(2027, 3, 15), date(2025, 9, 1), date(2027, 1, 11))


@dataclass(frozen=True)
class Demo:
    today: date
    db: Database
    result: DemoResult

    @property
    def current(self) -> Period:
        # the half-year being reported: the last ended one until it locks (30 days after its executors' deadline,
        # 20 January for the II half-year), else the one holding today (January–June I, July–December II)
        if date(self.today.year, 1, 1) <= self.today < date(self.today.year, 2, 20):
            return Period(self.today.year - 1, PeriodKind.HALF_YEAR, 2)
        if date(self.today.year, 7, 1) <= self.today < date(self.today.year, 8, 3):
            return Period(self.today.year, PeriodKind.HALF_YEAR, 1)
        return Period(self.today.year, PeriodKind.HALF_YEAR, 1 if self.today.month <= 6 else 2)

    @property
    def previous(self) -> Period:
        current = self.current
        if current.index == 1:  # the II half-year of the year before
            return Period(current.year - 1, current.kind, 2)
        return Period(current.year, current.kind, 1)

    def sheet(self, period: Period) -> IndicatorSheet:
        entry = IndicatorEntry(self.db, ComputedValues(self.db, lambda: self.today), lambda: self.today)
        ((program_id, _title),) = entry.sheets.programs(SPECIALIST)
        return entry.sheets.sheet(SPECIALIST, program_id, period, self.result.district)

    def measures(self, period: Period) -> list[MeasureRow]:
        rows = RegistryService(self.db).measures(SPECIALIST, filters=MeasureFilter(period=period), today=self.today)
        return [row for row in rows if row.due]


@pytest.fixture(scope="module", params=DAYS, ids=lambda day: day.isoformat())
def demo(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    today: date = request.param
    root = tmp_path_factory.mktemp(f"demo-{today.isoformat()}")
    db, result = create_demo(DataPaths(Path(root)), today)
    yield Demo(today, db, result)
    db.close()


def test_the_status_bar_period_is_the_half_year_in_progress_and_inside_the_program(demo: Demo) -> None:
    info = InstallationService(demo.db).info()
    assert info.current_period(demo.today) == demo.current == demo.result.current_period
    periods = RegistryService(demo.db).reporting_periods(SPECIALIST)
    assert demo.previous in periods and demo.current in periods
    # the pages (indicators, measures, the start screen, reports) open on the period the status bar names
    assert reported_period(periods, demo.today) == demo.current


def test_the_current_half_year_is_open_and_partly_filled(demo: Demo) -> None:
    sheet = demo.sheet(demo.current)
    assert sheet.state is LockState.OPEN and not sheet.locked
    assert 0 < sheet.filled < len(sheet.rows)
    assert sheet.count(ValueStatus.APPROVED) == 0
    due = demo.measures(demo.current)
    reported = [row for row in due if row.reported]
    assert 0 < len(reported) < len(due)
    assert not any(row.approved for row in due)
    assert not any(row.overdue_in_period for row in due)


def test_the_previous_half_year_is_reported_in_full_and_approved_by_the_head(demo: Demo) -> None:
    sheet = demo.sheet(demo.previous)
    assert sheet.filled == len(sheet.rows) == sheet.count(ValueStatus.APPROVED)
    head = next(account for account in demo.result.accounts if account.role is Role.HEAD)
    assert {row.status for row in sheet.rows} == {ValueStatus.APPROVED}
    due = demo.measures(demo.previous)
    assert due and all(row.reported and row.approved for row in due)
    assert not any(row.overdue_in_period for row in due)
    with demo.db.reading() as session:
        from desktop_app.storage.models import ExecutionReport

        approvers = set(
            session.scalars(select(ExecutionReport.approved_by).where(ExecutionReport.period == demo.previous.code))
        )
    assert approvers == {head.full_name}


def test_the_months_resource_family_form_is_begun(demo: Demo) -> None:
    computed = ComputedValues(demo.db, lambda: demo.today)
    forms = FormAnswers(demo.db, load_catalogue(), IndicatorEntry(demo.db, computed, lambda: demo.today), computed)
    month = Period(demo.today.year, PeriodKind.MONTH, demo.today.month)
    state = forms.state(SPECIALIST, "resource-families-monthly", month, demo.result.district)
    answered, total = state.completion
    assert state.answer_id is not None and 0 < answered < total
    assert state.status is ValueStatus.DRAFT


def _years_old(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def test_placed_children_are_under_four_at_placement_and_today_and_nothing_is_dated_after_today(demo: Demo) -> None:
    with demo.db.reading() as session:
        placements = session.execute(
            select(
                ChildPlacement.child_code,
                ChildPlacement.child_birth_date,
                ChildPlacement.start_date,
                ChildPlacement.end_date,
            )
        ).all()
    assert placements
    for code, birth, start, end in placements:
        assert _years_old(birth, start) < 4 and _years_old(birth, demo.today) < 4
        assert start <= demo.today and (end or demo.today) <= demo.today
        assert code.startswith(f"Р-{start.year}-")


def test_each_role_signs_in_with_its_printed_password(demo: Demo) -> None:
    accounts = {account.role: account for account in demo.result.accounts}
    assert set(accounts) == {Role.SPECIALIST, Role.HEAD, Role.ADMIN}
    auth = AuthService(demo.db)
    for role, account in accounts.items():
        actor = auth.login(account.login, account.password)
        assert (actor.login, actor.role) == (account.login, role)
    assert (demo.result.login, demo.result.password) == (accounts[Role.ADMIN].login, accounts[Role.ADMIN].password)


def test_the_program_moves_by_whole_years_only_when_today_is_outside_its_years(demo: Demo) -> None:
    # the program as approved runs from 01.07.2025 to 31.12.2026
    expected = demo.current.year - 2026
    assert demo.result.shift_years == expected
    assert demo.result.approving_act == "постановление № 230-па от 27.06.2025"
    assert (f"{2025 + expected}-{2026 + expected}") in demo.result.program_title
