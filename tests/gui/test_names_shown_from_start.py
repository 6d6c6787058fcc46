"""A field filled in for the user shows the start of its text when it is narrower than the text: «Демонстрационный
польз…», not «…емонстрационный пользователь»."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from desktop_app.gui.main_window import MainWindow
from desktop_app.gui.pages.families_page import FamiliesPage
from tests.gui.helpers import settle


def test_who_took_the_step_is_shown_from_the_start(window: MainWindow, qtbot: QtBot) -> None:
    page = window.open_page("families")
    assert isinstance(page, FamiliesPage)
    settle(page, qtbot)
    qtbot.waitUntil(lambda: page.card.card is not None, timeout=10_000)
    steps = page.card.steps
    page.card.setCurrentWidget(steps)
    steps.done_by.setFixedWidth(80)
    qtbot.wait(10)
    assert steps.done_by.text() == window.context.actor.full_name
    assert steps.done_by.cursorPosition() == 0, "the field is scrolled to the start of the name"

    dialog = page.new_family()
    qtbot.addWidget(dialog)
    try:
        assert dialog.done_by.cursorPosition() == 0
    finally:
        dialog.reject()
