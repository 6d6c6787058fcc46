"""A file written «whole or not at all» is synced to the disk before it takes its name, and the temporary file a
crash leaves behind is never taken for an exchange file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from desktop_app.core import atomic
from desktop_app.core.atomic import write_atomically
from desktop_app.sync.batch import bundle_files
from tests.sync.crafting import write_bundle


def test_the_content_reaches_the_disk_before_the_rename(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(atomic.os, "fsync", lambda fd: (events.append("fsync"), real_fsync(fd))[1])
    monkeypatch.setattr(atomic.os, "replace", lambda a, b: (events.append("rename"), real_replace(a, b))[1])

    write_atomically(tmp_path / "файл.opeka", lambda temporary: temporary.write_bytes(b"data"))

    assert (tmp_path / "файл.opeka").read_bytes() == b"data"
    assert events[:2] == ["fsync", "rename"]
    assert [path.name for path in tmp_path.iterdir()] == ["файл.opeka"]


def test_a_temporary_file_left_by_a_crash_is_not_a_bundle_of_the_folder(tmp_path: Path) -> None:
    write_bundle(tmp_path / "1-Плесецкий.opeka")
    (tmp_path / f"{atomic.TEMPORARY_PREFIX}k2j4h1.opeka").write_bytes(b"PK\x03\x04 half a bundle")

    assert [path.name for path in bundle_files(tmp_path)] == ["1-Плесецкий.opeka"]
