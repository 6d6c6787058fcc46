"""Key indicators, their plan values per period and the values entered for a district."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop_app.storage.base import Base, IsoDate, JsonText, RecordMixin, UtcDateTime

if TYPE_CHECKING:
    from desktop_app.storage.models.programs import MeasureIndicator


class IndicatorGroup(RecordMixin, Base):
    __tablename__ = "indicator_group"
    __audit_label__ = "Группа показателей"

    program_id: Mapped[str | None] = mapped_column(ForeignKey("program.id", ondelete="CASCADE"), index=True)
    number: Mapped[str] = mapped_column(String(32), default="")
    title: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(default=0)

    indicators: Mapped[list[Indicator]] = relationship(order_by="Indicator.position", cascade="all, delete-orphan")


class Indicator(RecordMixin, Base):
    __tablename__ = "indicator"
    __audit_label__ = "Показатель"

    group_id: Mapped[str | None] = mapped_column(ForeignKey("indicator_group.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(Text)
    unit: Mapped[str] = mapped_column(String(100), default="")
    kind: Mapped[str] = mapped_column(String(32), default="count")
    cumulative: Mapped[bool] = mapped_column(Boolean, default=False)
    direction: Mapped[str] = mapped_column(String(16), default="increase")
    base_value: Mapped[float | None] = mapped_column(Float)
    base_date: Mapped[date | None] = mapped_column(IsoDate())
    position: Mapped[int] = mapped_column(default=0)
    # A value the registers can give («placements.started»); empty when it is only entered by hand.
    source: Mapped[str] = mapped_column(String(64), default="")
    # IndicatorState: a draft read from a plan awaits confirmation; a retired one keeps its values as history.
    state: Mapped[str] = mapped_column(String(16), default="active", server_default="active")

    plans: Mapped[list[IndicatorPlan]] = relationship(cascade="all, delete-orphan")
    values: Mapped[list[IndicatorValue]] = relationship(cascade="all, delete-orphan")
    measure_links: Mapped[list[MeasureIndicator]] = relationship(cascade="all, delete-orphan")


class IndicatorPlan(RecordMixin, Base):
    """The plan (target) value of an indicator for one period; ``value_text`` keeps the printed form."""

    __tablename__ = "indicator_plan"
    __audit_label__ = "Плановое значение"
    __table_args__ = (UniqueConstraint("indicator_id", "period", "territory"),)

    indicator_id: Mapped[str] = mapped_column(ForeignKey("indicator.id", ondelete="CASCADE"), index=True)
    period: Mapped[str] = mapped_column(String(16))
    territory: Mapped[str] = mapped_column(String(300), default="")
    value: Mapped[float | None] = mapped_column(Float)
    value_text: Mapped[str] = mapped_column(String(100), default="")


class ReportWorkflowMixin:
    """Draft → submitted → approved, who did each step and when, and why a locked record was changed."""

    status: Mapped[str] = mapped_column(String(16), default="draft")
    submitted_by: Mapped[str] = mapped_column(String(300), default="")
    submitted_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    approved_by: Mapped[str] = mapped_column(String(300), default="")
    approved_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    # Why a head changed it after the period was closed or locked; the audit trail keeps every reason.
    change_reason: Mapped[str] = mapped_column(Text, default="")
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)


class IndicatorValue(ReportWorkflowMixin, RecordMixin, Base):
    """The actual value of an indicator for a district and a period, with its workflow status."""

    __tablename__ = "indicator_value"
    __audit_label__ = "Значение показателя"
    __table_args__ = (UniqueConstraint("indicator_id", "period", "territory"),)

    indicator_id: Mapped[str] = mapped_column(ForeignKey("indicator.id", ondelete="CASCADE"), index=True)
    period: Mapped[str] = mapped_column(String(16))
    territory: Mapped[str] = mapped_column(String(300), default="")
    value: Mapped[float | None] = mapped_column(Float)
    numerator: Mapped[float | None] = mapped_column(Float)
    denominator: Mapped[float | None] = mapped_column(Float)
    comment: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(16), default="entered")
    # Where a computed number came from, as the user was shown it («3 размещения: РС-0001, …»).
    source_note: Mapped[str] = mapped_column(Text, default="")


class PeriodClosure(RecordMixin, Base):
    """A program's reporting period closed by the head for one territory; reopening deletes the row."""

    __tablename__ = "period_closure"
    __audit_label__ = "Закрытие периода"
    __table_args__ = (UniqueConstraint("program_id", "period", "territory"),)

    program_id: Mapped[str] = mapped_column(ForeignKey("program.id", ondelete="CASCADE"), index=True)
    period: Mapped[str] = mapped_column(String(16))
    territory: Mapped[str] = mapped_column(String(300), default="")
    closed_by: Mapped[str] = mapped_column(String(300), default="")
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    note: Mapped[str] = mapped_column(Text, default="")


class FormAnswer(ReportWorkflowMixin, RecordMixin, Base):
    """A district's answers to one form for one period, with the form version they were made with."""

    __tablename__ = "form_answer"
    __audit_label__ = "Ответы на форму"
    __table_args__ = (UniqueConstraint("form_id", "period", "territory"),)

    form_id: Mapped[str] = mapped_column(String(100), index=True)
    form_version: Mapped[int] = mapped_column(default=1)
    period: Mapped[str] = mapped_column(String(16))
    territory: Mapped[str] = mapped_column(String(300), default="")
    answers: Mapped[dict[str, object]] = mapped_column(JsonText(), default=dict)


class IndicatorRule(RecordMixin, Base):
    """A rule across a program's indicators (domain/validation_rules.py): ``left`` ``operator`` ``right``,
    each side stored as the text the coordinator typed, e.g. ``#{1.2.числитель}`` ≤ ``#{1.1}``."""

    __tablename__ = "indicator_rule"
    __audit_label__ = "Правило проверки показателей"

    program_id: Mapped[str] = mapped_column(ForeignKey("program.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(Text)
    left: Mapped[str] = mapped_column(Text)
    operator: Mapped[str] = mapped_column(String(4))
    right: Mapped[str] = mapped_column(Text)
    # ValidationRule.importance: an «error» stops the period being submitted, a «warning» is only listed
    importance: Mapped[str] = mapped_column(String(16), default="error")
