"""Execution reports on measures: entering them, attaching documents, approval by the head.

Every write is one transaction and passes through the audit hook. A report that was changed by someone
else since it was read (another workstation, another window) is not overwritten: the user is told and
reloads. An approved report is frozen for specialists; a head who changes it withdraws the approval.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.domain.actor import Actor
from desktop_app.domain.documents import DocumentInput
from desktop_app.domain.errors import NotFound, UserError, ValidationError
from desktop_app.domain.execution import ReportInput, ReportStatus
from desktop_app.domain.periods import Period
from desktop_app.domain.roles import Permission
from desktop_app.services.attachments import AttachmentStore, document_columns
from desktop_app.storage.database import Database
from desktop_app.storage.models import ExecutionReport, Measure, Program, ProgramBlock, ReportDocument
from desktop_app.storage.territory import own_territory


@dataclass(frozen=True)
class DocumentView:
    id: str
    title: str
    kind: str
    number: str
    doc_date: date | None
    file_name: str
    size: int
    sha256: str


@dataclass(frozen=True)
class ReportView:
    """A measure's report for one period; ``id`` is None while nothing has been entered."""

    id: str | None
    measure_id: str
    period: Period
    status: ReportStatus
    done_text: str
    quantity: float | None
    notes: str
    reported_by: str
    reported_at: datetime | None
    approved_by: str
    approved_at: datetime | None
    row_version: int
    documents: tuple[DocumentView, ...]

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None


@dataclass(frozen=True)
class ReportEntry:
    """One report of several saved together; ``reported_by`` names who reported when it was not the user
    who saves it (an executor whose Excel template the office loads)."""

    measure_id: str
    entry: ReportInput
    expected_version: int  # the row_version read, 0 for a new report
    reported_by: str = ""


@dataclass(frozen=True)
class ApprovalResult:
    approved: int
    already_approved: int
    not_reported: int


def _now() -> datetime:
    return datetime.now(UTC)


class ExecutionService:
    def __init__(self, db: Database, store: AttachmentStore, clock: Callable[[], datetime] = _now) -> None:
        self._db = db
        self._store = store
        self._clock = clock

    # ------------------------------------------------------------------------------------------ reading

    def report(self, actor: Actor, measure_id: str, period: Period) -> ReportView:
        actor.require(Permission.VIEW_DATA)
        with self._db.reading() as session:
            if session.get(Measure, measure_id) is None:
                raise NotFound("Мероприятие не найдено: возможно, его удалили. Обновите список.")
            return _view(measure_id, period, _find(session, measure_id, period))

    def reports(self, actor: Actor, measure_id: str) -> list[ReportView]:
        """Every period's report of a measure, oldest first (the measure's history)."""
        actor.require(Permission.VIEW_DATA)
        with self._db.reading() as session:
            rows = session.scalars(
                select(ExecutionReport)
                .where(ExecutionReport.measure_id == measure_id, ExecutionReport.territory == own_territory(session))
                .order_by(ExecutionReport.period)
            )
            return [_view(measure_id, Period.parse(row.period), row) for row in rows]

    # ------------------------------------------------------------------------------------------ writing

    def save_report(
        self, actor: Actor, measure_id: str, period: Period, entry: ReportInput, expected_version: int
    ) -> ReportView:
        """Store what the specialist entered; ``expected_version`` is the row_version read (0 for new)."""
        actor.require(Permission.EDIT_DATA)
        entry = entry.checked()
        with self._db.transaction(actor) as session:
            return self._save(session, actor, measure_id, period, entry, expected_version)

    def save_reports(self, actor: Actor, period: Period, entries: Collection[ReportEntry]) -> list[ReportView]:
        """Store several measures' reports for ``period`` all or nothing (co-executors' reports loaded from an
        Excel template); each entry carries the row_version read, and a report changed since is not overwritten."""
        actor.require(Permission.EDIT_DATA)
        checked = [replace(item, entry=item.entry.checked()) for item in entries]
        with self._db.transaction(actor) as session:
            return [
                self._save(session, actor, item.measure_id, period, item.entry, item.expected_version, item.reported_by)
                for item in checked
            ]

    def _save(
        self,
        session: Session,
        actor: Actor,
        measure_id: str,
        period: Period,
        entry: ReportInput,
        expected_version: int,
        reported_by: str = "",
    ) -> ReportView:
        self._check_period(session, measure_id, period)
        report = _find(session, measure_id, period)
        if report is None:
            if expected_version:
                raise UserError("Отчёт удалён другим пользователем. Обновите карточку мероприятия.")
            report = ExecutionReport(measure_id=measure_id, period=period.code, territory=own_territory(session))
            session.add(report)
        else:
            _check_version(report, expected_version)
            self._unfreeze(actor, report)
        report.status = entry.status
        report.done_text = entry.done_text
        report.quantity = entry.quantity
        report.notes = entry.notes
        report.reported_by = (reported_by or actor.full_name or actor.login)[:300]
        report.reported_at = self._clock()
        session.flush()
        return _view(measure_id, period, report)

    def attach_document(
        self, actor: Actor, measure_id: str, period: Period, source: Path, document: DocumentInput
    ) -> DocumentView:
        """Copy the file into the store and list it under the period's saved report.

        A document confirms a report: without a saved report there is nothing it confirms, and a register row
        would show «Док.: 1» beside «отчёта нет»."""
        actor.require(Permission.EDIT_DATA)
        document = document.checked()
        with self._db.reading() as session:
            self._require_saved_report(_find(session, measure_id, period))
        stored = self._store.store(source)  # outside the transaction: an unused stored file harms nothing
        with self._db.transaction(actor) as session:
            self._check_period(session, measure_id, period)
            report = _find(session, measure_id, period)
            self._require_saved_report(report)
            assert report is not None
            self._unfreeze(actor, report)
            _documents_changed(report)
            row = ReportDocument(
                report_id=report.id, position=len(report.documents), **document_columns(stored, document)
            )
            report.documents.append(row)
            session.flush()
            return _document_view(row)

    @staticmethod
    def _require_saved_report(report: ExecutionReport | None) -> None:
        if report is None or report.reported_at is None:
            raise UserError(
                "Сначала сохраните отчёт за этот период: подтверждающие документы прикрепляются к сохранённому отчёту."
            )

    def remove_document(self, actor: Actor, document_id: str) -> None:
        """Take a document off its report; the stored file stays, since other reports may cite it."""
        actor.require(Permission.EDIT_DATA)
        with self._db.transaction(actor) as session:
            row = session.get(ReportDocument, document_id)
            if row is None:
                raise NotFound("Документ уже удалён. Обновите карточку мероприятия.")
            self._unfreeze(actor, row.report)
            _documents_changed(row.report)
            row.report.documents.remove(row)

    def document_file(self, actor: Actor, document_id: str, viewing_folder: Path) -> Path:
        """A checked copy of the document's file to open in the system viewer."""
        actor.require(Permission.VIEW_DATA)
        with self._db.reading() as session:
            row = session.get(ReportDocument, document_id)
            if row is None:
                raise NotFound("Документ не найден: возможно, его удалили. Обновите карточку мероприятия.")
            sha256, file_name = row.sha256, row.file_name
        return self._store.copy_for_viewing(sha256, file_name, viewing_folder)

    # ---------------------------------------------------------------------------------------- approval

    def approve_period(
        self, actor: Actor, program_id: str, period: Period, measure_ids: Collection[str] | None = None
    ) -> ApprovalResult:
        """The head approves the submitted reports of the program for the period, in one transaction;
        with ``measure_ids``, only those measures' (the ones the head has in front of them)."""
        actor.require(Permission.APPROVE_REPORTS)
        with self._db.transaction(actor) as session:
            if session.get(Program, program_id) is None:
                raise NotFound("Программа не найдена.")
            reports = session.scalars(
                select(ExecutionReport)
                .join(Measure, ExecutionReport.measure_id == Measure.id)
                .join(ProgramBlock, Measure.block_id == ProgramBlock.id)
                .where(ProgramBlock.program_id == program_id, ExecutionReport.period == period.code)
                .where(ExecutionReport.territory == own_territory(session))
            ).all()
            if measure_ids is not None:
                wanted = set(measure_ids)
                reports = [report for report in reports if report.measure_id in wanted]
            approved = already = not_reported = 0
            for report in reports:
                if report.reported_at is None:
                    not_reported += 1
                elif report.approved_at is not None:
                    already += 1
                else:
                    self._approve(actor, report)
                    approved += 1
            return ApprovalResult(approved, already, not_reported)

    def approve_report(self, actor: Actor, measure_id: str, period: Period, expected_version: int) -> ReportView:
        actor.require(Permission.APPROVE_REPORTS)
        with self._db.transaction(actor) as session:
            report = _find(session, measure_id, period)
            if report is None or report.reported_at is None:
                raise UserError("Утверждать нечего: по мероприятию за этот период нет отчёта.")
            _check_version(report, expected_version)
            self._approve(actor, report)
            session.flush()
            return _view(measure_id, period, report)

    def withdraw_approval(self, actor: Actor, measure_id: str, period: Period) -> ReportView:
        """Return an approved report for correction."""
        actor.require(Permission.APPROVE_REPORTS)
        with self._db.transaction(actor) as session:
            report = _find(session, measure_id, period)
            if report is None or report.approved_at is None:
                raise UserError("Отчёт не утверждён: снимать утверждение не с чего.")
            report.approved_at = None
            report.approved_by = ""
            session.flush()
            return _view(measure_id, period, report)

    # ---------------------------------------------------------------------------------------- internals

    def _approve(self, actor: Actor, report: ExecutionReport) -> None:
        report.approved_by = actor.full_name or actor.login
        report.approved_at = self._clock()

    @staticmethod
    def _unfreeze(actor: Actor, report: ExecutionReport) -> None:
        """An approved report changes only in a head's hands, and then needs approving again."""
        if report.approved_at is None:
            return
        if not actor.can(Permission.APPROVE_REPORTS):
            raise UserError("Отчёт утверждён руководителем: изменить его может только руководитель.")
        report.approved_at = None
        report.approved_by = ""

    @staticmethod
    def _check_period(session: Session, measure_id: str, period: Period) -> None:
        row = session.execute(
            select(Program.period_start, Program.period_end)
            .join(ProgramBlock, ProgramBlock.program_id == Program.id)
            .join(Measure, Measure.block_id == ProgramBlock.id)
            .where(Measure.id == measure_id)
        ).first()
        if row is None:
            raise NotFound("Мероприятие не найдено: возможно, его удалили. Обновите список.")
        start, end = row
        if period.end < start or period.start > end:
            raise ValidationError(
                f"Период «{period.label}» вне срока программы.", {"period": "Выберите период в сроке программы."}
            )


def _find(session: Session, measure_id: str, period: Period) -> ExecutionReport | None:
    return session.scalars(
        select(ExecutionReport).where(
            ExecutionReport.measure_id == measure_id,
            ExecutionReport.period == period.code,
            ExecutionReport.territory == own_territory(session),
        )
    ).first()


def _check_version(report: ExecutionReport, expected_version: int) -> None:
    if report.row_version != expected_version:
        raise UserError(
            "Отчёт изменён другим пользователем, пока вы его редактировали. Обновите карточку и внесите правки снова."
        )


def _document_view(row: ReportDocument) -> DocumentView:
    return DocumentView(row.id, row.title, row.kind, row.doc_number, row.doc_date, row.file_name, row.size, row.sha256)


def _view(measure_id: str, period: Period, report: ExecutionReport | None) -> ReportView:
    if report is None:
        return ReportView(None, measure_id, period, ReportStatus.NOT_STARTED, "", None, "", "", None, "", None, 0, ())
    return ReportView(
        id=report.id,
        measure_id=measure_id,
        period=period,
        status=ReportStatus.read(report.status),
        done_text=report.done_text,
        quantity=report.quantity,
        notes=report.notes,
        reported_by=report.reported_by,
        reported_at=report.reported_at,
        approved_by=report.approved_by,
        approved_at=report.approved_at,
        row_version=report.row_version,
        documents=tuple(_document_view(doc) for doc in report.documents),
    )


def _documents_changed(report: ExecutionReport) -> None:
    """A new version of the report: whoever read it before the documents changed must read it again
    before approving it (the audit hook bumps the version only when the report's own columns change)."""
    report.row_version = (report.row_version or 1) + 1
