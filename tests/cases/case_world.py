"""Small helpers for the case tests: a family's input and an organisation of the demo's directory."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from desktop_app.domain.case_record import AdultInput, CaseInput, ChildInput
from desktop_app.domain.case_terms import CaseCategory, IdentificationSource
from desktop_app.domain.roles import Role
from desktop_app.storage.database import Database
from desktop_app.storage.models import Organisation
from tests.conftest import make_actor

SPECIALIST = make_actor(Role.SPECIALIST, "specialist")
COLLEAGUE = make_actor(Role.SPECIALIST, "colleague")
HEAD = make_actor(Role.HEAD, "head")
COORDINATOR = make_actor(Role.COORDINATOR, "coordinator")
TODAY = date(2026, 6, 10)
PLESETSK = "Плесецкий муниципальный округ"


def family(
    mother: str = "Ёлкина Мария Петровна",
    category: CaseCategory = CaseCategory.SOP,
    identified_on: date = date(2026, 1, 15),
    children: int = 1,
) -> CaseInput:
    return CaseInput(
        municipality=PLESETSK,
        category=category,
        source=IdentificationSource.EDUCATION,
        identified_on=identified_on,
        adults=(AdultInput(mother, date(1990, 3, 1), "мать", "+7 900 111-22-33"),),
        children=tuple(ChildInput(f"Р-2026-{n:02d}", date(2022, 5, 1), "f") for n in range(1, children + 1)),
        address="п. Плесецк, ул. Лесная, 3",
        notes="мать просит помочь с работой",
        source_detail="школа № 1, классный руководитель",
    )


def organisation_ids(db: Database, count: int = 2) -> list[str]:
    with db.reading() as session:
        return list(session.scalars(select(Organisation.id).order_by(Organisation.full_name).limit(count)))
