"""The start screen: plan against fact with colour, overdue measures, the target of five, forms to fill."""

from __future__ import annotations

from datetime import date

from pytestqt.qtbot import QtBot

from desktop_app.domain.periods import Period
from desktop_app.gui.main_window import MainWindow
from desktop_app.gui.pages.dashboard_page import _BEHIND, _NO_DATA, _ON_PLAN, DashboardPage
from desktop_app.services.dashboard import DashboardService, reported_period
from desktop_app.services.indicator_entry import ValueChange
from tests.conftest import DEMO_TODAY
from tests.gui.helpers import settle


def open_dashboard(window: MainWindow, qtbot: QtBot) -> DashboardPage:
    page = window.open_page("dashboard")
    assert isinstance(page, DashboardPage)
    # the day the tests' demo was made on: the start screen shows that day's half-year, partly filled
    context = window.context
    page.service = DashboardService(
        context.indicators, context.registry, context.families, context.forms, today=lambda: DEMO_TODAY
    )
    page.refresh()
    settle(page, qtbot)
    assert page.data is not None
    return page


def test_window_opens_on_the_dashboard(window: MainWindow) -> None:
    assert isinstance(window.current_page(), DashboardPage)


def test_indicators_are_coloured_by_plan_and_direction(window: MainWindow, qtbot: QtBot) -> None:
    context = window.context
    program_id = context.indicators.sheets.programs(context.actor)[0][0]
    page = open_dashboard(window, qtbot)
    assert page.data is not None and page.data.sheet is not None
    period = page.data.sheet.period
    sheet = context.indicators.sheets.sheet(context.actor, program_id, period, context.territory)
    by_code = {row.code: row for row in sheet.rows}
    plan = by_code["1.1"].plan  # fewer children in institutions is better
    if by_code["1.1"].value is None and plan is not None:
        context.indicators.save(
            context.actor,
            program_id,
            period,
            context.territory,
            [ValueChange(by_code["1.1"].indicator_id, value=plan - 1)],
            reason="проверка",  # the period may already be locked by its expiry days, depending on today
        )
    page.refresh()
    settle(page, qtbot)
    colours = {
        page.indicators.item(r, 0).text(): page.indicators.item(r, 0).background()
        for r in range(page.indicators.rowCount())
    }
    assert colours["1.1"] in (_ON_PLAN, _BEHIND)
    assert any(colour == _NO_DATA for colour in colours.values())
    assert page.indicator_summary.text().startswith("В плане: ")
    assert period.label in page.indicator_box.title()


def test_targets_overdue_and_unfilled_forms_are_listed(window: MainWindow, qtbot: QtBot) -> None:
    page = open_dashboard(window, qtbot)
    assert page.targets.rowCount() >= 1
    assert "Плесецкий" in page.targets.item(0, 0).text()
    assert page.forms.rowCount() == 3
    states = [page.forms.item(r, 2).text() for r in range(3)]
    assert "не заполнена" in states
    assert page.overdue_summary.text()


def test_reported_period_is_the_one_in_progress_as_the_status_bar_has_it() -> None:
    periods = [Period.parse(code) for code in ("2025-H2", "2026-H1", "2026-H2")]
    assert reported_period(periods, date(2026, 11, 23)) == Period.parse("2026-H2")
    assert reported_period(periods, date(2025, 8, 1)) == Period.parse("2025-H2")
    assert reported_period(periods, date(2025, 3, 1)) == Period.parse("2025-H2")  # before the program: its first
    assert reported_period(periods, date(2027, 5, 1)) == Period.parse("2026-H2")  # after it: its last


def test_the_chart_draws_plan_against_fact_for_every_indicator_with_a_fact(window: MainWindow, qtbot: QtBot) -> None:
    from desktop_app.gui.reports.plan_fact_chart import BEHIND_COLOUR, ON_PLAN_COLOUR

    page = open_dashboard(window, qtbot)
    assert page.data is not None and page.data.sheet is not None
    with_fact = [row for row in page.data.sheet.rows if row.has_value]
    chart = page.chart
    assert [bar.code for bar in chart.bars] == [row.code for row in with_fact] and chart.bars
    for number, (bar, row) in enumerate(zip(chart.bars, with_fact, strict=True)):
        assert (bar.plan, bar.fact) == (row.plan, row.value)
        plan, fact = chart.bar_lengths(number)
        if row.plan and row.value:
            longer, shorter = (plan, fact) if row.plan > row.value else (fact, plan)
            assert longer >= shorter, row.code  # the longer bar is the larger number, on the row's own scale
        if row.on_plan is not None:
            assert bar.colour == (ON_PLAN_COLOUR if row.on_plan else BEHIND_COLOUR)
    assert chart.height() >= chart.sizeHint().height() - 1 or page.chart_area.verticalScrollBar().maximum() > 0
    picture = chart.grab().toImage()
    assert not picture.isNull() and picture.height() > 100
