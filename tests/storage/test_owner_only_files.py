"""Nothing of the data folder is readable by another local account: the folder, the database and its -wal/-shm,
backups, logs, keys and attachments are the owner's alone (0600 / 0700), also in an older installation."""

from __future__ import annotations

import os
import re
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.cli.main import main
from desktop_app.core.logs import configure_logging
from desktop_app.core.paths import DataPaths
from desktop_app.storage.database import open_database

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="Windows: the profile folder's ACL, not mode bits")


@pytest.fixture(autouse=True)
def usual_umask(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """A shell's usual umask (files 0644, folders 0755), whatever an earlier test left."""
    monkeypatch.setenv("OPEKA_DATA_DIR", str(tmp_path / "not-to-be-used"))
    previous = os.umask(0o022)
    yield
    os.umask(previous)
    configure_logging(None)


def readable_by_others(root: Path) -> list[str]:
    found = []
    for path in [root, *root.rglob("*")]:
        mode = path.lstat().st_mode
        if not stat.S_ISLNK(mode) and mode & (stat.S_IRWXG | stat.S_IRWXO):
            found.append(f"{path.relative_to(root.parent)} {stat.filemode(mode)}")
    return found


def test_demo_backup_and_export_leave_nothing_readable_by_other_accounts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "demo", "--region"]) == 0
    admin = re.search(r"Роль: Администратор.*\nЛогин: (\S+)\nПароль: (\S+)", capsys.readouterr().out)
    assert admin is not None
    monkeypatch.setenv("OPEKA_USER", admin.group(1))
    monkeypatch.setenv("OPEKA_PASSWORD", admin.group(2))
    assert main(["--data-dir", str(data), "backup"]) == 0
    assert main(["--data-dir", str(data), "export", "--out", str(tmp_path / "package.opeka")]) == 0
    assert main(["--data-dir", str(data), "info"]) == 0
    capsys.readouterr()
    folders = {path.name for path in data.iterdir()}
    assert {"backups", "logs", "attachments", "keys"} <= folders
    assert (data / "logs" / "opeka.log").is_file() and any(data.glob("backups/*.zip"))
    assert readable_by_others(data) == []


def test_an_older_installation_is_made_owner_only_when_it_opens(demo_paths: DataPaths) -> None:
    for path in [demo_paths.root, *demo_paths.root.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    assert readable_by_others(demo_paths.root) != []
    db = open_database(demo_paths)
    try:
        assert readable_by_others(demo_paths.root) == []
    finally:
        db.close()
