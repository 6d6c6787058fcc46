"""The measure registry: program → section → block → measure, with ordered executors."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop_app.storage.base import Base, IsoDate, JsonText, RecordMixin
from desktop_app.storage.owners import installation_owner

if TYPE_CHECKING:
    from desktop_app.storage.models.directory import Organisation
    from desktop_app.storage.models.indicators import IndicatorGroup
    from desktop_app.storage.models.reports import ExecutionReport


class Program(RecordMixin, Base):
    __tablename__ = "program"
    __audit_label__ = "Программа"
    __owned__ = True  # desktop_app/storage/owners.py fills ``owner``

    title: Mapped[str] = mapped_column(Text)
    short_title: Mapped[str] = mapped_column(Text, default="")
    level: Mapped[str] = mapped_column(String(16), default="municipal")
    territory: Mapped[str] = mapped_column(String(300), default="")
    # Who may change the program and everything in it (DOMAIN.md «Who owns a record»): "" for the region,
    # else the name of the district whose own program it is. Set where the program is made, never edited.
    owner: Mapped[str] = mapped_column(String(300), default=installation_owner, server_default="")
    act_body: Mapped[str] = mapped_column(Text, default="")
    act_kind: Mapped[str] = mapped_column(String(100), default="")
    act_number: Mapped[str] = mapped_column(String(100), default="")
    act_date: Mapped[date | None] = mapped_column(IsoDate())
    period_start: Mapped[date] = mapped_column(IsoDate())
    period_end: Mapped[date] = mapped_column(IsoDate())
    strategic_goal: Mapped[str] = mapped_column(Text, default="")
    goals: Mapped[list[str]] = mapped_column(JsonText(), default=list)
    tasks: Mapped[list[str]] = mapped_column(JsonText(), default=list)
    notes: Mapped[str] = mapped_column(Text, default="")
    # How often executors report and by when: the n-th working day after the period, or a fixed
    # date («MM-DD» of the next year) when the period closes the year.
    reporting_period: Mapped[str] = mapped_column(String(16), default="half_year")
    report_due_working_days: Mapped[int] = mapped_column(default=3)
    report_due_year_end: Mapped[str] = mapped_column(String(5), default="")
    # Calendar days after the executors' deadline when the period's values lock by themselves; 0 — never.
    value_lock_days: Mapped[int] = mapped_column(default=30)

    # ORM-level cascades (not only ON DELETE CASCADE in SQLite) so that every removed child row passes
    # through the audit hook and is recorded.
    blocks: Mapped[list[ProgramBlock]] = relationship(
        back_populates="program", order_by="ProgramBlock.position", cascade="all, delete-orphan"
    )
    sections: Mapped[list[ProgramSection]] = relationship(
        order_by="ProgramSection.position", cascade="all, delete-orphan"
    )
    indicator_groups: Mapped[list[IndicatorGroup]] = relationship(
        order_by="IndicatorGroup.position", cascade="all, delete-orphan"
    )


class ProgramSection(RecordMixin, Base):
    """A subproject or section (подпроект, раздел) with its own goal and tasks; optional in a program."""

    __tablename__ = "program_section"
    __audit_label__ = "Раздел программы"

    program_id: Mapped[str] = mapped_column(ForeignKey("program.id", ondelete="CASCADE"), index=True)
    number: Mapped[str] = mapped_column(String(32), default="")
    title: Mapped[str] = mapped_column(Text)
    goal: Mapped[str] = mapped_column(Text, default="")
    tasks: Mapped[list[str]] = mapped_column(JsonText(), default=list)
    position: Mapped[int] = mapped_column(default=0)

    blocks: Mapped[list[ProgramBlock]] = relationship(order_by="ProgramBlock.position", cascade="all")


class ProgramBlock(RecordMixin, Base):
    """A block of measures (I, II, III…) with its expected result; numbers stay as printed."""

    __tablename__ = "program_block"
    __audit_label__ = "Блок мероприятий"

    program_id: Mapped[str] = mapped_column(ForeignKey("program.id", ondelete="CASCADE"), index=True)
    section_id: Mapped[str | None] = mapped_column(ForeignKey("program_section.id", ondelete="CASCADE"), index=True)
    number: Mapped[str] = mapped_column(String(32), default="")
    title: Mapped[str] = mapped_column(Text)
    expected_result: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(default=0)

    program: Mapped[Program] = relationship(back_populates="blocks")
    measures: Mapped[list[Measure]] = relationship(
        back_populates="block", order_by="Measure.position", cascade="all, delete-orphan"
    )


class Measure(RecordMixin, Base):
    """A measure of the roadmap; its number is text because real plans repeat and skip numbers."""

    __tablename__ = "measure"
    __audit_label__ = "Мероприятие"

    block_id: Mapped[str] = mapped_column(ForeignKey("program_block.id", ondelete="CASCADE"), index=True)
    number: Mapped[str] = mapped_column(String(32), default="")
    name: Mapped[str] = mapped_column(Text)
    deadline_text: Mapped[str] = mapped_column(Text, default="")
    executors_text: Mapped[str] = mapped_column(Text, default="")
    document_type: Mapped[str] = mapped_column(Text, default="")  # a plan names whole acts here (242 signs in seed 000)
    expected_result: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(default=0)
    search_key: Mapped[str] = mapped_column(Text, default="")
    # The structured reading of deadline_text (domain.schedules.Schedule.to_dict()).
    schedule: Mapped[dict[str, Any]] = mapped_column(JsonText(), default=dict)

    block: Mapped[ProgramBlock] = relationship(back_populates="measures")
    executors: Mapped[list[MeasureExecutor]] = relationship(
        back_populates="measure", order_by="MeasureExecutor.position", cascade="all, delete-orphan"
    )
    indicator_links: Mapped[list[MeasureIndicator]] = relationship(cascade="all, delete-orphan")
    reports: Mapped[list[ExecutionReport]] = relationship(
        back_populates="measure", order_by="ExecutionReport.period", cascade="all, delete-orphan"
    )


class MeasureExecutor(RecordMixin, Base):
    """A responsible executor of a measure; position 0 is the lead executor."""

    __tablename__ = "measure_executor"
    __audit_label__ = "Исполнитель мероприятия"
    __table_args__ = (UniqueConstraint("measure_id", "organisation_id"),)

    measure_id: Mapped[str] = mapped_column(ForeignKey("measure.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisation.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)

    measure: Mapped[Measure] = relationship(back_populates="executors")
    organisation: Mapped[Organisation] = relationship()


class MeasureIndicator(RecordMixin, Base):
    """A key indicator that shows how a measure is carried out."""

    __tablename__ = "measure_indicator"
    __audit_label__ = "Связь мероприятия с показателем"
    __table_args__ = (UniqueConstraint("measure_id", "indicator_id"),)

    measure_id: Mapped[str] = mapped_column(ForeignKey("measure.id", ondelete="CASCADE"), index=True)
    indicator_id: Mapped[str] = mapped_column(ForeignKey("indicator.id", ondelete="CASCADE"), index=True)
