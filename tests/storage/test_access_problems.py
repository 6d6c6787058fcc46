"""A disk or folder problem is told apart from a damaged file: only damage suggests restoring a backup."""

from __future__ import annotations

import sqlite3

import pytest

from desktop_app.core.paths import DataPaths
from desktop_app.domain.errors import DatabaseProblem
from desktop_app.storage import sqlite_files
from desktop_app.storage.database import open_database


def test_disk_error_while_checking_is_not_called_corruption(
    demo_paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing_open(path: object) -> sqlite3.Connection:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(sqlite_files, "open_read_only", failing_open)
    with pytest.raises(DatabaseProblem) as caught:
        open_database(demo_paths)
    assert "повреждена" not in caught.value.message
    assert "резервной копии" not in caught.value.message
    assert "диск заполнен" in caught.value.message and "Файл не изменён" in caught.value.message


def test_data_dir_that_is_a_file_is_named_as_such(tmp_path) -> None:  # type: ignore[no-untyped-def]
    not_a_folder = tmp_path / "opeka.txt"
    not_a_folder.write_text("x", encoding="utf-8")
    with pytest.raises(DatabaseProblem, match="это файл, а не папка"):
        open_database(DataPaths(not_a_folder))


def test_integrity_check_reads_without_leaving_files(demo_paths: DataPaths) -> None:
    before = sorted(p.name for p in demo_paths.root.iterdir())
    assert sqlite_files.integrity_problems(demo_paths.database) == []
    assert sorted(p.name for p in demo_paths.root.iterdir()) == before
