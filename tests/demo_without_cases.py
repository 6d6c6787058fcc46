"""The tests written before the demo held family support cases number their own cases from «СС-0001» and count the
register, the map and the expert group's placements from nothing: they take the demo without its cases, resource map
and meetings (removed straight from the tables, as if the demo had never had them)."""

from __future__ import annotations

from sqlalchemy import delete

from desktop_app.storage.database import Database
from desktop_app.storage.models import (
    CaseAdult,
    CaseChild,
    CaseReferral,
    CaseService,
    CaseStage,
    CaseSupportMeasure,
    CaseTeamMember,
    ConsiliumMeeting,
    ConsiliumReview,
    FamilyCase,
    ResourceService,
)

# children before parents: the rows that name a case, a meeting or a map entry go first
DEMO_CASE_TABLES = (
    ConsiliumReview,
    ConsiliumMeeting,
    CaseService,
    CaseSupportMeasure,
    CaseReferral,
    CaseTeamMember,
    CaseStage,
    CaseChild,
    CaseAdult,
    FamilyCase,
    ResourceService,
)


def without_demo_cases(db: Database) -> Database:
    with db.transaction() as session:
        for model in DEMO_CASE_TABLES:
            session.execute(delete(model))
    return db
