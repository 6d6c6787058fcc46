"""What the registry export holds: each measure with its latest report (or the chosen period's)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from desktop_app.domain.actor import Actor
from desktop_app.domain.execution import ReportStatus, document_reference
from desktop_app.domain.periods import Period
from desktop_app.domain.roles import Permission
from desktop_app.services.measure_list import MeasureFilter, MeasureRow, chunks, load_measure_rows
from desktop_app.storage.database import Database
from desktop_app.storage.models import ExecutionReport, Program
from desktop_app.storage.territory import own_territory


@dataclass(frozen=True)
class ExportedReport:
    period: Period
    status: ReportStatus
    done_text: str
    quantity: float | None
    documents: tuple[str, ...]
    reported_by: str
    reported_at: datetime | None
    approved_by: str
    approved_at: datetime | None


@dataclass(frozen=True)
class RegistryExportRow:
    measure: MeasureRow
    report: ExportedReport | None


@dataclass(frozen=True)
class RegistryExport:
    title: str
    period: Period | None
    made_on: date
    rows: tuple[RegistryExportRow, ...]


def registry_export(
    db: Database, actor: Actor, filters: MeasureFilter, today: date | None = None, territory: str | None = None
) -> RegistryExport:
    """The measures ``filters`` select, each with the report of ``filters.period`` or its latest one, made by
    ``territory`` (this installation's own when None; at the region, a district's)."""
    actor.require(Permission.VIEW_DATA)
    today = today or date.today()
    with db.reading() as session:
        measures = load_measure_rows(session, filters, today)
        reports: dict[str, ExecutionReport] = {}
        ids = [row.id for row in measures]
        whose = territory or own_territory(session)
        for chunk in chunks(ids):
            query = select(ExecutionReport).where(
                ExecutionReport.measure_id.in_(chunk), ExecutionReport.territory == whose
            )
            if filters.period is not None:
                query = query.where(ExecutionReport.period == filters.period.code)
            for report in session.scalars(query):
                known = reports.get(report.measure_id)
                if known is None or _period_key(report.period) > _period_key(known.period):
                    reports[report.measure_id] = report
        rows = tuple(RegistryExportRow(row, _exported(reports.get(row.id))) for row in measures)
        program = session.get(Program, filters.program_id) if filters.program_id else None
        title = program.title if program else "Реестр мероприятий"
    return RegistryExport(title, filters.period, today, rows)


def _period_key(code: str) -> tuple[date, date]:
    period = Period.parse(code)
    return period.end, period.start


def _exported(report: ExecutionReport | None) -> ExportedReport | None:
    if report is None:
        return None
    return ExportedReport(
        period=Period.parse(report.period),
        status=ReportStatus.read(report.status),
        done_text=report.done_text,
        quantity=report.quantity,
        documents=tuple(
            f"{doc.title} {document_reference(doc.doc_number, doc.doc_date)}".strip() for doc in report.documents
        ),
        reported_by=report.reported_by,
        reported_at=report.reported_at,
        approved_by=report.approved_by,
        approved_at=report.approved_at,
    )
