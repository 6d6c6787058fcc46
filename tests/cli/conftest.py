"""Every command-line test: never fall back to the real user data folder, sign in as the demo's administrator (as a
script would, by OPEKA_USER and OPEKA_PASSWORD), and close the log file the CLI opens."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.core.logs import configure_logging


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli_credentials: None) -> Iterator[None]:
    monkeypatch.setenv("OPEKA_DATA_DIR", str(tmp_path / "not-to-be-used"))
    yield
    configure_logging(None)
