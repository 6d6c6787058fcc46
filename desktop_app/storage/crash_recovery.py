"""Noticing that an earlier run ended without closing the database (a crash, a kill, a power cut) and telling
the user in a sentence or two what was recovered.

Every process that opens the database keeps a marker file in ``<data>/running/``: its pid, an identity of
that process (so a pid reused after a reboot is not taken for it), and the long work it is doing, if any (an
import, an export). A clean close removes the marker, and so does a normal exit of the interpreter; a marker
whose process is gone means that process ended abruptly. The window and a command line may hold the database
at the same time, so each has its own marker and a marker is judged by its own process only; the first
process to open after a crash claims the stale markers (one rename each), so the story is told once.

SQLite itself does the recovering: committed transactions are in the database or its write-ahead log and are
kept, an unfinished one is ignored. What this module adds is the check that the file is whole afterwards
(``PRAGMA integrity_check`` and the foreign keys, through a read-only connection, so the one writing
connection stays the only one) and the message.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import logging
import os
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from desktop_app.core.paths import DataPaths
from desktop_app.domain.errors import DatabaseProblem
from desktop_app.storage import sqlite_files

log = logging.getLogger(__name__)

FOLDER = "running"
SUFFIX = ".json"
IMPORT = "import"
EXPORT = "export"


@dataclass(frozen=True)
class Interrupted:
    """One earlier process that ended with the database open, and what it was doing then."""

    pid: int
    started: str
    program: str
    activity: str = ""  # IMPORT, EXPORT or ""
    subject: str = ""  # the file or folder, as the user would name it


@dataclass(frozen=True)
class RecoveryReport:
    """What the next open found after an unclean end: who ended so, and whether the log held changes."""

    interrupted: tuple[Interrupted, ...]
    log_bytes: int  # the size of the write-ahead log before it was read: committed changes kept from it

    @property
    def message(self) -> str:
        """One or two Russian sentences for the window's message bar and the command line."""
        kept = (
            "последние сохранённые изменения восстановлены из журнала"
            if self.log_bytes
            else "все сохранённые данные на месте"
        )
        text = (
            "Прошлый сеанс работы с базой завершился аварийно (сбой, принудительное закрытие или отключение питания): "
            f"{kept}, незавершённые изменения отменены, проверка целостности пройдена."
        )
        unfinished = [_unfinished(item) for item in self.interrupted if item.activity in (IMPORT, EXPORT)]
        if unfinished:
            text += " " + "; ".join(dict.fromkeys(unfinished)) + "."
        return text


def _unfinished(item: Interrupted) -> str:
    subject = f" {item.subject}" if item.subject else ""
    if item.activity == IMPORT:
        return f"Загрузка{subject} была прервана и отменена целиком — загрузите её ещё раз (это безопасно)"
    return f"Выгрузка{subject} была прервана — выгрузите пакет ещё раз"


def markers_folder(paths: DataPaths) -> Path:
    return paths.root / FOLDER


def recover(paths: DataPaths, key: bytes | None = None) -> RecoveryReport | None:
    """Before the program's own connection opens: None after a clean end; otherwise check the file (read-only)
    and say what happened. Raises DatabaseProblem when the file did not survive whole."""
    interrupted = claim_stale(paths)
    if not interrupted:
        return None
    wal = paths.database.with_name(paths.database.name + "-wal")
    try:
        log_bytes = wal.stat().st_size
    except OSError:
        log_bytes = 0
    problems = (
        sqlite_files.integrity_problems(paths.database)
        if key is None
        else sqlite_files.integrity_problems(paths.database, key)
    )
    log.warning("Unclean end of %d earlier run(s) found; integrity problems: %s", len(interrupted), problems)
    if problems:
        raise DatabaseProblem(
            "Прошлый сеанс работы с базой завершился аварийно, и база данных повреждена: "
            f"{'; '.join(problems[:3])}. Восстановите её из резервной копии командой «opeka restore ФАЙЛ» "
            f"(копии — в папке {paths.backups}); файл базы не изменён."
        )
    return RecoveryReport(tuple(interrupted), log_bytes)


def claim_stale(paths: DataPaths) -> list[Interrupted]:
    """Take the markers of processes that ended with the database open; each is taken by one process only."""
    folder = markers_folder(paths)
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    names = sorted(entry for entry in entries if entry.name.endswith(SUFFIX))
    for unfinished in (entry for entry in entries if entry.name.endswith(SUFFIX + ".part")):
        pid = unfinished.name.split("-", 1)[0]
        if pid.isdigit() and not process_identity(int(pid))[0]:
            unfinished.unlink(missing_ok=True)  # killed while writing its marker: the database was not open yet
    found = []
    for marker in names:
        content = _read(marker)
        if content is None or _alive(content):
            continue
        claimed = marker.with_name(f"{marker.name}.claimed-{os.getpid()}-{uuid.uuid4().hex[:8]}")
        try:
            os.rename(marker, claimed)  # another process opening now may have claimed it first
        except OSError:
            continue
        claimed.unlink(missing_ok=True)
        found.append(
            Interrupted(
                pid=int(content.get("pid", 0)),
                started=str(content.get("started", "")),
                program=str(content.get("program", "")),
                activity=str(content.get("activity", "")),
                subject=str(content.get("subject", "")),
            )
        )
    return found


def opened_elsewhere(paths: DataPaths) -> bool:
    """Another running process has the database open now (its marker is there and it is alive)."""
    try:
        markers = [entry for entry in markers_folder(paths).iterdir() if entry.name.endswith(SUFFIX)]
    except OSError:
        return False
    for marker in markers:
        content = _read(marker)
        if content is not None and content.get("pid") != os.getpid() and _alive(content):
            return True
    return False


def _read(marker: Path) -> dict[str, Any] | None:
    try:
        content = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        # A marker cut short: its process died while writing it, right as it opened the database.
        return {"pid": 0} if marker.exists() else None
    return content if isinstance(content, dict) else {"pid": 0}


def _alive(content: dict[str, Any]) -> bool:
    pid = content.get("pid")
    if not isinstance(pid, int) or pid <= 0:
        return False
    exists, identity = process_identity(pid)
    if not exists:
        return False
    stored = content.get("identity")
    return not (stored and identity and stored != identity)  # the pid now belongs to another process


class RunMarker:
    """This process's marker for one open database: written when it opens, removed when it closes."""

    _open: set[Path] = set()

    def __init__(self, path: Path) -> None:
        self.path = path
        self._content: dict[str, Any] = {
            "pid": os.getpid(),
            "identity": process_identity(os.getpid())[1],
            "started": datetime.now().astimezone().isoformat(timespec="seconds"),
            "program": Path(sys.argv[0]).name if sys.argv and sys.argv[0] else "",
        }

    @classmethod
    def start(cls, paths: DataPaths) -> RunMarker | None:
        """Write the marker; None (and the database opens all the same) when the folder cannot be written."""
        marker = cls(markers_folder(paths) / f"{os.getpid()}-{uuid.uuid4().hex[:12]}{SUFFIX}")
        try:
            marker.path.parent.mkdir(parents=True, exist_ok=True)
            marker._write()
        except OSError:
            log.warning("Could not write the run marker %s", marker.path, exc_info=True)
            return None
        cls._open.add(marker.path)
        return marker

    @contextlib.contextmanager
    def doing(self, activity: str, subject: str) -> Iterator[None]:
        """Note the long work under way, so that a crash during it is reported with what to do again."""
        self._set(activity=activity, subject=subject)
        try:
            yield
        finally:
            self._set(activity="", subject="")

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)
        RunMarker._open.discard(self.path)

    def _set(self, **changes: str) -> None:
        self._content.update(changes)
        try:
            self._write()
        except OSError:
            log.warning("Could not update the run marker %s", self.path, exc_info=True)

    def _write(self) -> None:
        partial = self.path.with_name(self.path.name + ".part")
        with partial.open("w", encoding="utf-8") as stream:
            json.dump(self._content, stream, ensure_ascii=False)
            stream.flush()
            os.fsync(stream.fileno())  # after a power cut the marker must be there to tell what happened
        os.replace(partial, self.path)


@atexit.register
def _remove_markers_at_exit() -> None:
    """A normal exit closes SQLite's files properly even when a Database was never closed: not a crash."""
    for path in list(RunMarker._open):
        path.unlink(missing_ok=True)


# ---------------------------------------------------------------------------------------------- processes


def process_identity(pid: int) -> tuple[bool, str]:
    """Whether process ``pid`` exists, and a text that tells it from a later process given the same pid."""
    if sys.platform == "win32":
        return _windows_process(pid)
    try:
        os.kill(pid, 0)  # signal 0 only asks; on POSIX it never touches the process
    except ProcessLookupError:
        return False, ""
    except PermissionError:
        pass  # it exists, under another user
    except OSError:
        return False, ""
    return True, _linux_identity(pid)


def _linux_identity(pid: int) -> str:
    try:
        boot = Path("/proc/sys/kernel/random/boot_id").read_text().strip()
        stat = Path(f"/proc/{pid}/stat").read_text()
        start = stat[stat.rindex(")") + 2 :].split()[19]  # field 22, after the command name in parentheses
    except (OSError, ValueError, IndexError):
        return ""
    return f"{boot}:{start}"


def _windows_process(pid: int) -> tuple[bool, str]:
    import ctypes
    from ctypes import wintypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined,unused-ignore]
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        # ERROR_ACCESS_DENIED: it exists, under another user
        denied = ctypes.get_last_error() == 5  # type: ignore[attr-defined,unused-ignore]
        return denied, ""
    try:
        code = wintypes.DWORD()
        if kernel32.GetExitCodeProcess(handle, ctypes.byref(code)) and code.value != 259:  # STILL_ACTIVE
            return False, ""
        times = [wintypes.FILETIME() for _ in range(4)]
        if not kernel32.GetProcessTimes(handle, *(ctypes.byref(item) for item in times)):
            return True, ""
        created = times[0]
        return True, f"{created.dwHighDateTime}:{created.dwLowDateTime}"
    finally:
        kernel32.CloseHandle(handle)
