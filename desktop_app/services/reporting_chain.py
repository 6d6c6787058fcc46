"""A program's reporting chain: declaring its steps, marking a step done for a period, and where each period stands.

The executors' step is done when every measure due in the period has its report (the measures know who is late);
the approval step when the head has approved the period's reports — the approval the program always had — or
when it is marked. Any other step (the ЦССУ's summary, the submission to the ministry) is marked by hand: who
did it, when, with a note. Marks belong to the territory that made them and travel in its bundle; steps belong
to the program's owner and travel with the program.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.domain.actor import Actor
from desktop_app.domain.deadlines import parse_month_day
from desktop_app.domain.errors import NotFound, UserError, ValidationError
from desktop_app.domain.periods import Period
from desktop_app.domain.reporting_chain import (
    ChainState,
    ChainStep,
    StepKind,
    StepMark,
    chain_state,
    default_chain,
    validate_chain,
)
from desktop_app.domain.roles import Permission, Role
from desktop_app.services.measure_list import MeasureFilter, load_measure_rows
from desktop_app.services.ownership import read_only_reason, require_own
from desktop_app.services.reporting_procedure import PROCEDURE, procedure_of
from desktop_app.storage.database import Database
from desktop_app.storage.models import ExecutionReport, Measure, Program, ProgramBlock, ReportingStep, ReportingStepMark
from desktop_app.storage.territory import own_territory

ALL_REPORTED = "все отчёты представлены"
NOTHING_DUE = "в периоде нет мероприятий к отчёту"


@dataclass(frozen=True)
class ProgramChain:
    """A program's chain as the settings dialog shows it; ``declared`` False: the default of two steps."""

    program_id: str
    program_title: str
    steps: tuple[ChainStep, ...]
    declared: bool
    read_only_reason: str = ""


def _now() -> datetime:
    return datetime.now(UTC)


def stored_steps(session: Session, program: Program) -> tuple[ChainStep, ...]:
    """The program's declared steps in order, or its default chain when it declares none."""
    rows = session.scalars(
        select(ReportingStep).where(ReportingStep.program_id == program.id).order_by(ReportingStep.position)
    ).all()
    if not rows:
        return default_chain(procedure_of(program))
    return tuple(_step(row) for row in rows)


def _step(row: ReportingStep) -> ChainStep:
    try:
        kind = StepKind(row.kind)
    except ValueError:
        kind = StepKind.OTHER
    try:
        role: Role | None = Role(row.role) if row.role else None
    except ValueError:
        role = None
    return ChainStep(
        row.title, row.performer, row.working_days_after, parse_month_day(row.year_end), kind, role, row.id
    )


def store_chain(session: Session, program: Program, steps: Sequence[ChainStep]) -> None:
    """Replace the program's steps by ``steps``: a step keeps its row (and its marks) by its key; the executors'
    step also sets the program's own executor deadline, which the period locks and overdue measures count from."""
    validate_chain(steps)
    existing = {
        row.id: row for row in session.scalars(select(ReportingStep).where(ReportingStep.program_id == program.id))
    }
    kept: set[str] = set()
    for position, step in enumerate(steps):
        row = existing.get(step.key)
        if row is None:
            row = ReportingStep(program_id=program.id)
            session.add(row)
        else:
            kept.add(step.key)
        values = {
            "position": position,
            "title": step.title.strip(),
            "performer": step.performer.strip(),
            "role": step.role.value if step.role else "",
            "kind": step.kind.value,
            "working_days_after": step.working_days_after,
            "year_end": f"{step.year_end_date[0]:02d}-{step.year_end_date[1]:02d}" if step.year_end_date else "",
        }
        for name, value in values.items():
            if getattr(row, name, None) != value:
                setattr(row, name, value)
        if step.kind is StepKind.EXECUTORS and step.working_days_after is not None:
            if program.report_due_working_days != step.working_days_after:
                program.report_due_working_days = step.working_days_after
            year_end = values["year_end"]
            if program.report_due_year_end != year_end:
                program.report_due_year_end = str(year_end)
    for key, row in existing.items():
        if key not in kept:
            # through the ORM, so that every mark removed with its step is in the audit trail
            for mark in session.scalars(select(ReportingStepMark).where(ReportingStepMark.step_id == key)):
                session.delete(mark)
            session.flush()  # the marks first: the step's own delete would take them by ON DELETE CASCADE
            session.delete(row)
    session.flush()


class ReportingChainService:
    """Declaring a program's chain (its owner's head or coordinator) and marking its steps per period."""

    def __init__(
        self, db: Database, clock: Callable[[], datetime] = _now, today: Callable[[], date] = date.today
    ) -> None:
        self._db = db
        self._clock = clock
        self._today = today

    def chain(self, actor: Actor, program_id: str) -> ProgramChain:
        actor.require(Permission.VIEW_DATA)
        with self._db.reading() as session:
            program = _program(session, program_id)
            return self._view(session, program)

    def declare(self, actor: Actor, program_id: str, steps: Sequence[ChainStep]) -> ProgramChain:
        """Set the program's chain of steps; only the program's owner may, and only a head or coordinator."""
        actor.require(Permission.APPROVE_REPORTS)
        with self._db.transaction(actor) as session:
            program = _program(session, program_id)
            require_own(session, program.owner, PROCEDURE)
            store_chain(session, program, steps)
            return self._view(session, program)

    def state(self, actor: Actor, program_id: str, period: Period, today: date | None = None) -> ChainState:
        """Each step of the chain for ``period`` at this installation: deadline, done by whom and when, who owes it."""
        actor.require(Permission.VIEW_DATA)
        with self._db.reading() as session:
            program = _program(session, program_id)
            return period_chain(session, program, period, today or self._today())

    def marks_of(
        self, actor: Actor, program_id: str, period: Period, territory: str
    ) -> tuple[tuple[ChainStep, ...], dict[str, StepMark]]:
        """The program's steps and the marks ``territory`` made for ``period`` (a district's, at the region too):
        for a printed report, which derives the executors' and the approval step from the reports it prints."""
        actor.require(Permission.VIEW_DATA)
        with self._db.reading() as session:
            program = _program(session, program_id)
            steps = stored_steps(session, program)
            return steps, _marks(session, steps, period, territory)

    def mark_done(self, actor: Actor, program_id: str, step_key: str, period: Period, note: str = "") -> ChainState:
        """Record that this territory has done the step for the period: who, when and a note."""
        with self._db.transaction(actor) as session:
            program = _program(session, program_id)
            step = _declared_step(session, program, step_key)
            _require_for_step(actor, step)
            _require_in_program(program, period)
            territory = own_territory(session)
            if _mark_row(session, step_key, period, territory) is not None:
                raise UserError(f"Шаг «{step.title}» за {period.label} уже отмечен выполненным.")
            session.add(
                ReportingStepMark(
                    step_id=step_key,
                    period=period.code,
                    territory=territory,
                    done_by=actor.full_name or actor.login,
                    done_at=self._clock(),
                    note=note.strip(),
                )
            )
            session.flush()
            return period_chain(session, program, period, self._today())

    def undo_mark(self, actor: Actor, program_id: str, step_key: str, period: Period) -> ChainState:
        """Take back a mark made by mistake, with the same right as making it; the audit trail keeps it."""
        with self._db.transaction(actor) as session:
            program = _program(session, program_id)
            step = _declared_step(session, program, step_key)
            _require_for_step(actor, step)
            row = _mark_row(session, step_key, period, own_territory(session))
            if row is None:
                raise UserError(f"Шаг «{step.title}» за {period.label} не отмечен: снимать отметку не с чего.")
            session.delete(row)
            session.flush()
            return period_chain(session, program, period, self._today())

    @staticmethod
    def _view(session: Session, program: Program) -> ProgramChain:
        declared = session.scalar(select(func.count()).where(ReportingStep.program_id == program.id)) or 0
        reason = read_only_reason(session, program.owner, PROCEDURE)
        return ProgramChain(program.id, program.title, stored_steps(session, program), declared > 0, reason)


def period_chain(session: Session, program: Program, period: Period, today: date) -> ChainState:
    """The chain of ``program`` for ``period`` at this installation, from its marks, reports and approvals."""
    steps = stored_steps(session, program)
    territory = own_territory(session)
    marks = _marks(session, steps, period, territory)
    # the default chain has no stored steps: its two steps are seen in the data under these keys
    executors_key = next((s.key for s in steps if s.kind is StepKind.EXECUTORS), None)
    approval_key = next((s.key for s in steps if s.kind is StepKind.APPROVAL), None)
    late_executors: tuple[str, ...] = ()
    if executors_key is not None and executors_key not in marks:
        rows = load_measure_rows(session, MeasureFilter(program_id=program.id, period=period, due_only=True), today)
        missing = [row for row in rows if not row.reported]
        late_executors = tuple(dict.fromkeys(row.lead_executor or row.executors_text for row in missing))
        if not missing:
            marks[executors_key] = StepMark(ALL_REPORTED if rows else NOTHING_DUE, None)
    if approval_key is not None and approval_key not in marks:
        approved = _approval(session, program.id, period, territory)
        if approved is not None:
            marks[approval_key] = approved

    def pending(step: ChainStep) -> tuple[str, ...]:
        return late_executors if step.kind is StepKind.EXECUTORS else ()

    return chain_state(steps, period, marks, pending)


def _marks(session: Session, steps: Sequence[ChainStep], period: Period, territory: str) -> dict[str, StepMark]:
    keys = [step.key for step in steps if step.key]
    query = select(ReportingStepMark).where(
        ReportingStepMark.step_id.in_(keys),
        ReportingStepMark.period == period.code,
        ReportingStepMark.territory == territory,
    )
    return {row.step_id: StepMark(row.done_by, row.done_at, row.note, True) for row in session.scalars(query)}


def _approval(session: Session, program_id: str, period: Period, territory: str) -> StepMark | None:
    """The head's approval as it always was: every submitted report of the period approved (and at least one)."""
    rows = session.execute(
        select(ExecutionReport.approved_by, ExecutionReport.approved_at)
        .join(Measure, ExecutionReport.measure_id == Measure.id)
        .join(ProgramBlock, Measure.block_id == ProgramBlock.id)
        .where(
            ProgramBlock.program_id == program_id,
            ExecutionReport.period == period.code,
            ExecutionReport.territory == territory,
            ExecutionReport.reported_at.is_not(None),
        )
    ).all()
    approvals = [(at, by) for by, at in rows if at is not None]
    if not rows or len(approvals) < len(rows):
        return None
    at, by = max(approvals)
    return StepMark(by, at)


def _program(session: Session, program_id: str) -> Program:
    program = session.get(Program, program_id)
    if program is None:
        raise NotFound("Программа не найдена: возможно, её удалили. Обновите список.")
    return program


def _declared_step(session: Session, program: Program, step_key: str) -> ChainStep:
    row = session.get(ReportingStep, step_key) if step_key else None
    if row is None or row.program_id != program.id:
        raise NotFound(
            "Шаг порядка отчётности не найден: у программы не задан порядок из нескольких шагов,"
            " или его изменили. Откройте порядок отчётности снова."
        )
    return _step(row)


def _require_for_step(actor: Actor, step: ChainStep) -> None:
    """The approval, and a step a head does, need the right to approve; any other step, the right to enter data."""
    if step.kind is StepKind.APPROVAL or step.role in (Role.HEAD, Role.COORDINATOR):
        actor.require(Permission.APPROVE_REPORTS)
    else:
        actor.require(Permission.EDIT_DATA)


def _require_in_program(program: Program, period: Period) -> None:
    if period.end < program.period_start or period.start > program.period_end:
        raise ValidationError(
            f"Период «{period.label}» вне срока программы.", {"period": "Выберите период в сроке программы."}
        )


def _mark_row(session: Session, step_key: str, period: Period, territory: str) -> ReportingStepMark | None:
    return session.scalars(
        select(ReportingStepMark).where(
            ReportingStepMark.step_id == step_key,
            ReportingStepMark.period == period.code,
            ReportingStepMark.territory == territory,
        )
    ).first()
