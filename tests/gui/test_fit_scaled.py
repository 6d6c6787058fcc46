"""The 1280×720 checks hold on a real 1280×720 monitor: every page (test_fit_720.py) under Windows' 125 % scaling,
and every main dialog (fit_dialog_checks.py) at 100 % and 125 %.

Qt reads the screen and QT_SCALE_FACTOR only when the application starts, so the checks run in a fresh pytest
process whose offscreen screen is a 1280×720 monitor (1024×576 logical pixels at 125 %). The dialog checks are no
test file of their own: on the normal run's 800×800 offscreen screen they would check a monitor no office has."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PAGE_CHECKS = Path(__file__).with_name("test_fit_720.py")
DIALOG_CHECKS = Path(__file__).with_name("fit_dialog_checks.py")
ROOT = Path(__file__).resolve().parents[2]


def _passes_on_the_office_monitor(checks: Path, tmp_path: Path, scale: float) -> None:
    screen = {"name": "Офисный монитор", "x": 0, "y": 0, "width": 1280, "height": 720, "logicalDpi": 96, "dpr": 1}
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [screen]}, ensure_ascii=False), encoding="utf-8")
    env = {**os.environ, "QT_SCALE_FACTOR": str(scale), "QT_QPA_PLATFORM": f"offscreen:configfile={config}"}
    command = [sys.executable, "-m", "pytest", str(checks), "-q", "-p", "no:cacheprovider", "-p", "no:randomly"]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900, check=False)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert " passed" in result.stdout and "skipped" not in result.stdout


def test_every_page_fits_a_1280_by_720_monitor_at_125_percent(tmp_path: Path) -> None:
    _passes_on_the_office_monitor(PAGE_CHECKS, tmp_path, 1.25)


@pytest.mark.parametrize("scale", [1.0, 1.25])
def test_every_main_dialog_fits_a_1280_by_720_monitor(scale: float, tmp_path: Path) -> None:
    _passes_on_the_office_monitor(DIALOG_CHECKS, tmp_path, scale)
