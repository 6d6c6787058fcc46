"""Family support cases (seed 004's cycle): the case, its adults, its children (codes only), its stages and team.

A case is the district's most sensitive record: the adults' names, the address, the family's request and the notes
never leave the district; the region receives the case's code, category, stages, dates, outcome and the children's
codes, birth dates and sex (the bundle's projection, sync/), and counts made from them.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop_app.storage.base import Base, IsoDate, RecordMixin
from desktop_app.storage.name_fold import CASE_SORT_EXPRESSIONS


class FamilyCase(RecordMixin, Base):
    """``code`` («СС-0001») names the case wherever personal data may not go; ``stage`` is kept by the service."""

    __tablename__ = "family_case"
    __audit_label__ = "Случай сопровождения семьи"
    # one index per sort key of the list, the code and id breaking ties: a page is read by seeking (migration 0017)
    __table_args__ = (
        Index("ix_family_case_code_id", "code", "id"),
        *(
            Index(f"ix_family_case_{column}_code_id", column, "code", "id")
            for column in ("municipality", "category", "stage", "curator", "identified_on")
        ),
        *(
            Index(f"ix_family_case_{name}_key", text(expression), "code", "id")
            for name, expression in CASE_SORT_EXPRESSIONS.items()
        ),
    )

    code: Mapped[str] = mapped_column(String(20), default="")
    display_name: Mapped[str] = mapped_column(String(300))
    municipality: Mapped[str] = mapped_column(String(300), default="")
    # domain/cases.py: CaseCategory (tzhs, sop, risk, placed) and IdentificationSource
    category: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(String(32), default="")
    source_detail: Mapped[str] = mapped_column(Text, default="")
    identified_on: Mapped[date] = mapped_column(IsoDate())
    # the current stage of seed 004 (CaseStage) and since when; the history is in case_stage
    stage: Mapped[str] = mapped_column(String(16), default="identified")
    stage_since: Mapped[date | None] = mapped_column(IsoDate(), default=None)
    support_level: Mapped[str] = mapped_column(String(16), default="")
    assessed_on: Mapped[date | None] = mapped_column(IsoDate(), default=None)
    next_review_on: Mapped[date | None] = mapped_column(IsoDate(), default=None, index=True)
    request_text: Mapped[str] = mapped_column(Text, default="")
    consent_on: Mapped[date | None] = mapped_column(IsoDate(), default=None)
    curator: Mapped[str] = mapped_column(String(300), default="")
    closed_on: Mapped[date | None] = mapped_column(IsoDate(), default=None, index=True)
    outcome: Mapped[str] = mapped_column(String(32), default="")
    closure_reason: Mapped[str] = mapped_column(Text, default="")
    address: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    search_key: Mapped[str] = mapped_column(Text, default="")

    adults: Mapped[list[CaseAdult]] = relationship(cascade="all, delete-orphan", order_by="CaseAdult.position")
    children: Mapped[list[CaseChild]] = relationship(cascade="all, delete-orphan", order_by="CaseChild.position")
    stages: Mapped[list[CaseStage]] = relationship(
        cascade="all, delete-orphan", order_by="(CaseStage.on_date, CaseStage.created_at)"
    )
    team: Mapped[list[CaseTeamMember]] = relationship(cascade="all, delete-orphan", order_by="CaseTeamMember.position")


class CaseAdult(RecordMixin, Base):
    """A parent or other adult of the family; ``parental_rights`` and its restoration feed seed 002's 1.4."""

    __tablename__ = "case_adult"
    __audit_label__ = "Взрослый член семьи (сопровождение)"

    case_id: Mapped[str] = mapped_column(ForeignKey("family_case.id", ondelete="CASCADE"), index=True)
    full_name: Mapped[str] = mapped_column(String(300))
    birth_date: Mapped[date | None] = mapped_column(IsoDate(), default=None)
    relation: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(100), default="")
    # "" (full rights), "limited" (ограничен), "deprived" (лишён); restoration date when restored or lifted
    parental_rights: Mapped[str] = mapped_column(String(16), default="")
    rights_restored_on: Mapped[date | None] = mapped_column(IsoDate(), default=None)
    position: Mapped[int] = mapped_column(Integer, default=0)


class CaseChild(RecordMixin, Base):
    """A child of the family, known only by an internal code, birth date and sex; where the child lives matters to
    the figures: placed in an institution (seed 000's review of every placement under 4), returned to the family,
    placed in a substitute family."""

    __tablename__ = "case_child"
    __audit_label__ = "Ребёнок (сопровождение)"

    case_id: Mapped[str] = mapped_column(ForeignKey("family_case.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    birth_date: Mapped[date] = mapped_column(IsoDate())
    sex: Mapped[str] = mapped_column(String(1))
    placed_on: Mapped[date | None] = mapped_column(IsoDate(), default=None, index=True)
    institution: Mapped[str] = mapped_column(Text, default="")
    returned_on: Mapped[date | None] = mapped_column(IsoDate(), default=None)
    family_placed_on: Mapped[date | None] = mapped_column(IsoDate(), default=None)
    position: Mapped[int] = mapped_column(Integer, default=0)


class CaseStage(RecordMixin, Base):
    """One step of the case's way (выявление, оценка, запрос …), dated, with who did it and why."""

    __tablename__ = "case_stage"
    __audit_label__ = "Этап сопровождения"

    case_id: Mapped[str] = mapped_column(ForeignKey("family_case.id", ondelete="CASCADE"), index=True)
    stage: Mapped[str] = mapped_column(String(16))
    on_date: Mapped[date] = mapped_column(IsoDate())
    done_by: Mapped[str] = mapped_column(String(300), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")


class CaseTeamMember(RecordMixin, Base):
    """A member of the support team: a person from an organisation of the directory; one of them is the curator."""

    __tablename__ = "case_team_member"
    __audit_label__ = "Участник команды сопровождения"

    case_id: Mapped[str] = mapped_column(ForeignKey("family_case.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[str | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL"), default=None, index=True
    )
    person: Mapped[str] = mapped_column(String(300), default="")
    team_role: Mapped[str] = mapped_column(String(200), default="")
    is_curator: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)
