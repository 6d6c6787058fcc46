"""Placing a child with a resource family with the keyboard only: find the family, open its «Размещения» tab,
fill the placement, press the button with Space."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QTabBar
from pytestqt.qtbot import QtBot

from desktop_app.domain.family_pipeline import FamilyStage
from desktop_app.domain.periods import format_date
from desktop_app.gui.main_window import MainWindow
from desktop_app.gui.pages.families_page import FamiliesPage
from tests.gui.helpers import settle
from tests.gui.test_keyboard import CTRL, activate, focused, press, tab_to, type_text


def test_a_child_is_placed_without_a_mouse(window: MainWindow, qtbot: QtBot) -> None:
    activate(window, qtbot)
    QTest.keyClick(window, Qt.Key.Key_3, CTRL)
    page = window.current_page()
    assert isinstance(page, FamiliesPage)
    settle(page, qtbot)
    qtbot.waitUntil(lambda: page.card.card is not None, timeout=10_000)
    ready = [row for row in page.model.rows() if row.stage is FamilyStage.IN_REGISTER and row.free_places > 0]
    assert ready, "the demo has a family in the register with a free place"
    family = ready[0]
    activate(window, qtbot)

    press(Qt.Key.Key_F, CTRL)
    type_text(family.code)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and not page.busy, timeout=10_000)
    press(Qt.Key.Key_Down)
    assert focused() is page.table
    qtbot.waitUntil(lambda: page.card.card is not None and page.card.card.id == family.id, timeout=10_000)
    settle(page, qtbot)

    tab_bar = page.card.tabBar()
    tab_to(tab_bar, most=10)
    assert isinstance(focused(), QTabBar)
    placements = page.card.placements
    for _ in range(page.card.count()):
        if page.card.currentWidget() is placements:
            break
        press(Qt.Key.Key_Right)
    assert page.card.currentWidget() is placements

    birth = date.today() - timedelta(days=400)
    tab_to(placements.child_code, most=8)
    type_text("Р-2026-77")
    press(Qt.Key.Key_Tab)
    assert focused() is placements.child_birth
    type_text(format_date(birth))
    press(Qt.Key.Key_Tab)
    assert focused() is placements.child_sex
    press(Qt.Key.Key_Down)  # «—» → the first sex
    tab_to(placements.separation_reason, most=4)
    type_text("мать на лечении в стационаре")
    press(Qt.Key.Key_Tab)
    assert focused() is placements.place_button
    press(Qt.Key.Key_Space)

    def placed() -> bool:
        card = window.context.family_editing.card(window.context.actor, family.id)
        return any(p.child_code == "Р-2026-77" for p in card.placements)

    qtbot.waitUntil(placed, timeout=10_000)
    card = window.context.family_editing.card(window.context.actor, family.id)
    (placement,) = [p for p in card.placements if p.child_code == "Р-2026-77"]
    assert placement.child_birth_date == birth
    assert placement.separation_reason == "мать на лечении в стационаре"
