"""An encrypted installation's login window: while the user types, what «Войти» and the main window need is
imported behind it (gui/startup.py ``Preloading``), so «Войти» waits only for the key, the opening and the window."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

import nacl.pwhash
import pytest
from pytestqt.qtbot import QtBot

from desktop_app.core.paths import DataPaths
from desktop_app.gui.dialogs.login_dialog import LoginDialog
from desktop_app.gui.main_window import PAGE_SPECS, start_page_module
from desktop_app.gui.startup import EncryptedSignIn, Preloading
from desktop_app.services.demo import create_demo
from desktop_app.storage import key_store
from tests.conftest import DEMO_TODAY

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def encrypted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[DataPaths, str]:
    monkeypatch.setattr(key_store, "OPSLIMIT", nacl.pwhash.argon2id.OPSLIMIT_MIN)
    monkeypatch.setattr(key_store, "MEMLIMIT", nacl.pwhash.argon2id.MEMLIMIT_MIN)
    paths = DataPaths(tmp_path / "encrypted")
    db, result = create_demo(paths, DEMO_TODAY, encrypted=True)
    db.close()
    return paths, result.password


def test_the_sign_in_goes_through_once_the_preloading_behind_the_login_window_is_done(
    qtbot: QtBot, encrypted: tuple[DataPaths, str]
) -> None:
    paths, password = encrypted
    preloading = Preloading(paths)
    sign_in = EncryptedSignIn(paths, preloading)
    dialog = LoginDialog(sign_in, "Установка", "demo")
    qtbot.addWidget(dialog)
    preloading.start_when_painted(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: preloading.started, timeout=5000)  # started by the first paint, not the fallback
    dialog.password_edit.setText(password)
    dialog.try_login()
    try:
        assert dialog.actor is not None and dialog.actor.login == "demo"
        assert sign_in.db is not None and sign_in.db.key is not None
        preloading.wait()  # the main window's modules, loaded beside the key's derivation
        qtbot.waitUntil(lambda: gc.get_freeze_count() > 0, timeout=5000)  # collected, the rest frozen
    finally:
        preloading.close()
        gc.unfreeze()  # the test process goes on: its later tests' collections walk everything as usual
        if sign_in.db is not None:
            sign_in.db.close()


def test_a_sign_in_before_the_preloading_started_keeps_it_from_starting_later(
    qtbot: QtBot, encrypted: tuple[DataPaths, str]
) -> None:
    """«Войти» pressed before the login window painted: the GUI thread imports for itself, and the worker never
    starts afterwards (two threads importing the same modules could deadlock)."""
    paths, _password = encrypted
    for wait in (Preloading.wait_for_sign_in, Preloading.wait):
        preloading = Preloading(paths)
        wait(preloading)
        preloading.start()
        assert not preloading.started
        preloading.close()


def test_the_window_opens_on_the_page_last_shown_whose_module_is_preloaded() -> None:
    modules = {spec.key: spec.module for spec in PAGE_SPECS}
    assert start_page_module("families") == modules["families"] == "desktop_app.gui.pages.families_page"
    assert start_page_module("no-such-page") == modules["dashboard"] == "desktop_app.gui.pages.dashboard_page"
    assert start_page_module("") == "desktop_app.gui.pages.dashboard_page"


def test_while_the_user_types_the_sign_in_and_the_main_window_are_imported_behind_the_login_window(
    encrypted: tuple[DataPaths, str],
) -> None:
    """The real start on an encrypted installation, in a fresh interpreter: the login window paints before
    SQLAlchemy is imported; while nobody has pressed «Войти» yet, SQLAlchemy, the sign-in's services, the main
    window and its first page are imported behind it; then «Войти» shows the main window."""
    paths, password = encrypted
    code = f"""
import json, os, sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget
from desktop_app.cli.main import main
from desktop_app.gui.app import ensure_application

marks = {{}}
WANTED = ("sqlalchemy", "desktop_app.services.database_access", "desktop_app.gui.main_window",
          "desktop_app.gui.pages.dashboard_page")

class Probe(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and isinstance(watched, QWidget) and watched.isWindow():
            kind = type(watched).__name__
            if kind == "LoginDialog" and "login" not in marks:
                marks["login"] = "sqlalchemy" in sys.modules
                QTimer.singleShot(0, lambda: typing(watched))
            elif kind == "MainWindow" and "main" not in marks:
                marks["main"] = True
                print(json.dumps(marks))
                sys.stdout.flush()
                os._exit(0)
        return False

def typing(dialog):
    deadline = time.monotonic() + 60
    while not all(name in sys.modules for name in WANTED) and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.01)
    time.sleep(0.5)  # the worker's last steps after its imports
    marks["typing"] = sorted(name for name in WANTED if name in sys.modules)
    dialog.login_edit.setText("demo")
    dialog.password_edit.setText({password!r})
    dialog.try_login()

app = ensure_application()
probe = Probe(app)
app.installEventFilter(probe)
main(["--data-dir", {str(paths.root)!r}])
print(json.dumps(marks))
"""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180, check=True
    )
    marks = json.loads(result.stdout.strip().splitlines()[-1])
    wanted = sorted(
        ["sqlalchemy", "desktop_app.services.database_access", "desktop_app.gui.main_window", start_page_module("")]
    )
    assert marks == {"login": False, "typing": wanted, "main": True}, result.stderr[-2000:]
