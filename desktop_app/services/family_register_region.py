"""Read-only, set-based: the register of families on a day and the placement statistics for many
municipalities at once, for the report on every district at the region.

``FamilyRegister.register_on`` and ``placement_statistics`` give one municipality at a time, and each of them
read every placement of the region to count one municipality's; here the families, their steps and the
placements are read once for all the municipalities asked for, and the figures are the same.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from sqlalchemy import func, select

from desktop_app.domain.actor import Actor
from desktop_app.domain.family_pipeline import FamilyStage
from desktop_app.domain.periods import Period
from desktop_app.domain.placements import PlacementCounts, PlacementFact, placement_counts
from desktop_app.domain.roles import Permission
from desktop_app.services.family_rows import (
    ROW_COLUMNS,
    FamilyRow,
    RegisterOnDay,
    family_row,
    register_on_day,
    sees_personal_data,
)
from desktop_app.services.measure_list import chunks
from desktop_app.services.ownership import REGION, own_owner
from desktop_app.storage.database import Database
from desktop_app.storage.models import ChildPlacement, FamilyStep, ResourceFamily


def registers_on(db: Database, actor: Actor, day: date, municipalities: Sequence[str]) -> dict[str, RegisterOnDay]:
    """Municipality → what ``FamilyRegister.register_on(actor, day, municipality)`` gives."""
    actor.require(Permission.VIEW_DATA)
    personal = sees_personal_data(actor)
    found: dict[str, list[FamilyRow]] = {name: [] for name in municipalities}
    history: dict[str, list[tuple[FamilyStage, date]]] = {}
    with db.reading() as session:
        at_region = own_owner(session) == REGION
        for part in chunks(list(municipalities)):
            families = select(*ROW_COLUMNS).where(ResourceFamily.municipality.in_(part)).order_by(ResourceFamily.code)
            for values in session.execute(families):
                row = family_row(values, personal, at_region)
                found[row.municipality].append(row)
            steps = (
                select(FamilyStep.family_id, FamilyStep.stage, FamilyStep.on_date)
                .join(ResourceFamily, FamilyStep.family_id == ResourceFamily.id)
                .where(ResourceFamily.municipality.in_(part))
                .order_by(FamilyStep.on_date, FamilyStep.created_at)
            )
            for family_id, stage, on_date in session.execute(steps):
                history.setdefault(str(family_id), []).append((FamilyStage.read(str(stage)), on_date))
        placed = (
            select(ChildPlacement.family_id, func.count(ChildPlacement.id))
            .where(ChildPlacement.start_date <= day)
            .where((ChildPlacement.end_date.is_(None)) | (ChildPlacement.end_date > day))
            .group_by(ChildPlacement.family_id)
        )
        children = {str(family_id): int(count) for family_id, count in session.execute(placed)}
    return {name: register_on_day(found[name], history, children, day) for name in municipalities}


def placement_statistics_of(
    db: Database, actor: Actor, periods: Sequence[Period], municipalities: Sequence[str]
) -> dict[str, list[PlacementCounts]]:
    """Municipality → what ``FamilyRegister.placement_statistics(actor, periods, municipality)`` gives."""
    actor.require(Permission.VIEW_DATA)
    facts: dict[str, list[PlacementFact]] = defaultdict(list)
    with db.reading() as session:
        for part in chunks(list(municipalities)):
            query = (
                select(
                    ResourceFamily.municipality,
                    ChildPlacement.start_date,
                    ChildPlacement.end_date,
                    ChildPlacement.legal_form,
                    ChildPlacement.outcome,
                )
                .join(ResourceFamily, ChildPlacement.family_id == ResourceFamily.id)
                .where(ResourceFamily.municipality.in_(part))
            )
            for municipality, start, end, legal_form, outcome in session.execute(query):
                facts[municipality].append(PlacementFact(start, end, legal_form, outcome))
    return {name: [placement_counts(facts[name], period) for period in periods] for name in municipalities}
