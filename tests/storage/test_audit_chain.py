"""The audit trail is append-only and hash-chained: the program cannot edit it, and `opeka check` finds any
entry changed, deleted or added with an SQLite tool outside the program."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from desktop_app.cli.main import main
from desktop_app.domain.actor import Actor
from desktop_app.domain.audit_chain import GENESIS, BreakKind, StoredEntry, chain_breaks, link_hash
from desktop_app.domain.errors import UserError
from desktop_app.services.installation import check_database_file
from desktop_app.storage.audit_chain import audit_trail_problems
from desktop_app.storage.database import Database, open_database
from desktop_app.storage.models import AuditEntry, Organisation
from tests.storage.test_migrations import older_release


def add_organisations(db: Database, actor: Actor, count: int) -> None:
    for number in range(count):
        with db.transaction(actor) as session:
            session.add(Organisation(full_name=f"Организация {number}", short_name=f"О{number}", department="other"))


def tamper(path: Path, *statements: str) -> None:
    """What someone with an SQLite tool would do: drop the guards, then change the file."""
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("DROP TRIGGER IF EXISTS audit_entry_no_update")
        connection.execute("DROP TRIGGER IF EXISTS audit_entry_no_delete")
        for statement in statements:
            connection.execute(statement)
        connection.commit()


def last_seq(path: Path) -> int:
    with closing(sqlite3.connect(path)) as connection:
        return int(connection.execute("SELECT max(seq) FROM audit_entry").fetchone()[0])


@pytest.fixture
def closed_demo(demo_db: Database, demo_actor: Actor) -> Path:
    add_organisations(demo_db, demo_actor, 3)
    demo_db.close()
    return demo_db.path


def test_entries_are_numbered_in_order_and_the_chain_checks_out(demo_db: Database, demo_actor: Actor) -> None:
    add_organisations(demo_db, demo_actor, 3)
    with demo_db.reading() as session:
        numbers = list(session.scalars(select(AuditEntry.seq).order_by(AuditEntry.seq)))
    assert numbers == list(range(1, len(numbers) + 1))
    assert check_database_file(demo_db.path).ok


def test_the_program_refuses_to_change_or_delete_an_entry(demo_db: Database, demo_actor: Actor) -> None:
    with pytest.raises(UserError, match="не редактируется"):
        with demo_db.transaction(demo_actor) as session:
            session.scalars(select(AuditEntry).limit(1)).one().summary = "подмена"
    with pytest.raises(UserError, match="не редактируется"):
        with demo_db.transaction(demo_actor) as session:
            session.delete(session.scalars(select(AuditEntry).limit(1)).one())
    assert check_database_file(demo_db.path).ok


def test_sqlite_itself_refuses_edits_while_the_guards_are_in_place(closed_demo: Path) -> None:
    with closing(sqlite3.connect(closed_demo)) as connection:
        with pytest.raises(sqlite3.DatabaseError, match="не редактируется"):
            connection.execute("UPDATE audit_entry SET summary = 'подмена' WHERE seq = 1")
        with pytest.raises(sqlite3.DatabaseError, match="не редактируется"):
            connection.execute("DELETE FROM audit_entry WHERE seq = 1")


def test_an_entry_changed_outside_the_program_is_named_by_opeka_check(
    closed_demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tamper(closed_demo, "UPDATE audit_entry SET user_login = 'кто-то' WHERE seq = 5")
    code = main(["check", "--data-dir", str(closed_demo.parent)])
    err = capsys.readouterr().err
    assert code == 1
    assert "запись № 5" in err and "изменена вне программы" in err
    assert "сняты" in err or "снята защита" in err
    assert "№ 6" not in err  # one edited entry is reported once, not with everything after it


def test_recomputing_the_changed_entrys_hash_still_breaks_at_the_next_entry(closed_demo: Path) -> None:
    with closing(sqlite3.connect(closed_demo)) as connection:
        columns = "seq, id, at, user_id, user_login, action, entity, entity_id, summary, old_values, new_values"
        row = connection.execute(f"SELECT {columns} FROM audit_entry WHERE seq = 4").fetchone()
        previous = connection.execute("SELECT chain_hash FROM audit_entry WHERE seq = 3").fetchone()[0]
    forged = replace(StoredEntry(*row), summary="подмена")
    tamper(
        closed_demo,
        f"UPDATE audit_entry SET summary = 'подмена', chain_hash = '{link_hash(previous, forged)}' WHERE seq = 4",
    )
    problems = check_database_file(closed_demo).problems
    assert any("запись № 5" in problem for problem in problems)


def test_deleted_entries_in_the_middle_and_at_the_end_are_found(closed_demo: Path) -> None:
    last = last_seq(closed_demo)
    tamper(closed_demo, "DELETE FROM audit_entry WHERE seq IN (3, 4)", f"DELETE FROM audit_entry WHERE seq = {last}")
    problems = check_database_file(closed_demo).problems
    assert any("записи № 3–4 удалены" in problem for problem in problems)
    assert any(f"последние записи № {last} удалены" in problem for problem in problems)


def test_an_entry_inserted_outside_the_program_is_found(closed_demo: Path) -> None:
    tamper(
        closed_demo,
        "INSERT INTO audit_entry (id, at, user_login, action, entity, summary) "
        "VALUES ('x', '2026-01-01T00:00:00.000000+00:00', 'admin', 'create', 'user_account', 'вставка')",
    )
    problems = check_database_file(closed_demo).problems
    assert any("без номера добавлены вне программы" in problem for problem in problems)


def test_a_database_of_the_previous_release_gets_its_existing_entries_chained(tmp_path: Path) -> None:
    paths = older_release(tmp_path / "old", "0006")
    with closing(sqlite3.connect(paths.database)) as connection:
        connection.executemany(
            "INSERT INTO audit_entry (id, at, user_login, action, entity, summary, new_values) "
            "VALUES (?, ?, 'admin', 'create', 'organisation', ?, ?)",
            [(f"e{n}", f"2025-0{n}-01T00:00:00.000000+00:00", f"Создано: {n}", '{"a": 1}') for n in (3, 1, 2)],
        )
        connection.commit()
    db = open_database(paths)
    try:
        with db.reading() as session:
            chained = [(entry.id, entry.seq) for entry in session.scalars(select(AuditEntry).order_by(AuditEntry.seq))]
    finally:
        db.close()
    assert chained == [("e1", 1), ("e2", 2), ("e3", 3)]
    assert audit_trail_problems(paths.database) == []


ENTRY_FIELDS = ("id", "at", "user_id", "user_login", "action", "entity", "entity_id", "summary", "new_values")


def chain_of(count: int) -> list[tuple[StoredEntry, str]]:
    chained, previous = [], GENESIS
    for seq in range(1, count + 1):
        entry = StoredEntry(seq, f"id{seq}", "2026-01-01", None, "u", "create", "t", None, f"№{seq}", None, "{}")
        previous = link_hash(previous, entry)
        chained.append((entry, previous))
    return chained


@settings(max_examples=200)
@given(st.data())
def test_any_single_changed_field_is_detected(data: st.DataObject) -> None:
    chained = chain_of(data.draw(st.integers(1, 8)))
    index = data.draw(st.integers(0, len(chained) - 1))
    field = data.draw(st.sampled_from(ENTRY_FIELDS))
    entry, stored = chained[index]
    new_value = data.draw(st.text(max_size=5).filter(lambda text: text != getattr(entry, field)))
    chained[index] = (replace(entry, **{field: new_value}), stored)
    head = (chained[-1][0].seq, chained[-1][1])
    breaks = chain_breaks(chained, head)
    assert [(found.kind, found.seq) for found in breaks] == [(BreakKind.CHANGED, index + 1)]


def test_an_intact_chain_has_no_breaks() -> None:
    chained = chain_of(5)
    assert chain_breaks(chained, (5, chained[-1][1])) == []
