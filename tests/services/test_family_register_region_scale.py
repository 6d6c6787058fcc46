"""The register's reads that a region of a million families depends on, checked for what they answer: the
municipalities each once by name (sought from one name to the next), the ready families counted per municipality
(from the (status, municipality) index), the filters by stage and municipality across pages, and the pages read on
SQLite's own cursor giving the same typed values — dates as dates, flags as yes/no — on a plain and on an encrypted
installation."""

from __future__ import annotations

import json
import random
import uuid
from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import nacl.pwhash
import pytest
from sqlalchemy import insert

from desktop_app.core.paths import DataPaths, resource_path
from desktop_app.domain.roles import Role
from desktop_app.services.database_access import open_signed_in
from desktop_app.services.demo import create_demo
from desktop_app.services.family_register import READY, FamilyFilter, FamilyRegister, PageKey, family_search_key
from desktop_app.storage import key_store
from desktop_app.storage.database import Database, open_database
from desktop_app.storage.models import ResourceFamily
from tests.conftest import DEMO_TODAY, make_actor

DEMO_DATA = json.loads(resource_path("demo", "demo_data.json").read_text(encoding="utf-8"))
SPECIALIST = make_actor(Role.SPECIALIST, "specialist")
MUNICIPALITIES = ("Онежский", "Вельский", "Коношский", "Устьянский", "")
STAGES = ("candidate", "documents", "in_register", "active", "paused", "excluded")
READY_STATUSES = {"in_register", "active"}  # «в реестре» and «приняла детей»


@pytest.fixture
def db(empty_paths: DataPaths) -> Iterator[Database]:
    database = open_database(empty_paths, create=True)
    yield database
    database.close()


def bulk(db: Database, count: int = 1_200) -> list[dict[str, object]]:
    rng = random.Random(18)
    rows = []
    for number in range(1, count + 1):
        code, name = f"РС-{number:06d}", f"Семья {number}"
        capacity = rng.choice((1, 2, 3))
        rows.append(
            {
                "id": str(uuid.uuid4()),
                "code": code,
                "display_name": name,
                "municipality": rng.choice(MUNICIPALITIES),
                "status": rng.choice(STAGES),
                "status_since": None if rng.random() < 0.1 else date(2025, 1, 1) + timedelta(days=rng.randrange(300)),
                "capacity_children": capacity,
                "placed_now": rng.randrange(capacity + 1),
                "accepts_disability": rng.random() < 0.3,
                "accepts_siblings": rng.random() < 0.5,
                "search_key": family_search_key(code, [name]),
            }
        )
    with db.transaction() as session:
        session.execute(insert(ResourceFamily), rows)
    return rows


def every_page(register: FamilyRegister, filters: FamilyFilter, limit: int = 97) -> list:  # type: ignore[type-arg]
    rows, after = register.page(SPECIALIST, filters, None, limit)
    found = list(rows)
    while after is not None:
        rows, after = register.page(SPECIALIST, filters, after, limit)
        found.extend(rows)
    return found


def test_each_municipality_is_listed_once_by_name_and_the_ready_families_are_counted_in_each(db: Database) -> None:
    rows = bulk(db)
    register = FamilyRegister(db)
    named = sorted({str(row["municipality"]) for row in rows} - {""})
    assert register.municipalities(SPECIALIST) == named  # plain Cyrillic names: alphabetical order is by letter
    ready = Counter(str(row["municipality"]) for row in rows if row["status"] in READY_STATUSES)
    targets = {target.municipality: target.ready for target in register.targets(SPECIALIST)}
    for municipality in named:
        assert targets[municipality] == ready[municipality]


def test_a_filter_by_stage_and_municipality_pages_through_exactly_its_families(db: Database) -> None:
    rows = bulk(db)
    register = FamilyRegister(db)
    filters = FamilyFilter(status=READY, municipality="Вельский", free_places_only=True)
    expected = sorted(
        (str(row["code"]), str(row["id"]))
        for row in rows
        if row["status"] in READY_STATUSES
        and row["municipality"] == "Вельский"
        and int(row["placed_now"]) < int(row["capacity_children"])  # type: ignore[call-overload]
    )
    assert register.count(SPECIALIST, filters) == len(expected)
    assert [row.id for row in every_page(register, filters, 7)] == [family_id for _code, family_id in expected]
    plain = FamilyFilter(municipality="Онежский", accepts_siblings=True)
    expected_plain = sorted(
        (str(row["code"]), str(row["id"]))
        for row in rows
        if row["municipality"] == "Онежский" and row["accepts_siblings"]
    )
    assert [row.id for row in every_page(register, plain, 11)] == [family_id for _code, family_id in expected_plain]


def test_pages_read_on_the_cursor_carry_dates_and_flags_as_the_card_shows_them(db: Database) -> None:
    rows = {str(row["id"]): row for row in bulk(db, 400)}
    register = FamilyRegister(db)
    # «С даты» descending walks the dated families and then the undated ones: both kinds of key are bound
    found = every_page(register, FamilyFilter(sort="status_since", descending=True), 13)
    assert len(found) == len(rows)
    for row in found:
        stored = rows[row.id]
        assert row.status_since == stored["status_since"]
        assert row.status_since is None or type(row.status_since) is date
        assert row.accepts_disability is stored["accepts_disability"]
        assert row.accepts_siblings is stored["accepts_siblings"]
        assert (row.capacity, row.placed) == (stored["capacity_children"], stored["placed_now"])
    dated = [row.status_since for row in found if row.status_since is not None]
    assert dated == sorted(dated, reverse=True)
    assert all(row.status_since is None for row in found[len(dated) :])


@pytest.fixture
def fast_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(key_store, "OPSLIMIT", nacl.pwhash.argon2id.OPSLIMIT_MIN)
    monkeypatch.setattr(key_store, "MEMLIMIT", nacl.pwhash.argon2id.MEMLIMIT_MIN)


def test_an_encrypted_installation_pages_its_register_the_same_way(tmp_path: Path, fast_argon2: None) -> None:
    paths = DataPaths(tmp_path / "data")
    db, result = create_demo(paths, DEMO_TODAY, encrypted=True)
    db.close()
    signed = open_signed_in(paths, result.login, result.password)
    try:
        register = FamilyRegister(signed.db)
        actor = signed.actor
        pages: list[PageKey | None] = []
        rows, after = register.page(actor, FamilyFilter(), None, 2)
        found = list(rows)
        while after is not None:
            pages.append(after)
            rows, after = register.page(actor, FamilyFilter(), after, 2)
            found.extend(rows)
        codes = [row.code for row in found]
        assert len(codes) == len(DEMO_DATA["families"]) and codes == sorted(codes)
        assert len(pages) >= 2  # the key of a page read on the cursor was bound into the next
        assert all(row.status_since is None or type(row.status_since) is date for row in found)
    finally:
        signed.db.close()
