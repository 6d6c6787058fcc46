"""Read-only, set-based: the measures of a program with every territory's report for one period, and every
territory's marks of the reporting chain, for the printed report on all districts at the region.

``registry_export`` and ``ReportingChainService.marks_of`` give one territory at a time; this gives the same
for many in a handful of queries: the measures are read once (their state in the period is the installation's
own, the same for every territory), the reports of all territories in one query and their documents in another,
with no ORM objects loaded per report (the documents were a lazy query for each).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import select

from desktop_app.domain.actor import Actor
from desktop_app.domain.execution import ReportStatus, document_reference
from desktop_app.domain.periods import Period
from desktop_app.domain.reporting_chain import ChainStep, StepMark
from desktop_app.domain.roles import Permission
from desktop_app.services.indicator_sheet import program_or_missing
from desktop_app.services.measure_list import MeasureFilter, chunks, load_measure_rows
from desktop_app.services.registry_export import ExportedReport, RegistryExport, RegistryExportRow, registry_export
from desktop_app.services.reporting_chain import stored_steps
from desktop_app.storage.database import Database
from desktop_app.storage.models import ExecutionReport, Program, ReportDocument, ReportingStepMark

_REPORT_COLUMNS = (
    ExecutionReport.id,
    ExecutionReport.measure_id,
    ExecutionReport.territory,
    ExecutionReport.status,
    ExecutionReport.done_text,
    ExecutionReport.quantity,
    ExecutionReport.reported_by,
    ExecutionReport.reported_at,
    ExecutionReport.approved_by,
    ExecutionReport.approved_at,
)


def registry_exports(
    db: Database, actor: Actor, filters: MeasureFilter, today: date, territories: Sequence[str]
) -> dict[str, RegistryExport]:
    """Territory → what ``registry_export(db, actor, filters, today, territory)`` gives, for a chosen period."""
    actor.require(Permission.VIEW_DATA)
    period = filters.period
    if period is None:  # the latest report of any period: one territory at a time, as the screen does it
        return {territory: registry_export(db, actor, filters, today, territory) for territory in territories}
    wanted = set(territories)
    with db.reading() as session:
        measures = load_measure_rows(session, filters, today)
        ids = [row.id for row in measures]
        found: dict[tuple[str, str], tuple[Any, ...]] = {}
        for part in chunks(ids):
            query = select(*_REPORT_COLUMNS).where(
                ExecutionReport.measure_id.in_(part), ExecutionReport.period == period.code
            )
            for row in session.execute(query):
                if row.territory in wanted:
                    found[(row.measure_id, row.territory)] = tuple(row)
        documents: dict[str, list[str]] = defaultdict(list)
        report_ids = [str(values[0]) for values in found.values()]
        for part in chunks(report_ids):
            listed = (
                select(
                    ReportDocument.report_id, ReportDocument.title, ReportDocument.doc_number, ReportDocument.doc_date
                )
                .where(ReportDocument.report_id.in_(part))
                .order_by(ReportDocument.report_id, ReportDocument.position)
            )
            for report_id, title, number, when in session.execute(listed):
                documents[report_id].append(f"{title} {document_reference(number, when)}".strip())
        program = session.get(Program, filters.program_id) if filters.program_id else None
        title = program.title if program else "Реестр мероприятий"
    exports = {}
    for territory in territories:
        rows = []
        for measure in measures:
            values = found.get((measure.id, territory))
            rows.append(RegistryExportRow(measure, _exported(values, period, documents) if values else None))
        exports[territory] = RegistryExport(title, period, today, tuple(rows))
    return exports


def _exported(values: tuple[Any, ...], period: Period, documents: dict[str, list[str]]) -> ExportedReport:
    report_id, _, _, status, done_text, quantity, reported_by, reported_at, approved_by, approved_at = values
    return ExportedReport(
        period=period,
        status=ReportStatus.read(str(status)),
        done_text=str(done_text or ""),
        quantity=quantity,
        documents=tuple(documents.get(str(report_id), ())),
        reported_by=str(reported_by or ""),
        reported_at=reported_at,
        approved_by=str(approved_by or ""),
        approved_at=approved_at,
    )


def chain_marks(
    db: Database, actor: Actor, program_id: str, period: Period, territories: Sequence[str]
) -> tuple[tuple[ChainStep, ...], dict[str, dict[str, StepMark]]]:
    """The program's steps and, for each territory, the marks it made for ``period`` (as ``marks_of``)."""
    actor.require(Permission.VIEW_DATA)
    wanted = set(territories)
    marks: dict[str, dict[str, StepMark]] = {territory: {} for territory in territories}
    with db.reading() as session:
        program = program_or_missing(session, program_id)
        steps = stored_steps(session, program)
        keys = [step.key for step in steps if step.key]
        query = select(
            ReportingStepMark.step_id,
            ReportingStepMark.territory,
            ReportingStepMark.done_by,
            ReportingStepMark.done_at,
            ReportingStepMark.note,
        ).where(ReportingStepMark.step_id.in_(keys), ReportingStepMark.period == period.code)
        for step_id, territory, done_by, done_at, note in session.execute(query):
            if territory in wanted:
                marks[territory][step_id] = StepMark(done_by, done_at, note, True)
    return steps, marks
