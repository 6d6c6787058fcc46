"""The lock screen tells why the session is locked (by the user, or after idle minutes), and a prompt that asks
only the password calls a wrong one «Неверный пароль», not a wrong login."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLabel
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop_app.domain.actor import Actor
from desktop_app.gui.main_window import MainWindow
from desktop_app.gui.session_lock import SessionLock, UnlockDialog
from desktop_app.services.auth import AuthService
from desktop_app.storage.database import Database
from desktop_app.storage.models import AuditEntry


def dialog_text(dialog: UnlockDialog) -> str:
    return " ".join(label.text() for label in dialog.findChildren(QLabel) if label.isVisible())


def lock_journal(db: Database) -> list[str]:
    with db.reading() as session:
        return list(session.scalars(select(AuditEntry.summary).where(AuditEntry.action == "session_locked")))


@pytest.fixture
def session_lock(qtbot: QtBot, demo_db: Database, demo_actor: Actor) -> Iterator[SessionLock]:
    lock = SessionLock(QApplication.instance(), AuthService(demo_db), demo_actor, 15, lambda: None)
    yield lock
    if lock.dialog is not None:
        lock.dialog.done(QDialog.DialogCode.Accepted)


def test_ctrl_l_in_the_main_window_says_the_user_locked_it(qtbot: QtBot, window: MainWindow, demo_db: Database) -> None:
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.session_lock.is_locked, timeout=3000)
    dialog = window.session_lock.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert dialog.reason_label.text() == "Сеанс заблокирован вами."
    assert "без действий" not in dialog_text(dialog)
    assert lock_journal(demo_db) == ["Сеанс заблокирован пользователем."]
    dialog.done(QDialog.DialogCode.Accepted)


def test_the_menu_lock_says_the_user_locked_it(qtbot: QtBot, session_lock: SessionLock) -> None:
    session_lock.lock()
    dialog = session_lock.dialog
    assert dialog is not None
    assert dialog.reason_label.text() == "Сеанс заблокирован вами."
    assert "мин" not in dialog_text(dialog)


def test_an_idle_lock_gives_the_idle_minutes(qtbot: QtBot, session_lock: SessionLock, demo_db: Database) -> None:
    session_lock.watch.set_limit(150)
    qtbot.waitUntil(lambda: session_lock.is_locked, timeout=3000)
    dialog = session_lock.dialog
    assert dialog is not None
    assert dialog.reason_label.text() == "Сеанс заблокирован после 15 минут без действий."
    assert "вами" not in dialog_text(dialog)
    assert lock_journal(demo_db) == ["Сеанс заблокирован: нет действий пользователя 15 мин."]


@pytest.mark.parametrize(
    ("minutes", "reason"),
    [
        (1, "Сеанс заблокирован после 1 минуты без действий."),
        (11, "Сеанс заблокирован после 11 минут без действий."),
        (21, "Сеанс заблокирован после 21 минуты без действий."),
        (5, "Сеанс заблокирован после 5 минут без действий."),
    ],
)
def test_idle_minutes_are_spelled_as_russian_speaks(
    qtbot: QtBot, demo_db: Database, demo_actor: Actor, minutes: int, reason: str
) -> None:
    dialog = UnlockDialog(AuthService(demo_db), demo_actor, minutes)
    qtbot.addWidget(dialog)
    assert dialog.reason_label.text() == reason


def test_a_wrong_password_at_the_lock_is_called_a_wrong_password(qtbot: QtBot, session_lock: SessionLock) -> None:
    session_lock.lock()
    dialog = session_lock.dialog
    assert dialog is not None
    dialog.password_edit.setText("не тот пароль")
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    message = dialog.password_error.text()
    assert message.startswith("Неверный пароль.")
    assert "логин" not in message
    assert session_lock.is_locked


def test_the_sign_in_window_still_does_not_tell_which_part_was_wrong(demo_db: Database, demo_actor: Actor) -> None:
    from desktop_app.domain.errors import AuthenticationError

    with pytest.raises(AuthenticationError, match="^Неверный логин или пароль"):
        AuthService(demo_db).login(demo_actor.login, "не тот пароль")
