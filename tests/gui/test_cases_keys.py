"""«Сопровождение» without a mouse: Ctrl+4 opens it, Ctrl+F searches, Enter opens the card, Ctrl+N a new case."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop_app.gui.dialogs.case_card_dialog import CaseCardDialog
from desktop_app.gui.dialogs.new_case_dialog import NewCaseDialog
from desktop_app.gui.main_window import MainWindow
from desktop_app.gui.pages.cases_page import CasesPage
from desktop_app.storage.database import Database
from tests.demo_without_cases import without_demo_cases
from tests.gui.cases_world import make_case
from tests.gui.helpers import settle
from tests.gui.test_keyboard import activate, focused, press


@pytest.fixture
def demo_db(demo_db: Database) -> Database:
    """Written before the demo held cases: the demo without its own cases, map and meetings."""
    return without_demo_cases(demo_db)


CTRL = Qt.KeyboardModifier.ControlModifier


def test_search_enter_and_new_case_from_the_keyboard(window: MainWindow, qtbot: QtBot) -> None:
    make_case(window.context.db, window.context.actor)
    activate(window, qtbot)
    press(Qt.Key.Key_4, CTRL)
    page = window.current_page()
    assert isinstance(page, CasesPage)
    settle(page, qtbot)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    activate(window, qtbot)
    press(Qt.Key.Key_F, CTRL)
    assert focused() is page.search
    press(Qt.Key.Key_Down)
    assert focused() is page.table
    press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), CaseCardDialog), timeout=5_000)
    card = QApplication.activeModalWidget()
    assert isinstance(card, CaseCardDialog)
    qtbot.waitUntil(lambda: card.card is not None, timeout=10_000)
    card.reject()

    activate(window, qtbot)
    assert window.edit_actions["new_family"].text().replace("&", "") == "Новый случай…"
    press(Qt.Key.Key_N, CTRL)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), NewCaseDialog), timeout=5_000)
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, NewCaseDialog)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.form.display_name, timeout=5_000)
    dialog.reject()
