"""Filling a monitoring form on screen with the keyboard only: choose the form and the period, walk the questions
with Tab, type, save with Ctrl+S."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from desktop_app.domain.periods import Period
from desktop_app.gui.formview.simple import LineWidget
from desktop_app.gui.main_window import MainWindow
from desktop_app.gui.pages.forms_page import FormsPage
from tests.gui.helpers import settle
from tests.gui.test_keyboard import CTRL, activate, focused, press, tab_to, type_text

MONTHLY = "resource-families-monthly"


def test_a_monthly_form_is_chosen_answered_and_saved_without_a_mouse(window: MainWindow, qtbot: QtBot) -> None:
    activate(window, qtbot)
    QTest.keyClick(window, Qt.Key.Key_6, CTRL)
    page = window.current_page()
    assert isinstance(page, FormsPage)
    settle(page, qtbot)
    activate(window, qtbot)

    tab_to(page.form_combo, most=8)
    for _ in range(page.form_combo.count()):
        if page.form_combo.currentData() == MONTHLY:
            break
        press(Qt.Key.Key_Down)
    settle(page, qtbot)
    assert page.state is not None and page.state.form.id == MONTHLY
    period = page.current_period()
    assert period is not None

    first, second = page.question_widget("1.1"), page.question_widget("1.2")
    assert isinstance(first, LineWidget) and isinstance(second, LineWidget)
    tab_to(first.edit, most=12)
    type_text("7")
    # the register's offer beside 1.1 is a button on the way; the next answer is reached with Tab too
    tab_to(second.edit, most=3)
    type_text("4")

    press(Qt.Key.Key_S, CTRL)
    settle(page, qtbot)
    qtbot.waitUntil(lambda: not page.unsaved_changes(), timeout=10_000)
    context = page.context
    stored = context.forms.state(context.actor, MONTHLY, Period.parse(period.code), context.territory).answers
    assert stored["1.1"] == 7 and stored["1.2"] == 4
    assert focused() is not None
