"""The register's search through the FTS5 trigram index (migration 0016): it finds what a substring search of the
folded names finds, stays right through bulk inserts, updates and deletes (its triggers), and the register still
searches with LIKE where the index is missing."""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest
from sqlalchemy import delete, insert, text, update

from desktop_app.core.paths import DataPaths
from desktop_app.domain.text import search_key
from desktop_app.services.family_register import FamilyFilter, FamilyRegister, family_search_key
from desktop_app.services.name_search import has_search_index
from desktop_app.storage.database import Database, open_database
from desktop_app.storage.models import ResourceFamily
from tests.services.test_family_keyset import SPECIALIST, bulk_register, family_values


@pytest.fixture
def db(empty_paths: DataPaths) -> Iterator[Database]:
    database = open_database(empty_paths, create=True)
    yield database
    database.close()


def found(register: FamilyRegister, term: str) -> set[str]:
    return {row.id for row in register.page(SPECIALIST, FamilyFilter(search=term), None, 10_000)[0]}


def expected(rows: list[dict[str, object]], term: str) -> set[str]:
    """By hand: the families whose code and names, folded, hold the folded term."""
    return {str(row["id"]) for row in rows if search_key(term) in str(row["search_key"])}


def index_is_whole(db: Database) -> None:
    """FTS5's own check of an external-content index against the table it indexes."""
    with db.transaction() as session:
        session.execute(
            text("INSERT INTO resource_family_fts(resource_family_fts, rank) VALUES ('integrity-check', 1)")
        )


def test_a_new_database_searches_through_the_index(db: Database) -> None:
    with db.reading() as session:
        assert has_search_index(session)


@pytest.mark.parametrize("term", ["ёлкина", "ЕЛКИНА АННА", "иванова ал", "ова", "рс-0001", "ли", "а", "жуков%"])
def test_the_index_finds_what_a_substring_search_finds(db: Database, term: str) -> None:
    rows = bulk_register(db, 1_000)
    register = FamilyRegister(db)
    assert found(register, term) == expected(rows, term)
    assert register.count(SPECIALIST, FamilyFilter(search=term)) == len(expected(rows, term))


def test_bulk_updates_and_deletes_keep_the_index_right(db: Database) -> None:
    rows = bulk_register(db, 500)
    register = FamilyRegister(db)
    renamed, gone = rows[:50], rows[50:100]
    with db.transaction() as session:  # as the exchange applies a bundle: Core statements, no ORM objects
        for row in renamed:
            key = family_search_key(str(row["code"]), ["Щербакова Ульяна"])
            session.execute(
                update(ResourceFamily)
                .where(ResourceFamily.id == row["id"])
                .values(display_name="Щербакова Ульяна", search_key=key)
            )
            row["search_key"] = key
        session.execute(delete(ResourceFamily).where(ResourceFamily.id.in_([row["id"] for row in gone])))
        session.execute(insert(ResourceFamily), [family_values(9_000, "Щербаков Ян", random.Random(3))])
    index_is_whole(db)
    kept = rows[:50] + rows[100:]
    assert found(register, "щербакова") == {str(row["id"]) for row in renamed}
    assert len(found(register, "щербак")) == 51
    assert found(register, "ова") == expected(kept, "ова")  # nothing deleted or renamed away is found
    assert not found(register, str(gone[0]["code"]))


def test_without_the_index_the_register_searches_as_before(db: Database) -> None:
    rows = bulk_register(db, 300)
    with db.transaction() as session:  # an old database, or an SQLite without FTS5
        for name in ("insert", "delete", "update"):
            session.execute(text(f"DROP TRIGGER resource_family_fts_{name}"))
        session.execute(text("DROP TABLE resource_family_fts"))
    register = FamilyRegister(db)
    with db.reading() as session:
        assert not has_search_index(session)
    for term in ("ЁЛКИНА", "ова", "ли"):
        assert found(register, term) == expected(rows, term)
