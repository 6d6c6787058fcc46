"""`opeka info --json` says whether the database sits where SQLite is not safe."""

from __future__ import annotations

import json

import pytest

from desktop_app.cli.main import main
from desktop_app.core import storage_risk
from desktop_app.core.paths import DataPaths


def test_info_json_has_the_storage_warning(
    demo_paths: DataPaths, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["--data-dir", str(demo_paths.root), "info", "--json"]) == 0
    assert "storage_warning" in json.loads(capsys.readouterr().out)
    monkeypatch.setattr(storage_risk, "storage_risk", lambda _path: storage_risk.NETWORK_MESSAGE)
    assert main(["--data-dir", str(demo_paths.root), "info", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["storage_warning"] == storage_risk.NETWORK_MESSAGE
    assert main(["--data-dir", str(demo_paths.root), "info"]) == 0
    assert storage_risk.NETWORK_MESSAGE in capsys.readouterr().out
