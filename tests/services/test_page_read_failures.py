"""A page of the register read on SQLite's own cursor fails as every other read does: one Russian sentence
(DatabaseProblem), never the driver's own exception reaching the window."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing

import pytest

from desktop_app.core.paths import DataPaths
from desktop_app.domain.errors import DatabaseProblem
from desktop_app.domain.roles import Role
from desktop_app.services.family_register import FamilyFilter, FamilyRegister
from desktop_app.storage.database import Database, open_database
from tests.conftest import make_actor

SPECIALIST = make_actor(Role.SPECIALIST, "specialist")


@pytest.fixture
def db(empty_paths: DataPaths) -> Iterator[Database]:
    database = open_database(empty_paths, create=True)
    yield database
    database.close()


def test_a_page_whose_table_is_gone_is_refused_in_one_sentence(db: Database) -> None:
    register = FamilyRegister(db)
    assert register.page(SPECIALIST, FamilyFilter(), None, 50) == ([], None)
    with closing(sqlite3.connect(db.path)) as other:  # another program damaged the file's tables
        other.execute("ALTER TABLE resource_family RENAME TO resource_family_old")
        other.commit()
    with pytest.raises(DatabaseProblem) as refused:
        register.page(SPECIALIST, FamilyFilter(), None, 50)
    assert refused.value.message.startswith("Ошибка базы данных:")
    assert refused.value.message.endswith(".")
