"""After minutes without input the session locks: every window is covered, the password brings it back with
nothing lost, wrong passwords count towards the lock-out, and a disabled account stays out."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QMainWindow, QMessageBox, QVBoxLayout
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop_app.core.settings import Settings
from desktop_app.domain.actor import Actor
from desktop_app.gui.session_lock import DEFAULT_MINUTES, SessionLock, lock_minutes
from desktop_app.services.auth import AccountAdministration, AuthService
from desktop_app.storage.database import Database
from desktop_app.storage.models import AuditEntry
from tests.conftest import make_actor

LIMIT_MS = 150


class Desk:
    """A main window with a half-typed field, and a dialog open over it with another one."""

    def __init__(self, qtbot: QtBot) -> None:
        self.window = QMainWindow()
        self.window.setWindowTitle("Реестр семей")
        self.field = QLineEdit("Иванова Мария Петровна")
        self.window.setCentralWidget(self.field)
        self.dialog = QDialog(self.window)
        self.dialog_field = QLineEdit("наполовину заполненная анкета", self.dialog)
        QVBoxLayout(self.dialog).addWidget(self.dialog_field)
        for widget in (self.window, self.dialog):
            qtbot.addWidget(widget)
            widget.show()


@pytest.fixture
def desk(qtbot: QtBot) -> Desk:
    return Desk(qtbot)


@pytest.fixture
def quits() -> list[bool]:
    return []


@pytest.fixture
def session_lock(qtbot: QtBot, demo_db: Database, demo_actor: Actor, quits: list[bool]) -> Iterator[SessionLock]:
    lock = SessionLock(QApplication.instance(), AuthService(demo_db), demo_actor, 15, lambda: quits.append(True))
    lock.watch.set_limit(LIMIT_MS)
    yield lock
    if lock.dialog is not None:
        lock.dialog.done(QDialog.DialogCode.Accepted)


def covers() -> list[object]:
    return [w for w in QApplication.allWidgets() if w.objectName() == "sessionCover" and w.isVisible()]


def journal(db: Database, action: str) -> list[str]:
    with db.reading() as session:
        return list(session.scalars(select(AuditEntry.summary).where(AuditEntry.action == action)))


def test_idle_session_covers_every_window_and_asks_for_the_password(
    qtbot: QtBot, desk: Desk, session_lock: SessionLock, demo_db: Database
) -> None:
    qtbot.waitUntil(lambda: session_lock.is_locked, timeout=3000)
    assert len(covers()) == 2  # the main window and the dialog over it
    dialog = session_lock.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowModality() == Qt.WindowModality.ApplicationModal
    assert journal(demo_db, "session_locked") == ["Сеанс заблокирован: нет действий пользователя 15 мин."]


def test_the_right_password_brings_back_every_window_with_what_was_typed(
    qtbot: QtBot, desk: Desk, session_lock: SessionLock, demo_password: str, demo_db: Database
) -> None:
    qtbot.waitUntil(lambda: session_lock.is_locked, timeout=3000)
    dialog = session_lock.dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.password_edit, demo_password)
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    assert not session_lock.is_locked
    qtbot.waitUntil(lambda: not covers(), timeout=2000)
    assert desk.field.text() == "Иванова Мария Петровна"
    assert desk.dialog.isVisible() and desk.dialog_field.text() == "наполовину заполненная анкета"
    assert journal(demo_db, "session_unlocked") == ["Сеанс разблокирован"]


def test_a_wrong_password_is_named_beside_the_field_and_the_session_stays_locked(
    qtbot: QtBot, desk: Desk, session_lock: SessionLock, demo_db: Database
) -> None:
    qtbot.waitUntil(lambda: session_lock.is_locked, timeout=3000)
    dialog = session_lock.dialog
    assert dialog is not None
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    assert dialog.password_error.text() == "Введите пароль."
    dialog.password_edit.setText("не тот пароль")  # keyClicks types ASCII only
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    assert "Неверный пароль." in dialog.password_error.text()
    assert session_lock.is_locked and len(covers()) == 2
    assert dialog.password_edit.text() == ""
    assert journal(demo_db, "login_failed") == ["Неверный пароль"]


def test_an_account_disabled_meanwhile_cannot_unlock(
    qtbot: QtBot, desk: Desk, session_lock: SessionLock, demo_password: str, demo_db: Database
) -> None:
    qtbot.waitUntil(lambda: session_lock.is_locked, timeout=3000)
    AccountAdministration(demo_db).set_active(make_actor_admin(), "demo", False)
    dialog = session_lock.dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.password_edit, demo_password)
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    assert dialog.password_error.text() == "Учётная запись отключена администратором."
    assert session_lock.is_locked


def make_actor_admin() -> Actor:
    from desktop_app.domain.roles import Role

    return make_actor(Role.ADMIN, "admin")


def test_input_keeps_the_session_open(qtbot: QtBot, desk: Desk, session_lock: SessionLock) -> None:
    for _ in range(8):
        qtbot.keyClick(desk.field, Qt.Key.Key_End)
        qtbot.wait(LIMIT_MS // 3)
    assert not session_lock.is_locked


def test_escape_does_not_close_the_lock(qtbot: QtBot, desk: Desk, session_lock: SessionLock) -> None:
    qtbot.waitUntil(lambda: session_lock.is_locked, timeout=3000)
    dialog = session_lock.dialog
    assert dialog is not None
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert session_lock.is_locked and dialog.isVisible()


def test_leaving_the_program_from_the_lock_asks_first(
    qtbot: QtBot, desk: Desk, session_lock: SessionLock, quits: list[bool], monkeypatch: pytest.MonkeyPatch
) -> None:
    qtbot.waitUntil(lambda: session_lock.is_locked, timeout=3000)
    dialog = session_lock.dialog
    assert dialog is not None
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question", lambda *_args: answers.pop(0))
    qtbot.mouseClick(dialog.quit_button, Qt.MouseButton.LeftButton)
    assert quits == [] and session_lock.is_locked
    qtbot.mouseClick(dialog.quit_button, Qt.MouseButton.LeftButton)
    assert quits == [True]


@pytest.mark.parametrize(("configured", "used"), [(5, 5), (0, DEFAULT_MINUTES), (10_000, DEFAULT_MINUTES)])
def test_lock_minutes_come_from_the_settings_within_bounds(configured: int, used: int) -> None:
    assert lock_minutes(configured) == used


def test_settings_keep_the_minutes_as_a_number_and_ignore_a_wrong_type(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "settings.json"
    assert Settings.load(path).lock_after_minutes == DEFAULT_MINUTES
    path.write_text('{"lock_after_minutes": 5, "last_login": "ivanova"}', encoding="utf-8")
    assert (Settings.load(path).lock_after_minutes, Settings.load(path).last_login) == (5, "ivanova")
    path.write_text('{"lock_after_minutes": true}', encoding="utf-8")
    assert Settings.load(path).lock_after_minutes == DEFAULT_MINUTES
