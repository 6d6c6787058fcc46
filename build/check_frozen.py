#!/usr/bin/env python3
"""Run the frozen program from dist/ the way an office PC would, so a missing data file or hidden import fails.

    python3 build/check_frozen.py [dist/opeka-VERSION]

Checks, each in a fresh temporary data folder: Qt's Russian catalogues are there, ``opeka self-test``
(offscreen window, every page), ``opeka demo`` (its database encrypted) then ``opeka info --json`` (versions,
demo counts), ``opeka report indicators`` as PDF (the bundled Liberation fonts embedded) and XLSX (a workbook
openpyxl wrote), and that the user guide's files are in the bundle. Needs only the standard library.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 240
REPORT = ("report", "indicators", "--period", "2026-H1")


CACHE_HOME: Path | None = None  # set by main on Linux


class CheckFailed(Exception):
    pass


def app_version() -> str:
    init = (ROOT / "desktop_app" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'__version__ = "([^"]+)"', init)
    assert match
    return match.group(1)


def find_binary(folder: Path) -> Path:
    for name in ("opeka-cli.exe", "opeka"):  # on Windows the console twin prints; opeka.exe is windowed
        if (folder / name).is_file():
            return folder / name
    raise CheckFailed(f"В {folder} нет исполняемого файла opeka — сначала python3 build/dev.py build")


def run(binary: Path, *args: str, sign_in: dict[str, str] | None = None) -> str:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONIOENCODING="utf-8")
    if CACHE_HOME is not None:  # the calendar's cache written where the check can see it, not in the user's
        env["XDG_CACHE_HOME"] = str(CACHE_HOME)
    for name in ("OPEKA_DATA_DIR", "OPEKA_USER", "OPEKA_PASSWORD"):
        env.pop(name, None)
    env.update(sign_in or {})
    started = time.monotonic()
    shown = " ".join(("opeka", *args))
    try:
        done = subprocess.run(
            [str(binary), *args], capture_output=True, text=True, encoding="utf-8", env=env, timeout=TIMEOUT
        )
    except subprocess.TimeoutExpired as exc:
        raise CheckFailed(f"{shown}: не завершилась за {TIMEOUT} с") from exc
    print(f"  {shown}  → код {done.returncode}, {time.monotonic() - started:.1f} с", flush=True)
    if done.returncode != 0:
        raise CheckFailed(f"{shown} завершилась с кодом {done.returncode}\n{done.stdout}\n{done.stderr}")
    return done.stdout


def demo_administrator(out: str) -> dict[str, str]:
    """The administrator's login and password from the «Роль:/Логин:/Пароль:» lines `opeka demo` prints, as the
    environment a script signs in with (a report needs a signed-in user)."""
    lines = out.splitlines()
    for at, line in enumerate(lines[:-2]):
        if line.startswith("Роль: Администратор") and lines[at + 1].startswith("Логин: "):
            login, password = lines[at + 1].removeprefix("Логин: "), lines[at + 2].removeprefix("Пароль: ")
            return {"OPEKA_USER": login, "OPEKA_PASSWORD": password}
    raise CheckFailed(f"opeka demo: нет учётной записи администратора:\n{out}")


def check(binary: Path, work: Path) -> None:
    data = str(work / "data")

    out = run(binary, "--version")
    if app_version() not in out:
        raise CheckFailed(f"opeka --version: нет версии {app_version()} в «{out.strip()}»")

    # gui/app.py loads these: without them standard buttons and file dialogs speak English
    for catalogue in ("qtbase_ru.qm", "qt_ru.qm"):
        if not any(binary.parent.rglob(catalogue)):
            raise CheckFailed(f"в сборке нет перевода Qt {catalogue}")

    out = run(binary, "self-test")
    print("    " + out.strip().replace("\n", "\n    "))

    out = run(binary, "demo", "--data-dir", data)
    if "Логин: demo" not in out:
        raise CheckFailed(f"opeka demo: нет строки «Логин: demo»:\n{out}")
    admin = demo_administrator(out)

    # the demo's database is encrypted (SQLCipher, packaged with the program): info opens it only signed in
    if (Path(data) / "opeka.sqlite3").read_bytes()[:16] == b"SQLite format 3\x00":
        raise CheckFailed("opeka demo: база данных не зашифрована")
    info = json.loads(run(binary, "info", "--json", "--data-dir", data, sign_in=admin))
    if CACHE_HOME is not None:
        calendar = list(CACHE_HOME.rglob("production-calendar.json"))
        if not calendar:  # the holidays package's metadata missing from the bundle: every start imports it
            raise CheckFailed("opeka info не сохранил производственный календарь в кэш (нет метаданных holidays?)")
        print(f"    производственный календарь в кэше: {calendar[0].stat().st_size} байт")
    counts = info.get("counts", {})
    problems = [
        f"app_version {info.get('app_version')!r}" if info.get("app_version") != app_version() else "",
        "is_demo не true" if info.get("is_demo") is not True else "",
        "нет schema_version" if not info.get("schema_version") else "",
        *(
            f"counts.{key} = {counts.get(key)!r}"
            for key in ("measures", "indicators", "resource_families", "users")
            if not counts.get(key)
        ),
    ]
    problems = [problem for problem in problems if problem]
    if problems:
        raise CheckFailed("opeka info --json: " + "; ".join(problems))
    print(
        f"    версия {info['app_version']}, схема {info['schema_version']}, мероприятий {counts['measures']}, "
        f"показателей {counts['indicators']}, семей {counts['resource_families']}"
    )

    pdf = work / "indicators.pdf"
    run(binary, *REPORT, "--format", "pdf", "--out", str(pdf), "--data-dir", data, sign_in=admin)
    content = pdf.read_bytes()
    fonts = sorted(set(re.findall(rb"/BaseFont /([A-Za-z0-9+-]+)", content)))
    if not content.startswith(b"%PDF-") or not any(b"LiberationSerif" in font for font in fonts):
        raise CheckFailed(f"{pdf.name}: не PDF или без шрифта Liberation Serif (шрифты: {fonts})")
    print(f"    {pdf.name}: {len(content)} байт, шрифты {', '.join(font.decode() for font in fonts)}")

    xlsx = work / "indicators.xlsx"
    run(binary, *REPORT, "--format", "xlsx", "--out", str(xlsx), "--data-dir", data, sign_in=admin)
    with zipfile.ZipFile(xlsx) as book:
        sheets = [name for name in book.namelist() if name.startswith("xl/worksheets/sheet")]
        creator = book.read("docProps/app.xml").decode("utf-8") if "docProps/app.xml" in book.namelist() else ""
    if not sheets:
        raise CheckFailed(f"{xlsx.name}: в книге нет листов")
    writer = ", openpyxl" if "openpyxl" in creator.lower() else ""
    print(f"    {xlsx.name}: {xlsx.stat().st_size} байт, листов {len(sheets)}{writer}")


def check_guide(folder: Path) -> None:
    """The user guide (F1, «Справка») reads resources/guide from the bundle: every file its contents name is there."""
    source = ROOT / "resources" / "guide"
    bundled = next((root / "resources" / "guide" for root in (folder / "_internal", folder) if root.is_dir()), None)
    index = (source / "index.md").read_text(encoding="utf-8")
    named = ["index.md", *re.findall(r"^\d+\.\s+\[[^\]]*\]\(([^)#]+)", index, re.MULTILINE)]
    missing = [name for name in named if bundled is None or not (bundled / name).is_file()]
    if missing:
        raise CheckFailed(f"в сборке нет руководства пользователя (resources/guide): {', '.join(missing)}")
    print(f"    руководство пользователя: {len(named)} файлов в {bundled}")


def check_accelerators(folder: Path) -> None:
    """reportlab falls back to pure Python without its C accelerators, so a missing one shows only as slow PDFs."""
    found = [path for root in (folder / "_internal", folder) if root.is_dir() for path in root.glob("_rl_accel*")]
    if not found:
        raise CheckFailed("в сборке нет ускорителя reportlab (_rl_accel): отчёты PDF строились бы вдвое дольше")
    print(f"    ускоритель reportlab: {found[0].name}")


def check_tarball(tarball: Path, work: Path) -> None:
    """Unpack the Linux tarball and install it for a throw-away user: program, menu entry, icon, command."""
    import shutil
    import tarfile

    with tarfile.open(tarball) as archive:
        archive.extractall(work / "unpacked", filter="tar")
    (top,) = list((work / "unpacked").iterdir())
    home = work / "home"
    home.mkdir()
    env = dict(os.environ, HOME=str(home))
    env.pop("XDG_DATA_HOME", None)
    done = subprocess.run(["sh", str(top / "install.sh")], capture_output=True, text=True, env=env, timeout=TIMEOUT)
    if done.returncode != 0:
        raise CheckFailed(f"install.sh завершился с кодом {done.returncode}\n{done.stdout}\n{done.stderr}")
    desktop = home / ".local/share/applications/opeka-offline.desktop"
    program = home / ".local/opt/opeka-offline/opeka"
    icon = home / ".local/share/icons/hicolor/256x256/apps/opeka-offline.png"
    missing = [str(path) for path in (desktop, program, icon) if not path.exists()]
    if missing:
        raise CheckFailed("после install.sh нет: " + ", ".join(missing))
    if f"Exec={program}" not in desktop.read_text(encoding="utf-8"):
        raise CheckFailed(f"{desktop.name}: Exec не указывает на {program}")
    run(home / ".local/bin/opeka", "--version")
    print(f"    {tarball.name}: {tarball.stat().st_size // 2**20} МБ, install.sh поставил программу, ярлык и значок")
    shutil.rmtree(work / "unpacked")


def main(argv: list[str]) -> int:
    global CACHE_HOME
    folder = Path(argv[0]) if argv else ROOT / "dist" / f"opeka-{app_version()}"
    started = time.monotonic()
    try:
        binary = find_binary(folder)
        print(f"Проверяю собранную программу {binary}", flush=True)
        with tempfile.TemporaryDirectory(prefix="opeka-frozen-") as work:
            if sys.platform.startswith("linux"):
                CACHE_HOME = Path(work) / "cache"
            check(binary, Path(work))
            check_guide(folder)
            check_accelerators(folder)
            tarball = folder.parent / f"{folder.name}-linux-x86_64.tar.gz"
            if sys.platform.startswith("linux"):
                if not tarball.exists():
                    raise CheckFailed(f"нет архива {tarball}")
                check_tarball(tarball, Path(work))
    except CheckFailed as exc:
        print(f"ОШИБКА: {exc}", file=sys.stderr)
        return 1
    print(f"Собранная программа прошла проверки за {time.monotonic() - started:.0f} с.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
