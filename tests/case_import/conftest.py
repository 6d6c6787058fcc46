"""The import tests count the cases a file adds from «СС-0001»: they take the demo without its own cases."""

from __future__ import annotations

import pytest

from desktop_app.storage.database import Database
from tests.demo_without_cases import without_demo_cases


@pytest.fixture
def demo_db(demo_db: Database) -> Database:
    return without_demo_cases(demo_db)
