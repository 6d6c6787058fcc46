"""The case tests written before the demo held family support cases number their own cases from «СС-0001», count
the register, the map and the expert group's placements from nothing: they get the demo without its cases, resource
map and meetings (removed straight from the tables, as if the demo had never had them). A module that tests the
demo's own cases sets ``WITH_DEMO_CASES = True`` and gets the demo as it is made."""

from __future__ import annotations

import pytest
from sqlalchemy import delete

from desktop_app.storage.database import Database
from desktop_app.storage.models import (
    CaseAdult,
    CaseChild,
    CaseReferral,
    CaseService,
    CaseSupportMeasure,
    CaseTeamMember,
    ConsiliumMeeting,
    ConsiliumReview,
    FamilyCase,
    ResourceService,
)
from desktop_app.storage.models import CaseStage as CaseStageRow

# children before parents: the rows that name a case, a meeting or a map entry go first
DEMO_CASE_TABLES = (
    ConsiliumReview,
    ConsiliumMeeting,
    CaseService,
    CaseSupportMeasure,
    CaseReferral,
    CaseTeamMember,
    CaseStageRow,
    CaseChild,
    CaseAdult,
    FamilyCase,
    ResourceService,
)


@pytest.fixture
def demo_db(demo_db: Database, request: pytest.FixtureRequest) -> Database:
    if getattr(request.module, "WITH_DEMO_CASES", False):
        return demo_db
    with demo_db.transaction() as session:
        for model in DEMO_CASE_TABLES:
            session.execute(delete(model))
    return demo_db
