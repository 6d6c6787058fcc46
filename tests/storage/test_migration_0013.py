"""0013 adds the rules across a program's indicators: a database of release 0012 opens with none declared."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from alembic import command

from desktop_app.storage.engine import make_engine
from desktop_app.storage.migrate import alembic_config
from tests.storage.test_migration_0011_chain import OLD_PROGRAM, tables
from tests.storage.test_migrations import older_release


def _upgrade(path: Path, target: str) -> None:
    engine = make_engine(path)
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, target)
    engine.dispose()


def _downgrade(path: Path, target: str) -> None:
    engine = make_engine(path)
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, target)
    engine.dispose()


def test_a_program_of_release_0012_gets_an_empty_rule_list_that_accepts_rules(tmp_path: Path) -> None:
    paths = older_release(tmp_path / "old", "0012")
    assert "indicator_rule" not in tables(paths.database)
    with closing(sqlite3.connect(paths.database)) as connection:
        connection.execute(OLD_PROGRAM)
        connection.commit()
    _upgrade(paths.database, "0013")
    with closing(sqlite3.connect(paths.database)) as connection:
        connection.execute("PRAGMA foreign_keys = ON")
        assert connection.execute("SELECT count(*) FROM indicator_rule").fetchone() == (0,)
        connection.execute(
            'INSERT INTO indicator_rule (id, created_at, updated_at, row_version, program_id, position, name, "left",'
            " operator, \"right\", importance) VALUES ('r1', '2026-01-01T00:00:00+00:00',"
            " '2026-01-01T00:00:00+00:00', 1, 'p1', 1, 'Часть не больше целого', '#{1.2.числитель}', '≤', '#{1.1}',"
            " 'error')"
        )
        connection.commit()
        # the rule belongs to its program: deleting the program takes it along
        connection.execute("DELETE FROM program WHERE id = 'p1'")
        connection.commit()
        assert connection.execute("SELECT count(*) FROM indicator_rule").fetchone() == (0,)


def test_0013_downgrades_to_0012_without_the_rule_table(tmp_path: Path) -> None:
    paths = older_release(tmp_path / "old", "0013")
    assert "indicator_rule" in tables(paths.database)
    _downgrade(paths.database, "0012")
    assert "indicator_rule" not in tables(paths.database)
