"""A district's bundle of hundreds of families reaches the region's name search in one statement after the rows
(storage/search_index.search_index_filled_after) instead of one trigger run per family. What a user depends on:
every imported family is found by its name (any case, ё or е), the index matches the table exactly, the trigger is
back for the next single write, and an import that fails half-way leaves the index and its trigger as they were."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select, text

from desktop_app.domain.actor import SYSTEM_ACTOR
from desktop_app.domain.roles import Role
from desktop_app.services.family_register import FamilyFilter, FamilyRegister, family_search_key
from desktop_app.storage.database import Database
from desktop_app.storage.models import ResourceFamily
from desktop_app.storage.search_index import BULK_INDEX_ROWS, fts_statements, search_index_filled_after
from desktop_app.sync import importer as importer_module
from tests.conftest import make_actor
from tests.exchange.test_end_to_end import Installation, region_and_district

DISTRICT = "Плесецкий муниципальный округ"
FAMILIES = BULK_INDEX_ROWS + 50
SURNAMES = ("Ёлкина", "Елисеева", "Абрамова", "Жукова")
SPECIALIST = make_actor(Role.SPECIALIST, "specialist")


def _name(number: int) -> str:
    return f"{SURNAMES[number % len(SURNAMES)]} Анна {number}"


def _families(db: Database, numbers: range) -> None:
    rows = [
        {
            "id": str(uuid.uuid4()),
            "code": f"РС-{n:04d}",
            "display_name": _name(n),
            "municipality": DISTRICT,
            "status": "candidate",
            "search_key": family_search_key(f"РС-{n:04d}", [_name(n)]),
        }
        for n in numbers
    ]
    with db.transaction() as session:
        session.execute(insert(ResourceFamily), rows)


def _insert_trigger(db: Database) -> str | None:
    with db.reading() as session:
        query = text("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'resource_family_fts_insert'")
        return session.execute(query).scalar()


def _index_matches_table(db: Database) -> None:
    with db.transaction() as session:  # FTS5 raises if the index and its table disagree
        session.execute(text("INSERT INTO resource_family_fts(resource_family_fts) VALUES ('integrity-check')"))


def _found(db: Database, search: str) -> int:
    return FamilyRegister(db).count(SPECIALIST, FamilyFilter(search=search))


@pytest.fixture
def bundle(tmp_path: Path) -> tuple[Installation, Path]:
    region, district, _ = region_and_district(tmp_path, DISTRICT)
    _families(district.db, range(1, FAMILIES + 1))
    path = tmp_path / "district.opeka"
    district.export.write(SYSTEM_ACTOR, path)
    district.db.close()
    return region, path


def test_a_large_bundle_is_found_by_name_and_the_trigger_is_back(bundle: tuple[Installation, Path]) -> None:
    region, path = bundle
    trigger = _insert_trigger(region.db)
    assert trigger is not None
    region.load.apply(SYSTEM_ACTOR, region.load.preview(SYSTEM_ACTOR, path))
    _index_matches_table(region.db)
    elkina = sum(1 for n in range(1, FAMILIES + 1) if SURNAMES[n % len(SURNAMES)] == "Ёлкина")
    assert _found(region.db, "ЕЛКИНА") == elkina  # ё typed as е, and upper case
    assert _found(region.db, "абрамова анна 7") == sum(
        1 for n in range(1, FAMILIES + 1) if _name(n).lower().startswith("абрамова анна 7")
    )
    assert trigger == fts_statements("resource_family")[2]  # as the migration made it
    assert _insert_trigger(region.db) == trigger
    # a single family written afterwards goes through the trigger again
    _families(region.db, range(9001, 9002))
    assert _found(region.db, _name(9001)) == 1
    _index_matches_table(region.db)


def test_an_import_failing_after_the_rows_leaves_index_and_trigger_as_they_were(
    bundle: tuple[Installation, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    region, path = bundle
    trigger = _insert_trigger(region.db)
    with region.db.reading() as session:
        before = session.scalar(select(func.count()).select_from(ResourceFamily))

    def broken(*_args: object) -> None:
        raise OSError("диск отключён")

    monkeypatch.setattr(importer_module, "remember", broken)  # after the families and their index are written
    preview = region.load.preview(SYSTEM_ACTOR, path)
    with pytest.raises(Exception):  # noqa: B017 - whatever the importer makes of it, the database is as it was
        region.load.apply(SYSTEM_ACTOR, preview)
    with region.db.reading() as session:
        assert session.scalar(select(func.count()).select_from(ResourceFamily)) == before
    assert _insert_trigger(region.db) == trigger
    _index_matches_table(region.db)
    assert _found(region.db, "ёлкина") == 0
    monkeypatch.undo()
    region.load.apply(SYSTEM_ACTOR, region.load.preview(SYSTEM_ACTOR, path))
    assert _found(region.db, "ёлкина") > 0
    _index_matches_table(region.db)


def test_a_second_bundle_of_only_new_families_failing_leaves_the_trigger(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The district's next bundle usually carries new families only: nothing else is written before them, so the
    import's transaction must already be open when the trigger is dropped, or the drop would stand alone."""
    region, district, _ = region_and_district(tmp_path, DISTRICT)
    _families(district.db, range(1, FAMILIES + 1))
    first, second = tmp_path / "first.opeka", tmp_path / "second.opeka"
    district.export.write(SYSTEM_ACTOR, first)
    region.load.apply(SYSTEM_ACTOR, region.load.preview(SYSTEM_ACTOR, first))
    _families(district.db, range(FAMILIES + 1, 2 * FAMILIES + 1))
    district.export.write(SYSTEM_ACTOR, second)
    district.db.close()
    trigger = _insert_trigger(region.db)

    def broken(*_args: object) -> None:
        raise OSError("диск отключён")

    monkeypatch.setattr(importer_module, "remember", broken)
    with pytest.raises(Exception):  # noqa: B017 - whatever the importer makes of it, the database is as it was
        region.load.apply(SYSTEM_ACTOR, region.load.preview(SYSTEM_ACTOR, second))
    assert _insert_trigger(region.db) == trigger
    _index_matches_table(region.db)
    _families(region.db, range(9001, 9002))  # written in the program afterwards: found through the trigger
    assert _found(region.db, _name(9001)) == 1


def test_outside_a_begun_transaction_the_trigger_is_left_alone(bundle: tuple[Installation, Path]) -> None:
    region, _path = bundle
    trigger = _insert_trigger(region.db)
    query = "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'resource_family_fts_insert'"
    with region.db.engine.connect() as connection:  # nothing written yet: the sqlite3 module has begun nothing
        with pytest.raises(RuntimeError), search_index_filled_after(connection, "resource_family", 10 * FAMILIES):
            assert connection.exec_driver_sql(query).scalar() == trigger
            raise RuntimeError("сбой")
        connection.rollback()
    assert _insert_trigger(region.db) == trigger
