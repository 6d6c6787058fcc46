"""Exporting the district's bundle with the keyboard only: Tab to «Утвердить и выгрузить…», Space, Enter answers
the head's question, the file is written where the file dialog says."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from desktop_app.domain.roles import Role
from desktop_app.gui import file_dialogs
from desktop_app.gui.exchange.preview_dialog import ImportPreviewDialog
from tests.exchange.test_end_to_end import RETURNED, enter_returned
from tests.gui.helpers import settle
from tests.gui.test_exchange_screen import Exchange, OpenPage, exchange, open_exchange  # noqa: F401 (fixtures)
from tests.gui.test_keyboard import press, tab_to


def test_the_bundle_is_approved_and_exported_without_a_mouse(
    exchange: Exchange,  # noqa: F811
    open_exchange: OpenPage,  # noqa: F811
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    target = tmp_path / "out" / "пакет.opeka"
    target.parent.mkdir()
    monkeypatch.setattr(file_dialogs, "save_file_name", lambda *_args, **_kwargs: (str(target), ""))
    page = open_exchange(exchange.districts[0], Role.HEAD)
    panel = page.export_panel
    qtbot.waitUntil(panel.export_button.isEnabled, timeout=10_000)
    page.window().activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page.window(), timeout=3_000)
    page.window().navigation.setFocus()

    questions: list[str] = []

    def answer_with_enter() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(50, answer_with_enter)
            return
        questions.append(box.text())
        QTest.keyClick(box, Qt.Key.Key_Return)

    tab_to(panel.export_button, most=30)
    QTimer.singleShot(50, answer_with_enter)
    press(Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: target.is_file(), timeout=20_000)
    settle(page, qtbot)
    assert len(questions) == 1 and questions[0].startswith("Утвердить и выгрузить")
    assert page.messages.text().startswith("Пакет № 1 записан:")
    window = page.window()
    keyboard_at = window.focusWidget()
    assert keyboard_at is not None and keyboard_at.isEnabled(), "the keyboard stays in the window, on a live control"


def test_the_region_loads_a_districts_bundle_without_a_mouse(
    exchange: Exchange,  # noqa: F811
    open_exchange: OpenPage,  # noqa: F811
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    district = exchange.districts[0]
    enter_returned(district, *RETURNED[district.name])
    bundle = exchange.bundle(district, "район.opeka")
    monkeypatch.setattr(file_dialogs, "open_file_names", lambda *_args, **_kwargs: ([str(bundle)], ""))
    page = open_exchange(exchange.region, Role.COORDINATOR)
    panel = page.import_panel
    window = page.window()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3_000)
    settle(page, qtbot)
    window.navigation.setFocus()

    previews: list[str] = []

    def load_with_enter() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ImportPreviewDialog):
            QTimer.singleShot(50, load_with_enter)
            return
        previews.append(dialog.windowTitle())
        QTest.keyClick(dialog, Qt.Key.Key_Return)

    tab_to(page.tabs.tabBar(), most=10)
    while page.tabs.currentWidget() is not panel:
        press(Qt.Key.Key_Right)
    tab_to(panel.files_button, most=10)
    QTimer.singleShot(50, load_with_enter)
    press(Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: [row.result for row in panel.model.rows()] == ["applied"], timeout=20_000)
    assert len(previews) == 1, "the preview was shown and Enter loaded the file"
    assert "загружен" in page.messages.text()
