"""«Файл → Сменить пароль…» for everyone, «Файл → Пользователи…» for the administrator: the password policy is
told beside the fields, a disabled colleague cannot sign in, a reset password lets them in again."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from desktop_app.domain.actor import Actor
from desktop_app.domain.errors import AuthenticationError
from desktop_app.domain.roles import Role
from desktop_app.gui.dialogs.accounts_dialog import AccountsDialog
from desktop_app.gui.dialogs.password_dialog import ChangePasswordDialog
from desktop_app.gui.main_window import MainWindow
from desktop_app.services.auth import AuthService, NewUser
from desktop_app.storage.database import Database
from tests.conftest import make_actor
from tests.gui.conftest import WindowFactory

NEW_PASSWORD = "Osen-2026-list"
COLLEAGUE = NewUser("petrova", "Петрова Анна Сергеевна", Role.SPECIALIST, "Vesna-2026-dom", "специалист")


def file_menu_items(window: MainWindow) -> list[str]:
    menu = window.menuBar().actions()[0].menu()
    return [action.text().replace("&", "") for action in menu.actions() if action.text()]


def idle(window: MainWindow, qtbot: QtBot) -> None:
    qtbot.waitUntil(lambda: not window.context.runner.pending, timeout=10_000)


def test_everyone_may_change_their_password_and_only_the_administrator_manages_accounts(
    make_window: WindowFactory, demo_actor: Actor
) -> None:
    admin_items = file_menu_items(make_window(demo_actor))
    assert {"Сменить пароль…", "Пользователи…", "Заблокировать сеанс"} <= set(admin_items)
    head_items = file_menu_items(make_window(make_actor(Role.HEAD)))
    assert "Сменить пароль…" in head_items and "Пользователи…" not in head_items


@pytest.fixture
def password_dialog(window: MainWindow, qtbot: QtBot) -> ChangePasswordDialog:
    dialog = window.open_password_change()
    assert isinstance(dialog, ChangePasswordDialog)
    qtbot.addWidget(dialog)
    return dialog


def fill_passwords(dialog: ChangePasswordDialog, old: str, new: str, repeat: str | None = None) -> None:
    dialog.old_password.setText(old)
    dialog.new_fields.password.setText(new)
    dialog.new_fields.repeat.setText(new if repeat is None else repeat)
    dialog.save()


def test_the_policy_is_told_beside_the_new_password_before_anything_is_sent(
    password_dialog: ChangePasswordDialog,
    demo_password: str,
    window: MainWindow,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sent: list[object] = []
    monkeypatch.setattr(window.context.auth, "change_password", lambda *arguments: sent.append(arguments))
    fill_passwords(password_dialog, demo_password, "korotko")
    assert "не короче 8 символов" in password_dialog.new_fields.password_error.text()
    fill_passwords(password_dialog, demo_password, "qwerty123")
    assert "самых распространённых" in password_dialog.new_fields.password_error.text()
    fill_passwords(password_dialog, demo_password, NEW_PASSWORD, "Osen-2026-lis")
    assert password_dialog.new_fields.repeat_error.text() == "Пароли не совпадают."
    idle(window, qtbot)
    assert sent == []


def test_a_wrong_current_password_is_named_beside_its_field(
    password_dialog: ChangePasswordDialog, window: MainWindow, qtbot: QtBot
) -> None:
    fill_passwords(password_dialog, "Nevernyi-1", NEW_PASSWORD)
    idle(window, qtbot)
    assert password_dialog.old_error.text() == "Неверный пароль."
    assert password_dialog.isVisible()


def test_changing_the_password_lets_the_user_in_with_the_new_one_only(
    password_dialog: ChangePasswordDialog, window: MainWindow, qtbot: QtBot, demo_db: Database, demo_password: str
) -> None:
    fill_passwords(password_dialog, demo_password, NEW_PASSWORD)
    idle(window, qtbot)
    assert not password_dialog.isVisible()
    assert "Пароль изменён." in window.current_page().messages.text()
    assert AuthService(demo_db).login("demo", NEW_PASSWORD).login == "demo"
    with pytest.raises(AuthenticationError):
        AuthService(demo_db).login("demo", demo_password)


@pytest.fixture
def accounts(window: MainWindow, qtbot: QtBot) -> AccountsDialog:
    dialog = window.open_accounts()
    assert isinstance(dialog, AccountsDialog)
    qtbot.addWidget(dialog)
    idle(window, qtbot)
    return dialog


def select_login(dialog: AccountsDialog, login: str) -> None:
    dialog.table.selectRow([row.login for row in dialog.rows].index(login))


def state_of(dialog: AccountsDialog, login: str) -> str:
    """The «Состояние» cell of the account's row (the demo has its own specialist and head too)."""
    return dialog.table.item([row.login for row in dialog.rows].index(login), 4).text()


def test_the_administrator_adds_an_account_and_mistakes_are_shown_beside_the_fields(
    accounts: AccountsDialog, window: MainWindow, qtbot: QtBot, demo_db: Database
) -> None:
    accounts.add_button.click()
    form = accounts.form
    form.login.setText("demo")  # taken
    form.full_name.setText(COLLEAGUE.full_name)
    form.passwords.password.setText(COLLEAGUE.password)
    form.passwords.repeat.setText(COLLEAGUE.password)
    form.save_button.click()
    idle(window, qtbot)
    assert form.errors["login"].text() == "Пользователь с логином «demo» уже есть."
    form.login.setText(COLLEAGUE.login)
    form.role.setCurrentIndex(form.role.findData(Role.SPECIALIST.value))
    form.save_button.click()
    idle(window, qtbot)
    assert not form.isVisible()
    assert "Учётная запись «petrova» создана." in accounts.messages.text()
    assert [row.login for row in accounts.rows] == ["demo", "head", "petrova", "specialist"]  # by login
    assert AuthService(demo_db).login("petrova", COLLEAGUE.password).role is Role.SPECIALIST


def test_a_disabled_colleague_cannot_sign_in_until_enabled_again(
    window: MainWindow, qtbot: QtBot, demo_db: Database, demo_actor: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    AuthService(demo_db).create_user(demo_actor, COLLEAGUE)
    dialog = window.open_accounts()
    assert isinstance(dialog, AccountsDialog)
    qtbot.addWidget(dialog)
    idle(window, qtbot)
    monkeypatch.setattr(QMessageBox, "question", lambda *_args: QMessageBox.StandardButton.Yes)
    select_login(dialog, "petrova")
    assert dialog.active_button.text() == "Отключить"
    qtbot.mouseClick(dialog.active_button, Qt.MouseButton.LeftButton)
    idle(window, qtbot)
    assert state_of(dialog, "petrova") == "отключена"
    with pytest.raises(AuthenticationError, match="отключена"):
        AuthService(demo_db).login("petrova", COLLEAGUE.password)
    select_login(dialog, "petrova")
    assert dialog.active_button.text() == "Включить"
    qtbot.mouseClick(dialog.active_button, Qt.MouseButton.LeftButton)
    idle(window, qtbot)
    assert AuthService(demo_db).login("petrova", COLLEAGUE.password).login == "petrova"


def test_the_administrator_cannot_disable_their_own_account_from_the_list(accounts: AccountsDialog) -> None:
    select_login(accounts, "demo")
    assert not accounts.active_button.isEnabled() and not accounts.password_button.isEnabled()


def test_a_locked_out_colleague_gets_a_new_password_and_is_let_in(
    window: MainWindow, qtbot: QtBot, demo_db: Database, demo_actor: Actor
) -> None:
    auth = AuthService(demo_db)
    auth.create_user(demo_actor, COLLEAGUE)
    for _ in range(auth.policy.max_failures):
        with pytest.raises(AuthenticationError):
            auth.login("petrova", "Nevernyi-1")
    dialog = window.open_accounts()
    assert isinstance(dialog, AccountsDialog)
    qtbot.addWidget(dialog)
    idle(window, qtbot)
    select_login(dialog, "petrova")
    assert state_of(dialog, "petrova").startswith("заблокирована до ")
    assert dialog.unlock_button.isEnabled()
    dialog.password_button.click()
    form = dialog.form
    form.passwords.password.setText(NEW_PASSWORD)
    form.passwords.repeat.setText(NEW_PASSWORD)
    form.save_button.click()
    idle(window, qtbot)
    assert "Пароль пользователя «petrova» задан" in dialog.messages.text()
    assert state_of(dialog, "petrova") == "действует"
    assert auth.login("petrova", NEW_PASSWORD).login == "petrova"


def test_the_session_can_be_locked_at_once_from_the_menu_with_ctrl_l(window: MainWindow, demo_password: str) -> None:
    menu = window.menuBar().actions()[0].menu()
    (lock,) = [action for action in menu.actions() if action.text() == "За&блокировать сеанс"]
    assert lock.shortcut() == QKeySequence("Ctrl+L")
    lock.trigger()
    dialog = window.session_lock.dialog
    assert window.session_lock.is_locked and dialog is not None
    dialog.password_edit.setText(demo_password)
    dialog.try_unlock()
    assert not window.session_lock.is_locked
