"""The register of resource families and their adult members (extended by the families issue)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop_app.storage.base import Base, IsoDate, RecordMixin


class ResourceFamily(RecordMixin, Base):
    __tablename__ = "resource_family"
    __audit_label__ = "Ресурсная семья"

    display_name: Mapped[str] = mapped_column(String(300))
    municipality: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[str] = mapped_column(String(32), default="candidate")
    capacity_children: Mapped[int] = mapped_column(default=1)
    accepts_disability: Mapped[bool] = mapped_column(Boolean, default=False)
    accepts_siblings: Mapped[bool] = mapped_column(Boolean, default=False)
    address: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    search_key: Mapped[str] = mapped_column(Text, default="")

    members: Mapped[list[FamilyMember]] = relationship(cascade="all, delete-orphan")


class FamilyMember(RecordMixin, Base):
    __tablename__ = "family_member"
    __audit_label__ = "Член семьи"

    family_id: Mapped[str] = mapped_column(ForeignKey("resource_family.id", ondelete="CASCADE"), index=True)
    full_name: Mapped[str] = mapped_column(String(300))
    birth_date: Mapped[date | None] = mapped_column(IsoDate())
    relation: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(100), default="")
