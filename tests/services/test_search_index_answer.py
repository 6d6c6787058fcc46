"""Whether a database has the registers' trigram index is asked once per open database, not on every first page:
a new database and one migrated from a release before the index both answer yes from the first search on, and a
database whose index is dropped behind the program is asked again once it is told to (``forget_search_index``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import event, text

from desktop_app.core.paths import DataPaths
from desktop_app.services.case_register import CaseFilter, CaseRegister
from desktop_app.services.family_register import FamilyFilter, FamilyRegister
from desktop_app.services.name_search import forget_search_index, has_search_index
from desktop_app.storage.database import Database, open_database
from desktop_app.storage.models import FamilyCase, ResourceFamily
from tests.services.test_family_keyset import SPECIALIST, bulk_register
from tests.storage.test_migrations import older_release


@pytest.fixture
def db(empty_paths: DataPaths) -> Iterator[Database]:
    database = open_database(empty_paths, create=True)
    yield database
    database.close()


def index_questions(db: Database) -> list[str]:
    """Every statement that asks the schema about a search index, as the engine sends them (grows as they go)."""
    asked: list[str] = []

    def heard(_conn: object, _cursor: object, statement: str, *_rest: object) -> None:
        if "sqlite_master" in statement:
            asked.append(statement)

    event.listen(db.engine, "before_cursor_execute", heard)
    return asked


def both_answers(db: Database) -> tuple[bool, bool]:
    with db.reading() as session:
        return has_search_index(session, ResourceFamily), has_search_index(session, FamilyCase)


def test_the_registers_ask_once_whatever_how_many_first_pages(db: Database) -> None:
    bulk_register(db, 50)
    asked = index_questions(db)
    families, cases = FamilyRegister(db), CaseRegister(db)
    for term in ("ова", "ан", "", "ёлкина"):
        families.count(SPECIALIST, FamilyFilter(search=term))
        families.page(SPECIALIST, FamilyFilter(search=term), None, 100)
        cases.count(SPECIALIST, CaseFilter(search=term))
        cases.page(SPECIALIST, CaseFilter(search=term), None, 100)
    assert len(asked) == 2  # the families' index and the cases' index, once each
    assert both_answers(db) == (True, True)
    assert len(asked) == 2


def test_a_database_migrated_from_before_the_index_has_it_from_the_first_search(tmp_path: Path) -> None:
    paths = older_release(tmp_path / "old", "0015")  # the release before 0016 and 0017 built the indexes
    db = open_database(paths)
    try:
        assert both_answers(db) == (True, True)
        assert FamilyRegister(db).count(SPECIALIST, FamilyFilter(search="семья")) == 0
    finally:
        db.close()


def test_an_index_dropped_behind_the_program_is_asked_again_when_told(db: Database) -> None:
    assert both_answers(db) == (True, True)
    with db.transaction() as session:
        for name in ("insert", "delete", "update"):
            session.execute(text(f"DROP TRIGGER resource_family_fts_{name}"))
        session.execute(text("DROP TABLE resource_family_fts"))
    assert both_answers(db) == (True, True)  # kept: nothing in the program drops an index
    forget_search_index(db.engine)
    assert both_answers(db) == (False, True)
    rows = bulk_register(db, 100)
    expected = sum(1 for row in rows if "ова" in str(row["search_key"]))
    assert FamilyRegister(db).count(SPECIALIST, FamilyFilter(search="ова")) == expected  # LIKE, as before


def test_each_open_database_has_its_own_answer(tmp_path: Path, db: Database) -> None:
    paths = older_release(tmp_path / "other", "0015")
    other = open_database(paths)
    try:
        with other.transaction() as session:
            session.execute(text("DROP TABLE family_case_fts"))
        assert both_answers(db) == (True, True)
        assert both_answers(other) == (True, False)
    finally:
        other.close()
