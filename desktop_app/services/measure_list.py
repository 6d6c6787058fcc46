"""The measures list: each measure with its schedule, its report in a period and the periods it is overdue."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.domain.execution import ReportStatus, period_state
from desktop_app.domain.periods import Period
from desktop_app.domain.schedules import Schedule
from desktop_app.domain.text import search_key
from desktop_app.services.reporting_procedure import procedure_of
from desktop_app.storage.models import (
    ExecutionReport,
    Measure,
    MeasureExecutor,
    Organisation,
    Program,
    ProgramBlock,
    ReportDocument,
)
from desktop_app.storage.territory import own_territory


@dataclass(frozen=True)
class MeasureRow:
    id: str
    program_id: str
    block_id: str
    block_number: str
    number: str
    name: str
    deadline_text: str
    executors: tuple[str, ...]
    executors_text: str
    expected_result: str
    document_type: str
    schedule_summary: str = ""
    period: Period | None = None
    # The chosen period (when a period is chosen): due or not, its deadline and the report's state.
    due: bool | None = None
    deadline: date | None = None
    status: ReportStatus | None = None
    reported: bool = False
    approved: bool = False
    document_count: int = 0
    # Every past period in which the measure was due and no report came by the deadline.
    overdue_periods: tuple[Period, ...] = ()
    block_title: str = ""

    @property
    def overdue(self) -> bool:
        return bool(self.overdue_periods)

    @property
    def overdue_in_period(self) -> bool:
        return self.period is not None and self.period in self.overdue_periods

    @property
    def full_number(self) -> str:
        """«III.2.», the block's number followed by the measure's, both as printed."""
        return f"{self.block_number}{self.number}"

    @property
    def lead_executor(self) -> str:
        return self.executors[0] if self.executors else ""


NO_REPORT = "none"  # the status filter value for «нет отчёта»


@dataclass(frozen=True)
class MeasureFilter:
    """What the measures screen narrows the list by; empty fields do not filter."""

    program_id: str | None = None
    block_id: str | None = None
    section_id: str | None = None
    search: str = ""
    executor_id: str | None = None
    period: Period | None = None
    status: str | None = None  # a ReportStatus value, or NO_REPORT
    overdue_only: bool = False
    due_only: bool = False


def load_measure_rows(session: Session, filters: MeasureFilter, today: date) -> list[MeasureRow]:
    """Measures in printed order with their state in the chosen period, narrowed by ``filters``."""
    query = (
        select(Measure, ProgramBlock, Program)
        .join(ProgramBlock, Measure.block_id == ProgramBlock.id)
        .join(Program, ProgramBlock.program_id == Program.id)
        .order_by(Program.period_start, Program.title, ProgramBlock.position, Measure.position)
    )
    if filters.program_id:
        query = query.where(ProgramBlock.program_id == filters.program_id)
    if filters.block_id:
        query = query.where(Measure.block_id == filters.block_id)
    if filters.section_id:
        query = query.where(ProgramBlock.section_id == filters.section_id)
    if filters.search.strip():
        query = query.where(Measure.search_key.like(_like_pattern(filters.search), escape="\\"))
    if filters.executor_id:
        query = query.where(
            Measure.id.in_(
                select(MeasureExecutor.measure_id).where(MeasureExecutor.organisation_id == filters.executor_id)
            )
        )
    rows = session.execute(query).all()
    measure_ids = [measure.id for measure, _, _ in rows]
    executors = _executor_names(session, measure_ids)
    reports = _reports_by_measure(session, measure_ids)
    result = [
        _measure_row(measure, block, program, executors[measure.id], reports[measure.id], filters.period, today)
        for measure, block, program in rows
    ]
    return [row for row in result if _passes(row, filters)]


def _like_pattern(text: str) -> str:
    escaped = search_key(text).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _executor_names(session: Session, measure_ids: list[str]) -> dict[str, list[str]]:
    executors: dict[str, list[str]] = defaultdict(list)
    for chunk in chunks(measure_ids):
        query = (
            select(MeasureExecutor.measure_id, Organisation.short_name, Organisation.full_name)
            .join(Organisation, MeasureExecutor.organisation_id == Organisation.id)
            .where(MeasureExecutor.measure_id.in_(chunk))
            .order_by(MeasureExecutor.measure_id, MeasureExecutor.position)
        )
        for measure_id, short_name, full_name in session.execute(query):
            executors[measure_id].append(short_name or full_name)
    return executors


@dataclass(frozen=True)
class _ReportState:
    status: str
    reported: bool
    approved: bool
    documents: int


def _reports_by_measure(session: Session, measure_ids: list[str]) -> dict[str, dict[str, _ReportState]]:
    """``{measure_id: {period code: state}}`` for every report of the measures."""
    found: dict[str, dict[str, _ReportState]] = defaultdict(dict)
    for chunk in chunks(measure_ids):
        documents = dict(
            session.execute(
                select(ReportDocument.report_id, func.count())
                .join(ExecutionReport, ReportDocument.report_id == ExecutionReport.id)
                .where(ExecutionReport.measure_id.in_(chunk), ExecutionReport.territory == own_territory(session))
                .group_by(ReportDocument.report_id)
            ).all()
        )
        query = select(ExecutionReport).where(
            ExecutionReport.measure_id.in_(chunk), ExecutionReport.territory == own_territory(session)
        )
        for report in session.scalars(query):
            found[report.measure_id][report.period] = _ReportState(
                report.status,
                report.reported_at is not None,
                report.approved_at is not None,
                documents.get(report.id, 0),
            )
    return found


def chunks(ids: list[str], size: int = 500) -> list[list[str]]:
    """SQLite limits the number of bound parameters; long IN lists go in pieces."""
    return [ids[start : start + size] for start in range(0, len(ids), size)]


def _measure_row(
    measure: Measure,
    block: ProgramBlock,
    program: Program,
    executors: list[str],
    reports: dict[str, _ReportState],
    period: Period | None,
    today: date,
) -> MeasureRow:
    schedule = Schedule.from_dict(measure.schedule)
    procedure = procedure_of(program)
    span = (program.period_start, program.period_end)
    overdue = tuple(
        candidate
        for candidate in procedure.periods(*span)
        if period_state(
            schedule, span, procedure, candidate, candidate.code in reports and reports[candidate.code].reported, today
        ).overdue
    )
    due: bool | None = None
    deadline: date | None = None
    state: _ReportState | None = None
    if period is not None:
        state = reports.get(period.code)
        current = period_state(schedule, span, procedure, period, bool(state and state.reported), today)
        due, deadline = current.due, current.deadline
    return MeasureRow(
        id=measure.id,
        program_id=block.program_id,
        block_id=block.id,
        block_number=block.number,
        number=measure.number,
        name=measure.name,
        deadline_text=measure.deadline_text,
        executors=tuple(executors),
        executors_text=measure.executors_text,
        expected_result=measure.expected_result,
        document_type=measure.document_type,
        schedule_summary=schedule.summary,
        period=period,
        due=due,
        deadline=deadline,
        status=ReportStatus.read(state.status) if state else None,
        reported=bool(state and state.reported),
        approved=bool(state and state.approved),
        document_count=state.documents if state else 0,
        overdue_periods=overdue,
        block_title=block.title,
    )


def _passes(row: MeasureRow, filters: MeasureFilter) -> bool:
    if filters.overdue_only:
        if filters.period is not None and filters.period not in row.overdue_periods:
            return False
        if not row.overdue:
            return False
    if filters.due_only and filters.period is not None and not row.due:
        return False
    if filters.status:
        if filters.status == NO_REPORT:
            return not row.reported
        return row.status is not None and row.status.value == filters.status
    return True
