"""The window signs in to an encrypted database: the title from the key file, the database opened by «Войти»."""

from __future__ import annotations

import nacl.pwhash
import pytest
from pytestqt.qtbot import QtBot

from desktop_app.core.paths import DataPaths
from desktop_app.gui.dialogs.login_dialog import LoginDialog
from desktop_app.gui.startup import EncryptedSignIn, encrypted_installation_title
from desktop_app.services.demo import create_demo
from desktop_app.storage import key_store
from tests.conftest import DEMO_TODAY


@pytest.fixture
def encrypted(tmp_path, monkeypatch: pytest.MonkeyPatch) -> tuple[DataPaths, str]:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(key_store, "OPSLIMIT", nacl.pwhash.argon2id.OPSLIMIT_MIN)
    monkeypatch.setattr(key_store, "MEMLIMIT", nacl.pwhash.argon2id.MEMLIMIT_MIN)
    paths = DataPaths(tmp_path / "encrypted")
    db, result = create_demo(paths, DEMO_TODAY, encrypted=True)
    db.close()
    return paths, result.password


def test_the_login_window_opens_an_encrypted_database_with_the_password(
    qtbot: QtBot, encrypted: tuple[DataPaths, str], demo_paths: DataPaths
) -> None:
    paths, password = encrypted
    assert encrypted_installation_title(demo_paths) is None  # a plain installation: the usual way
    title = encrypted_installation_title(paths)
    assert title == "Плесецкий муниципальный округ (Архангельская область)"
    sign_in = EncryptedSignIn(paths)
    dialog = LoginDialog(sign_in, title, "demo")
    qtbot.addWidget(dialog)
    dialog.password_edit.setText(password + "!")
    dialog.try_login()
    assert dialog.actor is None and sign_in.db is None and "Неверный логин или пароль" in dialog.auth_error.text()
    dialog.password_edit.setText(password)
    dialog.try_login()
    try:
        assert dialog.actor is not None and dialog.actor.login == "demo"
        assert sign_in.db is not None and sign_in.db.key is not None
        assert dialog.result() == LoginDialog.DialogCode.Accepted
    finally:
        if sign_in.db is not None:
            sign_in.db.close()
