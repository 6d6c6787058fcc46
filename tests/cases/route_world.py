"""Small fixtures of the route's tests: cases and children made directly through the ORM (the case services are
another helper's), organisations of the demo's directory, measures of the catalogue."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from desktop_app.domain.roles import Role
from desktop_app.storage.database import Database
from desktop_app.storage.models import CaseChild, FamilyCase, Organisation, SupportMeasureKind
from tests.conftest import make_actor

SPECIALIST = make_actor(Role.SPECIALIST)
COORDINATOR = make_actor(Role.COORDINATOR)  # edits data but sees no personal data


def add_case(db: Database, code: str, *, closed_on: date | None = None, name: str = "") -> str:
    """A case of the district identified on 15.01.2026, open unless ``closed_on`` is given."""
    with db.transaction() as session:
        case = FamilyCase(
            code=code,
            display_name=name or f"Семья {code}",
            municipality="Плесецкий муниципальный округ",
            category="sop",
            identified_on=date(2026, 1, 15),
            curator="Соколова Е. В.",
            closed_on=closed_on,
        )
        session.add(case)
        session.flush()
        return case.id


def add_child(db: Database, case_id: str, code: str, birth: date, placed_on: date | None = None) -> str:
    with db.transaction() as session:
        child = CaseChild(case_id=case_id, code=code, birth_date=birth, sex="f", placed_on=placed_on)
        session.add(child)
        session.flush()
        return child.id


def organisation_ids(db: Database) -> list[str]:
    """The demo directory's organisations, in a stable order."""
    with db.reading() as session:
        return list(session.scalars(select(Organisation.id).order_by(Organisation.full_name)))


def organisation_name(db: Database, organisation_id: str) -> str:
    with db.reading() as session:
        organisation = session.get(Organisation, organisation_id)
        assert organisation is not None
        return organisation.short_name or organisation.full_name


def add_measure_kind(db: Database, name: str = "Социальный контракт", social: bool = True) -> str:
    with db.transaction() as session:
        kind = SupportMeasureKind(name=name, is_social_contract=social, owner="")
        session.add(kind)
        session.flush()
        return kind.id
