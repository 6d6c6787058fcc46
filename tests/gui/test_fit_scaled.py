"""The 1280×720 checks of test_fit_720.py hold under Windows' 125 % scaling too, on a 1280×720 monitor.

Qt reads QT_SCALE_FACTOR only when the application starts, so the checks run in a fresh pytest process whose
offscreen screen is a 1280×720 monitor (1024×576 logical pixels at 125 %)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

FIT_TESTS = Path(__file__).with_name("test_fit_720.py")
ROOT = Path(__file__).resolve().parents[2]


def _run_fit_checks(tmp_path: Path, scale: float) -> subprocess.CompletedProcess[str]:
    screen = {"name": "Офисный монитор", "x": 0, "y": 0, "width": 1280, "height": 720, "logicalDpi": 96, "dpr": 1}
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [screen]}, ensure_ascii=False), encoding="utf-8")
    env = {**os.environ, "QT_SCALE_FACTOR": str(scale), "QT_QPA_PLATFORM": f"offscreen:configfile={config}"}
    command = [sys.executable, "-m", "pytest", str(FIT_TESTS), "-q", "-p", "no:cacheprovider", "-p", "no:randomly"]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900, check=False)


def test_every_page_fits_a_1280_by_720_monitor_at_125_percent(tmp_path: Path) -> None:
    result = _run_fit_checks(tmp_path, 1.25)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert " passed" in result.stdout and "skipped" not in result.stdout
