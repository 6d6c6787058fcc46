"""Execution reports on measures, per reporting period, with their confirming documents."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop_app.storage.base import Base, IsoDate, RecordMixin, UtcDateTime

if TYPE_CHECKING:
    from desktop_app.storage.models.programs import Measure


class ExecutionReport(RecordMixin, Base):
    """What was done on one measure in one period; reported by a specialist, approved by the head."""

    __tablename__ = "execution_report"
    __audit_label__ = "Отчёт об исполнении"
    # A regional program's measure is reported by every district: the region keeps one report per district.
    __table_args__ = (UniqueConstraint("measure_id", "period", "territory"),)

    measure_id: Mapped[str] = mapped_column(ForeignKey("measure.id", ondelete="CASCADE"), index=True)
    period: Mapped[str] = mapped_column(String(16), index=True)
    territory: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[str] = mapped_column(String(16), default="not_started")
    done_text: Mapped[str] = mapped_column(Text, default="")
    quantity: Mapped[float | None] = mapped_column(default=None)
    notes: Mapped[str] = mapped_column(Text, default="")
    reported_by: Mapped[str] = mapped_column(String(300), default="")
    reported_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)
    approved_by: Mapped[str] = mapped_column(String(300), default="")
    approved_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)

    measure: Mapped[Measure] = relationship(back_populates="reports")
    documents: Mapped[list[ReportDocument]] = relationship(
        back_populates="report", order_by="ReportDocument.position", cascade="all, delete-orphan"
    )


class StoredDocumentMixin:
    """A document whose file the attachment store keeps by SHA-256, with what the user said of it."""

    sha256: Mapped[str] = mapped_column(String(64), index=True)
    file_name: Mapped[str] = mapped_column(String(260))
    size: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(100), default="")
    doc_number: Mapped[str] = mapped_column(String(100), default="")
    doc_date: Mapped[date | None] = mapped_column(IsoDate(), default=None)


class ReportDocument(StoredDocumentMixin, RecordMixin, Base):
    """A confirming document (постановление, протокол, акт …); the file is kept by its SHA-256."""

    __tablename__ = "report_document"
    __audit_label__ = "Подтверждающий документ"

    report_id: Mapped[str] = mapped_column(ForeignKey("execution_report.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)

    report: Mapped[ExecutionReport] = relationship(back_populates="documents")
