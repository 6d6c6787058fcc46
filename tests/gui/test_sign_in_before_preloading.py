"""«Войти» pressed before the login window's worker started (gui/startup.py): the key's derivation starts in its
own thread and the GUI thread imports the sign-in's and the main window's modules beside it; the answers are the
same as with the worker."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop_app.core.paths import DataPaths
from desktop_app.domain.errors import AuthenticationError
from desktop_app.gui.startup import EncryptedSignIn, Preloading
from desktop_app.services.demo import create_demo
from desktop_app.storage import key_store
from tests.conftest import DEMO_TODAY

WRONG = (
    "Неверный логин или пароль. После 5 неудачных попыток подряд вход блокируется на 15 минут. Если база данных "
    "была зашифрована после вашего последнего входа, попросите администратора задать вам новый пароль."
)


@pytest.fixture
def encrypted(tmp_path: Path) -> tuple[DataPaths, str]:
    paths = DataPaths(tmp_path / "encrypted")
    db, result = create_demo(paths, DEMO_TODAY, encrypted=True)
    db.close()
    return paths, result.password


def test_a_sign_in_before_the_worker_started_refuses_a_wrong_password_then_opens_with_the_right_one(
    qtbot: QtBot, encrypted: tuple[DataPaths, str]
) -> None:
    paths, password = encrypted
    preloading = Preloading(paths)
    sign_in = EncryptedSignIn(paths, preloading)
    try:
        with pytest.raises(AuthenticationError) as refused:
            sign_in.login("demo", "not-the-password")
        assert refused.value.message == WRONG
        access = key_store.load(paths.root)
        assert access is not None and access.failures["demo"].count == 1
        assert sign_in.db is None
        actor = sign_in.login("demo", password)
        assert actor.login == "demo"
        assert sign_in.db is not None and sign_in.db.key is not None
        preloading.start()
        assert not preloading.started  # the GUI thread imported for itself: the worker never starts after
        access = key_store.load(paths.root)
        assert access is not None and "demo" not in access.failures
    finally:
        preloading.close()
        if sign_in.db is not None:
            sign_in.db.close()
