"""Indicator 1.2 of the demo program is a percentage: the value grid, «Обзор» and the form screen show «%» as
its unit and its values as «76,9 %», never the seed's «единиц» or a bare «76,923»."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop_app.domain.periods import Period
from desktop_app.gui.formview.indicator import IndicatorWidget
from desktop_app.gui.main_window import MainWindow
from desktop_app.gui.models.indicator_grid import IndicatorGridModel
from desktop_app.gui.pages.dashboard_page import DashboardPage
from desktop_app.gui.pages.forms_page import FormsPage
from desktop_app.gui.pages.indicators_page import IndicatorsPage
from desktop_app.services.indicator_entry import ValueChange
from desktop_app.storage.database import Database
from desktop_app.storage.models import Program
from tests.gui.helpers import choose, settle

S = "\u00a0"
H2_2026 = "2026-H2"  # plan of 1.2: 76 %
# 10 children of 13 returned to their families: 76,923… %, 0,923… points over the plan of 76 %
SHARE = f"76,9{S}%"


@pytest.fixture(autouse=True)
def periods_never_lock_by_themselves(demo_db: Database) -> None:
    """The demo's periods lock 30 days after their deadline; these tests must not depend on today's date."""
    with demo_db.transaction() as session:
        for program in session.scalars(select(Program)):
            program.value_lock_days = 0


def test_the_grid_shows_a_percentage_with_its_unit_and_sign(window: MainWindow, qtbot: QtBot) -> None:
    page = window.open_page("indicators")
    assert isinstance(page, IndicatorsPage)
    settle(page, qtbot)
    page.select_period(H2_2026)
    settle(page, qtbot)
    number = next(n for n, row in enumerate(page.model.rows()) if row.code == "1.2")

    def cell(column: int) -> str:
        return str(page.model.index(number, column).data())

    assert cell(IndicatorGridModel.COL_UNIT) == "%"
    assert cell(IndicatorGridModel.COL_PLAN) == f"76,0{S}%", "the plan as a value, not the plan's text «76%»"
    for column, text in ((IndicatorGridModel.COL_NUM, "10"), (IndicatorGridModel.COL_DEN, "13")):
        index = page.model.index(number, column)
        page.table.setCurrentIndex(index)
        assert page.model.setData(index, text)
    assert cell(IndicatorGridModel.COL_FACT) == SHARE
    assert cell(IndicatorGridModel.COL_DEVIATION) == f"+0,9{S}п.{S}п."
    assert (cell(IndicatorGridModel.COL_NUM), cell(IndicatorGridModel.COL_DEN)) == ("10", "13")
    count = next(n for n, row in enumerate(page.model.rows()) if row.code == "1.1")
    assert page.model.index(count, IndicatorGridModel.COL_UNIT).data() == "единиц", "a count keeps its word"


def test_the_dashboard_row_spells_the_value_as_the_grid_does(window: MainWindow, qtbot: QtBot) -> None:
    page = window.open_page("dashboard")
    assert isinstance(page, DashboardPage)
    page.refresh()
    settle(page, qtbot)
    assert page.data is not None and page.data.sheet is not None
    context = window.context
    sheet = page.data.sheet
    row = next(row for row in sheet.rows if row.code == "1.2")
    context.indicators.save(
        context.actor,
        sheet.program_id,
        sheet.period,
        context.territory,
        [ValueChange(row.indicator_id, numerator=10, denominator=13, expected_version=row.row_version)],
        reason="проверка",
    )
    page.refresh()
    settle(page, qtbot)
    table = page.indicators
    [line] = [r for r in range(table.rowCount()) if table.item(r, 0).text() == "1.2"]
    plan = row.plan
    assert plan is not None and plan == int(plan)  # the demo plans whole percentages: 74, 75, 76
    gap = round(10 / 13 * 100 - plan, 1)
    sign = "+" if gap > 0 else ""
    shown = [table.item(line, column).text() for column in (2, 3, 4)]
    assert shown == [f"{int(plan)},0{S}%", SHARE, f"{sign}{gap:.1f}".replace(".", ",") + f"{S}п.{S}п."]
    bar = next(bar for bar in page.chart.bars if bar.code == "1.2")
    assert bar.values_text == f"план {int(plan)},0{S}% · факт {SHARE}"


def test_the_form_screen_shows_the_unit_plan_and_computed_share(window: MainWindow, qtbot: QtBot) -> None:
    page = window.open_page("forms")
    assert isinstance(page, FormsPage)
    settle(page, qtbot)
    choose(page.form_combo, "halfyear-indicators")
    settle(page, qtbot)
    choose(page.period_combo, H2_2026)
    settle(page, qtbot)
    assert page.state is not None and page.state.period == Period.parse(H2_2026)
    share = page.question_widget("1.2")
    assert isinstance(share, IndicatorWidget)
    about = share.about.text()
    assert "ед. изм.: %" in about and "единиц" not in about
    assert f"план: <b>76,0{S}%</b>" in about
    share.numerator.clear()
    share.denominator.clear()
    qtbot.keyClicks(share.numerator, "10")
    qtbot.keyClicks(share.denominator, "13")
    assert share.computed.text() == f"= {SHARE}"
