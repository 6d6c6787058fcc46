"""Restoring a backup with the keyboard only: the copies' list has the focus, ↓ picks a copy, Tab reaches
«Восстановить…», Space starts it."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop_app.core.paths import DataPaths
from desktop_app.gui.main_window import MainWindow
from desktop_app.services.backups import make_backup
from tests.gui.test_backups_screen import _measure, _panel
from tests.gui.test_keyboard import focused, press, tab_to


def test_a_copy_is_chosen_and_restored_without_a_mouse(
    window: MainWindow, demo_paths: DataPaths, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    measure_id, original = _measure(demo_paths.database)
    backup = make_backup(demo_paths).path
    with closing(sqlite3.connect(demo_paths.database)) as connection:
        connection.execute("UPDATE measure SET name = 'испорчено' WHERE id = ?", (measure_id,))
        connection.commit()
    panel = _panel(window, qtbot)
    dialog = panel.window()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=3_000)
    questions: list[str] = []
    closed: list[bool] = []
    monkeypatch.setattr(panel, "confirm", lambda question: questions.append(question) or True)
    monkeypatch.setattr(panel, "tell", lambda _text: None)
    panel.close_program = lambda: closed.append(True)

    tab_to(panel.table, most=10)
    wanted = [row.path for row in panel.rows].index(backup)
    press(Qt.Key.Key_Home)
    for _ in range(wanted):
        press(Qt.Key.Key_Down)
    assert panel.table.currentIndex().row() == wanted
    tab_to(panel.restore_button, most=10)
    assert focused() is panel.restore_button
    press(Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: bool(closed) or bool(panel.last_error), timeout=30_000)
    assert panel.last_error == "" and len(questions) == 1
    assert _measure(demo_paths.database) == (measure_id, original)
