"""The reporting chain on «Мероприятия» takes one line at 1280×720: the step due, its deadline and who is late (in
red), the buttons on the right; every step with its status is in the tooltip and under «▸ Шаги», folded by default,
and the choice lasts for the session. The line ends in «…» instead of widening the window."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtGui import QColor, QGuiApplication
from pytestqt.qtbot import QtBot

from desktop_app.domain.periods import Period
from desktop_app.domain.roles import Role
from desktop_app.gui.main_window import MainWindow
from desktop_app.gui.pages.dashboard_page import DashboardPage
from desktop_app.gui.pages.measures_page import MeasuresPage
from desktop_app.gui.widgets import chain_strip
from desktop_app.gui.widgets.elided_parts import shares
from tests.conftest import make_actor
from tests.gui.conftest import WindowFactory
from tests.gui.helpers import choose, settle
from tests.gui.test_measures_screen import measures_page

SPECIALIST = make_actor(Role.SPECIALIST, "specialist")
H1_2026 = Period.parse("2026-H1")
TODAY = date(2026, 7, 9)
# I half-year 2026 ends on Tuesday 30.06.2026; the working days of July: 1, 2, 3, 6, 7, 8, 9, 10, 13, 14.
# The demo chain: the executors by the 3rd working day, the summary (ЦССУ) by the 6th, the approval and the ministry
# by the 10th. On 09.07.2026 the first two are late and the last two are not yet.
STEPS = [
    ("Отчёты исполнителей и соисполнителей", "просрочено, срок был 03.07.2026"),
    ("Сводный отчёт", "просрочено, срок был 08.07.2026"),
    ("Согласование сводного отчёта", "до 14.07.2026"),
    ("Направление в министерство", "до 14.07.2026"),
]
WIDTH, HEIGHT = 1280, 720
SCREENSHOT = "/tmp/strip_720.png"


class _Today(date):
    @classmethod
    def today(cls) -> _Today:
        return cls(TODAY.year, TODAY.month, TODAY.day)


@pytest.fixture
def on_9_july(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chain_strip, "date", _Today)


def _measures_at_720(window: MainWindow, qtbot: QtBot) -> MeasuresPage:
    window.resize(WIDTH, HEIGHT)
    QGuiApplication.processEvents()
    page = measures_page(window, qtbot)
    choose(page.filters.period_combo, H1_2026.code)
    qtbot.waitUntil(lambda: page.chain.state is not None and page.chain.state.period == H1_2026, timeout=10_000)
    page.table.selectRow(0)  # the card under the table is filled, as when the user works
    qtbot.waitUntil(lambda: page.report_editor._report is not None, timeout=10_000)
    settle(page, qtbot)
    qtbot.wait(20)  # let the layouts settle their sizes
    return page


def test_shares_give_each_part_its_width_or_an_even_share() -> None:
    assert shares([100, 200], 400) == [100, 200]
    # 300 for three: the 40-pixel part keeps 40, the other two share 260
    assert shares([40, 500, 500], 300) == [40, 130, 130]
    # the kept deadline first (90 of 250), then 160 shared by the other two
    assert shares([200, 90, 300], 250, kept=[1]) == [80, 90, 80]
    # a whole part that would be cut is left out and leaves its share to the others
    assert shares([120, 300, 300], 300, whole=[0]) == [0, 150, 150]
    assert shares([120, 300, 300], 600, whole=[0]) == [120, 240, 240]


def test_the_chain_takes_one_line_and_the_table_keeps_its_rows(
    make_window: WindowFactory, qtbot: QtBot, on_9_july: None
) -> None:
    window = make_window(SPECIALIST)
    page = _measures_at_720(window, qtbot)
    strip = page.chain
    window.grab().save(SCREENSHOT)
    line = strip.fontMetrics().lineSpacing()

    assert not strip.unfolded and not strip.steps.isVisible()
    # one line of text beside the buttons: no more than two lines of text high with the frame
    assert strip.height() <= 2 * line + 4, (strip.height(), line)
    buttons_row = strip.mark_button.geometry()
    assert strip.undo_button.geometry().top() == buttons_row.top()
    assert strip.text.geometry().top() < buttons_row.bottom() and buttons_row.left() > strip.text.geometry().right()
    # The strip once took five lines and more, and the table showed less than one row of three lines. Eight rows
    # of three lines (8 × 48 px) and the card under the table do not both fit in 720 px; one line gives the table
    # at least three whole rows.
    table = page.table
    assert table.viewport().height() >= 3 * table.rowHeight(0), (table.viewport().height(), table.rowHeight(0))
    # the line is cut with «…» rather than widening the window
    assert (window.width(), window.height()) == (WIDTH, HEIGHT)
    assert strip.text.is_elided() and strip.text.shown_text().count("…") >= 1
    # the deadline of the step due stays whole, and who is late is on the line, in red
    shown = strip.text.shown_text()
    assert ", срок 03.07.2026" in shown
    assert "опаздывают: " in shown
    state = strip.state
    assert state is not None
    first_late = state.steps[0].pending[0]
    assert f"опаздывают: {first_late[:6]}" in shown
    red = [part for part in strip.text.parts() if part.colour == chain_strip.LATE]
    assert len(red) == 1 and red[0].text.startswith(" · опаздывают: ")
    late = [party for step in state.steps[:2] for party in step.pending]
    assert all(party in red[0].text for party in late) and "ЦССУ" in late
    image = strip.text.grab().toImage()
    reds = sum(1 for x in range(image.width()) for y in range(image.height()) if _reddish(image.pixelColor(x, y)))
    assert reds > 20, "the late parties are drawn in red"

    # every step with its status, in the tooltip and in the unfolded list
    tooltip = strip.text.toolTip()
    assert tooltip.startswith("<b>Порядок отчётности за I полугодие 2026 г.</b>")
    for position, (title, status) in enumerate(STEPS, start=1):
        assert f"{position}. {title} — {status}" in tooltip
    assert "Сводный отчёт — просрочено, срок был 08.07.2026; не выполнили: ЦССУ" in tooltip
    strip.toggle.click()
    qtbot.waitUntil(lambda: strip.steps.isVisible(), timeout=5_000)
    assert strip.toggle.text() == "▾ Шаги"
    for position, (title, status) in enumerate(STEPS, start=1):
        assert f"{position}. {title} — {status}" in strip.steps.text()
    assert strip.height() > 4 * line
    assert (window.width(), window.height()) == (WIDTH, HEIGHT)


def test_the_unfolded_list_is_remembered_for_the_session(
    make_window: WindowFactory, qtbot: QtBot, on_9_july: None
) -> None:
    window = make_window(SPECIALIST)
    page = _measures_at_720(window, qtbot)
    page.chain.toggle.click()
    assert page.chain.unfolded
    dashboard = window.open_page("dashboard")
    assert isinstance(dashboard, DashboardPage)
    qtbot.waitUntil(lambda: dashboard.chain.state is not None, timeout=15_000)
    assert dashboard.chain.unfolded and dashboard.chain.steps.isVisible()
    dashboard.chain.toggle.click()
    assert not dashboard.chain.steps.isVisible()
    window.open_page("measures")
    assert not page.chain.unfolded and not page.chain.steps.isVisible()


def _reddish(colour: QColor) -> bool:
    return colour.red() > 140 and colour.green() < 90 and colour.blue() < 90
