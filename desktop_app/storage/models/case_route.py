"""What the support of a family is made of: the resource map it chooses from, the route of services, support measures
from the region's catalogue, referrals to organisations, and the consilium's meetings with their decisions."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop_app.storage.base import Base, IsoDate, RecordMixin
from desktop_app.storage.owners import installation_owner


class ResourceService(RecordMixin, Base):
    """One entry of the district's resource map: what is offered, by whom, where, for whom, how to reach it."""

    __tablename__ = "resource_service"
    __audit_label__ = "Услуга ресурсной карты"
    __owned__ = True  # "" for the region, else the district that keeps the entry

    kind: Mapped[str] = mapped_column(String(32), index=True)
    name: Mapped[str] = mapped_column(Text)
    provider_id: Mapped[str | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL"), default=None, index=True
    )
    territory: Mapped[str] = mapped_column(String(300), default="", index=True)
    address: Mapped[str] = mapped_column(Text, default="")
    target_group: Mapped[str] = mapped_column(Text, default="")
    contacts: Mapped[str] = mapped_column(Text, default="")
    terms: Mapped[str] = mapped_column(Text, default="")
    is_retired: Mapped[bool] = mapped_column(Boolean, default=False)
    owner: Mapped[str] = mapped_column(String(300), default=installation_owner, server_default="")
    search_key: Mapped[str] = mapped_column(Text, default="")


class SupportMeasureKind(RecordMixin, Base):
    """A payment or measure of support from the catalogue the region keeps (seed 004); a social contract is one."""

    __tablename__ = "support_measure_kind"
    __audit_label__ = "Вид меры поддержки"
    __owned__ = True

    name: Mapped[str] = mapped_column(Text)
    level: Mapped[str] = mapped_column(String(16), default="regional")  # federal / regional / municipal
    is_social_contract: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)
    is_retired: Mapped[bool] = mapped_column(Boolean, default=False)
    owner: Mapped[str] = mapped_column(String(300), default=installation_owner, server_default="")


class CaseService(RecordMixin, Base):
    """A service of the family's route: planned (by ``due_on``), given (``given_on``) with a result, or not."""

    __tablename__ = "case_service"
    __audit_label__ = "Услуга маршрута семьи"
    # the figures «families helped with …» look for services of one kind given in a period (migration 0015)
    __table_args__ = (Index("ix_case_service_kind_given_on", "kind", "given_on"),)

    case_id: Mapped[str] = mapped_column(ForeignKey("family_case.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    resource_service_id: Mapped[str | None] = mapped_column(
        ForeignKey("resource_service.id", ondelete="SET NULL"), default=None, index=True
    )
    provider_id: Mapped[str | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL"), default=None, index=True
    )
    description: Mapped[str] = mapped_column(Text, default="")
    planned_on: Mapped[date] = mapped_column(IsoDate())
    due_on: Mapped[date | None] = mapped_column(IsoDate(), default=None, index=True)
    given_on: Mapped[date | None] = mapped_column(IsoDate(), default=None, index=True)
    status: Mapped[str] = mapped_column(String(16), default="planned", index=True)
    result: Mapped[str] = mapped_column(Text, default="")


class CaseSupportMeasure(RecordMixin, Base):
    """A support measure applied for on the family's behalf and the decision on it."""

    __tablename__ = "case_support_measure"
    __audit_label__ = "Мера поддержки семьи"

    case_id: Mapped[str] = mapped_column(ForeignKey("family_case.id", ondelete="CASCADE"), index=True)
    kind_id: Mapped[str] = mapped_column(ForeignKey("support_measure_kind.id", ondelete="RESTRICT"), index=True)
    applied_on: Mapped[date] = mapped_column(IsoDate())
    decided_on: Mapped[date | None] = mapped_column(IsoDate(), default=None, index=True)
    decision: Mapped[str] = mapped_column(String(16), default="pending")  # pending / granted / refused
    note: Mapped[str] = mapped_column(Text, default="")


class CaseReferral(RecordMixin, Base):
    """A referral of the family to an organisation and the organisation's answer."""

    __tablename__ = "case_referral"
    __audit_label__ = "Направление семьи"

    case_id: Mapped[str] = mapped_column(ForeignKey("family_case.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[str | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL"), default=None, index=True
    )
    service_kind: Mapped[str] = mapped_column(String(32), default="")
    sent_on: Mapped[date] = mapped_column(IsoDate())
    answer_due_on: Mapped[date | None] = mapped_column(IsoDate(), default=None)
    answered_on: Mapped[date | None] = mapped_column(IsoDate(), default=None)
    answer: Mapped[str] = mapped_column(String(16), default="pending")  # pending / accepted / refused / done
    answer_text: Mapped[str] = mapped_column(Text, default="")


class ConsiliumMeeting(RecordMixin, Base):
    """A meeting of the interagency consilium (or the expert group reviewing placements in institutions)."""

    __tablename__ = "consilium_meeting"
    __audit_label__ = "Заседание консилиума"

    municipality: Mapped[str] = mapped_column(String(300), default="", index=True)
    kind: Mapped[str] = mapped_column(String(16), default="consilium")  # consilium / expert_review
    held_on: Mapped[date] = mapped_column(IsoDate(), index=True)
    number: Mapped[str] = mapped_column(String(50), default="")
    chair: Mapped[str] = mapped_column(String(300), default="")
    notes: Mapped[str] = mapped_column(Text, default="")


class ConsiliumReview(RecordMixin, Base):
    """A case considered at a meeting: the decision and recommendations; ``child_id`` when the review is of one
    child's placement in an institution (seed 000: every placement of a child under 4 is reviewed)."""

    __tablename__ = "consilium_review"
    __audit_label__ = "Рассмотрение случая на консилиуме"

    meeting_id: Mapped[str] = mapped_column(ForeignKey("consilium_meeting.id", ondelete="CASCADE"), index=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("family_case.id", ondelete="CASCADE"), index=True)
    child_id: Mapped[str | None] = mapped_column(
        ForeignKey("case_child.id", ondelete="SET NULL"), default=None, index=True
    )
    decision: Mapped[str] = mapped_column(String(32), default="")
    interagency_support: Mapped[bool] = mapped_column(Boolean, default=False)
    recommendations: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
