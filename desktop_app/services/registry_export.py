"""What the registry export holds: each measure with its latest report (or the chosen period's)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from desktop_app.domain.actor import Actor
from desktop_app.domain.execution import ReportStatus, document_reference
from desktop_app.domain.periods import Period, format_date
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

    @property
    def submitted(self) -> bool:
        """Saved by a specialist as the period's report; a row made only by attaching a document is not."""
        return self.reported_at is not None

    @property
    def approval(self) -> str:
        """«Сидорова М. И., 10.07.2026» — who approved the report and when; empty while it is not approved."""
        return who_and_when(self.approved_by, self.approved_at) if self.approved_at is not None else ""


@dataclass(frozen=True)
class RegistryExportRow:
    measure: MeasureRow
    report: ExportedReport | None

    @property
    def state(self) -> str:
        """The report's state as the measures screen words it: the status of a submitted report; without one,
        «не требуется» when the measure is not due in the chosen period, «просрочен: отчёта нет» once the
        period's deadline has passed, else «нет отчёта» (every period a report is overdue for has a column of
        its own in the workbook)."""
        if self.report is not None and self.report.submitted:
            return self.report.status.label
        if self.measure.due is False:
            return NOT_REQUIRED
        return OVERDUE if self.measure.overdue_in_period else NO_REPORT


NO_REPORT = "нет отчёта"
NOT_REQUIRED = "не требуется"
OVERDUE = "просрочен: отчёта нет"


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


def who_and_when(name: str, moment: datetime | None) -> str:
    """«ФИО, дд.мм.гггг» with the date as the office's clock saw it; the name alone when there is no moment."""
    if not name:
        return ""
    return f"{name}, {format_date(moment.astimezone().date())}" if moment is not None else name


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
