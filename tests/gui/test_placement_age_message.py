"""The reason a child cannot be placed is read whole under its field at 1280×720, not clipped over the field."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QScrollArea, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.domain.periods import format_date
from desktop_app.gui.main_window import MainWindow
from desktop_app.gui.pages.families_page import FamiliesPage
from tests.gui.helpers import choose, settle


def _rect_in(widget: QWidget, ancestor: QWidget) -> QRect:
    return QRect(widget.mapTo(ancestor, QPoint(0, 0)), widget.size())


def _scroll_viewport(widget: QWidget) -> QWidget:
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    return parent.viewport() if parent is not None else widget.window()


def test_age_message_wraps_under_the_birth_date_field_at_720(window: MainWindow, qtbot: QtBot) -> None:
    window.resize(1280, 720)
    page = window.open_page("families")
    assert isinstance(page, FamiliesPage)
    settle(page, qtbot)
    qtbot.waitUntil(lambda: page.card.card is not None, timeout=10_000)
    placements = page.card.placements
    page.card.setCurrentWidget(placements)
    placements.child_code.setText("Р-2026-40")
    placements.child_birth.setText(format_date(date.today() - timedelta(days=5 * 366)))
    choose(placements.child_sex, "m")
    placements.place()
    QGuiApplication.processEvents()
    qtbot.wait(20)

    message = placements.place_errors["child_birth_date"]
    assert message.isVisible() and "4 года" in message.text()
    assert message.text().endswith("до 4 лет."), "the whole sentence"
    needed = message.heightForWidth(message.width())
    assert message.height() >= needed, f"the message is clipped: {message.height()} px of {needed}"
    field_rect = _rect_in(placements.child_birth, placements)
    message_rect = _rect_in(message, placements)
    assert not message_rect.intersects(field_rect), (message_rect, field_rect)
    assert message_rect.top() >= field_rect.bottom(), "the message goes under the field"
    area = _scroll_viewport(message)
    right_edge = message.mapTo(area, message.rect().topRight()).x()
    assert right_edge <= area.width(), f"the message runs {right_edge - area.width()} px past the visible edge"
    next_field = _rect_in(placements.child_sex, placements)
    assert not message_rect.intersects(next_field), (message_rect, next_field)
    assert window.width() <= 1280 and window.height() <= 720
