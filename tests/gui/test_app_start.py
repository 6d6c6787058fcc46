"""Starting the program: first-start wizard, login, main window, and refusing a broken database."""

from __future__ import annotations

import hashlib
import sys
import time

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from desktop_app.core.paths import DataPaths
from desktop_app.gui import app as app_module
from desktop_app.gui.dialogs.login_dialog import LoginDialog
from desktop_app.gui.dialogs.setup_wizard import SetupWizard
from desktop_app.gui.main_window import MainWindow


@pytest.fixture(autouse=True)
def recovery_codes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The recovery codes the program shows once (a modal box in real life), recorded instead."""
    codes: list[str] = []
    monkeypatch.setattr(app_module, "_show_recovery_code", lambda code, backup=None: codes.append(code))
    return codes


@pytest.fixture
def shown_windows(monkeypatch: pytest.MonkeyPatch, qtbot: QtBot) -> list[str]:
    """Replace the event loop: record the titles of visible main windows, close them, return 0."""
    titles: list[str] = []

    def fake_exec(self: QApplication) -> int:
        QApplication.processEvents()  # what the window asked for once it is up (a recovery code to show)
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible():
                titles.append(widget.windowTitle())
                widget.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", fake_exec)
    return titles


def restored_then_closed(self: QApplication) -> int:
    """Replaces the event loop: the main window closes as the backup dialog closes it after a restore."""
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow) and widget.isVisible():
            widget.start_again()
    return 0


def _sign_in_with(monkeypatch: pytest.MonkeyPatch, login: str, password: str) -> None:
    """The user types at once and presses «Войти»; the dialog may wait for the database to open behind it."""

    def fake_exec(dialog: LoginDialog) -> int:
        dialog.show()
        dialog.login_edit.setText(login)
        dialog.password_edit.setText(password)
        dialog.try_login()
        deadline = time.monotonic() + 30
        while dialog.waiting and dialog.isVisible() and time.monotonic() < deadline:
            QApplication.processEvents()
            time.sleep(0.005)
        dialog.hide()
        return int(dialog.result())

    monkeypatch.setattr(LoginDialog, "exec", fake_exec)


def test_start_signs_in_and_shows_the_main_window(
    demo_paths: DataPaths, demo_password: str, monkeypatch: pytest.MonkeyPatch, shown_windows: list[str]
) -> None:
    _sign_in_with(monkeypatch, "demo", demo_password)
    assert app_module.run_gui(demo_paths) == 0
    assert len(shown_windows) == 1
    assert "Плесецкий муниципальный округ" in shown_windows[0]


def test_an_installation_made_before_encryption_is_encrypted_at_the_administrators_sign_in(
    demo_paths: DataPaths,
    demo_password: str,
    monkeypatch: pytest.MonkeyPatch,
    shown_windows: list[str],
    recovery_codes: list[str],
) -> None:
    _sign_in_with(monkeypatch, "demo", demo_password)
    assert app_module.run_gui(demo_paths) == 0
    assert len(shown_windows) == 1 and len(recovery_codes) == 1
    assert not demo_paths.database.read_bytes().startswith(b"SQLite format 3")
    assert list(demo_paths.backups.glob("opeka-before-encryption-*.zip"))
    # the next start signs in to the encrypted database, the title read from the key file
    assert app_module.run_gui(demo_paths) == 0
    assert len(shown_windows) == 2 and "Плесецкий муниципальный округ" in shown_windows[1]
    assert len(recovery_codes) == 1


def test_after_a_restore_the_program_starts_again_once_it_has_let_go_of_the_database(
    demo_paths: DataPaths, demo_password: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop_app.gui import relaunch
    from desktop_app.storage import crash_recovery

    _sign_in_with(monkeypatch, "demo", demo_password)

    started: list[tuple[list[str], list[str]]] = []

    def popen(command: list[str], **options: object) -> None:
        markers = list(crash_recovery.markers_folder(demo_paths).glob("*.json"))
        started.append((command, [marker.name for marker in markers]))

    monkeypatch.setattr(QApplication, "exec", restored_then_closed)
    monkeypatch.setattr(relaunch.subprocess, "Popen", popen)
    monkeypatch.setattr(sys, "argv", ["/opt/opeka/desktop_app/__main__.py", "--data-dir", str(demo_paths.root)])

    assert app_module.run_gui(demo_paths) == 0
    assert started == [([sys.executable, "-m", "desktop_app", "--data-dir", str(demo_paths.root)], [])]


def test_the_frozen_program_starts_its_own_executable_again(monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop_app.gui.relaunch import relaunch_command

    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", "/opt/opeka/opeka")
    monkeypatch.setattr(sys, "argv", ["/opt/opeka/opeka", "--data-dir", "/srv/опека"])
    assert relaunch_command() == ["/opt/opeka/opeka", "--data-dir", "/srv/опека"]


def test_a_program_that_cannot_start_again_says_so(
    demo_paths: DataPaths, demo_password: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop_app.gui import relaunch

    _sign_in_with(monkeypatch, "demo", demo_password)

    def refused(command: list[str], **options: object) -> None:
        raise PermissionError(13, "Permission denied")

    shown: list[str] = []
    monkeypatch.setattr(QApplication, "exec", restored_then_closed)
    monkeypatch.setattr(relaunch.subprocess, "Popen", refused)
    monkeypatch.setattr(app_module, "_show_error", shown.append)
    assert app_module.run_gui(demo_paths) == 0
    assert shown == ["Данные восстановлены, но запустить программу заново не удалось: запустите её сами."]


def test_first_start_runs_the_wizard_then_the_login(
    empty_paths: DataPaths, monkeypatch: pytest.MonkeyPatch, shown_windows: list[str], recovery_codes: list[str]
) -> None:
    def fill_wizard(wizard: SetupWizard) -> int:
        if wizard.admin_page.name_edit.text():
            return 0  # asked again: the first answers were refused
        wizard.show()
        wizard.next()
        wizard.next()
        wizard.next()
        admin = wizard.admin_page
        admin.name_edit.setText("Иванова Мария Петровна")
        admin.password_edit.setText("первый-пароль-1")
        admin.repeat_edit.setText("первый-пароль-1")
        return 1

    monkeypatch.setattr(SetupWizard, "exec", fill_wizard)
    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: messages.append(text))
    _sign_in_with(monkeypatch, "admin", "первый-пароль-1")
    assert app_module.run_gui(empty_paths) == 0
    assert messages == []
    assert empty_paths.database.exists()
    assert not empty_paths.database.read_bytes().startswith(b"SQLite format 3")  # encrypted from the start
    assert len(shown_windows) == 1 and "Архангельская область" in shown_windows[0]
    assert len(recovery_codes) == 1 and len(recovery_codes[0]) == 35


def test_cancelled_wizard_leaves_no_database(empty_paths: DataPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(SetupWizard, "exec", lambda wizard: 0)
    assert app_module.run_gui(empty_paths) == 0
    assert not empty_paths.database.exists()


def test_corrupt_database_is_reported_in_one_message_and_left_alone(
    empty_paths: DataPaths, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    empty_paths.root.mkdir()
    empty_paths.database.write_bytes(b"SQLite format 3\x00" + b"\x07" * 4000)
    before = hashlib.sha256(empty_paths.database.read_bytes()).hexdigest()
    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: messages.append(text))
    assert app_module.run_gui(empty_paths) == 5
    assert len(messages) == 1 and "повреждена" in messages[0]
    assert hashlib.sha256(empty_paths.database.read_bytes()).hexdigest() == before
