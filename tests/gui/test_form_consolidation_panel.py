"""At the region the forms page opens a form's consolidation: the totals, a district's own answer on choosing it,
the completeness table, and «Заполнить форму региона из свода» writing the region's draft."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop_app.domain.roles import Role
from desktop_app.gui.context import AppContext
from desktop_app.gui.main_window import MainWindow
from desktop_app.gui.pages.forms_page import FormsPage
from desktop_app.gui.panels.form_consolidation_panel import FormConsolidationPanel
from desktop_app.gui.tasks import TaskRunner
from desktop_app.services.indicator_sheet import ValueStatus
from tests.conftest import make_actor
from tests.exchange.test_end_to_end import REGION, Installation
from tests.gui.helpers import settle
from tests.services.test_form_consolidation import (
    JULY,
    MONTHLY,
    MONTHLY_ANSWERS,
    PLESETSK,
    REGION_NAME,
    SILENT,
    VELSK,
    store_answers,
)


@pytest.fixture
def context(tmp_path: Path) -> Iterator[AppContext]:
    region = Installation(tmp_path / "region", REGION)
    store_answers(region, MONTHLY, JULY, MONTHLY_ANSWERS)
    runner = TaskRunner()
    yield AppContext.build(region.paths, region.db, make_actor(Role.HEAD), runner)
    runner.shutdown()


def cell_texts(table, column: int) -> list[str]:  # type: ignore[no-untyped-def]
    return [table.item(row, column).text() for row in range(table.rowCount())]


def test_the_panel_shows_totals_a_districts_answer_and_completeness(context: AppContext, qtbot: QtBot) -> None:
    panel = FormConsolidationPanel(context, MONTHLY, JULY)
    qtbot.addWidget(panel)
    assert "Собираются ответы" in panel.summary.text(), "the answers are added up in the background"
    qtbot.waitUntil(lambda: panel.consolidation is not None, timeout=10_000)
    numbers = cell_texts(panel.totals, 0)
    totals = dict(zip(numbers, cell_texts(panel.totals, 2), strict=True))
    assert totals["1.1"] == str(4 + 7 + 1)
    assert totals["2.6"] == "да — 2 МО из 3"
    assert SILENT in panel.summary.text() and "Ответы прислали 3 МО" in panel.summary.text()

    panel.select_question("1.1")
    panel.select_district(VELSK)
    assert panel.district_answer.toPlainText() == "7", "the drill-down shows the district's own answer"
    panel.select_question("2.6")
    panel.select_district(PLESETSK)
    assert "2 случая: нет свободных семей" in panel.district_answer.toPlainText()

    states = dict(zip(cell_texts(panel.completeness, 0), cell_texts(panel.completeness, 1), strict=True))
    assert states[PLESETSK] == "утверждена" and states[VELSK] == "представлена" and states[SILENT] == "не начата"


def test_the_region_fills_its_own_form_from_the_panel(context: AppContext, qtbot: QtBot) -> None:
    filled = []
    panel = FormConsolidationPanel(context, MONTHLY, JULY, filled.append)
    qtbot.addWidget(panel)
    qtbot.waitUntil(panel.fill_button.isEnabled, timeout=10_000)
    panel.fill_button.click()
    assert filled and filled[0].status is ValueStatus.DRAFT
    state = context.forms.state(context.actor, MONTHLY, JULY, REGION_NAME)
    assert state.answers["1.1"] == 4 + 7 + 1
    assert "черновик" in panel.message.text()


def test_the_forms_page_of_the_region_offers_the_consolidation(context: AppContext, qtbot: QtBot) -> None:
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    page = window.open_page("forms")
    assert isinstance(page, FormsPage)
    settle(page, qtbot)
    assert page.consolidation_button.isVisible()
    page.open_consolidation()
    assert isinstance(page.consolidation_panel, FormConsolidationPanel)
    page.consolidation_panel.close()
