"""Rules across questions on the form screen: typed 5.1.1 above 5.1, the sentence stands beside 5.1.1 and goes
when mended; «Нет» hides the «укажите …» detail, and the stale detail is not stored."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from desktop_app.gui.formview.grids import YearPairWidget
from desktop_app.gui.formview.simple import YesNoWidget
from desktop_app.gui.main_window import MainWindow
from tests.gui.helpers import settle
from tests.gui.test_form_screen import EARLY_HELP, open_form, stored_answers


def type_into(qtbot: QtBot, cell: QLineEdit, text: str) -> None:
    cell.clear()
    qtbot.keyClicks(cell, text)


def test_a_part_above_its_whole_is_named_beside_the_part_until_mended(window: MainWindow, qtbot: QtBot) -> None:
    page = open_form(window, qtbot, EARLY_HELP, "2023")
    total, parts = page.question_widget("5.1"), page.question_widget("5.1.1")
    assert isinstance(total, YearPairWidget) and isinstance(parts, YearPairWidget)
    type_into(qtbot, total.cell("_", 0), "10")
    type_into(qtbot, parts.cell("health", 0), "7")
    assert parts.rule_text() == ""
    type_into(qtbot, parts.cell("education", 0), "5")
    # 7 + 5 = 12 against 10
    assert parts.rule_text() == "5.1.1 (12) больше, чем 5.1 (10) за 2023 г.: часть не может превышать целое."
    assert total.rule_text() == ""

    type_into(qtbot, parts.cell("education", 0), "3")
    assert parts.rule_text() == ""


def test_no_hides_the_detail_and_the_stale_detail_is_not_stored(window: MainWindow, qtbot: QtBot) -> None:
    page = open_form(window, qtbot, EARLY_HELP, "2023")
    order = page.question_widget("1.3")
    assert isinstance(order, YesNoWidget) and order.detail is not None
    assert order.detail.isHidden(), "nothing answered: the detail is not asked"
    order.yes.click()
    assert not order.detail.isHidden()
    order.detail.setText("Приказ № 12 от 01.02.2023")
    order.no.click()
    assert order.detail.isHidden() and order.detail_label.isHidden()
    page.save_button.click()
    settle(page, qtbot)
    assert stored_answers(page, EARLY_HELP, "2023") == {"1.3": {"value": False}}
