"""The program above the measures list takes two lines, whatever the screen, and says its act in plain Russian."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from desktop_app.gui.main_window import MainWindow
from desktop_app.gui.pages.measures_page import MeasuresPage
from tests.gui.helpers import settle


def test_the_heading_is_two_lines_with_the_whole_text_on_hover(window: MainWindow, qtbot: QtBot) -> None:
    window.resize(1024, 576)  # a 1280×720 monitor at 125 %
    page = window.open_page("measures")
    assert isinstance(page, MeasuresPage)
    settle(page, qtbot)
    qtbot.waitUntil(lambda: page.heading.title.text() != "", timeout=10_000)
    heading = page.heading
    line = heading.fontMetrics().lineSpacing()
    assert heading.height() <= 2 * line + 8, f"{heading.height()} px for two lines of {line} px"
    assert heading.title.text().startswith("Муниципальная программа Плесецкого муниципального округа")
    assert heading.title.toolTip() == heading.title.text()
    assert heading.title.is_elided(), "the long title is cut with «…» at this width, not wrapped"
    details = heading.details.toolTip()
    assert details.startswith(
        "постановление от 27.06.2025 № 230-па (администрация Плесецкого муниципального округа); срок реализации"
    )
