"""What the register's Excel export holds: the families, the placements of children, the target of five.

Names of the adults are personal data: a role without ``VIEW_PERSONAL_DATA`` (the regional coordinator)
gets each family under its code only. Children have no names in the program at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from desktop_app.domain.actor import Actor
from desktop_app.domain.family_pipeline import FamilyStage
from desktop_app.domain.matching import TargetRow
from desktop_app.domain.pseudonymity import family_label
from desktop_app.domain.roles import Permission
from desktop_app.services.family_register import FamilyFilter, FamilyRegister
from desktop_app.services.measure_list import chunks
from desktop_app.services.ownership import REGION, own_owner
from desktop_app.storage.database import Database
from desktop_app.storage.models import ChildPlacement, ResourceFamily


@dataclass(frozen=True)
class ExportedFamily:
    code: str
    adults: tuple[str, ...]  # full names; empty when personal data is not shown
    municipality: str
    stage: FamilyStage
    status_since: date | None
    capacity: int
    placed_now: int
    age_from_months: int
    age_to_months: int
    accepts_disability: bool
    accepts_siblings: bool
    shpr_certificate: str
    shpr_date: date | None
    conclusion_number: str
    conclusion_date: date | None
    supervisor: str


@dataclass(frozen=True)
class ExportedPlacement:
    family_code: str
    child_code: str
    child_birth_date: date
    child_sex: str  # «m» / «f»
    start: date
    end: date | None
    legal_form: str  # a LegalForm value
    outcome: str  # an Outcome value


@dataclass(frozen=True)
class FamilyExport:
    made_on: date
    personal_shown: bool
    families: tuple[ExportedFamily, ...]
    placements: tuple[ExportedPlacement, ...]
    targets: tuple[TargetRow, ...]


def family_export(
    db: Database,
    actor: Actor,
    filters: FamilyFilter | None = None,
    municipalities: Sequence[str] = (),
    today: date | None = None,
) -> FamilyExport:
    """The families ``filters`` select (in the register's order), their placements, and the target of ready
    families per municipality (``municipalities`` are listed even without families: the district's own)."""
    actor.require(Permission.VIEW_DATA)
    filters = filters or FamilyFilter()
    register = FamilyRegister(db)
    order = [row.id for row in register.rows(actor, filters, 0, register.count(actor, filters))]
    personal = actor.can(Permission.VIEW_PERSONAL_DATA)
    loaded: dict[str, ResourceFamily] = {}
    with db.reading() as session:
        for chunk in chunks(order):
            query = (
                select(ResourceFamily)
                .where(ResourceFamily.id.in_(chunk))
                .options(selectinload(ResourceFamily.members), selectinload(ResourceFamily.placements))
            )
            loaded.update((family.id, family) for family in session.scalars(query))
        families = [loaded[family_id] for family_id in order if family_id in loaded]
        at_region = own_owner(session) == REGION
        codes = {f.id: family_label(f.code, f.municipality) if at_region else f.code for f in families}
        exported = tuple(_family(family, personal, codes[family.id]) for family in families)
        placements = tuple(_placement(codes[family.id], p) for family in families for p in family.placements)
    targets = tuple(register.targets(actor, municipalities))
    return FamilyExport(today or date.today(), personal, exported, placements, targets)


def _family(family: ResourceFamily, personal: bool, code: str) -> ExportedFamily:
    return ExportedFamily(
        code=code,
        adults=tuple(member.full_name for member in family.members) if personal else (),
        municipality=family.municipality,
        stage=FamilyStage.read(family.status),
        status_since=family.status_since,
        capacity=family.capacity_children,
        placed_now=family.placed_now,
        age_from_months=family.age_from_months,
        age_to_months=family.age_to_months,
        accepts_disability=family.accepts_disability,
        accepts_siblings=family.accepts_siblings,
        shpr_certificate=family.shpr_certificate,
        shpr_date=family.shpr_date,
        conclusion_number=family.conclusion_number,
        conclusion_date=family.conclusion_date,
        supervisor=family.supervisor,
    )


def _placement(code: str, placement: ChildPlacement) -> ExportedPlacement:
    return ExportedPlacement(
        family_code=code,
        child_code=placement.child_code,
        child_birth_date=placement.child_birth_date,
        child_sex=placement.child_sex,
        start=placement.start_date,
        end=placement.end_date,
        legal_form=placement.legal_form,
        outcome=placement.outcome,
    )
