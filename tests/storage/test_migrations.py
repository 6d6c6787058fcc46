"""The schema the migrations build matches the models, and a file that cannot be used is never touched."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import threading
import zipfile
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from desktop_app.core.paths import DataPaths
from desktop_app.domain.errors import DatabaseProblem, SetupRequired
from desktop_app.storage import backups, models  # noqa: F401  (models registers every table on the metadata)
from desktop_app.storage.backups import write_backup
from desktop_app.storage.base import Base
from desktop_app.storage.database import Database, open_database
from desktop_app.storage.engine import BUSY_TIMEOUT_MS
from desktop_app.storage.migrate import head_revision


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_refused_untouched(paths: DataPaths, *fragments: str) -> DatabaseProblem:
    before = sha256(paths.database)
    files_before = sorted(p.name for p in paths.root.iterdir())
    with pytest.raises(DatabaseProblem) as caught:
        open_database(paths)
    assert sha256(paths.database) == before, "a refused database file must stay byte for byte the same"
    assert sorted(p.name for p in paths.root.iterdir()) == files_before, "no -wal/-shm or other file may appear"
    for fragment in fragments:
        assert fragment in caught.value.message
    return caught.value


def table_counts(path: Path) -> dict[str, int]:
    with closing(sqlite3.connect(path)) as connection:
        tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {table: connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables}


def test_migrations_build_exactly_the_schema_of_the_models(tmp_path: Path) -> None:
    db = open_database(DataPaths(tmp_path / "fresh"), create=True)
    try:
        with db.engine.connect() as connection:
            # the registers' search indexes (migrations 0016, 0017) are FTS5 tables and their shadow tables, not models
            opts = {"compare_type": True, "include_name": lambda name, kind, _parents: not _search_index(name, kind)}
            context = MigrationContext.configure(connection, opts=opts)
            assert compare_metadata(context, Base.metadata) == []
        assert db.revision() == head_revision()
    finally:
        db.close()


def _search_index(name: str | None, kind: str) -> bool:
    return kind == "table" and (name or "").startswith(("resource_family_fts", "family_case_fts"))


def pragmas(connection: object) -> dict[str, object]:
    return {
        name: connection.execute(text(f"PRAGMA {name}")).scalar()  # type: ignore[attr-defined]
        for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
    }


def assert_safe_pragmas(values: dict[str, object]) -> None:
    assert values["journal_mode"] == "wal"
    assert values["synchronous"] == 2  # FULL: a power cut does not lose a committed transaction
    assert values["foreign_keys"] == 1
    assert isinstance(values["busy_timeout"], int) and values["busy_timeout"] > 0


def test_new_database_connections_are_durable_and_check_references(tmp_path: Path) -> None:
    db = open_database(DataPaths(tmp_path / "fresh"), create=True)
    try:
        with db.engine.connect() as connection:
            assert_safe_pragmas(pragmas(connection))
    finally:
        db.close()


def test_every_connection_of_a_reopened_database_has_the_pragmas(demo_db: Database) -> None:
    with demo_db.engine.connect() as connection:
        values = pragmas(connection)
    assert_safe_pragmas(values)
    assert values["busy_timeout"] == BUSY_TIMEOUT_MS
    demo_db.engine.dispose()  # the next connection is a brand-new one
    with demo_db.transaction() as session:
        assert_safe_pragmas(pragmas(session.connection()))


def test_missing_database_asks_for_setup_and_creates_nothing(empty_paths: DataPaths) -> None:
    with pytest.raises(SetupRequired, match="первоначальную настройку"):
        open_database(empty_paths)
    assert not empty_paths.root.exists()


def test_database_from_a_newer_program_is_refused_unchanged(demo_paths: DataPaths) -> None:
    copies = set(demo_paths.backups.iterdir())
    with closing(sqlite3.connect(demo_paths.database)) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
        connection.commit()
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert_refused_untouched(demo_paths, "более новой версией", "9999_from_the_future")
    assert set(demo_paths.backups.iterdir()) == copies, "no backup or migration may start on a refused file"


def test_random_bytes_are_refused_unchanged(empty_paths: DataPaths) -> None:
    empty_paths.root.mkdir()
    empty_paths.database.write_bytes(os.urandom(8192))
    assert_refused_untouched(empty_paths, "не является базой данных Опеки-Офлайн")


def test_text_file_in_place_of_the_database_is_refused_unchanged(empty_paths: DataPaths) -> None:
    empty_paths.root.mkdir()
    empty_paths.database.write_text("это не база данных\n", encoding="utf-8")
    assert_refused_untouched(empty_paths, "не является базой данных Опеки-Офлайн")


@pytest.mark.parametrize("fraction", [0.1, 0.5, 0.9])
def test_truncated_database_is_refused_unchanged(demo_paths: DataPaths, fraction: float) -> None:
    data = demo_paths.database.read_bytes()
    demo_paths.database.write_bytes(data[: int(len(data) * fraction)])
    assert_refused_untouched(demo_paths, "повреждена", "резервной копии")


def test_plain_sqlite_file_of_another_program_is_refused_unchanged(empty_paths: DataPaths) -> None:
    empty_paths.root.mkdir()
    with closing(sqlite3.connect(empty_paths.database)) as connection:
        connection.execute("CREATE TABLE contacts (name TEXT)")
        connection.execute("INSERT INTO contacts VALUES ('Иванова')")
        connection.commit()
    assert_refused_untouched(empty_paths, "не база Опеки-Офлайн")


def copied_database(backup: Path, folder: Path) -> Path:
    """The database inside a backup copy (a zip), extracted into ``folder``."""
    with zipfile.ZipFile(backup) as bundle:
        return Path(bundle.extract("opeka.sqlite3", folder))


def test_opening_a_current_database_makes_only_the_daily_copy(demo_paths: DataPaths) -> None:
    shutil.rmtree(demo_paths.backups)
    demo_paths.backups.mkdir()
    open_database(demo_paths).close()
    open_database(demo_paths).close()
    assert [entry.name.split("-")[1] for entry in demo_paths.backups.glob("*.zip")] == ["daily"]


def test_the_days_copy_is_zipped_while_the_program_works_and_finished_when_it_closes(
    demo_paths: DataPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.rmtree(demo_paths.backups)
    demo_paths.backups.mkdir()
    zipping, release = threading.Event(), threading.Event()
    real_write_archive = backups._write_archive

    def slow_write_archive(*args: Any) -> Any:
        zipping.set()
        assert release.wait(30)
        return real_write_archive(*args)

    monkeypatch.setattr(backups, "_write_archive", slow_write_archive)
    db = open_database(demo_paths)  # returns while the day's copy is still being zipped
    assert zipping.wait(30)
    with db.transaction() as session:
        session.execute(text("UPDATE measure SET name = 'изменено после копии'"))
    assert not list(demo_paths.backups.glob("*.zip"))
    threading.Timer(0.2, release.set).start()
    db.close()  # waits for the copy

    (copy,) = demo_paths.backups.glob("opeka-daily-*.zip")
    database = copied_database(copy, tmp_path)
    with closing(sqlite3.connect(database)) as connection:
        assert connection.execute("SELECT count(*) FROM measure WHERE name = 'изменено после копии'").fetchone() == (0,)
    assert not list(demo_paths.backups.glob(".opeka-backup-*"))


def test_backup_copy_is_intact_and_holds_every_row(demo_paths: DataPaths, tmp_path: Path) -> None:
    backup = write_backup(demo_paths, "before-migration").path
    assert backup.parent == demo_paths.backups
    assert backup.name.startswith("opeka-before-migration-")
    database = copied_database(backup, tmp_path)
    with closing(sqlite3.connect(database)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert table_counts(database) == table_counts(demo_paths.database)
    assert table_counts(database)["measure"] == 31


def test_backup_copy_includes_changes_still_in_the_wal(
    demo_paths: DataPaths, demo_db: Database, tmp_path: Path
) -> None:
    with demo_db.engine.connect() as connection:
        measure_id = connection.execute(text("SELECT id FROM measure ORDER BY id LIMIT 1")).scalar()
        connection.execute(text("UPDATE measure SET name = 'изменено' WHERE id = :id"), {"id": measure_id})
        connection.commit()
        assert Path(f"{demo_paths.database}-wal").stat().st_size > 0  # the change is not checkpointed yet
        backup = write_backup(demo_paths, "manual").path
    with closing(sqlite3.connect(copied_database(backup, tmp_path))) as copy:
        name = copy.execute("SELECT name FROM measure WHERE id = ?", (measure_id,)).fetchone()[0]
    assert name == "изменено"


def test_failed_backup_is_a_database_problem_and_leaves_no_partial_file(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path / "garbage")
    paths.root.mkdir()
    paths.database.write_bytes(os.urandom(4096))
    with pytest.raises(DatabaseProblem, match="резервную копию"):
        write_backup(paths, "manual")
    assert list(paths.backups.iterdir()) == []


def older_release(root: Path, revision: str) -> DataPaths:
    """A data folder whose database an older release made: the migrations applied only up to ``revision``."""
    paths = DataPaths(root)
    paths.root.mkdir()
    database_at_revision(paths.database, revision)
    return paths


def database_at_revision(path: Path, revision: str) -> None:
    """A database file built by an older release: the migrations applied only up to ``revision``."""
    from alembic import command

    from desktop_app.storage.engine import make_engine
    from desktop_app.storage.migrate import alembic_config

    engine = make_engine(path)
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    engine.dispose()


OLD_MEASURE_ROWS = """
INSERT INTO program (id, created_at, updated_at, row_version, title, short_title, level, territory, act_body,
    act_kind, act_number, period_start, period_end, strategic_goal, goals, tasks, notes)
VALUES ('p1', '2025-01-01T00:00:00+00:00', '2025-01-01T00:00:00+00:00', 1, 'План', '', 'municipal', '', '', '',
    '', '2025-07-01', '2026-12-31', '', '[]', '[]', '');
INSERT INTO program_block (id, created_at, updated_at, row_version, program_id, number, title, expected_result,
    position)
VALUES ('b1', '2025-01-01T00:00:00+00:00', '2025-01-01T00:00:00+00:00', 1, 'p1', 'I.', 'Блок', '', 0);
INSERT INTO measure (id, created_at, updated_at, row_version, block_id, number, name, deadline_text,
    executors_text, document_type, expected_result, position, search_key)
VALUES ('m1', '2025-01-01T00:00:00+00:00', '2025-01-01T00:00:00+00:00', 1, 'b1', '1.', 'Семинар',
    'в течение всего срока реализации Программы (не менее 1 раза в полгода)', '', '', '', 0, '');
"""


def test_upgrade_from_the_first_release_backs_up_first_and_reads_old_deadlines(tmp_path: Path) -> None:
    """A 0001 file is copied to backups/ before the upgrade, and its measures get their schedules."""
    paths = older_release(tmp_path / "old", "0001")
    with closing(sqlite3.connect(paths.database)) as connection:
        connection.executescript(OLD_MEASURE_ROWS)
    counts_before = table_counts(paths.database)

    db = open_database(paths)
    try:
        assert db.revision() == head_revision()
        with db.reading() as session:
            schedule = session.execute(text("SELECT schedule FROM measure WHERE id = 'm1'")).scalar_one()
    finally:
        db.close()
    assert '"half_year"' in schedule and '"min_count": 1' in schedule
    (backup,) = paths.backups.glob("opeka-before-migration-*.zip")
    backup = copied_database(backup, tmp_path / "copy")
    with closing(sqlite3.connect(backup)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert table_counts(backup) == counts_before


OLD_FAMILY_ROWS = """
INSERT INTO resource_family (id, created_at, updated_at, row_version, display_name, municipality, status,
    capacity_children, accepts_disability, accepts_siblings, address, notes, is_demo, search_key)
VALUES ('f2', '2025-02-01T00:00:00+00:00', '2025-02-01T00:00:00+00:00', 1, 'Семья Вторых', 'Плесецкий',
    'in_register', 2, 0, 1, '', '', 0, 'семья вторых'),
    ('f1', '2025-01-01T00:00:00+00:00', '2025-01-01T00:00:00+00:00', 1, 'Семья Первых', 'Плесецкий',
    'candidate', 1, 0, 0, '', '', 0, 'семья первых');
INSERT INTO family_member (id, created_at, updated_at, row_version, family_id, full_name, birth_date, relation, phone)
VALUES ('m1', '2025-01-01T00:00:00+00:00', '2025-01-01T00:00:00+00:00', 1, 'f1', 'Первова А. А.', '1980-01-01',
    'мать', '');
"""


def test_families_of_an_older_release_are_kept_and_numbered_in_the_order_entered(tmp_path: Path) -> None:
    paths = older_release(tmp_path / "old", "0002")
    with closing(sqlite3.connect(paths.database)) as connection:
        connection.executescript(OLD_FAMILY_ROWS)
    db = open_database(paths)
    try:
        with db.reading() as session:
            rows = session.execute(
                text("SELECT id, code, age_to_months, placed_now FROM resource_family ORDER BY code")
            ).all()
            member = session.execute(text("SELECT email, position FROM family_member")).one()
    finally:
        db.close()
    assert [tuple(row) for row in rows] == [("f1", "РС-0001", 47, 0), ("f2", "РС-0002", 47, 0)]
    assert tuple(member) == ("", 0)


def test_revisions_read_without_alembic_match_alembics_own() -> None:
    """Opening a database reads the revisions from the files' text; Alembic must see the same chain."""
    from alembic.script import ScriptDirectory

    from desktop_app.storage.migrate import alembic_config, known_revisions

    scripts = ScriptDirectory.from_config(alembic_config())
    assert head_revision() == scripts.get_current_head()
    assert known_revisions() == {script.revision for script in scripts.walk_revisions()}


def test_agreed_record_states_of_an_older_release_are_kept_in_their_key_tree(tmp_path: Path) -> None:
    """0008 rebuilds sync_record_state WITHOUT ROWID: what a region agreed with its districts survives, so the
    next bundle of each district is compared with it and nothing is reported as a conflict or taken again."""
    paths = older_release(tmp_path / "old", "0007")
    with closing(sqlite3.connect(paths.database)) as connection:
        connection.execute(
            "INSERT INTO sync_peer (id, installation_id, kind, region_code, district, name, signing_key,"
            " encryption_key, last_sequence, last_file_sha256, periods, created_at, updated_at, row_version)"
            " VALUES ('peer-1', 'inst-1', 'district', '29', 'Вельский', 'Вельский', 'k', '', 3, '', '[]',"
            " '2026-01-01T00:00:00.000000+00:00', '2026-01-01T00:00:00.000000+00:00', 1)"
        )
        states = [("peer-1", "resource_families", f"family-{n:04d}", n % 3 + 1, f"{n:064x}") for n in range(50)]
        connection.executemany("INSERT INTO sync_record_state VALUES (?, ?, ?, ?, ?)", states)
        connection.commit()
    open_database(paths).close()
    with closing(sqlite3.connect(paths.database)) as connection:
        kept = connection.execute("SELECT * FROM sync_record_state ORDER BY record_id").fetchall()
        (sql,) = connection.execute("SELECT sql FROM sqlite_master WHERE name = 'sync_record_state'").fetchone()
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute("DELETE FROM sync_peer WHERE id = 'peer-1'")
        left = connection.execute("SELECT count(*) FROM sync_record_state").fetchone()[0]
    assert kept == states
    assert sql.rstrip().endswith("WITHOUT ROWID")
    assert left == 0, "a peer's states still go with the peer"
    fresh = open_database(DataPaths(tmp_path / "fresh"), create=True)
    fresh.close()
    with closing(sqlite3.connect(DataPaths(tmp_path / "fresh").database)) as connection:
        (fresh_sql,) = connection.execute("SELECT sql FROM sqlite_master WHERE name = 'sync_record_state'").fetchone()
    assert " ".join(fresh_sql.split()) == " ".join(sql.split()), "an upgraded file has the schema of a new one"


def test_indicators_of_an_older_release_stay_in_use(tmp_path: Path) -> None:
    """0010 adds the catalogue state: every indicator a district already reports on is ``active``, not a draft."""
    paths = older_release(tmp_path / "old", "0009")
    with closing(sqlite3.connect(paths.database)) as connection:
        connection.execute(
            "INSERT INTO indicator (id, created_at, updated_at, row_version, code, name, unit, kind, cumulative,"
            " direction, position, source) VALUES ('i1', '2025-01-01T00:00:00+00:00', '2025-01-01T00:00:00+00:00',"
            " 1, '1.1', 'Число семей', 'ед.', 'count', 0, 'increase', 0, '')"
        )
        connection.commit()
    open_database(paths).close()
    with closing(sqlite3.connect(paths.database)) as connection:
        state = connection.execute("SELECT state FROM indicator WHERE id = 'i1'").fetchone()[0]
    assert state == "active"
