"""`opeka self-test` opens every screen offscreen and reports success the way CI and support rely on."""

from __future__ import annotations

import os
import subprocess
import sys

from desktop_app.gui.selftest import run_self_test


def test_self_test_finds_nothing_wrong_in_process() -> None:
    assert run_self_test() == []


def test_self_test_command_exits_zero_offscreen(tmp_path) -> None:  # type: ignore[no-untyped-def]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", OPEKA_DATA_DIR=str(tmp_path / "unused"))
    result = subprocess.run(
        [sys.executable, "-m", "desktop_app", "self-test"], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "Самопроверка пройдена" in result.stdout
    assert not (tmp_path / "unused").exists(), "self-test must not touch the user's data directory"
