"""Crash cases of set-up and of a copy to a stick (issue 21, item 4): `opeka init`, `opeka demo` and
`opeka backup --to STICK --password-file …` are killed with SIGKILL at random moments of their run, and after
every kill:

- set-up: either no database at all (and the next set-up in the same folder, leftovers and all, succeeds), or a
  whole one that opens as the program opens it, passes the integrity check and holds the whole installation
  (for the demo: every family) — never a file that every command refuses;
- the stick: nothing but finished encrypted copies (each decrypts with its password into a sound copy) and at
  most encrypted partial files, no database, zip or family name readable; the next copy removes the partial
  files; the database itself is never changed.

A run is first timed once unkilled; each kill then comes at a random moment within that time.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import tempfile
import time
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from desktop_app.core.paths import DataPaths
from desktop_app.core.resources import demo_data
from desktop_app.services import backup_crypto
from desktop_app.services.database_access import open_signed_in
from desktop_app.services.installation import InstallationService
from desktop_app.storage import cipher
from desktop_app.storage.backup_folder import PARTIAL_SUFFIX, WORK_PREFIX, sound_copy
from desktop_app.storage.database import SETUP_PREFIX
from tests.robustness.fuzzing import data_digest
from tests.robustness.zygote import Zygote

PASSWORD = "пароль-флешки-2026"
ADMIN_PASSWORD = "Надёжный-пароль-2026"
DEMO_PASSWORD = "kfhtwe-3847"  # every demo account's, in the killed commands (setup_crash_worker.py)


@dataclass
class CrashResult:
    case: str
    kills: int = 0
    finished: int = 0  # runs that ended by themselves before the kill came
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0


class CommandZygote(Zygote):
    """setup_crash_worker.py: forks one `opeka` command per request, read line by line."""

    def __init__(self) -> None:
        super().__init__("tests.robustness.setup_crash_worker")

    def start(self, argv: list[str]) -> int:
        return self.request(json.dumps(argv))

    def ended(self, pid: int) -> int:
        """The wait status of ``pid`` once it has ended."""
        return int(self.expect(f"ended {pid} ", 120).split()[2])


@dataclass
class Case:
    """One command killed again and again: ``prepare`` before each run, ``check`` after each (problems)."""

    name: str
    argv: list[str]
    prepare: Callable[[], None]
    check: Callable[[bool], list[str]]  # the argument: the run ended by itself, unkilled
    finish: Callable[[], list[str]]  # after an unkilled last run


def run_case(zygote: CommandZygote, case: Case, kills: int, seed: int) -> CrashResult:
    started = time.monotonic()
    result = CrashResult(case.name)
    chooser = random.Random(seed)
    case.prepare()
    began = time.monotonic()
    pid = zygote.start(case.argv)
    status = zygote.ended(pid)
    duration = time.monotonic() - began
    if status != 0:
        return _failed(result, f"an unkilled run ended with status {status}: {zygote.errors()}", started)
    result.failures += [f"unkilled run: {problem}" for problem in case.check(True)]
    attempts = 0
    while result.kills < kills and attempts < kills * 3 and len(result.failures) < 10:
        attempts += 1
        case.prepare()
        pid = zygote.start(case.argv)
        time.sleep(chooser.uniform(0.0, duration))
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        status = zygote.ended(pid)
        killed = os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
        if not killed and status != 0:
            result.failures.append(f"run {attempts}: ended with status {status}: {zygote.errors()}")
            continue
        result.kills += killed
        result.finished += not killed
        result.failures += [f"run {attempts} ({'killed' if killed else 'whole'}): {p}" for p in case.check(not killed)]
    case.prepare()
    pid = zygote.start(case.argv)
    status = zygote.ended(pid)
    if status != 0:
        result.failures.append(f"the run after the kills ended with status {status}: {zygote.errors()}")
    else:
        result.failures += [f"after the kills: {problem}" for problem in case.finish()]
    result.seconds = time.monotonic() - started
    return result


def _failed(result: CrashResult, problem: str, started: float) -> CrashResult:
    result.failures.append(problem)
    result.seconds = time.monotonic() - started
    return result


# ------------------------------------------------------------------------------------------------ set-up


def setup_case(name: str, data: Path, argv: list[str], families: int | None, login: tuple[str, str]) -> Case:
    """`opeka init` (``families`` None) or `opeka demo` into ``data``: a complete database is removed before the
    next run; what a killed run left stays, for the next set-up to deal with. ``login``: who signs in to check
    the database (it is encrypted at rest)."""
    paths = DataPaths(data)

    def prepare() -> None:
        if paths.database.exists():
            shutil.rmtree(data)

    def check(whole: bool) -> list[str]:
        if not os.path.lexists(paths.database):
            return ["the command ended by itself, yet no database"] if whole else []
        try:
            db = open_signed_in(paths, *login, convert=False).db
        except Exception as exc:
            return [f"a database every command refuses: {exc}"]
        key = db.key
        try:
            info = InstallationService(db).info()
            counts = InstallationService(db).counts()
        except Exception as exc:
            return [f"a database without its installation: {exc}"]
        finally:
            db.close()
        problems = []
        with closing(cipher.connect(f"{paths.database.as_uri()}?mode=ro", key, uri=True)) as connection:
            integrity = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        if integrity != ["ok"]:
            problems.append(f"integrity_check: {integrity[:3]}")
        if counts["users"] != 1:
            problems.append(f"users: {counts['users']}")
        if families is not None and (counts["resource_families"] != families or not info.is_demo):
            problems.append(f"a demo cut short: {counts['resource_families']} families of {families}")
        return problems

    def finish() -> list[str]:
        left = sorted(entry.name for entry in data.glob(f"{SETUP_PREFIX}*"))
        return check(True) + ([f"left by killed set-ups: {left[:5]}"] if left else [])

    return Case(name, argv, prepare, check, finish)


def init_case(root: Path) -> Case:
    password = root / "admin-password.txt"
    password.parent.mkdir(parents=True, exist_ok=True)
    password.write_text(ADMIN_PASSWORD + "\n", encoding="utf-8")
    data = root / "init"
    argv = [
        "--data-dir", str(data), "init", "--role", "district", "--region", "29",
        "--district", "Плесецкий муниципальный округ", "--org", "Отдел опеки", "--admin", "admin",
        "--password-file", str(password),
    ]  # fmt: skip
    return setup_case("opeka init", data, argv, None, ("admin", ADMIN_PASSWORD))


def demo_case(root: Path) -> Case:
    data = root / "demo"
    argv = ["--data-dir", str(data), "demo"]
    return setup_case("opeka demo", data, argv, len(demo_data()["families"]), ("demo", DEMO_PASSWORD))


# ------------------------------------------------------------------------------------------ a copy to a stick


def demo_names() -> list[bytes]:
    return [member["full_name"].encode("utf-8") for family in demo_data()["families"] for member in family["members"]]


def stick_case(root: Path, demo: Path) -> Case:
    """`opeka backup --to STICK --password-file …` of a copy of the demo folder ``demo``."""
    data, stick = root / "data", root / "stick"
    shutil.copytree(demo, data)
    stick.mkdir()
    password = root / "backup-password.txt"
    password.write_text(PASSWORD + "\n", encoding="utf-8")
    database = DataPaths(data).database
    before = data_digest(database)
    checked: set[str] = set()
    names = demo_names()

    def check(_whole: bool) -> list[str]:
        problems = []
        for entry in sorted(stick.iterdir()):
            if entry.is_dir():
                problems.append(f"a folder on the stick: {entry.name}")
                continue
            content = entry.read_bytes()
            problems += [f"{entry.name}: a family's name readable" for name in names if name in content]
            if entry.name.startswith(WORK_PREFIX) and entry.name.endswith(PARTIAL_SUFFIX):
                if content and not content.startswith(backup_crypto.MAGIC):
                    problems.append(f"{entry.name}: a partial file that is not encrypted")
            elif entry.name.startswith("opeka-manual-") and entry.name.endswith(".zip.sealed"):
                if entry.name not in checked:
                    problems += _unsealed_problems(entry)
                    checked.add(entry.name)
            else:
                problems.append(f"a file the copy should not leave: {entry.name}")
        return problems

    def finish() -> list[str]:
        problems = check(True)
        partial = [entry.name for entry in stick.iterdir() if entry.name.endswith(PARTIAL_SUFFIX)]
        if partial:
            problems.append(f"partial files the next copy did not remove: {partial[:3]}")
        if data_digest(database) != before:
            problems.append("the database's data changed")
        return problems

    argv = ["--data-dir", str(data), "backup", "--to", str(stick), "--password-file", str(password)]
    return Case("opeka backup --to (с паролем)", argv, lambda: None, check, finish)


def _unsealed_problems(sealed: Path) -> list[str]:
    with tempfile.TemporaryDirectory() as work:
        plain = Path(work) / "copy.zip"
        try:
            backup_crypto.unseal_file(sealed, plain, PASSWORD)
        except Exception as exc:
            return [f"{sealed.name}: a finished copy does not decrypt: {exc}"]
        return [] if sound_copy(plain) else [f"{sealed.name}: decrypted, but not a sound copy"]
