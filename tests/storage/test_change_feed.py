"""A committed write tells who listens which tables it changed; a rolled-back or read-only one tells nobody."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.core.paths import DataPaths
from desktop_app.domain.family_pipeline import FamilyStage, StepInput
from desktop_app.domain.family_record import FamilyInput, MemberInput
from desktop_app.domain.roles import Role
from desktop_app.services.attachments import AttachmentStore
from desktop_app.services.family_editing import FamilyEditing
from desktop_app.services.family_register import FamilyFilter, FamilyRegister
from desktop_app.storage.changes import written_table
from desktop_app.storage.database import Database
from tests.conftest import make_actor

SPECIALIST = make_actor(Role.SPECIALIST, "specialist")


def new_family(paths: DataPaths, db: Database) -> None:
    FamilyEditing(db, AttachmentStore(paths.attachments)).create(
        SPECIALIST,
        FamilyInput(
            municipality="Плесецкий муниципальный округ",
            members=(MemberInput("Орлова Вера Ивановна", date(1984, 2, 3), "мать", ""),),
            capacity=1,
        ),
        StepInput(FamilyStage.CANDIDATE, date(2026, 3, 2), "Соколова Е. В."),
    )


def test_a_committed_write_names_its_tables_once_it_is_committed(demo_db: Database, demo_paths: DataPaths) -> None:
    heard: list[frozenset[str]] = []
    demo_db.changes.subscribe(heard.append)
    new_family(demo_paths, demo_db)
    assert len(heard) == 1, "one unit of work, one notice"
    assert {"resource_family", "family_member", "family_step", "audit_entry"} <= heard[0]
    assert "indicator_value" not in heard[0]


def test_a_rolled_back_write_and_a_read_tell_nobody(demo_db: Database, demo_paths: DataPaths) -> None:
    heard: list[frozenset[str]] = []
    unsubscribe = demo_db.changes.subscribe(heard.append)
    with pytest.raises(RuntimeError), demo_db.transaction(SPECIALIST) as session:
        session.connection().exec_driver_sql("UPDATE resource_family SET notes = 'x'")
        raise RuntimeError("the user's action failed half-way")
    FamilyRegister(demo_db).count(SPECIALIST, FamilyFilter())
    assert heard == []
    unsubscribe()
    new_family(demo_paths, demo_db)
    assert heard == [], "a listener that left hears nothing more"


def test_a_failing_listener_does_not_undo_or_hide_a_committed_write(demo_db: Database, demo_paths: DataPaths) -> None:
    def broken(_tables: frozenset[str]) -> None:
        raise RuntimeError("a window that is already gone")

    demo_db.changes.subscribe(broken)
    before = FamilyRegister(demo_db).count(SPECIALIST, FamilyFilter())
    new_family(demo_paths, demo_db)
    assert FamilyRegister(demo_db).count(SPECIALIST, FamilyFilter()) == before + 1


@pytest.mark.parametrize(
    ("statement", "table"),
    [
        ('INSERT INTO "indicator_value" (id) VALUES (?)', "indicator_value"),
        ("insert or replace into sync_record_state values (?, ?)", "sync_record_state"),
        ("UPDATE execution_report SET status=? WHERE id=?", "execution_report"),
        ("DELETE FROM family_step WHERE id IN (?, ?)", "family_step"),
        ("REPLACE INTO form_answer VALUES (?)", "form_answer"),
        ("SELECT * FROM measure", None),
        ("PRAGMA wal_checkpoint(PASSIVE)", None),
    ],
)
def test_the_table_a_statement_writes_is_read_from_the_statement(statement: str, table: str | None) -> None:
    assert written_table(statement) == table
