"""Backup copies and restoring them: consistent while written to, checked before anything is replaced, the
replaced state kept, the day's copy made once, a copy before every import, rotation as the rule says."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import threading
import time
import zipfile
from collections.abc import Iterator
from contextlib import closing
from datetime import datetime, timedelta
from pathlib import Path

import nacl.pwhash
import pytest
from sqlalchemy import text

from desktop_app.core.paths import DataPaths
from desktop_app.domain.actor import SYSTEM_ACTOR
from desktop_app.domain.errors import UserError
from desktop_app.services import backup_crypto
from desktop_app.services.backups import make_backup, restore_backup
from desktop_app.storage.background_backup import daily_backup_started
from desktop_app.storage.backup_folder import attachment_path, existing_copies, rotate
from desktop_app.storage.backups import BackupInfo, write_backup
from desktop_app.storage.database import open_database
from desktop_app.sync.batch import import_folder
from tests.exchange.test_end_to_end import Installation
from tests.exchange.test_end_to_end import world as world
from tests.exchange.test_folder_transaction import bundles

PASSWORD = "пароль-для-копии"


@pytest.fixture(autouse=True)
def fast_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(backup_crypto, "OPSLIMIT", nacl.pwhash.argon2id.OPSLIMIT_MIN)
    monkeypatch.setattr(backup_crypto, "MEMLIMIT", nacl.pwhash.argon2id.MEMLIMIT_MIN)


class Clock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)  # every copy gets its own name
        return self.now


def daily_copy(paths: DataPaths, clock: Clock) -> BackupInfo | None:
    """The day's first copy as a start makes it (in the background), waited for; None when today's exists."""
    started = daily_backup_started(paths, clock)
    return started.wait() if started is not None else None


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def measure_name(database: Path, measure_id: str) -> str:
    with closing(sqlite3.connect(database)) as connection:
        return str(connection.execute("SELECT name FROM measure WHERE id = ?", (measure_id,)).fetchone()[0])


def first_measure(paths: DataPaths) -> str:
    with closing(sqlite3.connect(paths.database)) as connection:
        return str(connection.execute("SELECT id FROM measure ORDER BY id LIMIT 1").fetchone()[0])


def attachment_hashes(paths: DataPaths) -> list[str]:
    with closing(sqlite3.connect(paths.database)) as connection:
        return [row[0] for row in connection.execute("SELECT DISTINCT sha256 FROM report_document ORDER BY sha256")]


def copied_database(backup: Path, folder: Path) -> Path:
    with zipfile.ZipFile(backup) as bundle:
        return Path(bundle.extract("opeka.sqlite3", folder))


def test_a_copy_made_while_the_database_is_written_holds_one_consistent_state(
    demo_paths: DataPaths, tmp_path: Path
) -> None:
    db = open_database(demo_paths)
    with closing(sqlite3.connect(demo_paths.database)) as connection:
        first, second = (row[0] for row in connection.execute("SELECT id FROM measure ORDER BY id LIMIT 2"))
    stop, written = threading.Event(), threading.Event()

    def write() -> None:  # both names change in one transaction, through the program's single connection
        number = 0
        while not stop.is_set():
            number += 1
            with db.engine.begin() as connection:
                for measure_id in (first, second):
                    connection.execute(
                        text("UPDATE measure SET name = :n WHERE id = :id"), {"n": f"v{number}", "id": measure_id}
                    )
            written.set()

    writer = threading.Thread(target=write)
    writer.start()
    assert written.wait(10)  # the first copy is taken while changes are being written, not before
    try:
        copies = [make_backup(demo_paths, tmp_path / "copies").path for _ in range(5)]
    finally:
        stop.set()
        writer.join()
        db.close()
    for number, copy in enumerate(copies):
        database = copied_database(copy, tmp_path / f"copy-{number}")
        with closing(sqlite3.connect(database)) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert measure_name(database, first) == measure_name(database, second)


def test_restore_brings_back_data_and_attachments_and_keeps_the_replaced_state(demo_paths: DataPaths) -> None:
    measure_id = first_measure(demo_paths)
    original = measure_name(demo_paths.database, measure_id)
    sha256 = attachment_hashes(demo_paths)[0]
    backup = make_backup(demo_paths).path
    with closing(sqlite3.connect(demo_paths.database)) as connection:
        connection.execute("UPDATE measure SET name = 'испорчено' WHERE id = ?", (measure_id,))
        connection.commit()
    attachment_path(demo_paths.attachments, sha256).unlink()

    result = restore_backup(demo_paths, backup)

    assert measure_name(demo_paths.database, measure_id) == original
    assert file_hash(attachment_path(demo_paths.attachments, sha256)) == sha256
    assert result.attachments_restored == 1 and result.counts["measure"] == 31
    assert result.previous_state is not None and result.previous_state.name.startswith("opeka-before-restore-")
    assert measure_name(copied_database(result.previous_state, demo_paths.root / "check"), measure_id) == "испорчено"
    db = open_database(demo_paths)  # the program opens the restored file as usual
    db.close()


def test_an_encrypted_copy_on_another_folder_restores_with_its_password(demo_paths: DataPaths, tmp_path: Path) -> None:
    info = make_backup(demo_paths, tmp_path / "usb", PASSWORD)
    assert info.path.parent == tmp_path / "usb" and info.path.name.endswith(".zip.sealed")
    assert b"SQLite format 3" not in info.path.read_bytes()
    result = restore_backup(demo_paths, info.path, PASSWORD)
    assert result.counts == info.counts


def rewrite(backup: Path, target: Path, change: str) -> Path:
    """A copy of ``backup`` with one thing wrong in it."""
    with zipfile.ZipFile(backup) as bundle:
        entries = {name: bundle.read(name) for name in bundle.namelist()}
    manifest = json.loads(entries["manifest.json"])
    if change == "manifest hash":
        manifest["files"]["opeka.sqlite3"] = "0" * 64
    elif change == "newer schema":
        database = target.parent / "newer.sqlite3"
        database.write_bytes(entries["opeka.sqlite3"])
        with closing(sqlite3.connect(database)) as connection:
            connection.execute("PRAGMA journal_mode = DELETE")
            connection.execute("UPDATE alembic_version SET version_num = '9999_future'")
            connection.commit()
        entries["opeka.sqlite3"] = database.read_bytes()
        manifest["files"]["opeka.sqlite3"] = hashlib.sha256(entries["opeka.sqlite3"]).hexdigest()
    elif change == "damaged database":
        data = bytearray(entries["opeka.sqlite3"])
        data[4096 * 3 : 4096 * 3 + 200] = b"\xff" * 200
        entries["opeka.sqlite3"] = bytes(data)
        manifest["files"]["opeka.sqlite3"] = hashlib.sha256(entries["opeka.sqlite3"]).hexdigest()
    entries["manifest.json"] = json.dumps(manifest).encode()
    with zipfile.ZipFile(target, "w") as bundle:
        for name, data in entries.items():
            bundle.writestr(name, data)
    return target


@pytest.fixture
def refused_cases(demo_paths: DataPaths, tmp_path: Path) -> Iterator[dict[str, tuple[Path, str | None]]]:
    plain = make_backup(demo_paths, tmp_path / "copies").path
    sealed = make_backup(demo_paths, tmp_path / "copies", PASSWORD).path
    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(plain.read_bytes()[: plain.stat().st_size // 2])
    sealed_cut = tmp_path / "cut.zip.sealed"
    sealed_cut.write_bytes(sealed.read_bytes()[:-100])
    flipped = tmp_path / "flipped.zip"
    data = bytearray(plain.read_bytes())
    data[len(data) // 3] ^= 0xFF
    flipped.write_bytes(bytes(data))
    yield {
        "truncated zip": (truncated, None),
        "flipped byte": (flipped, None),
        "wrong password": (sealed, "другой-пароль-123"),
        "no password": (sealed, None),
        "truncated sealed": (sealed_cut, PASSWORD),
        "manifest hash": (rewrite(plain, tmp_path / "hash.zip", "manifest hash"), None),
        "newer schema": (rewrite(plain, tmp_path / "newer.zip", "newer schema"), None),
        "damaged database": (rewrite(plain, tmp_path / "damaged.zip", "damaged database"), None),
        "not a copy": (Path(__file__), None),
    }


@pytest.mark.parametrize(
    "case",
    [
        "truncated zip",
        "flipped byte",
        "wrong password",
        "no password",
        "truncated sealed",
        "manifest hash",
        "newer schema",
        "damaged database",
        "not a copy",
    ],
)
def test_a_bad_copy_is_refused_with_a_message_and_changes_nothing(
    case: str, refused_cases: dict[str, tuple[Path, str | None]], demo_paths: DataPaths
) -> None:
    source, password = refused_cases[case]
    database_before = file_hash(demo_paths.database)
    copies_before = sorted(demo_paths.backups.iterdir())
    with pytest.raises(UserError) as refused:
        restore_backup(demo_paths, source, password)
    assert "\n" not in refused.value.message and refused.value.message
    assert file_hash(demo_paths.database) == database_before
    assert sorted(demo_paths.backups.iterdir()) == copies_before
    assert not list(demo_paths.root.glob(".opeka-restore-*"))


def test_rotation_keeps_fourteen_days_eight_weeks_and_ten_imports(demo_paths: DataPaths) -> None:
    shutil.rmtree(demo_paths.backups)
    demo_paths.backups.mkdir()
    start = datetime(2026, 9, 24, 8, 0)  # sixty days up to Sunday 22 November
    for day in range(60):
        clock = Clock(start + timedelta(days=day))
        assert daily_copy(demo_paths, clock) is not None
        assert daily_copy(demo_paths, clock) is None  # a second start the same day makes none
    for number in range(12):
        write_backup(demo_paths, "before-import", clock=Clock(start + timedelta(hours=number)))
    (demo_paths.backups / "notes.txt").write_text("чужой файл", encoding="utf-8")
    assert rotate(demo_paths.backups) == []  # every write already rotated
    copies = existing_copies(demo_paths.backups)
    daily = sorted(copy.made.date() for copy in copies if copy.kind == "daily")
    assert len(daily) == 20 and daily[-14] == datetime(2026, 11, 9).date()
    assert all(day.weekday() == 6 for day in daily[:-14])  # the older ones: each week's newest, a Sunday
    assert sum(copy.kind == "before-import" for copy in copies) == 10
    assert (demo_paths.backups / "notes.txt").exists()


def test_the_work_folder_of_a_copy_cut_short_a_day_ago_is_removed_by_the_next_copy(demo_paths: DataPaths) -> None:
    demo_paths.backups.mkdir(exist_ok=True)
    stale, fresh = demo_paths.backups / ".opeka-backup-power-cut", demo_paths.backups / ".opeka-backup-writing"
    for work in (stale, fresh):
        work.mkdir()
        (work / "opeka.sqlite3").write_bytes(b"half a database")
    day_and_a_bit_ago = time.time() - 25 * 3600
    os.utime(stale, (day_and_a_bit_ago, day_and_a_bit_ago))

    write_backup(demo_paths, "manual")

    assert not stale.exists(), "a whole database copy no longer fills the disk"
    assert fresh.exists(), "another program may be writing that copy right now"


def test_the_daily_copy_is_made_once_a_day(demo_paths: DataPaths) -> None:
    clock = Clock(datetime(2030, 1, 1, 8, 0))
    assert daily_copy(demo_paths, clock) is not None
    assert daily_copy(demo_paths, clock) is None
    clock.now += timedelta(days=1)
    assert daily_copy(demo_paths, clock) is not None
    assert sum(copy.kind == "daily" and copy.made.year == 2030 for copy in existing_copies(demo_paths.backups)) == 2


def before_import_copies(installation: Installation) -> int:
    return sum(copy.kind == "before-import" for copy in existing_copies(installation.paths.backups))


def test_every_import_is_preceded_by_a_copy(world) -> None:  # type: ignore[no-untyped-def]
    region, districts, folder = world
    assert all(before_import_copies(district) == 1 for district in districts)  # each took the region's package
    bundles(districts, folder / "входящие")
    assert before_import_copies(region) == 0
    import_folder(region.load, SYSTEM_ACTOR, folder / "входящие")
    assert before_import_copies(region) == 1  # one copy for the whole folder, taken before it began
    import_folder(region.load, SYSTEM_ACTOR, folder / "входящие")
    assert before_import_copies(region) == 2  # a copy of today is not enough: always one before an import


def test_a_copy_restores_into_an_empty_data_folder(demo_paths: DataPaths, tmp_path: Path) -> None:
    backup = make_backup(demo_paths, tmp_path / "usb").path
    fresh = DataPaths(tmp_path / "новый компьютер")
    result = restore_backup(fresh, backup)
    assert result.previous_state is None and result.attachments_restored == len(attachment_hashes(demo_paths))
    db = open_database(fresh)
    db.close()
    assert measure_name(fresh.database, first_measure(demo_paths)) == measure_name(
        demo_paths.database, first_measure(demo_paths)
    )


def test_a_damaged_database_is_set_aside_whole_and_replaced(demo_paths: DataPaths, tmp_path: Path) -> None:
    backup = make_backup(demo_paths, tmp_path / "usb").path
    damaged = bytearray(demo_paths.database.read_bytes())
    damaged[:16] = b"\x00" * 16
    demo_paths.database.write_bytes(bytes(damaged))
    result = restore_backup(demo_paths, backup)
    assert result.previous_state is not None and result.previous_state.name.startswith("damaged-")
    assert (result.previous_state / "opeka.sqlite3").read_bytes() == bytes(damaged)
    open_database(demo_paths).close()


def test_sealed_chunks_cannot_be_reordered_or_dropped(tmp_path: Path) -> None:
    plain = tmp_path / "plain.bin"
    plain.write_bytes(bytes(range(256)) * (4096 * 10))  # 10 MiB: ten chunks
    sealed = tmp_path / "plain.sealed"
    backup_crypto.seal_file(plain, sealed, PASSWORD)
    backup_crypto.unseal_file(sealed, tmp_path / "back.bin", PASSWORD)
    assert (tmp_path / "back.bin").read_bytes() == plain.read_bytes()
    data = sealed.read_bytes()
    header_end = (
        len(backup_crypto.MAGIC) + 4 + int.from_bytes(data[len(backup_crypto.MAGIC) : len(backup_crypto.MAGIC) + 4])
    )
    chunk = 4 + backup_crypto.CHUNK + 16
    first, second = data[header_end : header_end + chunk], data[header_end + chunk : header_end + 2 * chunk]
    swapped = data[:header_end] + second + first + data[header_end + 2 * chunk :]
    dropped = data[: header_end + 9 * chunk]  # the last chunk is gone: the file ends cleanly between chunks
    for variant in (swapped, dropped):
        (tmp_path / "bad.sealed").write_bytes(variant)
        with pytest.raises(UserError):
            backup_crypto.unseal_file(tmp_path / "bad.sealed", tmp_path / "out.bin", PASSWORD)


def test_copies_in_the_backups_folder_keep_each_attachment_once(demo_paths: DataPaths, tmp_path: Path) -> None:
    hashes = attachment_hashes(demo_paths)
    first, second = write_backup(demo_paths, "before-import").path, make_backup(demo_paths).path
    for copy in (first, second):
        with zipfile.ZipFile(copy) as bundle:
            assert not [name for name in bundle.namelist() if name.startswith("attachments/")]
            assert sorted(json.loads(bundle.read("manifest.json"))["shared_attachments"]) == sorted(hashes)
    shared = sorted(path.name for path in (demo_paths.backups / "attachments").glob("*/*"))
    assert shared == sorted(hashes)
    usb = make_backup(demo_paths, tmp_path / "usb").path  # a copy taken away carries its files itself
    with zipfile.ZipFile(usb) as bundle:
        assert sorted(name.removeprefix("attachments/") for name in bundle.namelist() if "/" in name) == sorted(hashes)


def test_shared_attachments_go_when_no_kept_copy_lists_them(demo_paths: DataPaths) -> None:
    make_backup(demo_paths)
    for copy in demo_paths.backups.glob("*.zip"):
        copy.unlink()
    rotate(demo_paths.backups)
    assert not list((demo_paths.backups / "attachments").glob("*/*"))


def test_a_copy_taken_away_restores_its_attachments_into_a_new_folder(demo_paths: DataPaths, tmp_path: Path) -> None:
    usb = make_backup(demo_paths, tmp_path / "usb").path
    fresh = DataPaths(tmp_path / "new-computer")
    result = restore_backup(fresh, usb)
    assert result.attachments_restored == len(attachment_hashes(demo_paths))
    assert all(file_hash(attachment_path(fresh.attachments, sha)) == sha for sha in attachment_hashes(demo_paths))


def test_backups_need_the_rights_a_restore_only_an_administrator(demo_paths: DataPaths, tmp_path: Path) -> None:
    from desktop_app.domain.errors import PermissionDenied
    from desktop_app.domain.roles import Role
    from tests.conftest import make_actor

    copy = make_backup(demo_paths, actor=make_actor(Role.SPECIALIST)).path  # into backups/: any user
    with pytest.raises(PermissionDenied, match="просмотр персональных данных"):
        make_backup(demo_paths, tmp_path, actor=make_actor(Role.COORDINATOR))
    for role in (Role.SPECIALIST, Role.HEAD, Role.COORDINATOR):
        with pytest.raises(PermissionDenied, match="восстановление базы из резервной копии"):
            restore_backup(demo_paths, copy, actor=make_actor(role))
    assert restore_backup(demo_paths, copy, actor=make_actor(Role.ADMIN)).counts
