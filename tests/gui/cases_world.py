"""Cases made through the services for the screens' tests: a family with one adult and one child, by code."""

from __future__ import annotations

from datetime import date, timedelta

from desktop_app.domain.actor import Actor
from desktop_app.domain.case_record import AdultInput, CaseInput, ChildInput
from desktop_app.domain.case_terms import CaseCategory, IdentificationSource
from desktop_app.services.case_card import CaseCard
from desktop_app.services.case_editing import CaseEditing
from desktop_app.storage.database import Database

TODAY = date.today()


def make_case(
    db: Database,
    actor: Actor,
    adult: str = "Ёлкина Мария Петровна",
    child_code: str = "Р-2026-07",
    identified_on: date | None = None,
    category: CaseCategory = CaseCategory.SOP,
) -> CaseCard:
    entry = CaseInput(
        municipality="Плесецкий муниципальный округ",
        category=category,
        source=IdentificationSource.EDUCATION,
        identified_on=identified_on or TODAY - timedelta(days=30),
        adults=(AdultInput(adult, date(1990, 5, 12), "мать", "+7 900 000-00-00"),),
        children=(ChildInput(child_code, TODAY - timedelta(days=700), "f"),),
        address="пос. Плесецк, ул. Лесная, д. 3",
    )
    return CaseEditing(db).create(actor, entry)
