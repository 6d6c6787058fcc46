"""A region's families register made in memory the way the builder makes it: a section per district with its
register (the placements are left out), some families with names long enough to take several lines in their cell."""

from __future__ import annotations

from datetime import date, timedelta

from desktop_app.domain.family_pipeline import FamilyStage
from desktop_app.reports.builders.families import _register
from desktop_app.reports.model import Report
from desktop_app.services.family_rows import FamilyRow, RegisterOnDay

DAY = date(2026, 12, 31)
DISTRICTS = ("Вельский муниципальный район", "Городской округ «Город Архангельск»", "Коношский муниципальный район")
LONG_NAME = "Константинопольская Анастасия Владимировна, Константинопольский Александр Петрович"
STAGES = (FamilyStage.CANDIDATE, FamilyStage.IN_REGISTER, FamilyStage.ACTIVE, FamilyStage.TRAINING)


def code(district: int, number: int) -> str:
    return f"РС-{district + 1:02d}-{number:04d}"


def family_name(number: int) -> str:
    """Every seventh family has two adults with long names; the others a short one."""
    return LONG_NAME if number % 7 == 3 else f"Семья {number}"


def register_report(families: int) -> Report:
    """``families`` families in each of the districts, in order of their codes."""
    sections = []
    for index, district in enumerate(DISTRICTS):
        rows = [
            FamilyRow(
                id=f"{index}-{number}",
                code=code(index, number),
                name=family_name(number),
                municipality=district,
                stage=STAGES[number % len(STAGES)],
                status_since=DAY - timedelta(days=number * 3),
                capacity=number % 4 + 1,
                placed=number % 2,
                accepts_disability=False,
                accepts_siblings=True,
                supervisor=f"Куратор {number % 5 + 1}",
            )
            for number in range(1, families + 1)
        ]
        register = RegisterOnDay(DAY, rows, first_step=DAY - timedelta(days=900))
        sections.append(_register(register, district))
    return Report("Реестр ресурсных семей", tuple(sections), subtitle="за II полугодие 2026 г.", split_sections=True)
