"""A demo made today opens every page on the period the status bar names, and that period is open for entry."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop_app.core.paths import DataPaths
from desktop_app.domain.period_lock import LockState
from desktop_app.domain.periods import Period, PeriodKind
from desktop_app.gui.context import AppContext
from desktop_app.gui.main_window import MainWindow
from desktop_app.gui.pages.dashboard_page import DashboardPage
from desktop_app.gui.pages.forms_page import FormsPage
from desktop_app.gui.pages.indicators_page import IndicatorsPage
from desktop_app.gui.pages.measures_page import MeasuresPage
from desktop_app.gui.tasks import TaskRunner
from desktop_app.services.auth import AuthService
from desktop_app.services.demo import create_demo
from tests.gui.helpers import choose, settle


@pytest.fixture
def todays_window(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[MainWindow]:
    monkeypatch.setattr(MainWindow, "confirm_discard", lambda _self, _unsaved, _question="": True)
    paths = DataPaths(tmp_path / "demo")
    db, result = create_demo(paths)  # the real date, as `opeka demo` makes it
    actor = AuthService(db).login(result.login, result.password)
    runner = TaskRunner()
    window = MainWindow(AppContext.build(paths, db, actor, runner))
    qtbot.addWidget(window)
    window.show()
    yield window
    runner.shutdown()
    db.close()


def being_reported(today: date) -> Period:
    """The half-year being reported, by hand: the last ended one until 30 days after its executors' deadline
    (the 3rd working day of July, which falls from 1 to 5 July; 20 January for the II half-year), else the one
    holding today. Days within the uncertain few days around 3–5 August are taken at their earliest bound."""
    if today < date(today.year, 2, 20):
        return Period(today.year - 1, PeriodKind.HALF_YEAR, 2)
    if date(today.year, 7, 1) <= today < date(today.year, 8, 2):
        return Period(today.year, PeriodKind.HALF_YEAR, 1)
    return Period(today.year, PeriodKind.HALF_YEAR, 1 if today.month <= 6 else 2)


def test_every_page_opens_on_the_status_bars_period_which_is_open(todays_window: MainWindow, qtbot: QtBot) -> None:
    today = date.today()
    current = being_reported(today)
    assert todays_window.period_label.text() == f"Отчётный период: {current.label}"

    dashboard = todays_window.open_page("dashboard")
    assert isinstance(dashboard, DashboardPage)
    dashboard.refresh()
    settle(dashboard, qtbot)
    assert dashboard.data is not None and dashboard.data.sheet is not None
    assert dashboard.data.sheet.period == current

    indicators = todays_window.open_page("indicators")
    assert isinstance(indicators, IndicatorsPage)
    settle(indicators, qtbot)
    assert indicators.period == current
    assert indicators.sheet is not None and indicators.sheet.state is LockState.OPEN
    assert 0 < indicators.sheet.filled < len(indicators.sheet.rows)

    measures = todays_window.open_page("measures")
    assert isinstance(measures, MeasuresPage)
    settle(measures, qtbot)
    assert measures.filters.period() == current

    forms = todays_window.open_page("forms")
    assert isinstance(forms, FormsPage)
    settle(forms, qtbot)
    choose(forms.form_combo, "halfyear-indicators")
    settle(forms, qtbot)
    assert forms.current_period() == current
    choose(forms.form_combo, "resource-families-monthly")
    settle(forms, qtbot)
    # a month's report is written in the next month and locks a month after its deadline: the last ended month
    last_month = (
        Period(today.year, PeriodKind.MONTH, today.month - 1)
        if today.month > 1
        else Period.parse(f"{today.year - 1}-12")
    )
    assert forms.current_period() == last_month
