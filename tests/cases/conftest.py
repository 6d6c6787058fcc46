"""The case tests written before the demo held family support cases number their own cases from «СС-0001», count
the register, the map and the expert group's placements from nothing: they get the demo without its cases, resource
map and meetings (removed straight from the tables, as if the demo had never had them). A module that tests the
demo's own cases sets ``WITH_DEMO_CASES = True`` and gets the demo as it is made."""

from __future__ import annotations

import pytest

from desktop_app.storage.database import Database
from tests.demo_without_cases import without_demo_cases


@pytest.fixture
def demo_db(demo_db: Database, request: pytest.FixtureRequest) -> Database:
    if getattr(request.module, "WITH_DEMO_CASES", False):
        return demo_db
    return without_demo_cases(demo_db)
