#!/usr/bin/env python3
"""Developer commands that set themselves up: a virtual environment in .venv with the dependencies.

    python3 build/dev.py demo   — open the program on the demo database in ./demo-data (made on first use
                                  around today's date; --fresh makes it anew; --region opens the demo region
                                  coordinator in ./demo-data-region instead)
    python3 build/dev.py test   — run the whole test suite (offscreen, no screen needed)
    python3 build/dev.py bench  — run the benchmarks in tests/bench (--only cases|families|exchange|reports|
                                  startup: one group; --million adds 1 000 000 families and 600 bundles)
    python3 build/dev.py robustness — the crash harness and the fuzz suites of tests/robustness at full count
    python3 build/dev.py build  — build the program with PyInstaller into dist/opeka-VERSION/ (installer.spec);
                                  on Linux also pack dist/opeka-VERSION-linux-x86_64.tar.gz

Works on Windows (``py build\\dev.py demo``) and Linux with only Python 3.11+ installed.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"
MARKER = VENV / ".opeka-installed"
DEMO_DIR = ROOT / "demo-data"
DEMO_REGION_DIR = ROOT / "demo-data-region"
# The lines of `opeka demo` naming the accounts: every role's login and password, kept beside the demo data.
ACCOUNT_LINES = ("Роль:", "Логин:", "Пароль:")
WORK_DIR = ROOT / "build" / "pyinstaller"
DIST_DIR = ROOT / "dist"
LINUX_DIR = ROOT / "build" / "linux"


def venv_python() -> Path:
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def ensure_environment(extras: str) -> Path:
    """Create .venv and install the project with ``extras`` unless pyproject.toml is unchanged since last time.

    The marker keeps pyproject.toml's hash and every extra installed with it, so switching between
    ``test`` and ``build`` does not reinstall anything that is already there.
    """
    python = venv_python()
    if not python.exists():
        print("Создаю виртуальное окружение .venv …", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    installed: set[str] = set()
    if MARKER.exists():
        recorded_digest, _, recorded_extras = MARKER.read_text(encoding="ascii").strip().partition(" ")
        if recorded_digest == digest:
            installed = {extra for extra in recorded_extras.split(",") if extra}
    wanted = set(extras.split(","))
    if not wanted <= installed:
        every = ",".join(sorted(installed | wanted))
        print("Устанавливаю зависимости …", flush=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[{every}]"], check=True)
        MARKER.write_text(f"{digest} {every}", encoding="ascii")
    return python


def run_demo(python: Path, fresh: bool, region: bool = False) -> int:
    """Open the demo, creating it on first use; what was entered in it is kept unless --fresh is given."""
    folder = DEMO_REGION_DIR if region else DEMO_DIR
    credentials = folder / "ДЕМО-вход.txt"
    if fresh and folder.exists():
        shutil.rmtree(folder)
    if not folder.exists():
        command = [str(python), "-m", "desktop_app", "demo", "--data-dir", str(folder)]
        created = subprocess.run([*command, "--region"] if region else command, capture_output=True, text=True)
        print(created.stdout, end="")
        print(created.stderr, end="", file=sys.stderr)
        if created.returncode != 0:
            return created.returncode
        # Demo data only (fictitious families): the passwords are kept beside it so a second run can show them.
        login_lines = [line for line in created.stdout.splitlines() if line.startswith(ACCOUNT_LINES)]
        credentials.write_text("\n".join(login_lines) + "\n", encoding="utf-8")
    else:
        print(f"Открываю существующую демо-базу {folder} (новая — с параметром --fresh).")
        if credentials.exists():
            print(credentials.read_text(encoding="utf-8"), end="")
    return subprocess.run([str(python), "-m", "desktop_app", "--data-dir", str(folder)]).returncode


def run_tests(python: Path, extra_args: list[str]) -> int:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([str(python), "-m", "pytest", *extra_args], cwd=ROOT, env=env).returncode


def run_bench(python: Path, extra_args: list[str]) -> int:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([str(python), "-m", "tests.bench", *extra_args], cwd=ROOT, env=env).returncode


def run_robustness(python: Path, extra_args: list[str]) -> int:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", OPEKA_ROBUSTNESS="full")
    command = [str(python), "-m", "pytest", "tests/robustness", "-q", "-p", "no:cacheprovider", *extra_args]
    return subprocess.run(command, cwd=ROOT, env=env).returncode


def app_version() -> str:
    init = (ROOT / "desktop_app" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'__version__ = "([^"]+)"', init)
    if not match:
        raise SystemExit("Не найдена версия в desktop_app/__init__.py")
    return match.group(1)


def run_build(python: Path) -> int:
    """PyInstaller one-folder build from installer.spec, then the Linux tarball; prints how long each took."""
    started = time.monotonic()
    command = [str(python), "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN"]
    command += ["--workpath", str(WORK_DIR), "--distpath", str(DIST_DIR), str(ROOT / "installer.spec")]
    print("Собираю программу (PyInstaller) …", flush=True)
    built = subprocess.run(command, cwd=ROOT)
    if built.returncode != 0:
        return built.returncode
    folder = DIST_DIR / f"opeka-{app_version()}"
    print(f"Готово за {time.monotonic() - started:.0f} с: {folder}", flush=True)
    if sys.platform.startswith("linux"):
        started = time.monotonic()
        tarball = pack_linux_tarball(folder)
        print(f"Архив для Linux за {time.monotonic() - started:.0f} с: {tarball}", flush=True)
    if os.name == "nt":
        return run_inno_setup()
    return 0


def find_iscc() -> Path | None:
    """Inno Setup 6's compiler: on PATH, or where its installer puts it (for all users or for one)."""
    found = shutil.which("ISCC")
    if found:
        return Path(found)
    candidates = [
        Path(os.environ.get(variable, "")) / "Inno Setup 6" / "ISCC.exe"
        for variable in ("ProgramFiles(x86)", "ProgramFiles")
        if os.environ.get(variable)
    ]
    if os.environ.get("LOCALAPPDATA"):
        candidates.append(Path(os.environ["LOCALAPPDATA"]) / "Programs" / "Inno Setup 6" / "ISCC.exe")
    return next((candidate for candidate in candidates if candidate.is_file()), None)


def run_inno_setup() -> int:
    """dist/opeka-VERSION-windows-setup.exe from build/windows/opeka.iss, when Inno Setup 6 is installed."""
    script = ROOT / "build" / "windows" / "opeka.iss"
    command = [f"/DAppVersion={app_version()}", str(script)]
    iscc = find_iscc()
    if iscc is None:
        print("Inno Setup 6 не найден: папка dist готова, установщик не собран.")
        print("Установите Inno Setup 6 (https://jrsoftware.org/isinfo.php) и выполните:")
        print("    ISCC " + " ".join(command))
        return 0
    print("Собираю установщик (Inno Setup) …", flush=True)
    return subprocess.run([str(iscc), "/Q", *command], cwd=ROOT).returncode


def pack_linux_tarball(folder: Path) -> Path:
    """dist/opeka-VERSION-linux-x86_64.tar.gz: the one-folder build, the menu entry, the icon, install.sh, a note."""
    version = app_version()
    tarball = DIST_DIR / f"opeka-{version}-linux-x86_64.tar.gz"
    top = f"opeka-{version}"
    extras = {
        "opeka-offline.desktop": LINUX_DIR / "opeka-offline.desktop",
        "opeka-offline.png": WORK_DIR / "icons" / "opeka-256.png",
        "install.sh": LINUX_DIR / "install.sh",
        "INSTALL.txt": LINUX_DIR / "INSTALL.txt",
    }
    partial = tarball.with_name(tarball.name + ".part")
    with tarfile.open(partial, "w:gz", compresslevel=6) as archive:
        archive.add(folder, arcname=f"{top}/program")
        for name, source in extras.items():
            info = archive.gettarinfo(str(source), arcname=f"{top}/{name}")
            info.mode = 0o755 if name.endswith(".sh") else 0o644
            with source.open("rb") as stream:
                archive.addfile(info, stream)
    partial.replace(tarball)
    return tarball


def main(argv: list[str]) -> int:
    if sys.version_info < (3, 11):  # noqa: UP036 — this script runs on whatever Python the user has
        print("Нужен Python 3.11 или новее.")
        return 1
    if not argv or argv[0] not in {"demo", "test", "bench", "build", "robustness"}:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    if command == "demo":
        return run_demo(ensure_environment("test"), fresh="--fresh" in rest, region="--region" in rest)
    if command == "test":
        return run_tests(ensure_environment("test"), rest)
    if command == "build":
        return run_build(ensure_environment("build"))
    if command == "robustness":
        return run_robustness(ensure_environment("test"), rest)
    return run_bench(ensure_environment("test"), rest)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
