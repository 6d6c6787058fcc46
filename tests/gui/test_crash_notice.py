"""The main window opened after an abrupt end says what was recovered, in the message bar of the first page."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from desktop_app.core.paths import DataPaths
from desktop_app.gui.context import AppContext
from desktop_app.gui.main_window import MainWindow
from desktop_app.gui.tasks import TaskRunner
from desktop_app.services.auth import AuthService
from desktop_app.storage import crash_recovery
from desktop_app.storage.database import Database, open_database


@pytest.fixture
def reopened_after_a_crash(demo_paths: DataPaths) -> Iterator[Database]:
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    folder = crash_recovery.markers_folder(demo_paths)
    folder.mkdir(parents=True, exist_ok=True)
    marker = {"pid": int(gone.stdout), "identity": "", "started": "", "program": "opeka"}
    (folder / "killed.json").write_text(json.dumps(marker), encoding="utf-8")
    db = open_database(demo_paths)
    yield db
    db.close()


def test_the_window_tells_what_was_recovered(
    qtbot: QtBot,
    demo_paths: DataPaths,
    reopened_after_a_crash: Database,
    demo_password: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(MainWindow, "confirm_discard", lambda _self, _unsaved, _question="": True)
    actor = AuthService(reopened_after_a_crash).login("demo", demo_password)
    runner = TaskRunner()
    try:
        window = MainWindow(AppContext.build(demo_paths, reopened_after_a_crash, actor, runner))
        qtbot.addWidget(window)
        window.show()
        shown = window.current_page().messages
        assert window.recovery_note.startswith("Прошлый сеанс работы с базой завершился аварийно")
        assert shown.isVisible() and shown.text() == window.recovery_note
    finally:
        runner.shutdown()
