"""The register of resource families: the family, its adults, its steps, documents and placements."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop_app.storage.base import Base, IsoDate, RecordMixin
from desktop_app.storage.models.reports import StoredDocumentMixin
from desktop_app.storage.name_fold import FAMILY_NAME_KEY


class ResourceFamily(RecordMixin, Base):
    """``code`` («РС-0001») names the family wherever personal data may not go (the region's copy)."""

    __tablename__ = "resource_family"
    __audit_label__ = "Ресурсная семья"
    # one index per sort key of the register, the id breaking ties: a page is read by seeking, in either direction
    __table_args__ = (
        Index("ix_resource_family_code_id", "code", "id"),
        Index("ix_resource_family_name_key_id", text(FAMILY_NAME_KEY), "id"),
        Index("ix_resource_family_municipality_id", "municipality", "id"),
        Index("ix_resource_family_status_id", "status", "id"),
        # the targets and the filters by stage and municipality
        Index("ix_resource_family_status_municipality", "status", "municipality"),
        Index("ix_resource_family_status_since_id", "status_since", "id"),
        Index("ix_resource_family_capacity_id", "capacity_children", "id"),
        Index("ix_resource_family_placed_id", "placed_now", "id"),
    )

    code: Mapped[str] = mapped_column(String(20), default="")
    display_name: Mapped[str] = mapped_column(String(300))
    municipality: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[str] = mapped_column(String(32), default="candidate")
    status_since: Mapped[date | None] = mapped_column(IsoDate(), default=None)
    status_reason: Mapped[str] = mapped_column(Text, default="")
    capacity_children: Mapped[int] = mapped_column(default=1)
    age_from_months: Mapped[int] = mapped_column(Integer, default=0)
    age_to_months: Mapped[int] = mapped_column(Integer, default=47)
    accepts_disability: Mapped[bool] = mapped_column(Boolean, default=False)
    accepts_siblings: Mapped[bool] = mapped_column(Boolean, default=False)
    household: Mapped[str] = mapped_column(Text, default="")
    housing: Mapped[str] = mapped_column(Text, default="")
    shpr_certificate: Mapped[str] = mapped_column(String(300), default="")
    shpr_date: Mapped[date | None] = mapped_column(IsoDate(), default=None)
    conclusion_number: Mapped[str] = mapped_column(String(300), default="")
    conclusion_date: Mapped[date | None] = mapped_column(IsoDate(), default=None)
    supervisor: Mapped[str] = mapped_column(String(300), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    placed_now: Mapped[int] = mapped_column(Integer, default=0)  # children in the family today, kept by the service
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    search_key: Mapped[str] = mapped_column(Text, default="")

    members: Mapped[list[FamilyMember]] = relationship(cascade="all, delete-orphan", order_by="FamilyMember.position")
    steps: Mapped[list[FamilyStep]] = relationship(
        cascade="all, delete-orphan", order_by="(FamilyStep.on_date, FamilyStep.created_at)"
    )
    placements: Mapped[list[ChildPlacement]] = relationship(
        cascade="all, delete-orphan", order_by="ChildPlacement.start_date"
    )
    documents: Mapped[list[FamilyDocument]] = relationship(
        cascade="all, delete-orphan", order_by="FamilyDocument.created_at"
    )


class FamilyMember(RecordMixin, Base):
    __tablename__ = "family_member"
    __audit_label__ = "Член семьи"

    family_id: Mapped[str] = mapped_column(ForeignKey("resource_family.id", ondelete="CASCADE"), index=True)
    full_name: Mapped[str] = mapped_column(String(300))
    birth_date: Mapped[date | None] = mapped_column(IsoDate())
    relation: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(100), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)


class FamilyStep(RecordMixin, Base):
    """One step of the family's way (candidate, documents, ШПР …), dated, with who did it and why."""

    __tablename__ = "family_step"
    __audit_label__ = "Этап семьи"

    family_id: Mapped[str] = mapped_column(ForeignKey("resource_family.id", ondelete="CASCADE"), index=True)
    stage: Mapped[str] = mapped_column(String(32))
    on_date: Mapped[date] = mapped_column(IsoDate())
    done_by: Mapped[str] = mapped_column(String(300), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")


class ChildPlacement(RecordMixin, Base):
    """A child placed with the family; the child is known only by an internal code, birth date and sex."""

    __tablename__ = "child_placement"
    __audit_label__ = "Размещение ребёнка"

    family_id: Mapped[str] = mapped_column(ForeignKey("resource_family.id", ondelete="CASCADE"), index=True)
    child_code: Mapped[str] = mapped_column(String(40))
    child_birth_date: Mapped[date] = mapped_column(IsoDate())
    child_sex: Mapped[str] = mapped_column(String(1))
    start_date: Mapped[date] = mapped_column(IsoDate(), index=True)
    end_date: Mapped[date | None] = mapped_column(IsoDate(), default=None, index=True)
    separation_reason: Mapped[str] = mapped_column(Text, default="")
    legal_form: Mapped[str] = mapped_column(String(32))
    outcome: Mapped[str] = mapped_column(String(32), default="ongoing")
    notes: Mapped[str] = mapped_column(Text, default="")


class FamilyDocument(StoredDocumentMixin, RecordMixin, Base):
    """A document of the family (ШПР certificate, conclusion, diagnostics); the file is kept by SHA-256."""

    __tablename__ = "family_document"
    __audit_label__ = "Документ семьи"

    family_id: Mapped[str] = mapped_column(ForeignKey("resource_family.id", ondelete="CASCADE"), index=True)
