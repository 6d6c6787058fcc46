"""0011 adds a program's reporting chain: a program of an older release declares none and keeps its procedure."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date
from pathlib import Path

from alembic import command

from desktop_app.domain.actor import SYSTEM_ACTOR
from desktop_app.domain.periods import Period
from desktop_app.domain.reporting_chain import StepKind
from desktop_app.services.reporting_chain import ReportingChainService
from desktop_app.storage.database import open_database
from desktop_app.storage.engine import make_engine
from desktop_app.storage.migrate import alembic_config
from tests.storage.test_migrations import older_release

OLD_PROGRAM = (
    "INSERT INTO program (id, created_at, updated_at, row_version, title, short_title, level, territory, act_body,"
    " act_kind, act_number, period_start, period_end, strategic_goal, goals, tasks, notes, reporting_period,"
    " report_due_working_days, report_due_year_end, value_lock_days, owner) VALUES ('p1',"
    " '2025-01-01T00:00:00+00:00', '2025-01-01T00:00:00+00:00', 1, 'План', '', 'municipal', '', '', '', '',"
    " '2025-07-01', '2026-12-31', '', '[]', '[]', '', 'half_year', 4, '01-25', 30, '')"
)


def tables(path: Path) -> set[str]:
    with closing(sqlite3.connect(path)) as connection:
        return {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def test_a_program_of_release_0010_gets_the_default_chain_from_its_own_procedure(tmp_path: Path) -> None:
    paths = older_release(tmp_path / "old", "0010")
    assert "reporting_step" not in tables(paths.database)
    with closing(sqlite3.connect(paths.database)) as connection:
        connection.execute(OLD_PROGRAM)
        connection.commit()
    db = open_database(paths)
    try:
        service = ReportingChainService(db, today=lambda: date(2026, 7, 9))
        chain = service.chain(SYSTEM_ACTOR, "p1")
        assert not chain.declared
        assert [step.kind for step in chain.steps] == [StepKind.EXECUTORS, StepKind.APPROVAL]
        assert (chain.steps[0].working_days_after, chain.steps[0].year_end_date) == (4, (1, 25))
        # the 4th working day after 30.06.2026 (Tue): 1 Wed, 2 Thu, 3 Fri, 6 Mon
        state = service.state(SYSTEM_ACTOR, "p1", Period.parse("2026-H1"))
        assert state.steps[0].deadline == date(2026, 7, 6)
    finally:
        db.close()
    assert {"reporting_step", "reporting_step_mark"} <= tables(paths.database)


def test_0011_downgrades_to_0010_without_its_tables(tmp_path: Path) -> None:
    paths = older_release(tmp_path / "old", "0011")
    engine = make_engine(paths.database)
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0010")
    engine.dispose()
    assert not {"reporting_step", "reporting_step_mark"} & tables(paths.database)
