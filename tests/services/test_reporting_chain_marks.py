"""The reporting chain of a program: marking steps, who is late at which step, who may do what, and a program
that declares no chain (the executors' reports, then the head's approval, as before)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import delete, select

from desktop_app.domain.errors import NotFound, PermissionDenied, UserError, ValidationError
from desktop_app.domain.periods import Period
from desktop_app.domain.reporting_chain import ChainStep, StepKind
from desktop_app.domain.roles import Role
from desktop_app.services.reporting_chain import ALL_REPORTED, ReportingChainService
from desktop_app.storage.database import Database
from desktop_app.storage.models import (
    AuditEntry,
    ExecutionReport,
    Measure,
    MeasureExecutor,
    Organisation,
    Program,
    ProgramBlock,
    ReportingStep,
    ReportingStepMark,
)
from tests.conftest import make_actor

SPECIALIST = make_actor(Role.SPECIALIST, "specialist")
HEAD = make_actor(Role.HEAD, "head")
H1_2026 = Period.parse("2026-H1")
H2_2025 = Period.parse("2025-H2")
EXECUTORS, SUMMARY, APPROVAL, MINISTRY = range(4)
MARKED_AT = datetime(2026, 7, 7, 11, 30, tzinfo=UTC)


def chain_service(db: Database, today: date) -> ReportingChainService:
    return ReportingChainService(db, clock=lambda: MARKED_AT, today=lambda: today)


def program_id(db: Database) -> str:
    with db.reading() as session:
        return session.scalars(select(Program.id)).one()


def test_the_demo_program_runs_seed_002s_chain_and_its_finished_half_year_is_complete(demo_db: Database) -> None:
    service = chain_service(demo_db, date(2026, 6, 10))
    pid = program_id(demo_db)
    chain = service.chain(SPECIALIST, pid)
    assert chain.declared
    assert [step.kind for step in chain.steps] == [
        StepKind.EXECUTORS,
        StepKind.OTHER,
        StepKind.APPROVAL,
        StepKind.OTHER,
    ]
    state = service.state(SPECIALIST, pid, H2_2025)
    # II half-year 2025 closes the year: 20.01.2026 Tue, 01.02.2026 Sun → 02.02.2026, approval and ministry 10.02.2026
    assert [s.deadline for s in state.steps] == [
        date(2026, 1, 20),
        date(2026, 2, 2),
        date(2026, 2, 10),
        date(2026, 2, 10),
    ]
    assert state.complete and state.due_step() is None
    assert state.steps[EXECUTORS].mark is not None and state.steps[EXECUTORS].mark.done_by == ALL_REPORTED
    with demo_db.reading() as session:  # the approval step is the head's approval of the reports, as it always was
        approvers = set(session.scalars(select(ExecutionReport.approved_by).where(ExecutionReport.period == "2025-H2")))
    assert state.steps[APPROVAL].mark is not None and {state.steps[APPROVAL].mark.done_by} == approvers


def test_a_step_not_marked_by_its_deadline_is_late_and_names_who_owes_it(demo_db: Database) -> None:
    pid = program_id(demo_db)
    # 09.07.2026: after the summary's 08.07.2026, before the ministry's 14.07.2026
    state = chain_service(demo_db, date(2026, 7, 9)).state(SPECIALIST, pid, H1_2026)
    today = date(2026, 7, 9)
    assert state.steps[SUMMARY] in state.late_steps(today)
    assert state.steps[SUMMARY].late_parties(today) == ("ЦССУ",)
    assert not state.steps[MINISTRY].late(today)
    # the executors late at the first step are exactly the lead executors of due measures without a report
    with demo_db.reading() as session:
        reported = set(
            session.scalars(
                select(ExecutionReport.measure_id).where(
                    ExecutionReport.period == "2026-H1", ExecutionReport.reported_at.is_not(None)
                )
            )
        )
        leads = {
            measure: short or full
            for measure, short, full in session.execute(
                select(MeasureExecutor.measure_id, Organisation.short_name, Organisation.full_name)
                .join(Organisation, Organisation.id == MeasureExecutor.organisation_id)
                .where(MeasureExecutor.position == 0)
            )
        }
    late = state.steps[EXECUTORS].late_parties(today)
    assert late, "the demo's I half-year 2026 is partly reported"
    unreported_leads = {name for measure, name in leads.items() if measure not in reported}
    assert set(late) <= unreported_leads


def test_marking_records_who_and_when_and_a_second_mark_is_refused(demo_db: Database) -> None:
    service, pid = chain_service(demo_db, date(2026, 7, 9)), program_id(demo_db)
    summary = service.chain(SPECIALIST, pid).steps[SUMMARY]
    state = service.mark_done(SPECIALIST, pid, summary.key, H1_2026, "письмо ЦССУ № 12")
    mark = state.steps[SUMMARY].mark
    assert mark is not None and (mark.done_by, mark.done_at, mark.note) == (
        SPECIALIST.full_name,
        MARKED_AT,
        "письмо ЦССУ № 12",
    )
    assert state.steps[SUMMARY].status_text(date(2026, 7, 9)) == f"выполнено 07.07.2026 ({SPECIALIST.full_name})"
    assert not state.steps[SUMMARY].late(date(2026, 7, 9))
    with pytest.raises(UserError, match="уже отмечен"):
        service.mark_done(SPECIALIST, pid, summary.key, H1_2026)
    with demo_db.reading() as session:
        mark_id = session.scalars(select(ReportingStepMark.id).where(ReportingStepMark.period == "2026-H1")).one()
        assert session.scalars(select(AuditEntry).where(AuditEntry.entity_id == mark_id)).first() is not None
    undone = service.undo_mark(HEAD, pid, summary.key, H1_2026)
    assert undone.steps[SUMMARY].mark is None


def test_the_approval_step_needs_the_right_to_approve_and_the_chain_the_head(demo_db: Database) -> None:
    service, pid = chain_service(demo_db, date(2026, 7, 9)), program_id(demo_db)
    steps = service.chain(SPECIALIST, pid).steps
    with pytest.raises(PermissionDenied):
        service.mark_done(SPECIALIST, pid, steps[APPROVAL].key, H1_2026)
    assert service.mark_done(HEAD, pid, steps[APPROVAL].key, H1_2026).steps[APPROVAL].done
    with pytest.raises(PermissionDenied):
        service.undo_mark(SPECIALIST, pid, steps[APPROVAL].key, H1_2026)
    with pytest.raises(PermissionDenied):
        service.declare(SPECIALIST, pid, steps)
    with pytest.raises(ValidationError, match="вне срока"):
        service.mark_done(SPECIALIST, pid, steps[SUMMARY].key, Period.parse("2030-H1"))


def test_editing_the_chain_keeps_marks_of_kept_steps_and_moves_the_executors_deadline(demo_db: Database) -> None:
    service, pid = chain_service(demo_db, date(2026, 7, 9)), program_id(demo_db)
    steps = service.chain(SPECIALIST, pid).steps
    service.mark_done(SPECIALIST, pid, steps[MINISTRY].key, H1_2026)
    executors = ChainStep(**{**steps[EXECUTORS].__dict__, "working_days_after": 5})
    # the summary step is dropped; the ministry's step is kept under its key
    changed = service.declare(HEAD, pid, [executors, steps[APPROVAL], steps[MINISTRY]])
    assert [step.title for step in changed.steps] == [steps[i].title for i in (EXECUTORS, APPROVAL, MINISTRY)]
    state = service.state(SPECIALIST, pid, H1_2026)
    assert state.steps[2].done  # the ministry's mark survived the edit
    # 30.06.2026 Tue → 1 Wed, 2 Thu, 3 Fri, 6 Mon, 7 Tue: the 5th working day
    assert state.steps[0].deadline == date(2026, 7, 7)
    with demo_db.reading() as session:
        program = session.get(Program, pid)
        assert program is not None and program.report_due_working_days == 5


def test_a_program_of_another_owner_cannot_have_its_chain_changed_here(demo_db: Database) -> None:
    pid = program_id(demo_db)
    with demo_db.transaction(HEAD) as session:
        program = session.get(Program, pid)
        assert program is not None
        program.owner = ""  # the region's program at a district
    service = chain_service(demo_db, date(2026, 7, 9))
    chain = service.chain(SPECIALIST, pid)
    assert "принадлежит региону" in chain.read_only_reason
    with pytest.raises(UserError, match="принадлежит региону"):
        service.declare(HEAD, pid, chain.steps)


def test_a_program_without_a_chain_has_the_executors_reports_then_the_approval(demo_db: Database) -> None:
    pid = program_id(demo_db)
    with demo_db.transaction(HEAD) as session:
        session.execute(delete(ReportingStepMark))
        session.execute(delete(ReportingStep))
    service = chain_service(demo_db, date(2026, 7, 9))
    chain = service.chain(SPECIALIST, pid)
    assert not chain.declared and [s.kind for s in chain.steps] == [StepKind.EXECUTORS, StepKind.APPROVAL]
    finished = service.state(SPECIALIST, pid, H2_2025)
    assert finished.complete  # every report of II half-year 2025 is in and approved
    state = service.state(SPECIALIST, pid, H1_2026)
    # the procedure's 3rd working day after 30.06.2026 (Tue): 1 Wed, 2 Thu, 3 Fri; the approval goes with it
    assert [s.deadline for s in state.steps] == [date(2026, 7, 3), date(2026, 7, 3)]
    assert not state.steps[1].done  # nothing of I half-year 2026 is approved yet
    with pytest.raises(NotFound):
        service.mark_done(HEAD, pid, chain.steps[1].key, H1_2026)


def test_the_demo_counts_only_measures_of_its_program(demo_db: Database) -> None:
    # guards the query of the approval step: reports are joined through their measure's block to the program
    with demo_db.reading() as session:
        blocks = set(session.scalars(select(ProgramBlock.program_id)))
        measures = session.scalar(select(Measure.id).limit(1))
    assert len(blocks) == 1 and measures is not None


def test_changing_the_executors_day_in_the_settings_moves_the_chains_first_step(demo_db: Database) -> None:
    from desktop_app.domain.deadlines import ReportingProcedure
    from desktop_app.domain.periods import PeriodKind
    from desktop_app.services.reporting_procedure import ReportingSettings

    pid = program_id(demo_db)
    settings = ReportingSettings(demo_db)
    version = settings.procedure(HEAD, pid).row_version
    settings.update(HEAD, pid, ReportingProcedure(PeriodKind.HALF_YEAR, 4, (1, 22)), version)
    step = chain_service(demo_db, date(2026, 7, 9)).chain(SPECIALIST, pid).steps[EXECUTORS]
    assert (step.working_days_after, step.year_end_date) == (4, (1, 22))
    # 4th working day after 30.06.2026 (Tue): 1 Wed, 2 Thu, 3 Fri, 6 Mon
    state = chain_service(demo_db, date(2026, 7, 9)).state(SPECIALIST, pid, H1_2026)
    assert state.steps[EXECUTORS].deadline == date(2026, 7, 6)


def test_the_journal_names_a_mark_by_its_step_and_half_year(demo_db: Database) -> None:
    from desktop_app.services.audit_log import AuditLogService

    service, pid = chain_service(demo_db, date(2026, 7, 9)), program_id(demo_db)
    summary = service.chain(SPECIALIST, pid).steps[SUMMARY]
    service.mark_done(SPECIALIST, pid, summary.key, H1_2026, "письмо № 12")
    changed = list(service.chain(HEAD, pid).steps)
    changed[SUMMARY] = ChainStep(**{**changed[SUMMARY].__dict__, "working_days_after": 7})
    service.declare(HEAD, pid, changed)
    rows = AuditLogService(demo_db).entries(HEAD, limit=10)
    mark = next(row for row in rows if row.entity == "reporting_step_mark")
    assert mark.summary == "Создано: Отметка о выполнении: шаг «Сводный отчёт», I полугодие 2026 г."
    step = next(row for row in rows if row.entity == "reporting_step")
    assert step.summary.startswith("Изменено: Шаг порядка отчётности «Сводный отчёт»: программа ")
