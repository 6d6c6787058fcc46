"""The program's local time (Moscow) on a PC without a time-zone database of its own, as every Windows PC is:
the reminders and the region's view still load, from the tzdata package."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_local_time_is_known_without_the_systems_time_zone_files() -> None:
    code = (
        "import zoneinfo; assert zoneinfo.TZPATH == (), zoneinfo.TZPATH\n"
        "from desktop_app.services import reminders\n"
        "from desktop_app.sync import region_view\n"
        "from datetime import datetime, UTC\n"
        "print(datetime(2025, 12, 31, 21, 30, tzinfo=UTC).astimezone(reminders._LOCAL).date().isoformat())\n"
    )
    env = dict(os.environ, PYTHONTZPATH="", PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    # 21:30 UTC on New Year's Eve is already the first of January in Moscow (UTC+3)
    assert done.stdout.strip() == "2026-01-01"
