"""A page of the family register read by its position (a jump of the scroll bar) is the same slice of the list
however it is read — from the start, or turned round from the end — and its key leads on to the next page."""

from __future__ import annotations

import pytest

from desktop_app.services.family_register import FamilyFilter, FamilyRegister
from desktop_app.storage.database import Database
from tests.services.test_family_keyset import SPECIALIST, bulk_register, db, expected_ascending  # noqa: F401

COUNT = 1_000


@pytest.mark.parametrize("sort", ["code", "name", "status_since"])
@pytest.mark.parametrize("descending", [False, True])
def test_a_page_by_position_is_the_slice_from_either_end(db: Database, sort: str, descending: bool) -> None:  # noqa: F811
    rows = bulk_register(db, COUNT)
    order = expected_ascending(rows, sort)
    if descending:
        order.reverse()
    register = FamilyRegister(db)
    filters = FamilyFilter(sort=sort, descending=descending)
    for start in (0, 137, 480, 520, 870, 990):  # before the middle from the start, after it from the end
        page, key = register.page_at(SPECIALIST, filters, start, 40, COUNT)
        assert [row.id for row in page] == order[start : start + 40], start
        if start + 40 < COUNT:
            following, _ = register.page(SPECIALIST, filters, key, 25)
            assert [row.id for row in following] == order[start + 40 : start + 65], start


def test_the_last_page_may_be_short(db: Database) -> None:  # noqa: F811
    rows = bulk_register(db, COUNT)
    order = expected_ascending(rows, "code")
    page, _ = FamilyRegister(db).page_at(SPECIALIST, FamilyFilter(), 800, 200, COUNT)
    assert [row.id for row in page] == order[800:]
