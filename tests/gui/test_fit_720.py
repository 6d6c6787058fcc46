"""Every page fits a 1280×720 office monitor: the window does not grow, the action buttons are in view and the
names of measures and indicators get the width."""

from __future__ import annotations

import os

from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QPushButton, QScrollArea, QTableView, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.domain.actor import Actor
from desktop_app.gui.main_window import PAGE_SPECS, MainWindow
from desktop_app.gui.pages.families_page import FamiliesPage
from desktop_app.gui.pages.indicators_page import IndicatorsPage
from desktop_app.gui.pages.measures_page import MeasuresPage
from desktop_app.gui.window_fit import fitted, screen_key
from tests.gui.conftest import WindowFactory
from tests.gui.helpers import settle

ACTION_WORDS = ("Сохранить", "Представить", "Утвердить", "Добавить")
# a table question of a long questionnaire has its own row button: it scrolls with its question, as it should
CONTENT_BUTTONS = ("Добавить строку",)
# Under Windows' 125 % scaling (QT_SCALE_FACTOR=1.25, see test_fit_scaled.py) a 1280×720 monitor gives the
# program 1024×576 logical pixels: the checks are made at the logical size of that monitor.
SCALE = float(os.environ.get("QT_SCALE_FACTOR") or 1)
WIDTH, HEIGHT = round(1280 / SCALE), round(720 / SCALE)
SCREENSHOTS = f"/tmp/fit_720_{round(SCALE * 100)}"


def _at_720(window: MainWindow) -> None:
    window.resize(WIDTH, HEIGHT)
    QGuiApplication.processEvents()


def _open(window: MainWindow, qtbot: QtBot, key: str) -> QWidget:
    page = window.open_page(key)
    settle(page, qtbot)
    if isinstance(page, MeasuresPage):
        page.table.selectRow(0)
        qtbot.waitUntil(lambda: page.report_editor._report is not None, timeout=10_000)
    if isinstance(page, FamiliesPage):
        qtbot.waitUntil(lambda: page.card.card is not None, timeout=10_000)
    settle(page, qtbot)
    qtbot.wait(20)  # let the layouts settle their sizes
    return page


def _rect_in(widget: QWidget, ancestor: QWidget) -> QRect:
    return QRect(widget.mapTo(ancestor, QPoint(0, 0)), widget.size())


def _visible_area(button: QWidget, window: MainWindow) -> QRect:
    """The part of the window the user sees around ``button``: the window, or the viewport of its scroll area."""
    parent = button.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QScrollArea):
            return _rect_in(parent.viewport(), window)
        parent = parent.parentWidget()
    return window.rect()


def test_window_opens_inside_the_screen_it_is_on(window: MainWindow) -> None:
    available = window.screen().availableGeometry()
    assert window.width() <= available.width() and window.height() <= available.height()
    assert available.contains(window.frameGeometry())


def test_a_saved_size_larger_than_the_screen_is_shrunk_to_fit(make_window: WindowFactory, demo_actor: Actor) -> None:
    first = make_window(demo_actor)
    available = first.screen().availableGeometry()
    first.resize(available.width() + 600, available.height() + 400)
    first.close()
    second = make_window(demo_actor)
    assert second.width() <= available.width() and second.height() <= available.height()


def test_the_size_is_remembered_for_each_screen(make_window: WindowFactory, demo_actor: Actor) -> None:
    first = make_window(demo_actor)
    first.resize(700, 500)
    first.close()
    settings = first.context.settings
    assert screen_key(first.screen()) in settings.window_geometries
    # a size saved on another screen is what the window would get without its own screen's entry
    settings.window_geometries[f"Другой монитор {1920}x{1080}"] = settings.window_geometries[screen_key(first.screen())]
    second = make_window(demo_actor)
    assert (second.width(), second.height()) == (700, 500)


def test_fitted_keeps_a_window_and_its_title_bar_inside_the_free_area() -> None:
    available = QRect(0, 0, 1280, 680)  # 720 minus a 40-pixel task bar
    placed = fitted(QRect(100, -20, 1600, 1000), available, title_height=30)
    assert placed == QRect(0, 30, 1280, 650)
    assert fitted(QRect(50, 60, 800, 500), available, 30) == QRect(50, 60, 800, 500)
    assert fitted(QRect(1000, 500, 800, 500), available, 30) == QRect(480, 180, 800, 500)


def test_no_page_widens_the_window_at_1280_by_720(window: MainWindow, qtbot: QtBot) -> None:
    grown = {}
    for spec in PAGE_SPECS:
        _at_720(window)
        _open(window, qtbot, spec.key)
        window.grab().save(f"{SCREENSHOTS}_{spec.key}.png")
        if window.width() > WIDTH or window.height() > HEIGHT:
            grown[spec.title] = (window.width(), window.height())
    assert grown == {}


def test_action_buttons_lie_in_the_visible_area_at_1280_by_720(window: MainWindow, qtbot: QtBot) -> None:
    hidden = []
    for spec in PAGE_SPECS:
        _at_720(window)
        page = _open(window, qtbot, spec.key)
        buttons = [b for b in page.findChildren(QPushButton) if b.isVisible() and b.text().startswith(ACTION_WORDS)]
        for button in (b for b in buttons if b.text() not in CONTENT_BUTTONS):
            if not _visible_area(button, window).contains(_rect_in(button, window)):
                hidden.append(f"{spec.title}: {button.text()}")
    assert hidden == []


def _name_is_widest(table: QTableView, name_column: int) -> None:
    widths = {
        column: table.columnWidth(column)
        for column in range(table.model().columnCount())
        if not table.isColumnHidden(column)
    }
    assert widths[name_column] == max(widths.values()), widths


def test_names_of_measures_and_indicators_get_the_width(window: MainWindow, qtbot: QtBot) -> None:
    _at_720(window)
    measures = _open(window, qtbot, "measures")
    assert isinstance(measures, MeasuresPage)
    _name_is_widest(measures.table, measures.model.COL_NAME)
    _at_720(window)
    indicators = _open(window, qtbot, "indicators")
    assert isinstance(indicators, IndicatorsPage)
    _name_is_widest(indicators.table, indicators.model.COL_NAME)
