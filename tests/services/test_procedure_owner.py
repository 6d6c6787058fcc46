"""Only the program's owner changes its reporting procedure: a district head may not change the region's program
locally (its procedure comes down with the region package), and still changes the district's own program."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from desktop_app.domain.deadlines import ReportingProcedure
from desktop_app.domain.errors import UserError
from desktop_app.domain.periods import PeriodKind
from desktop_app.domain.roles import Role
from desktop_app.services.registry import RegistryService
from desktop_app.services.reporting_procedure import ReportingSettings
from desktop_app.storage.database import Database
from desktop_app.storage.models import AuditEntry, Program
from tests.conftest import make_actor

HEAD = make_actor(Role.HEAD, "head")
QUARTERLY = ReportingProcedure(PeriodKind.QUARTER, 5, (1, 25))


def demo_program_id(db: Database) -> str:
    with db.reading() as session:
        return session.scalars(select(Program.id)).one()


def make_regional(db: Database, program_id: str) -> None:
    """The demo is a district installation; its program handed to the region stands for a regional program."""
    with db.transaction(HEAD) as session:
        program = session.get(Program, program_id)
        assert program is not None
        program.owner = ""


def stored_procedure(db: Database, program_id: str) -> tuple[object, ...]:
    with db.reading() as session:
        program = session.get(Program, program_id)
        assert program is not None
        audit = session.scalar(select(func.count()).select_from(AuditEntry))
        return (
            program.reporting_period,
            program.report_due_working_days,
            program.report_due_year_end,
            program.row_version,
            audit,
        )


def test_a_district_head_cannot_change_the_procedure_of_a_regional_program(demo_db: Database) -> None:
    settings = ReportingSettings(demo_db)
    program_id = demo_program_id(demo_db)
    make_regional(demo_db, program_id)
    current = settings.procedure(HEAD, program_id)
    before = stored_procedure(demo_db, program_id)
    with pytest.raises(UserError) as refused:
        settings.update(HEAD, program_id, QUARTERLY, current.row_version)
    assert refused.value.message == (
        "Порядок отчётности программы принадлежит региону: изменить это может только регион, "
        "а изменения приходят с пакетом региона."
    )
    assert stored_procedure(demo_db, program_id) == before
    assert "принадлежит региону" in settings.procedure(HEAD, program_id).read_only_reason
    # the measures screen learns the same from the program tree, to disable «Порядок отчётности…» beforehand
    node = next(node for node in RegistryService(demo_db).program_tree(HEAD) if node.id == program_id)
    assert node.procedure_read_only == current.read_only_reason


def test_a_district_head_changes_the_procedure_of_the_districts_own_program(demo_db: Database) -> None:
    settings = ReportingSettings(demo_db)
    program_id = demo_program_id(demo_db)
    current = settings.procedure(HEAD, program_id)
    changed = settings.update(HEAD, program_id, QUARTERLY, current.row_version)
    assert changed.procedure == QUARTERLY and changed.read_only_reason == ""
    with demo_db.reading() as session:
        program = session.get(Program, program_id)
        assert program is not None
        assert (program.reporting_period, program.report_due_working_days) == ("quarter", 5)
    node = next(node for node in RegistryService(demo_db).program_tree(HEAD) if node.id == program_id)
    assert node.procedure_read_only == ""
