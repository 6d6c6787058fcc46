"""The list of support cases read page by page by seeking (keyset): every case once, in either direction, for
every column the user can sort by; «Семья» sorted by the family's name folded (case, ё/е), not by the code; an
empty date first ascending and last descending; the search found through the trigram index and by LIKE alike."""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from sqlalchemy import insert, update

from desktop_app.core.paths import DataPaths
from desktop_app.domain.roles import Role
from desktop_app.services.case_register import CaseFilter, CasePageKey, CaseRegister, case_search_key
from desktop_app.services.name_search import has_search_index
from desktop_app.storage.database import Database, open_database
from desktop_app.storage.models import FamilyCase
from tests.conftest import make_actor

SPECIALIST = make_actor(Role.SPECIALIST, "specialist")
COORDINATOR = make_actor(Role.COORDINATOR, "coordinator")
CASES = 1_500
TODAY = date(2026, 6, 10)
# names that tie and differ only in case or ё/е: the order must fold them as the program folds names
NAMES = ("Семья Ёлкиных", "семья Елисеевых", "Семья Абрамовых", "СЕМЬЯ ЯКОВЛЕВЫХ", "Семья Жуковых", "Семья Ершовых")
CATEGORIES = ("tzhs", "sop", "risk", "placed")
STAGES = ("identified", "assessment", "plan", "support", "monitoring")


def fold(text: str) -> str:
    """The program's collation for names, written out for the test: lower case, ё as е."""
    return text.lower().replace("ё", "е")


@pytest.fixture
def db(empty_paths: DataPaths) -> Iterator[Database]:
    database = open_database(empty_paths, create=True)
    yield database
    database.close()


def case_values(number: int, rng: random.Random) -> dict[str, object]:
    code = f"СС-{number:05d}"
    name = rng.choice(NAMES)
    return {
        "id": str(uuid.uuid4()),
        "code": code,
        "display_name": name,
        "municipality": f"Округ {rng.randrange(4)}",
        "category": rng.choice(CATEGORIES),
        "identified_on": date(2026, 1, 1) + timedelta(days=rng.randrange(30)),
        "stage": rng.choice(STAGES),
        "stage_since": None if rng.random() < 0.15 else date(2026, 2, 1) + timedelta(days=rng.randrange(15)),
        "next_review_on": None if rng.random() < 0.2 else date(2026, 5, 1) + timedelta(days=rng.randrange(60)),
        "curator": rng.choice(("Петрова О. И.", "Сидорова А. А.", "")),
        "search_key": case_search_key(code, name, []),
    }


def bulk_cases(db: Database, count: int = CASES) -> list[dict[str, object]]:
    rng = random.Random(26)
    rows = [case_values(number, rng) for number in range(1, count + 1)]
    with db.transaction() as session:
        session.execute(insert(FamilyCase), rows)
    return rows


def scroll(register: CaseRegister, filters: CaseFilter, limit: int = 200, actor=SPECIALIST) -> list[str]:  # type: ignore[no-untyped-def]
    ids: list[str] = []
    after: CasePageKey | None = None
    while True:
        rows, after = register.page(actor, filters, after, limit, today=TODAY)
        ids.extend(row.id for row in rows)
        if after is None:
            return ids


def sort_value(row: dict[str, object], sort: str) -> object:
    if sort == "family":
        return fold(str(row["display_name"]))
    value = row[sort]
    return "" if value is None else str(value)  # an empty date first, as the list shows it ascending


def expected_ascending(rows: list[dict[str, object]], sort: str) -> list[str]:
    """The order the user asked for, then the code, then the id (the code alone when sorting by code)."""

    def key(row: dict[str, object]) -> tuple[object, ...]:
        if sort == "code":
            return (row["code"], row["id"])
        return (sort_value(row, sort), row["code"], row["id"])

    return [str(row["id"]) for row in sorted(rows, key=key)]


SORTS = ("code", "family", "municipality", "category", "stage", "stage_since", "curator", "next_review_on")


@pytest.mark.parametrize("sort", SORTS)
def test_scrolling_reads_every_case_once_in_either_direction(db: Database, sort: str) -> None:
    rows = bulk_cases(db)
    register = CaseRegister(db)
    ascending = scroll(register, CaseFilter(sort=sort), limit=137)
    descending = scroll(register, CaseFilter(sort=sort, descending=True), limit=200)
    assert len(ascending) == len(set(ascending)) == CASES
    assert ascending == expected_ascending(rows, sort)
    assert descending == list(reversed(ascending))


def test_the_first_rows_by_position_are_the_first_page(db: Database) -> None:
    bulk_cases(db, 300)
    register = CaseRegister(db)
    for sort in SORTS:
        filters = CaseFilter(sort=sort, descending=sort == "stage_since")
        by_key, _ = register.page(SPECIALIST, filters, None, 120, today=TODAY)
        by_position = register.rows(SPECIALIST, filters, 0, 120, today=TODAY)
        assert by_position == by_key
        assert register.rows(SPECIALIST, filters, 120, 60, today=TODAY)[0].id == scroll_ids(register, filters)[120]


def scroll_ids(register: CaseRegister, filters: CaseFilter) -> list[str]:
    return scroll(register, filters, limit=50)


def test_filters_hold_across_pages_and_a_full_last_page_ends_with_an_empty_one(db: Database) -> None:
    rows = bulk_cases(db, 400)
    register = CaseRegister(db)
    overdue = [
        str(row["id"])
        for row in rows
        if row["next_review_on"] is not None and row["next_review_on"] < TODAY  # type: ignore[operator]
    ]
    found = scroll(register, CaseFilter(overdue_only=True, sort="family"), limit=25)
    assert sorted(found) == sorted(overdue) and len(found) == len(set(found))
    first, after = register.page(SPECIALIST, CaseFilter(), None, 400, today=TODAY)
    assert len(first) == 400 and after is not None
    assert register.page(SPECIALIST, CaseFilter(), after, 400, today=TODAY) == ([], None)


def test_without_personal_data_family_sorts_by_code_and_shows_no_name(db: Database) -> None:
    rows = bulk_cases(db, 300)
    register = CaseRegister(db)
    ids = scroll(register, CaseFilter(sort="family"), actor=COORDINATOR)
    assert ids == [str(row["id"]) for row in sorted(rows, key=lambda row: (row["code"], row["id"]))]
    page, _ = register.page(COORDINATOR, CaseFilter(sort="family"), None, 50, today=TODAY)
    assert all(row.family == row.code for row in page)


def test_search_finds_case_and_yo_variants_through_the_index_and_follows_renames(db: Database) -> None:
    rows = bulk_cases(db, 600)
    register = CaseRegister(db)
    with db.reading() as session:
        assert has_search_index(session, FamilyCase)
    for term in ("ЕЛКИН", "ёлкиных", "елисеевых", "яковлев", "се"):  # «се»: two letters, read with LIKE
        expected = sorted(str(row["id"]) for row in rows if fold(term) in fold(f"{row['code']} {row['display_name']}"))
        assert sorted(scroll(register, CaseFilter(search=term))) == expected, term
        assert register.count(SPECIALIST, CaseFilter(search=term), today=TODAY) == len(expected)
    target = rows[7]
    renamed = case_search_key(str(target["code"]), "Семья Щербаковых", [])
    with db.transaction() as session:  # a bulk write, as the exchange makes it: the triggers keep the index
        session.execute(update(FamilyCase).where(FamilyCase.id == target["id"]).values(search_key=renamed))
    assert scroll(register, CaseFilter(search="щербаков")) == [target["id"]]
