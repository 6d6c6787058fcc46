"""An earlier run that ended with the database open is noticed at the next open and told in a sentence or two;
a clean close, a normal exit and another program still running are not taken for a crash."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop_app.core.paths import DataPaths
from desktop_app.domain.errors import DatabaseProblem
from desktop_app.storage import crash_recovery, sqlite_files
from desktop_app.storage.database import open_database
from desktop_app.storage.models import Organisation

ROOT = Path(__file__).resolve().parents[2]

KILLED_AFTER_A_COMMIT = """
import os, signal, sys
from pathlib import Path
from desktop_app.core.paths import DataPaths
from desktop_app.storage.database import open_database
from desktop_app.storage.models import Organisation

db = open_database(DataPaths(Path(sys.argv[1])))
with db.engine.connect() as connection:
    connection.exec_driver_sql("PRAGMA wal_autocheckpoint = 0")  # the change stays in the log
with db.transaction() as session:
    session.add(Organisation(full_name="Сохранено перед сбоем"))
session = db._sessions()
session.add(Organisation(full_name="Не сохранено"))
session.flush()  # written into the log, never committed
{work}
os.kill(os.getpid(), signal.SIGKILL)
"""


def run(script: str, paths: DataPaths) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script), str(paths.root)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def markers(paths: DataPaths) -> list[Path]:
    folder = crash_recovery.markers_folder(paths)
    return sorted(folder.iterdir()) if folder.is_dir() else []


def organisations(paths: DataPaths) -> set[str]:
    db = open_database(paths)
    try:
        with db.reading() as session:
            return set(session.scalars(select(Organisation.full_name)))
    finally:
        db.close()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_killed_process_is_reported_with_its_committed_change_kept_and_the_other_rolled_back(
    demo_paths: DataPaths,
) -> None:
    done = run(KILLED_AFTER_A_COMMIT.format(work=""), demo_paths)
    assert done.returncode == -signal.SIGKILL, done.stderr
    assert len(markers(demo_paths)) == 1

    db = open_database(demo_paths)
    try:
        assert db.recovery is not None and len(db.recovery.interrupted) == 1
        message = db.recovery_message
        with db.reading() as session:
            names = set(session.scalars(select(Organisation.full_name)))
    finally:
        db.close()
    assert message.startswith("Прошлый сеанс работы с базой завершился аварийно")
    assert "последние сохранённые изменения восстановлены из журнала" in message
    assert "незавершённые изменения отменены, проверка целостности пройдена" in message
    assert message.count(".") == 1, "one sentence when no import or export was under way"
    assert "Сохранено перед сбоем" in names and "Не сохранено" not in names
    assert markers(demo_paths) == []
    reopened = open_database(demo_paths)
    assert reopened.recovery is None, "told once"
    reopened.close()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_crash_during_an_import_says_it_was_cancelled_whole_and_should_be_loaded_again(
    demo_paths: DataPaths,
) -> None:
    work = """
from desktop_app.storage.crash_recovery import IMPORT
held = db.activity(IMPORT, "папки «входящие»")
held.__enter__()
"""
    assert run(KILLED_AFTER_A_COMMIT.format(work=work), demo_paths).returncode == -signal.SIGKILL

    db = open_database(demo_paths)
    message = db.recovery_message
    db.close()
    first, second = message.split(". ", 1)
    assert first.startswith("Прошлый сеанс работы с базой завершился аварийно")
    assert second == (
        "Загрузка папки «входящие» была прервана и отменена целиком — загрузите её ещё раз (это безопасно)."
    )


def test_a_clean_close_and_a_normal_exit_are_not_a_crash(demo_paths: DataPaths) -> None:
    db = open_database(demo_paths)
    assert len(markers(demo_paths)) == 1 and db.recovery is None
    db.close()
    assert markers(demo_paths) == []
    # a program that exits without closing the database (a command that forgot) ends normally all the same
    left_open = run(
        "import sys\nfrom pathlib import Path\nfrom desktop_app.core.paths import DataPaths\n"
        "from desktop_app.storage.database import open_database\nopen_database(DataPaths(Path(sys.argv[1])))\n",
        demo_paths,
    )
    assert left_open.returncode == 0, left_open.stderr
    assert markers(demo_paths) == []
    db = open_database(demo_paths)
    assert db.recovery is None
    db.close()


def write_marker(paths: DataPaths, pid: int, identity: str = "", **extra: str) -> Path:
    folder = crash_recovery.markers_folder(paths)
    folder.mkdir(parents=True, exist_ok=True)
    marker = folder / f"{pid}-test{crash_recovery.SUFFIX}"
    marker.write_text(json.dumps({"pid": pid, "identity": identity, "started": "", "program": "opeka", **extra}))
    return marker


def test_another_program_still_running_is_left_alone_but_a_reused_pid_is_not_taken_for_it(
    demo_paths: DataPaths,
) -> None:
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        exists, identity = crash_recovery.process_identity(other.pid)
        assert exists
        alive = write_marker(demo_paths, other.pid, identity)
        db = open_database(demo_paths)
        assert db.recovery is None and alive.exists()
        db.close()
        if identity:  # Linux and Windows tell a process from a later one with the same pid
            alive.unlink()
            write_marker(demo_paths, other.pid, "another-boot:1", activity=crash_recovery.EXPORT, subject="файла «x»")
            db = open_database(demo_paths)
            assert db.recovery is not None
            assert "Выгрузка файла «x» была прервана — выгрузите пакет ещё раз." in db.recovery_message
            db.close()
    finally:
        other.kill()
        other.wait()


def test_stale_markers_are_claimed_by_one_process_only(demo_paths: DataPaths) -> None:
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    pid = int(gone.stdout)
    write_marker(demo_paths, pid)
    (crash_recovery.markers_folder(demo_paths) / f"{pid}-cut{crash_recovery.SUFFIX}").write_text('{"pid": ')
    (crash_recovery.markers_folder(demo_paths) / f"{pid}-part{crash_recovery.SUFFIX}.part").write_text("{")
    assert len(crash_recovery.claim_stale(demo_paths)) == 2, "a marker cut short is a process that died opening"
    assert crash_recovery.claim_stale(demo_paths) == []
    assert markers(demo_paths) == []


def test_a_file_damaged_by_the_crash_is_refused_with_the_way_out(
    demo_paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    write_marker(demo_paths, int(gone.stdout))
    monkeypatch.setattr(sqlite_files, "integrity_problems", lambda _path: ["Целостность файла: page 7 is never used"])
    with pytest.raises(DatabaseProblem) as refused:
        open_database(demo_paths)
    assert "завершился аварийно, и база данных повреждена: Целостность файла: page 7" in refused.value.message
    assert "Восстановите её из резервной копии" in refused.value.message


def test_an_unwritable_marker_folder_does_not_stop_the_program(demo_paths: DataPaths) -> None:
    folder = crash_recovery.markers_folder(demo_paths)
    if folder.is_dir():
        folder.rmdir()
    folder.write_text("not a folder")
    db = open_database(demo_paths)
    assert db.recovery is None
    db.close()
    os.unlink(folder)
