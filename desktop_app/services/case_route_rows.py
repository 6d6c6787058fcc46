"""What the route service returns: the rows of a case's route and the district's overdue items, built from the
tables (free texts blank for roles without personal data)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from desktop_app.domain.case_route import Overdue, measure_overdue, referral_overdue, service_overdue
from desktop_app.domain.case_terms import MeasureDecision, ReferralAnswer, ServiceKind, ServiceStatus
from desktop_app.domain.workdays import ProductionCalendar
from desktop_app.storage.models import (
    CaseReferral,
    CaseService,
    CaseSupportMeasure,
    Organisation,
    ResourceService,
    SupportMeasureKind,
)


@dataclass(frozen=True)
class RouteServiceRow:
    id: str
    case_id: str
    kind: str
    kind_label: str
    provider_id: str | None
    provider_name: str
    resource_service_id: str | None
    resource_name: str
    description: str
    planned_on: date
    due_on: date | None
    given_on: date | None
    status: str
    status_label: str
    result: str
    overdue: Overdue | None
    row_version: int


@dataclass(frozen=True)
class RouteMeasureRow:
    id: str
    case_id: str
    kind_id: str
    kind_name: str
    is_social_contract: bool
    applied_on: date
    decided_on: date | None
    decision: str
    decision_label: str
    note: str
    overdue: Overdue | None
    row_version: int


@dataclass(frozen=True)
class RouteReferralRow:
    id: str
    case_id: str
    organisation_id: str | None
    organisation_name: str
    service_kind: str
    service_kind_label: str
    sent_on: date
    answer_due_on: date | None
    answered_on: date | None
    answer: str
    answer_label: str
    answer_text: str
    overdue: Overdue | None
    row_version: int


@dataclass(frozen=True)
class CaseRoute:
    """Everything on one case's route, oldest first; free texts are blank for roles without personal data."""

    case_id: str
    case_code: str
    services: tuple[RouteServiceRow, ...]
    measures: tuple[RouteMeasureRow, ...]
    referrals: tuple[RouteReferralRow, ...]

    @property
    def overdue_count(self) -> int:
        rows: tuple[RouteServiceRow | RouteMeasureRow | RouteReferralRow, ...] = (
            *self.services,
            *self.measures,
            *self.referrals,
        )
        return sum(row.overdue is not None for row in rows)


@dataclass(frozen=True)
class OverdueItem:
    """One overdue thing of an open case: ``kind`` is "service", "measure" or "referral"."""

    kind: str
    item_id: str
    case_id: str
    case_code: str
    case_name: str  # "" for roles without personal data
    curator: str
    title: str  # «Услуга: психологическая помощь», «Направление: ГБУ АО «Плесецкий ЦССУ»», «Мера: …»
    overdue: Overdue

    @property
    def text(self) -> str:
        """«СС-0003 — Услуга: психологическая помощь: просрочено на 5 дней (срок был 01.03.2026)»."""
        return f"{self.case_code} — {self.title}: {self.overdue.text}"


def organisation_name(session: Session, organisation_id: str | None) -> str:
    organisation = session.get(Organisation, organisation_id) if organisation_id else None
    return (organisation.short_name or organisation.full_name) if organisation else ""


def measure_kind_name(session: Session, kind_id: str) -> str:
    kind = session.get(SupportMeasureKind, kind_id)
    return kind.name if kind else ""


def assign(row: object, values: Mapping[str, object]) -> None:
    """Touch only what differs, so the journal shows real changes."""
    for name, value in values.items():
        if getattr(row, name, None) != value:
            setattr(row, name, value)


def service_row(session: Session, row: CaseService, today: date, personal: bool, closed: bool) -> RouteServiceRow:
    resource = session.get(ResourceService, row.resource_service_id) if row.resource_service_id else None
    return RouteServiceRow(
        row.id,
        row.case_id,
        row.kind,
        ServiceKind.read(row.kind, ServiceKind.OTHER).label,
        row.provider_id,
        organisation_name(session, row.provider_id),
        row.resource_service_id,
        resource.name if resource else "",
        row.description if personal else "",
        row.planned_on,
        row.due_on,
        row.given_on,
        row.status,
        ServiceStatus.read(row.status, ServiceStatus.PLANNED).label,
        row.result if personal else "",
        service_overdue(row.status, row.due_on, today, closed=closed),
        row.row_version,
    )


def measure_row(
    session: Session, row: CaseSupportMeasure, today: date, personal: bool, closed: bool
) -> RouteMeasureRow:
    kind = session.get(SupportMeasureKind, row.kind_id)
    return RouteMeasureRow(
        row.id,
        row.case_id,
        row.kind_id,
        kind.name if kind else "",
        bool(kind and kind.is_social_contract),
        row.applied_on,
        row.decided_on,
        row.decision,
        MeasureDecision.read(row.decision, MeasureDecision.PENDING).label,
        row.note if personal else "",
        measure_overdue(row.decision, row.applied_on, today, closed=closed),
        row.row_version,
    )


def referral_row(
    session: Session,
    row: CaseReferral,
    today: date,
    personal: bool,
    closed: bool,
    calendar: ProductionCalendar | None,
) -> RouteReferralRow:
    kind = ServiceKind.read(row.service_kind, ServiceKind.OTHER) if row.service_kind else None
    return RouteReferralRow(
        row.id,
        row.case_id,
        row.organisation_id,
        organisation_name(session, row.organisation_id),
        row.service_kind,
        kind.label if kind else "",
        row.sent_on,
        row.answer_due_on,
        row.answered_on,
        row.answer,
        ReferralAnswer.read(row.answer, ReferralAnswer.PENDING).label,
        row.answer_text if personal else "",
        referral_overdue(row.answer, row.sent_on, row.answer_due_on, today, calendar, closed=closed),
        row.row_version,
    )
