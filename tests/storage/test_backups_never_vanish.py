"""Backups that never vanish (issue 21, item 4): nothing unencrypted on a stick, a copy made by hand kept until
the user deletes it, no copy of a file the program refuses, never the last sound copy rotated away, and a
restore of another installation's copy only after asking with both installations named."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from datetime import datetime, timedelta
from pathlib import Path

import nacl.pwhash
import pytest

from desktop_app.cli.main import main
from desktop_app.core.held_files import held
from desktop_app.core.logs import configure_logging
from desktop_app.core.paths import DataPaths
from desktop_app.core.resources import demo_data
from desktop_app.domain.errors import DatabaseProblem
from desktop_app.domain.roles import InstallationKind
from desktop_app.services import backup_crypto
from desktop_app.services.backups import make_backup, restore_backup
from desktop_app.services.restore_target import OtherInstallation
from desktop_app.services.setup import SetupRequest, create_installation
from desktop_app.storage.background_backup import daily_backup_started
from desktop_app.storage.backup_folder import existing_copies, rotate
from desktop_app.storage.backups import write_backup
from tests.robustness.fuzzing import data_digest

PASSWORD = "пароль-для-флешки"
DAY = datetime(2027, 3, 10, 9, 0)  # a day of its own: the demo's folder has a daily copy of the real today


@pytest.fixture(autouse=True)
def fast_argon2(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(backup_crypto, "OPSLIMIT", nacl.pwhash.argon2id.OPSLIMIT_MIN)
    monkeypatch.setattr(backup_crypto, "MEMLIMIT", nacl.pwhash.argon2id.MEMLIMIT_MIN)
    yield
    configure_logging(None)  # the command line opens the data folder's log


def at(moment: datetime):  # type: ignore[no-untyped-def]
    return lambda: moment


def demo_names() -> list[bytes]:
    return [member["full_name"].encode("utf-8") for family in demo_data()["families"] for member in family["members"]]


def plaintext_in(folder: Path) -> list[str]:
    """Every file under ``folder`` that holds a database, a zip or a family's name readable as it is."""
    found = []
    for path in folder.rglob("*"):
        if not path.is_file():
            continue
        content = path.read_bytes()
        if content.startswith(b"SQLite format 3") or b"PK\x03\x04" in content[:4]:
            found.append(f"{path.relative_to(folder)}: a plain database or zip")
        found += [f"{path.relative_to(folder)}: {name.decode()}" for name in demo_names() if name in content]
    return found


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ------------------------------------------------------------------------------------ a sealed copy on a stick


def test_a_sealed_copy_to_a_stick_never_puts_plaintext_there_even_while_it_is_written(
    demo_paths: DataPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stick = tmp_path / "usb"
    stick.mkdir()
    seen_while_sealing: list[str] = []
    seal = backup_crypto.seal_file

    def watching_seal(source: Path, target: Path, password: str) -> None:
        # the moment a pulled stick or a killed program would leave behind
        seen_while_sealing.extend(plaintext_in(stick))
        seen_while_sealing.extend(f"a folder on the stick: {entry.name}" for entry in stick.iterdir() if entry.is_dir())
        seal(source, target, password)
        seen_while_sealing.extend(plaintext_in(stick))

    monkeypatch.setattr(backup_crypto, "seal_file", watching_seal)
    info = make_backup(demo_paths, stick, PASSWORD)

    assert seen_while_sealing == []
    assert [entry.name for entry in stick.iterdir()] == [info.path.name]
    assert backup_crypto.is_sealed(info.path) and plaintext_in(stick) == []


def test_what_a_copy_cut_short_left_on_the_stick_is_removed_by_the_next_one(
    demo_paths: DataPaths, tmp_path: Path
) -> None:
    stick = tmp_path / "usb"
    stick.mkdir()
    left = stick / ".opeka-backup-killed.part"
    left.write_bytes(backup_crypto.MAGIC + os.urandom(3000))
    old_style = stick / ".opeka-backup-old"  # where earlier versions put the plain snapshot
    old_style.mkdir()
    (old_style / "opeka.sqlite3").write_bytes(demo_paths.database.read_bytes())
    writing = stick / ".opeka-backup-writing.part"  # another copy at work on this stick right now
    writing.write_bytes(backup_crypto.MAGIC)

    with held(writing):
        info = make_backup(demo_paths, stick, PASSWORD)

    assert sorted(entry.name for entry in stick.iterdir()) == sorted([info.path.name, writing.name])


# ------------------------------------------------------------------------------ a copy made by hand is kept


def test_a_copy_made_by_hand_outlives_the_next_starts_of_the_day_and_of_the_weeks_after(demo_paths: DataPaths) -> None:
    by_hand = make_backup(demo_paths, clock=at(DAY)).path
    started = daily_backup_started(demo_paths, at(DAY + timedelta(hours=2)))  # the next start, the same day
    assert started is not None
    started.wait()
    assert by_hand.is_file()

    for day in range(1, 80):  # every day's first start for longer than the rotation keeps daily copies
        started = daily_backup_started(demo_paths, at(DAY + timedelta(days=day)))
        assert started is not None
        started.wait()
    assert by_hand.is_file()
    daily = [copy.made.date() for copy in existing_copies(demo_paths.backups) if copy.kind == "daily"]
    assert DAY.date() not in daily  # the rotation did run


# ---------------------------------------------------------------- a file the program refuses is not copied


def make_foreign_sqlite(path: Path) -> None:
    """A sound SQLite file that is not the program's database (no schema revision): every command refuses it."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("CREATE TABLE notes (text TEXT)")
        connection.execute("INSERT INTO notes VALUES ('чужая база')")
        connection.commit()


@pytest.mark.usefixtures("cli_credentials")
def test_a_database_every_command_refuses_is_not_backed_up(
    demo_paths: DataPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    make_foreign_sqlite(demo_paths.database)
    before = sorted(demo_paths.backups.iterdir())

    with pytest.raises(DatabaseProblem, match="не база Опеки-Офлайн"):
        make_backup(demo_paths, clock=at(DAY))
    code = main(["--data-dir", str(demo_paths.root), "backup"])
    _out, err = capsys.readouterr()

    assert code != 0 and "не база Опеки-Офлайн" in err and len(err.strip().splitlines()) == 1
    assert sorted(demo_paths.backups.iterdir()) == before


def test_rotation_never_deletes_the_last_copy_that_passed_its_check(demo_paths: DataPaths) -> None:
    good = write_backup(demo_paths, "daily", clock=at(DAY)).path
    make_foreign_sqlite(demo_paths.database)
    # copies of a file that is no database of the program, the same day and every day after (storage writes
    # them: a copy before a restore is made of whatever is there)
    for hours in range(1, 24 * 30, 12):
        write_backup(demo_paths, "daily", clock=at(DAY + timedelta(hours=hours)))
    rotate(demo_paths.backups)
    assert good.is_file()

    cut = demo_paths.backups / "opeka-daily-20270501-090000-000000.zip"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])  # a newer copy cut short
    rotate(demo_paths.backups)
    assert good.is_file()


# ------------------------------------------------------------------------ another installation's copy


def installation(root: Path, kind: InstallationKind, district: str = "") -> DataPaths:
    paths = DataPaths(root)
    request = SetupRequest(kind, "29", district, "Министерство социального развития", "admin", "", "Пароль-2026x")
    create_installation(paths, request).close()
    return paths


def test_a_regions_copy_over_a_districts_folder_is_refused_until_the_user_agrees_naming_both(
    demo_paths: DataPaths, tmp_path: Path
) -> None:
    region = installation(tmp_path / "region", InstallationKind.REGION)
    copy = make_backup(region).path
    before = sha256(demo_paths.database)

    with pytest.raises(OtherInstallation) as refused:
        restore_backup(demo_paths, copy)

    message = refused.value.message
    assert "Архангельская область — региональный координатор" in message
    assert "Плесецкий муниципальный округ (Архангельская область)" in message
    assert sha256(demo_paths.database) == before
    assert not any(copy.kind == "before-restore" for copy in existing_copies(demo_paths.backups))

    restore_backup(demo_paths, copy, other_installation=True)
    with closing(sqlite3.connect(demo_paths.database)) as connection:
        assert connection.execute("SELECT kind FROM installation").fetchall() == [("region",)]


def test_one_districts_copy_over_another_districts_folder_asks_and_the_same_districts_copy_does_not(
    demo_paths: DataPaths, tmp_path: Path
) -> None:
    other = installation(tmp_path / "onega", InstallationKind.DISTRICT, "Онежский муниципальный округ")
    with pytest.raises(OtherInstallation, match="Онежский муниципальный округ"):
        restore_backup(demo_paths, make_backup(other).path)

    own = make_backup(demo_paths, clock=at(DAY)).path
    assert restore_backup(demo_paths, own).source == own


@pytest.mark.usefixtures("cli_credentials")
def test_the_command_line_restores_another_installations_copy_only_with_force(
    demo_paths: DataPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    region = installation(tmp_path / "region", InstallationKind.REGION)
    copy = make_backup(region).path
    before = data_digest(demo_paths.database)
    data = ["--data-dir", str(demo_paths.root)]

    code = main([*data, "restore", str(copy)])
    out, err = capsys.readouterr()
    assert code != 0 and out == "" and len(err.strip().splitlines()) == 1
    assert "региональный координатор" in err and "Плесецкий муниципальный округ" in err and "--force" in err
    assert data_digest(demo_paths.database) == before, "nothing but the administrator's sign-in was written"

    code = main([*data, "restore", str(copy), "--force"])
    _out, err = capsys.readouterr()
    assert code == 0, err
    assert data_digest(demo_paths.database) != before
