"""Small moves every GUI test makes: wait for a page's background work, pick a combo entry by its data."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from desktop_app.gui.pages.base import Page


def settle(page: Page, qtbot: QtBot) -> None:
    qtbot.waitUntil(lambda: not page.busy and not page.context.runner.pending, timeout=10_000)


def choose(combo: QComboBox, data: object) -> None:
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)
