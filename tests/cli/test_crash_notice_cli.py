"""After an abrupt end the command line says what was recovered, on stderr, so `--json` stays one document."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.cli.main import main
from desktop_app.core.paths import DataPaths
from desktop_app.storage import crash_recovery


def leave_stale_marker(paths: DataPaths, **extra: str) -> None:
    """The marker a process leaves when it is killed with the database open."""
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    folder = crash_recovery.markers_folder(paths)
    folder.mkdir(parents=True, exist_ok=True)
    content = {"pid": int(gone.stdout), "identity": "", "started": "", "program": "opeka", **extra}
    (folder / f"{gone.stdout.strip()}-killed.json").write_text(json.dumps(content), encoding="utf-8")


def test_info_json_after_a_crash_tells_on_stderr_and_keeps_stdout_valid(
    demo_paths: DataPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    leave_stale_marker(demo_paths, activity=crash_recovery.IMPORT, subject="файла «Плесецкий-17.opeka»")

    assert main(["--data-dir", str(demo_paths.root), "info", "--json"]) == 0

    out, err = capsys.readouterr()
    assert json.loads(out)["counts"]
    assert err.startswith("Прошлый сеанс работы с базой завершился аварийно")
    assert "Загрузка файла «Плесецкий-17.opeka» была прервана и отменена целиком" in err
    assert main(["--data-dir", str(demo_paths.root), "info", "--json"]) == 0
    assert capsys.readouterr().err == "", "told once"


@pytest.mark.parametrize(
    "command",
    [
        ["office", "show"],
        ["export", "--out", "{out}"],
        ["report", "indicators", "--period", "2026-H1", "--format", "pdf", "--out", "{out}"],
    ],
    ids=["office", "export", "report"],
)
def test_every_command_that_opens_the_database_tells_after_a_crash(
    demo_paths: DataPaths,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    command: list[str],
) -> None:
    leave_stale_marker(demo_paths)
    argv = [part.replace("{out}", str(tmp_path / "out.pdf")) for part in command]
    main(["--data-dir", str(demo_paths.root), *argv])
    assert capsys.readouterr().err.startswith("Прошлый сеанс работы с базой завершился аварийно")
