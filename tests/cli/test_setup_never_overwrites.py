"""Set-up never writes over anything and never leaves a half-made database (issue 21, item 4): an empty file at
the database's name is refused by `opeka init` and `opeka demo` and left as it is; an `opeka init` or
`opeka demo` killed in the middle leaves no database, and set-up then runs again as on an empty folder."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from desktop_app.cli.main import main
from desktop_app.core.paths import DataPaths
from desktop_app.services.database_access import open_signed_in
from desktop_app.storage.database import SETUP_PREFIX

ROOT = Path(__file__).resolve().parents[2]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def init_args(data_dir: Path, password_file: Path) -> list[str]:
    return [
        "--data-dir", str(data_dir), "init", "--role", "district", "--region", "29",
        "--district", "Плесецкий муниципальный округ", "--org", "Отдел опеки", "--admin", "Admin",
        "--password-file", str(password_file),
    ]  # fmt: skip


@pytest.fixture
def password_file(tmp_path: Path) -> Path:
    path = tmp_path / "password.txt"
    path.write_text("Надёжный-пароль-2026\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("command", ["init", "demo"])
def test_an_empty_database_file_is_refused_by_set_up_and_left_as_it_is(
    tmp_path: Path, password_file: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "opeka.sqlite3").write_bytes(b"")
    argv = init_args(data, password_file) if command == "init" else ["--data-dir", str(data), "demo"]

    code, out, err = run(capsys, *argv)

    assert code != 0 and out == "", out
    assert len(err.strip().splitlines()) == 1 and "уже есть" in err and "Traceback" not in err
    assert (data / "opeka.sqlite3").read_bytes() == b""


def test_every_command_says_an_empty_database_file_is_no_database_rather_than_asking_for_set_up(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "opeka.sqlite3").write_bytes(b"")
    for argv in (["info"], ["backup"]):
        code, _out, err = run(capsys, "--data-dir", str(data), *argv)
        assert code != 0 and "не является базой данных" in err and "init" not in err, (argv, err)
    assert (data / "opeka.sqlite3").read_bytes() == b""


def killed_when(data: Path, argv: list[str], target: str) -> int:
    """Run the command in a process that kills itself with SIGKILL when ``target`` (module:function) is called."""
    module, function = target.split(":")
    script = textwrap.dedent(
        f"""
        import os, signal, sys
        from argon2 import PasswordHasher
        from desktop_app.services import passwords
        passwords.use_hasher(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
        import {module} as target
        setattr(target, {function!r}, lambda *args, **kwargs: os.kill(os.getpid(), signal.SIGKILL))
        from desktop_app.cli.main import main
        sys.exit(main({argv!r}))
        """
    )
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, env=environment)
    return done.returncode


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
@pytest.mark.parametrize(
    ("command", "kill_at"),
    [
        ("init", "desktop_app.services.setup:add_user"),  # the schema is written, the installation is not
        ("demo", "desktop_app.services.demo:_store_families"),  # the program is stored, the families are not
    ],
)
def test_a_set_up_killed_half_way_leaves_no_database_and_set_up_runs_again(
    tmp_path: Path, password_file: Path, capsys: pytest.CaptureFixture[str], command: str, kill_at: str
) -> None:
    data = tmp_path / "data"
    argv = init_args(data, password_file) if command == "init" else ["--data-dir", str(data), "demo"]

    assert killed_when(data, argv, kill_at) == -signal.SIGKILL

    assert not (data / "opeka.sqlite3").exists(), "a half-made database every command would refuse"
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    password = re.search(r"Логин: demo\nПароль: (\S+)", out)
    login, secret = ("demo", password.group(1)) if password else ("admin", password_file.read_text().strip())
    open_signed_in(DataPaths(data), login, secret, convert=False).db.close()  # encrypted: the sign-in opens it
    assert not list(data.glob(f"{SETUP_PREFIX}*")), "what the killed set-up left is gone"
