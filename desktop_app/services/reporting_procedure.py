"""A program's reporting procedure: how often executors report and by which working day after the period."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.domain.actor import Actor
from desktop_app.domain.deadlines import ReportingProcedure
from desktop_app.domain.errors import NotFound, UserError
from desktop_app.domain.reporting_chain import StepKind
from desktop_app.domain.roles import Permission
from desktop_app.services.ownership import read_only_reason, require_own
from desktop_app.storage.database import Database
from desktop_app.storage.models import Program, ReportingStep

# the procedure and the chain of steps are one thing to the user, and belong to the program's owner alike
PROCEDURE = "Порядок отчётности программы"


def procedure_of(program: Program) -> ReportingProcedure:
    return ReportingProcedure.from_stored(
        program.reporting_period, program.report_due_working_days, program.report_due_year_end
    )


def store_procedure(program: Program, procedure: ReportingProcedure) -> None:
    """Write only what differs, so an unchanged procedure leaves no audit entry."""
    values = {
        "reporting_period": procedure.period_kind.value,
        "report_due_working_days": procedure.working_days_after,
        "report_due_year_end": procedure.year_end_code(),
    }
    for name, value in values.items():
        if getattr(program, name) != value:
            setattr(program, name, value)


def follow_procedure(session: Session, program: Program) -> None:
    """The executors' day changed in the reporting settings: a declared executors' step follows it."""
    row = session.scalars(
        select(ReportingStep).where(
            ReportingStep.program_id == program.id, ReportingStep.kind == StepKind.EXECUTORS.value
        )
    ).first()
    if row is None:
        return
    if row.working_days_after != program.report_due_working_days:
        row.working_days_after = program.report_due_working_days
    if row.year_end != program.report_due_year_end:
        row.year_end = program.report_due_year_end


@dataclass(frozen=True)
class ProgramProcedure:
    program_id: str
    program_title: str
    procedure: ReportingProcedure
    row_version: int
    read_only_reason: str = ""  # why this installation may not change it (the program is another owner's), or ""


def procedure_read_only(session: Session, program: Program) -> str:
    """ "" when this installation owns the program, else why its procedure is shown read-only."""
    return read_only_reason(session, program.owner, PROCEDURE)


class ReportingSettings:
    """Reading and changing a program's reporting procedure; the head (or above) of the program's owner decides it:
    a region's program gets its procedure with the region package, not from a district's local edit."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def procedure(self, actor: Actor, program_id: str) -> ProgramProcedure:
        actor.require(Permission.VIEW_DATA)
        with self._db.reading() as session:
            return _settings(session, _program(session.get(Program, program_id)))

    def update(
        self, actor: Actor, program_id: str, procedure: ReportingProcedure, expected_version: int
    ) -> ProgramProcedure:
        actor.require(Permission.APPROVE_REPORTS)
        with self._db.transaction(actor) as session:
            program = _program(session.get(Program, program_id))
            require_own(session, program.owner, PROCEDURE)
            if program.row_version != expected_version:
                raise UserError(
                    "Программу изменил другой пользователь, пока вы правили порядок отчётности. "
                    "Откройте его снова и повторите."
                )
            store_procedure(program, procedure)
            follow_procedure(session, program)
            session.flush()
            session.refresh(program)
            return _settings(session, program)


def _program(program: Program | None) -> Program:
    if program is None:
        raise NotFound("Программа не найдена: возможно, её удалили. Обновите список.")
    return program


def _settings(session: Session, program: Program) -> ProgramProcedure:
    return ProgramProcedure(
        program.id, program.title, procedure_of(program), program.row_version, procedure_read_only(session, program)
    )
