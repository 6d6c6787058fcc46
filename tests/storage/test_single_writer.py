"""One writing connection to the live database (SQLite's WAL-reset bug before 3.51.3 needs two connections
that write or checkpoint at once): every other connection the program opens to the file while it works —
the checks at open, the crash check, backups, the login window's title — is read-only."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta
from typing import Any

import pytest

from desktop_app.core.paths import DataPaths
from desktop_app.gui.startup import read_installation_title
from desktop_app.storage import crash_recovery, sqlite_files
from desktop_app.storage.background_backup import backup_before_import, daily_backup_started
from desktop_app.storage.database import open_database


def test_only_the_engine_opens_the_live_database_for_writing(
    demo_paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[tuple[str, bool]] = []
    real_connect = sqlite3.connect

    def connect(database: Any, *args: Any, **kwargs: Any) -> sqlite3.Connection:
        name = str(database)
        read_only = bool(kwargs.get("uri")) and "mode=ro" in name
        opened.append((name, read_only))
        return real_connect(database, *args, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", connect)
    monkeypatch.setattr(sqlite3.dbapi2, "connect", connect)  # the one SQLAlchemy's dialect calls
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    folder = crash_recovery.markers_folder(demo_paths)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "killed.json").write_text(json.dumps({"pid": int(gone.stdout)}), encoding="utf-8")

    db = open_database(demo_paths)  # checks, the crash check and the day's backup, then the engine
    try:
        assert db.recovery is not None
        with db.transaction() as session:
            session.connection().exec_driver_sql("PRAGMA user_version = 7")
        backup_before_import(demo_paths, db.engine).wait()
        tomorrow = daily_backup_started(demo_paths, clock=lambda: datetime.now() + timedelta(days=1))
        assert tomorrow is not None and tomorrow.wait().kind == "daily"
        assert read_installation_title(demo_paths)
        assert sqlite_files.integrity_problems(demo_paths.database) == []
    finally:
        db.close()

    live = {str(demo_paths.database), demo_paths.database.resolve().as_uri()}
    to_live = [(name, read_only) for name, read_only in opened if name.split("?")[0] in live]
    writable = [name for name, read_only in to_live if not read_only]
    assert len(to_live) > 4, "the checks, the crash check and the title read the live file"
    assert writable == [str(demo_paths.database)], "the engine's one connection, and nothing else"
