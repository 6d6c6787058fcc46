"""A Novosibirsk region that authors its own program in the catalogue editor, with no demo data: the program
(July 2023 – December 2025, half-yearly), one block with two measures, and a district office of the region."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from desktop_app.domain.roles import InstallationKind, Role
from desktop_app.services.setup import SetupRequest
from desktop_app.storage.database import Database
from desktop_app.storage.models import Measure, Program, ProgramBlock
from tests.conftest import make_actor
from tests.exchange.test_end_to_end import Installation

NSO_REGION = SetupRequest(
    kind=InstallationKind.REGION,
    region_code="54",
    district_name="",
    organisation_name="Министерство труда и социального развития Новосибирской области",
    admin_login="coordinator",
    admin_full_name="Петрова Анна Сергеевна",
    admin_password="region-2023",
)
TOGUCHIN = "Тогучинский район"
COORDINATOR = make_actor(Role.COORDINATOR, "coordinator")
SPECIALIST = make_actor(Role.SPECIALIST, "specialist")
HEAD = make_actor(Role.HEAD, "head")
PROGRAM_TITLE = "Профилактика социального сиротства среди детей в возрасте до 4 лет в Новосибирской области"


class Office(Installation):
    """An installation of the Novosibirsk region whose packages the coordinator loads."""

    def __init__(self, root: Path, request: SetupRequest) -> None:
        super().__init__(root, request, COORDINATOR)


def region_office(root: Path) -> Office:
    return Office(root, NSO_REGION)


def district_office(root: Path, name: str = TOGUCHIN) -> Office:
    request = replace(
        NSO_REGION,
        kind=InstallationKind.DISTRICT,
        district_name=name,
        organisation_name=f"Отдел опеки и попечительства, {name}",
        admin_login="admin",
    )
    return Office(root, request)


def add_program(db: Database, *, regional: bool = True) -> tuple[str, list[str]]:
    """The program with one block of two measures; returns its id and the measures' ids."""
    with db.transaction() as session:
        program = Program(
            title=PROGRAM_TITLE,
            level="regional" if regional else "municipal",
            period_start=date(2023, 7, 1),
            period_end=date(2025, 12, 31),
            reporting_period="half_year",
        )
        session.add(program)
        session.flush()
        block = ProgramBlock(program_id=program.id, number="III.", title="Ресурсные семьи", position=1)
        session.add(block)
        session.flush()
        measures = [
            Measure(
                block_id=block.id, number="1.", name="Формирование списков потенциальных ресурсных семей", position=1
            ),
            Measure(block_id=block.id, number="2.", name="Обучение ресурсных семей в ШПР", position=2),
        ]
        session.add_all(measures)
        session.flush()
        return program.id, [measure.id for measure in measures]
