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


def test_an_exchange_library_that_fails_is_reported_in_russian(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The frozen program loads the exchange's libraries only for an exchange: the self-test seals and reads a
    bundle, so a library left out of the build is found there and named, not at the first import at a region."""
    from desktop_app.gui import selftest
    from desktop_app.sync import container

    assert selftest._check_exchange(tmp_path) == []

    def broken(*_args: object, **_kwargs: object) -> None:
        raise ModuleNotFoundError("No module named 'orjson'")

    monkeypatch.setattr(container, "read_package", broken)
    assert selftest._check_exchange(tmp_path) == ["Файл обмена не записан или не прочитан: No module named 'orjson'."]
