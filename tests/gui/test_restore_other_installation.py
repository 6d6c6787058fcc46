"""«Резервные копии»: a copy of another installation (the region's over a district's data) is restored only after a
question that names both installations; «Нет» changes nothing (issue 21, item 4)."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop_app.core.paths import DataPaths
from desktop_app.domain.roles import InstallationKind
from desktop_app.gui.dialogs.backup_dialog import BackupDialog, BackupsPanel
from desktop_app.gui.main_window import MainWindow
from desktop_app.services.backups import make_backup
from desktop_app.services.setup import SetupRequest, create_installation
from tests.gui.helpers import settle


def _panel(window: MainWindow, qtbot: QtBot) -> BackupsPanel:
    dialog = window.open_backups()
    assert isinstance(dialog, BackupDialog)
    qtbot.addWidget(dialog)
    settle(dialog.panel, qtbot)
    return dialog.panel


def _regions_copy(root: Path) -> Path:
    paths = DataPaths(root)
    request = SetupRequest(InstallationKind.REGION, "29", "", "Министерство", "admin", "", "Пароль-2026x")
    create_installation(paths, request).close()
    return make_backup(paths).path


@pytest.mark.parametrize("agreed", [False, True])
def test_a_regions_copy_is_restored_over_a_district_only_after_a_question_naming_both(
    window: MainWindow,
    demo_paths: DataPaths,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    agreed: bool,
) -> None:
    copy = _regions_copy(tmp_path / "region")
    panel = _panel(window, qtbot)
    questions: list[str] = []
    closed: list[bool] = []
    monkeypatch.setattr(panel, "confirm", lambda question: questions.append(question) or len(questions) == 1 or agreed)
    monkeypatch.setattr(panel, "tell", lambda _message: None)
    panel.close_program = lambda: closed.append(True)

    panel.restore(copy)
    qtbot.waitUntil(
        lambda: bool(closed) or "отменено" in panel.messages.text() or bool(panel.last_error), timeout=30_000
    )

    assert panel.last_error == ""
    assert len(questions) == 2
    assert "Архангельская область — региональный координатор" in questions[1]
    assert "Плесецкий муниципальный округ (Архангельская область)" in questions[1]
    with closing(sqlite3.connect(demo_paths.database)) as connection:
        kinds = connection.execute("SELECT kind FROM installation").fetchall()
    assert kinds == [("region",) if agreed else ("district",)]
    assert bool(closed) is agreed
