"""Benchmarks of the figures the issues name, each printed beside its baseline as a ratio.

Run with ``python3 build/dev.py bench``. Timings never appear as assertions in the normal tests.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _time(command: list[str], repeats: int = 3) -> float:
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def main() -> int:
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "demo"
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "desktop_app", "demo", "--data-dir", str(data)], check=True, capture_output=True
        )
        demo_seconds = time.perf_counter() - started
        rows.append(("Создание демо-установки, с", demo_seconds, None))
        info = _time([sys.executable, "-m", "desktop_app", "info", "--json", "--data-dir", str(data)])
        baseline = _time([sys.executable, "-c", "import sqlalchemy, PySide6"])
        rows.append(("opeka info --json, с (база: импорт SQLAlchemy+PySide6)", info, baseline))
        self_test = _time([sys.executable, "-m", "desktop_app", "self-test"], repeats=1)
        rows.append(("opeka self-test, с", self_test, None))
    print(f"{'Показатель':60} {'значение':>10} {'база':>10} {'отношение':>10}")
    for name, value, base in rows:
        ratio = f"{value / base:10.2f}" if base else f"{'—':>10}"
        base_text = f"{base:10.3f}" if base else f"{'—':>10}"
        print(f"{name:60} {value:10.3f} {base_text} {ratio}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
