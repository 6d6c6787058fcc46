#!/usr/bin/env python3
"""Developer commands that set themselves up: a virtual environment in .venv with the dependencies.

    python3 build/dev.py demo   — open the program on the demo database in ./demo-data (made on first use;
                                  --fresh makes it anew)
    python3 build/dev.py test   — run the whole test suite (offscreen, no screen needed)
    python3 build/dev.py bench  — run the benchmarks in tests/bench

Works on Windows (``py build\\dev.py demo``) and Linux with only Python 3.11+ installed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"
MARKER = VENV / ".opeka-installed"
DEMO_DIR = ROOT / "demo-data"


def venv_python() -> Path:
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def ensure_environment(extras: str) -> Path:
    """Create .venv and install the project with ``extras`` unless pyproject.toml is unchanged since last time."""
    python = venv_python()
    if not python.exists():
        print("Создаю виртуальное окружение .venv …", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extras.encode()).hexdigest()
    if not MARKER.exists() or MARKER.read_text(encoding="ascii").strip() != wanted:
        print("Устанавливаю зависимости …", flush=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[{extras}]"], check=True)
        MARKER.write_text(wanted, encoding="ascii")
    return python


def run_demo(python: Path, fresh: bool) -> int:
    """Open the demo, creating it on first use; what was entered in it is kept unless --fresh is given."""
    credentials = DEMO_DIR / "ДЕМО-вход.txt"
    if fresh and DEMO_DIR.exists():
        shutil.rmtree(DEMO_DIR)
    if not DEMO_DIR.exists():
        created = subprocess.run(
            [str(python), "-m", "desktop_app", "demo", "--data-dir", str(DEMO_DIR)], capture_output=True, text=True
        )
        print(created.stdout, end="")
        print(created.stderr, end="", file=sys.stderr)
        if created.returncode != 0:
            return created.returncode
        # Demo data only (fictitious families): the password is kept beside it so a second run can show it.
        login_lines = [line for line in created.stdout.splitlines() if line.startswith(("Логин:", "Пароль:"))]
        credentials.write_text("\n".join(login_lines) + "\n", encoding="utf-8")
    else:
        print(f"Открываю существующую демо-базу {DEMO_DIR} (новая — с параметром --fresh).")
        if credentials.exists():
            print(credentials.read_text(encoding="utf-8"), end="")
    return subprocess.run([str(python), "-m", "desktop_app", "--data-dir", str(DEMO_DIR)]).returncode


def run_tests(python: Path, extra_args: list[str]) -> int:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([str(python), "-m", "pytest", *extra_args], cwd=ROOT, env=env).returncode


def run_bench(python: Path) -> int:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([str(python), "-m", "tests.bench"], cwd=ROOT, env=env).returncode


def main(argv: list[str]) -> int:
    if sys.version_info < (3, 11):  # noqa: UP036 — this script runs on whatever Python the user has
        print("Нужен Python 3.11 или новее.")
        return 1
    if not argv or argv[0] not in {"demo", "test", "bench"}:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    if command == "demo":
        return run_demo(ensure_environment("test"), fresh="--fresh" in rest)
    if command == "test":
        return run_tests(ensure_environment("test"), rest)
    return run_bench(ensure_environment("test"))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
