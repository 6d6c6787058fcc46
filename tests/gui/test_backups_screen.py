"""«Резервные копии» (Файл → Резервные копии…): the list, copies by hand and to a folder with a password,
restoring as an administrator only, and the warning about a database on a network share."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop_app.core.paths import DataPaths
from desktop_app.core.storage_risk import NETWORK_MESSAGE
from desktop_app.domain.roles import Role
from desktop_app.gui import main_window as main_window_module
from desktop_app.gui.dialogs.backup_dialog import BackupDialog, BackupsPanel, MediaCopyDialog
from desktop_app.gui.main_window import MainWindow
from desktop_app.services.backups import make_backup
from tests.conftest import make_actor
from tests.gui.conftest import WindowFactory
from tests.gui.helpers import settle

PASSWORD = "длинный пароль 42"


def _panel(window: MainWindow, qtbot: QtBot) -> BackupsPanel:
    dialog = window.open_backups()
    assert isinstance(dialog, BackupDialog)
    qtbot.addWidget(dialog)
    settle(dialog.panel, qtbot)
    return dialog.panel


def _measure(database: Path) -> tuple[str, str]:
    with closing(sqlite3.connect(database)) as connection:
        row = connection.execute("SELECT id, name FROM measure ORDER BY id LIMIT 1").fetchone()
    return str(row[0]), str(row[1])


def test_the_list_shows_a_copy_made_by_the_service(window: MainWindow, demo_paths: DataPaths, qtbot: QtBot) -> None:
    info = make_backup(demo_paths)
    panel = _panel(window, qtbot)
    assert info.path in [row.path for row in panel.rows]
    number = [row.path for row in panel.rows].index(info.path)
    assert panel.table.item(number, 0).text() == info.made.strftime("%d.%m.%Y %H:%M")
    assert panel.table.item(number, 1).text() == "вручную"
    assert panel.table.item(number, 2).text().endswith(("КБ", "МБ"))
    kinds = {panel.table.item(row, 1).text() for row in range(panel.table.rowCount())}
    assert kinds <= {"ежедневная", "вручную", "перед обновлением", "перед загрузкой", "перед восстановлением"}


def test_make_a_copy_adds_one_to_the_list(window: MainWindow, demo_paths: DataPaths, qtbot: QtBot) -> None:
    panel = _panel(window, qtbot)
    before = {row.path for row in panel.rows}
    panel.make_button.click()
    qtbot.waitUntil(lambda: "Копия записана" in panel.messages.text(), timeout=20_000)
    settle(panel, qtbot)
    new = [row for row in panel.rows if row.path not in before]
    # one copy a day is kept of the regular kinds: the new one may replace today's daily copy
    assert len(new) == 1 and new[0].kind == "manual" and new[0].path.parent == demo_paths.backups
    assert panel.rows[0] == new[0] and panel.table.item(0, 1).text() == "вручную"
    assert str(new[0].path) in panel.messages.text()


def test_a_copy_to_a_folder_with_a_password_is_sealed(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    panel = _panel(window, qtbot)
    monkeypatch.setattr(panel, "ask_media_target", lambda: (usb, PASSWORD))
    panel.media_button.click()
    qtbot.waitUntil(lambda: any(usb.glob("*.zip.sealed")), timeout=20_000)
    settle(panel, qtbot)
    assert "Копия записана" in panel.messages.text()
    assert b"SQLite format 3" not in next(usb.glob("*.zip.sealed")).read_bytes()


def test_the_media_dialog_checks_folder_and_password(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = MediaCopyDialog()
    qtbot.addWidget(dialog)
    assert dialog.problem() == "Выберите папку для копии."
    dialog.folder.setText(str(tmp_path / "нет такой"))
    assert "Такой папки нет" in dialog.problem()
    dialog.folder.setText(str(tmp_path))
    assert dialog.problem() == ""  # no password: a plain copy
    dialog.password.setText("короткий")
    assert dialog.problem() == "Пароль должен быть не короче 10 символов."
    dialog.password.setText(PASSWORD)
    dialog.repeat.setText(PASSWORD + "!")
    assert dialog.problem() == "Пароли не совпадают."
    dialog.repeat.setText(PASSWORD)
    assert dialog.problem() == "" and dialog.target() == (tmp_path, PASSWORD)


def test_a_specialist_can_copy_but_not_restore(make_window: WindowFactory, demo_paths: DataPaths, qtbot: QtBot) -> None:
    backup = make_backup(demo_paths).path
    panel = _panel(make_window(make_actor(Role.SPECIALIST)), qtbot)
    panel.table.selectRow(0)
    assert panel.make_button.isEnabled() and panel.media_button.isEnabled()
    assert not panel.restore_button.isEnabled() and not panel.restore_file_button.isEnabled()
    panel.restore(backup)
    assert panel.messages.text() == "Восстанавливать резервные копии может только администратор."


def test_the_regions_coordinator_cannot_take_personal_data_away_on_a_stick(
    make_window: WindowFactory, demo_paths: DataPaths, tmp_path: Path, qtbot: QtBot
) -> None:
    panel = _panel(make_window(make_actor(Role.COORDINATOR)), qtbot)
    assert panel.make_button.isEnabled() and not panel.media_button.isEnabled()
    panel.copy_into(tmp_path, None)
    settle(panel, qtbot)
    assert "просмотр персональных данных" in panel.messages.text()
    assert not any(tmp_path.glob("*.zip"))


def test_restoring_a_listed_copy_brings_the_data_back_and_starts_the_program_again(
    window: MainWindow, demo_paths: DataPaths, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    measure_id, original = _measure(demo_paths.database)
    backup = make_backup(demo_paths).path
    with closing(sqlite3.connect(demo_paths.database)) as connection:
        connection.execute("UPDATE measure SET name = 'испорчено' WHERE id = ?", (measure_id,))
        connection.commit()
    panel = _panel(window, qtbot)
    questions: list[str] = []
    told: list[str] = []
    closed: list[bool] = []
    monkeypatch.setattr(panel, "confirm", lambda question: questions.append(question) or True)
    monkeypatch.setattr(panel, "tell", told.append)
    panel.close_program = lambda: closed.append(True)
    panel.table.selectRow([row.path for row in panel.rows].index(backup))
    assert panel.restore_button.isEnabled()
    panel.restore_button.click()
    qtbot.waitUntil(lambda: bool(closed) or bool(panel.last_error), timeout=30_000)
    assert panel.last_error == ""
    assert "сохранено отдельной копией" in questions[0] and "программа перезапустится" in questions[0]
    assert "Данные восстановлены" in told[0] and "Программа перезапустится" in told[0]
    assert _measure(demo_paths.database) == (measure_id, original)
    assert any(demo_paths.backups.glob("opeka-before-restore-*.zip"))


def test_an_encrypted_copy_asks_for_its_password_and_a_wrong_one_changes_nothing(
    window: MainWindow, demo_paths: DataPaths, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sealed = make_backup(demo_paths, tmp_path / "usb", PASSWORD).path
    panel = _panel(window, qtbot)
    asked: list[str] = []
    closed: list[bool] = []
    monkeypatch.setattr(panel, "confirm", lambda _question: True)
    monkeypatch.setattr(panel, "ask_password", lambda name: asked.append(name) or "неверный пароль 1")
    panel.close_program = lambda: closed.append(True)
    panel.restore(sealed)
    settle(panel, qtbot)
    assert asked == [sealed.name]
    assert panel.last_error and "\n" not in panel.last_error and "Traceback" not in panel.last_error
    assert panel.messages.text() == panel.last_error
    assert not closed and panel.restore_file_button.isEnabled()
    # the database closed for the restore opens again on the next use
    assert window.context.installation.info().title


def test_the_file_menu_opens_backups(window: MainWindow, qtbot: QtBot) -> None:
    action = next(a for a in window.menuBar().actions()[0].menu().actions() if "Резервные копии" in a.text())
    action.trigger()
    dialog = window.findChild(BackupDialog)
    assert dialog is not None
    qtbot.addWidget(dialog)
    settle(dialog.panel, qtbot)


def test_a_database_on_a_share_is_warned_about_at_start(
    make_window: WindowFactory, demo_actor: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(main_window_module, "storage_risk", lambda _path: NETWORK_MESSAGE)
    window = make_window(demo_actor)  # type: ignore[arg-type]
    assert window.storage_warning == NETWORK_MESSAGE
    assert window.current_page().messages.text() == NETWORK_MESSAGE
    assert not window.current_page().messages.isHidden()


def test_screenshot(window: MainWindow, demo_paths: DataPaths, qtbot: QtBot, tmp_path: Path) -> None:
    make_backup(demo_paths)
    make_backup(demo_paths, tmp_path / "usb")
    panel = _panel(window, qtbot)
    dialog = panel.window()
    dialog.show()
    qtbot.waitExposed(dialog)
    target = Path(__file__).resolve().parents[2] / "build" / "screenshots"
    target.mkdir(parents=True, exist_ok=True)
    assert dialog.grab().save(str(target / "backups_dialog.png"))
