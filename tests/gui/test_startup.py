"""The login window before the database is open (gui/startup.py): its title, waiting for the database, failures."""

from __future__ import annotations

import hashlib
import sqlite3
import time

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from desktop_app.core.paths import DataPaths
from desktop_app.gui import app as app_module
from desktop_app.gui.dialogs.login_dialog import LoginDialog
from desktop_app.gui.startup import installation_title, read_installation_title
from desktop_app.services.auth import AuthService
from desktop_app.services.installation import InstallationService
from desktop_app.storage.database import Database


def test_title_read_with_plain_sqlite_is_the_installation_title(demo_paths: DataPaths) -> None:
    title = read_installation_title(demo_paths)
    from desktop_app.storage.database import open_database

    db = open_database(demo_paths)
    try:
        assert title == InstallationService(db).info().title
    finally:
        db.close()
    assert installation_title("region", "Архангельская область", None) == (
        "Архангельская область — региональный координатор"
    )


def test_title_not_read_from_a_broken_or_missing_file(empty_paths: DataPaths) -> None:
    assert read_installation_title(empty_paths) is None
    empty_paths.root.mkdir()
    empty_paths.database.write_bytes(b"SQLite format 3\x00" + b"\x07" * 4000)
    assert read_installation_title(empty_paths) is None
    empty_paths.database.write_bytes(b"not a database at all" * 100)
    assert read_installation_title(empty_paths) is None


def test_login_pressed_before_the_database_is_open_waits_then_checks(
    qtbot: QtBot, demo_db: Database, demo_password: str
) -> None:
    dialog = LoginDialog(None, "Плесецкий муниципальный округ", "demo")
    qtbot.addWidget(dialog)
    dialog.password_edit.setText(demo_password)
    dialog.try_login()
    assert dialog.waiting and not dialog.login_button.isEnabled() and dialog.result() == 0
    dialog.provide_auth(AuthService(demo_db))
    assert not dialog.waiting and dialog.login_button.isEnabled()
    assert dialog.actor is not None and dialog.actor.login == "demo"
    assert dialog.result() == LoginDialog.DialogCode.Accepted


def test_empty_fields_are_reported_without_waiting(qtbot: QtBot) -> None:
    dialog = LoginDialog(None, "Плесецкий муниципальный округ")
    qtbot.addWidget(dialog)
    dialog.try_login()
    assert not dialog.waiting and dialog.login_error.text() == "Введите логин."


def _newer_schema(paths: DataPaths) -> None:
    connection = sqlite3.connect(paths.database)
    with connection:
        connection.execute("UPDATE alembic_version SET version_num = 'ffffffffffff'")
    connection.close()


def test_database_failing_behind_the_login_window_is_reported_and_exits(
    demo_paths: DataPaths, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    """The title reads fine, opening refuses the file: the login window closes by itself, one clear message."""
    _newer_schema(demo_paths)
    assert read_installation_title(demo_paths) is not None
    before = hashlib.sha256(demo_paths.database.read_bytes()).hexdigest()
    shown: list[bool] = []

    def wait_in_dialog(dialog: LoginDialog) -> int:
        dialog.show()
        shown.append(True)
        deadline = time.monotonic() + 30
        while dialog.isVisible() and time.monotonic() < deadline:
            QApplication.processEvents()
            time.sleep(0.005)
        return int(dialog.result())

    monkeypatch.setattr(LoginDialog, "exec", wait_in_dialog)
    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: messages.append(text))
    assert app_module.run_gui(demo_paths) == 5
    assert shown == [True]
    assert len(messages) == 1 and "более новой версией" in messages[0]
    assert hashlib.sha256(demo_paths.database.read_bytes()).hexdigest() == before


def test_cancelled_login_while_the_database_opens_exits_quietly(
    demo_paths: DataPaths, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    monkeypatch.setattr(LoginDialog, "exec", lambda dialog: 0)
    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: messages.append(text))
    assert app_module.run_gui(demo_paths) == 0
    assert messages == []
