"""A program's reporting chain (domain/reporting_chain.py): its steps, and the marks «step done for the period»."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from desktop_app.storage.base import Base, RecordMixin, UtcDateTime


class ReportingStep(RecordMixin, Base):
    """One step of a program's chain; it belongs to the program's owner and travels with the program."""

    __tablename__ = "reporting_step"
    __audit_label__ = "Шаг порядка отчётности"

    program_id: Mapped[str] = mapped_column(ForeignKey("program.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(Text)
    performer: Mapped[str] = mapped_column(Text, default="")
    # a Role value whose users do the step («head»), or "" when the performer is outside the program
    role: Mapped[str] = mapped_column(String(16), default="")
    kind: Mapped[str] = mapped_column(String(16), default="other")
    # the n-th working day after the period; None: due by the next step's deadline
    working_days_after: Mapped[int | None] = mapped_column(default=None)
    # «MM-DD» of the next year for a period that ends the year, or ""
    year_end: Mapped[str] = mapped_column(String(5), default="")


class ReportingStepMark(RecordMixin, Base):
    """A step done for one period by one territory: who recorded it, when, and a note; undoing deletes it."""

    __tablename__ = "reporting_step_mark"
    __audit_label__ = "Отметка о выполнении шага"
    __table_args__ = (UniqueConstraint("step_id", "period", "territory"),)

    step_id: Mapped[str] = mapped_column(ForeignKey("reporting_step.id", ondelete="CASCADE"), index=True)
    period: Mapped[str] = mapped_column(String(16))
    territory: Mapped[str] = mapped_column(String(300), default="")
    done_by: Mapped[str] = mapped_column(String(300), default="")
    done_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    note: Mapped[str] = mapped_column(Text, default="")
