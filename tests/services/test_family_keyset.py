"""The family register read page by page by seeking (keyset): every family once, in either direction, and
«Семья» sorted by the names the user sees (folded as the program folds names everywhere: ``search_key`` —
case and ё/е folded, then by letter), over a register written in bulk as the exchange writes it."""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from sqlalchemy import insert, update

from desktop_app.core.paths import DataPaths
from desktop_app.domain.roles import Role
from desktop_app.domain.text import search_key
from desktop_app.services.family_register import FamilyFilter, FamilyRegister, PageKey, family_search_key
from desktop_app.storage.database import Database, open_database
from desktop_app.storage.models import ResourceFamily
from tests.conftest import make_actor

SPECIALIST = make_actor(Role.SPECIALIST, "specialist")
COORDINATOR = make_actor(Role.COORDINATOR, "coordinator")
FAMILIES = 3_000
SURNAMES = ("Ёлкина", "Елисеева", "Абрамова", "Яковлева", "Иванова", "ИВАНОВА", "Жукова", "Ершова")
FIRST = ("Анна", "Алёна", "Мария")
STAGES = ("candidate", "documents", "in_register", "active", "paused")


@pytest.fixture
def db(empty_paths: DataPaths) -> Iterator[Database]:
    database = open_database(empty_paths, create=True)
    yield database
    database.close()


def family_values(number: int, name: str, rng: random.Random) -> dict[str, object]:
    code = f"РС-{number:06d}"
    return {
        "id": str(uuid.uuid4()),
        "code": code,
        "display_name": name,
        "municipality": f"Округ {rng.randrange(5)}",
        "status": rng.choice(STAGES),
        "status_since": None if rng.random() < 0.1 else date(2025, 1, 1) + timedelta(days=rng.randrange(20)),
        "capacity_children": rng.choice((1, 2, 3)),
        "placed_now": 0,
        "search_key": family_search_key(code, [name]),
    }


def bulk_register(db: Database, count: int = FAMILIES) -> list[dict[str, object]]:
    """``count`` families in one Core insert, the names drawn from a few so that many tie."""
    rng = random.Random(26)
    rows = [family_values(number, f"{rng.choice(SURNAMES)} {rng.choice(FIRST)}", rng) for number in range(1, count + 1)]
    with db.transaction() as session:
        session.execute(insert(ResourceFamily), rows)
    return rows


def scroll(register: FamilyRegister, filters: FamilyFilter, limit: int = 200) -> list[str]:
    """Every page until the register says there is no more, as the table fetches them."""
    ids: list[str] = []
    after: PageKey | None = None
    while True:
        rows, after = register.page(SPECIALIST, filters, after, limit)
        ids.extend(row.id for row in rows)
        if after is None:
            return ids


SORTS = {
    "code": "code",
    "municipality": "municipality",
    "status": "status",
    "status_since": "status_since",
    "capacity": "capacity_children",
    "name": None,  # the names as folded by search_key
}


def expected_ascending(rows: list[dict[str, object]], sort: str) -> list[str]:
    """The order the user asked for, then the id; an empty date first (as SQLite orders NULL)."""

    def key(row: dict[str, object]) -> tuple[object, ...]:
        column = SORTS[sort]
        value = search_key(str(row["display_name"])) if column is None else row[column]
        return (value is not None, value if value is not None else "", row["id"])

    return [str(row["id"]) for row in sorted(rows, key=key)]


@pytest.mark.parametrize("sort", sorted(SORTS))
def test_scrolling_reads_every_family_once_in_either_direction(db: Database, sort: str) -> None:
    rows = bulk_register(db)
    register = FamilyRegister(db)
    ascending = scroll(register, FamilyFilter(sort=sort), limit=137)
    descending = scroll(register, FamilyFilter(sort=sort, descending=True), limit=200)
    assert len(ascending) == len(set(ascending)) == FAMILIES
    assert ascending == expected_ascending(rows, sort)
    assert descending == list(reversed(ascending))


def test_the_pages_end_when_the_rows_do_and_filters_hold(db: Database) -> None:
    rows = bulk_register(db, 450)
    register = FamilyRegister(db)
    active = [str(row["id"]) for row in rows if row["status"] == "active"]
    found = scroll(register, FamilyFilter(status="active", sort="name"), limit=50)
    assert sorted(found) == sorted(active)
    assert len(found) == len(set(found))
    first, after = register.page(SPECIALIST, FamilyFilter(), None, 450)
    assert len(first) == 450 and after is not None  # a full page may be the last: the next one is empty
    assert register.page(SPECIALIST, FamilyFilter(), after, 450) == ([], None)


def test_sorting_by_family_orders_the_names_folded_not_the_codes(db: Database) -> None:
    names = ["Яковлева Анна", "ёлкина Мария", "Абрамова Алёна", "Елисеева Анна", "ИВАНОВА Анна", "Жукова Анна"]
    rng = random.Random(1)
    with db.transaction() as session:
        session.execute(insert(ResourceFamily), [family_values(n, name, rng) for n, name in enumerate(names, 1)])
    register = FamilyRegister(db)
    shown, _ = register.page(SPECIALIST, FamilyFilter(sort="name"), None, 10)
    # search_key folds case and ё: абрамова, елисеева, елкина, жукова, иванова, яковлева
    assert [row.name for row in shown] == [
        "Абрамова Алёна",
        "Елисеева Анна",
        "ёлкина Мария",
        "Жукова Анна",
        "ИВАНОВА Анна",
        "Яковлева Анна",
    ]
    backwards, _ = register.page(SPECIALIST, FamilyFilter(sort="name", descending=True), None, 10)
    assert [row.name for row in backwards] == [row.name for row in reversed(shown)]
    # the coordinator sees codes where the names are: «Семья» sorts by the code
    coded, _ = register.page(COORDINATOR, FamilyFilter(sort="name"), None, 10)
    assert [row.name for row in coded] == [row.code for row in coded]
    assert [row.code.split(" ")[0] for row in coded] == [f"РС-{n:06d}" for n in range(1, 7)]


def test_search_folds_case_and_yo_and_finds_two_letters(db: Database) -> None:
    rng = random.Random(2)
    names = ["Фёдорова Алёна", "Федоров Пётр", "Ли Мария", "Смирнова Анна"]
    with db.transaction() as session:
        session.execute(insert(ResourceFamily), [family_values(n, name, rng) for n, name in enumerate(names, 1)])
    register = FamilyRegister(db)

    def found(text: str) -> list[str]:
        return sorted(row.name for row in register.page(SPECIALIST, FamilyFilter(search=text), None, 50)[0])

    assert found("федоров") == ["Федоров Пётр", "Фёдорова Алёна"]
    assert found("ФЁДОРОВА АЛЕНА") == ["Фёдорова Алёна"]
    assert found("ПЕТР") == ["Федоров Пётр"]
    assert found("ли") == ["Ли Мария"]
    assert register.count(SPECIALIST, FamilyFilter(search="ли")) == 1


def test_a_name_changed_in_bulk_is_found_by_the_new_name_only(db: Database) -> None:
    rows = bulk_register(db, 300)
    register = FamilyRegister(db)
    target = rows[17]
    renamed = family_search_key(str(target["code"]), ["Щербакова Ульяна"])
    with db.transaction() as session:  # as the exchange applies a bundle: a Core update, no ORM object
        session.execute(
            update(ResourceFamily)
            .where(ResourceFamily.id == target["id"])
            .values(display_name="Щербакова Ульяна", search_key=renamed)
        )
    assert [row.id for row in register.page(SPECIALIST, FamilyFilter(search="щербакова"), None, 50)[0]] == [
        target["id"]
    ]
    old = search_key(str(target["display_name"]))
    still = [row.id for row in register.page(SPECIALIST, FamilyFilter(search=old), None, FAMILIES)[0]]
    assert target["id"] not in still
