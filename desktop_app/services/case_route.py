"""A family's route: services planned and given, support measures applied for, referrals sent; and what is overdue
across the district's open cases (for the start screen and reminders).

Every write is one transaction through the audit hook, refused without EDIT_DATA and VIEW_PERSONAL_DATA (the route
belongs to a case, the most sensitive record the program keeps) and refused when the row changed since it was read.
The rules are in domain/case_route.py, so the GUI, imports and the command line refuse the same things.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.domain.actor import Actor
from desktop_app.domain.case_route import (
    MEASURE_DECISION_DAYS,
    REFERRAL_ANSWER_WORKING_DAYS,
    MeasureInput,
    Overdue,
    ReferralInput,
    ServiceInput,
    measure_overdue,
    referral_overdue,
    service_overdue,
)
from desktop_app.domain.case_terms import MeasureDecision, ReferralAnswer, ServiceKind, ServiceStatus
from desktop_app.domain.errors import ConcurrentChange, NotFound, UserError
from desktop_app.domain.roles import Permission
from desktop_app.domain.workdays import ProductionCalendar
from desktop_app.services.case_route_rows import (
    CaseRoute,
    OverdueItem,
    RouteMeasureRow,
    RouteReferralRow,
    RouteServiceRow,
    assign,
    measure_kind_name,
    measure_row,
    organisation_name,
    referral_row,
    service_row,
)
from desktop_app.storage.database import Database
from desktop_app.storage.models import (
    CaseReferral,
    CaseService,
    CaseSupportMeasure,
    FamilyCase,
    Organisation,
    ResourceService,
    SupportMeasureKind,
)

_Row = TypeVar("_Row", CaseService, CaseSupportMeasure, CaseReferral)
STALE = "Запись изменена другим пользователем, пока вы её редактировали. Обновите маршрут и внесите правки снова."


class CaseRouteService:
    def __init__(self, db: Database, calendar: ProductionCalendar | None = None) -> None:
        self._db = db
        self._calendar = calendar  # None: the Russian production calendar

    # ------------------------------------------------------------------------------------------- reading

    def route(self, actor: Actor, case_id: str, today: date | None = None) -> CaseRoute:
        """The case's services, measures and referrals with what of them is overdue today."""
        actor.require(Permission.VIEW_DATA)
        today = today or date.today()
        personal = actor.can(Permission.VIEW_PERSONAL_DATA)
        with self._db.reading() as session:
            case = _case(session, case_id)
            services = session.scalars(
                select(CaseService).where(CaseService.case_id == case_id).order_by(CaseService.planned_on)
            )
            measures = session.scalars(
                select(CaseSupportMeasure)
                .where(CaseSupportMeasure.case_id == case_id)
                .order_by(CaseSupportMeasure.applied_on)
            )
            referrals = session.scalars(
                select(CaseReferral).where(CaseReferral.case_id == case_id).order_by(CaseReferral.sent_on)
            )
            # a closed case asks nothing more of anybody: what was left pending is not overdue
            closed = case.closed_on is not None
            return CaseRoute(
                case.id,
                case.code,
                tuple(service_row(session, row, today, personal, closed) for row in services),
                tuple(measure_row(session, row, today, personal, closed) for row in measures),
                tuple(referral_row(session, row, today, personal, closed, self._calendar) for row in referrals),
            )

    def overdue(self, actor: Actor, today: date | None = None) -> list[OverdueItem]:
        """Every overdue service, referral and measure of the district's open cases, the latest first."""
        actor.require(Permission.VIEW_DATA)
        today = today or date.today()
        personal = actor.can(Permission.VIEW_PERSONAL_DATA)
        items: list[OverdueItem] = []
        with self._db.reading() as session:
            open_cases = select(FamilyCase.id).where(FamilyCase.closed_on.is_(None))
            services = session.scalars(
                select(CaseService).where(
                    CaseService.case_id.in_(open_cases),
                    CaseService.status.in_([ServiceStatus.PLANNED.value, ServiceStatus.IN_PROGRESS.value]),
                    CaseService.due_on < today,
                )
            )
            for service in services:
                if late := service_overdue(service.status, service.due_on, today, closed=False):
                    title = f"Услуга: {ServiceKind.read(service.kind, ServiceKind.OTHER).label}"
                    items.append(_item(session, "service", service.id, service.case_id, title, late, personal))
            # ten working days are at least fourteen calendar days: older referrals only, then the exact rule
            referrals = session.scalars(
                select(CaseReferral).where(
                    CaseReferral.case_id.in_(open_cases),
                    CaseReferral.answer == ReferralAnswer.PENDING.value,
                    CaseReferral.sent_on < today - timedelta(days=REFERRAL_ANSWER_WORKING_DAYS),
                )
            )
            for referral in referrals:
                late = referral_overdue(
                    referral.answer, referral.sent_on, referral.answer_due_on, today, self._calendar, closed=False
                )
                if late:
                    title = f"Направление: {organisation_name(session, referral.organisation_id)}"
                    items.append(_item(session, "referral", referral.id, referral.case_id, title, late, personal))
            measures = session.scalars(
                select(CaseSupportMeasure).where(
                    CaseSupportMeasure.case_id.in_(open_cases),
                    CaseSupportMeasure.decision == MeasureDecision.PENDING.value,
                    CaseSupportMeasure.applied_on < today - timedelta(days=MEASURE_DECISION_DAYS),
                )
            )
            for measure in measures:
                if late := measure_overdue(measure.decision, measure.applied_on, today, closed=False):
                    title = f"Мера поддержки: {measure_kind_name(session, measure.kind_id)}"
                    items.append(_item(session, "measure", measure.id, measure.case_id, title, late, personal))
        items.sort(key=lambda item: (-item.overdue.days_late, item.case_code, item.title))
        return items

    # ------------------------------------------------------------------------------------------- services

    def add_service(
        self, actor: Actor, case_id: str, entry: ServiceInput, today: date | None = None
    ) -> RouteServiceRow:
        """A service put on the case's route."""
        _require_editor(actor)
        today = today or date.today()
        entry = entry.checked(today)
        with self._db.transaction(actor) as session:
            _open_case(session, case_id)
            row = CaseService(case_id=case_id)
            _write_service(session, row, entry, None)
            session.add(row)
            session.flush()
            return service_row(session, row, today, True, closed=False)

    def update_service(
        self, actor: Actor, service_id: str, entry: ServiceInput, expected_version: int, today: date | None = None
    ) -> RouteServiceRow:
        """Change a service of the route (its dates, status, result); refused if changed since it was read."""
        _require_editor(actor)
        today = today or date.today()
        entry = entry.checked(today)
        with self._db.transaction(actor) as session:
            row = _get(session, CaseService, service_id, "Услуга маршрута не найдена")
            _check_version(row.row_version, expected_version)
            _write_service(session, row, entry, row.resource_service_id)
            session.flush()
            return service_row(session, row, today, True, closed=_closed(session, row.case_id))

    def remove_service(self, actor: Actor, service_id: str, expected_version: int) -> None:
        self._remove(actor, CaseService, service_id, expected_version, "Услуга маршрута не найдена")

    # ------------------------------------------------------------------------------------------- measures

    def add_measure(
        self, actor: Actor, case_id: str, entry: MeasureInput, today: date | None = None
    ) -> RouteMeasureRow:
        """A support measure applied for on the family's behalf."""
        _require_editor(actor)
        today = today or date.today()
        entry = entry.checked(today)
        with self._db.transaction(actor) as session:
            _open_case(session, case_id)
            _measure_kind(session, entry.kind_id, None)
            row = CaseSupportMeasure(case_id=case_id, kind_id=entry.kind_id, applied_on=entry.applied_on)
            _write_measure(row, entry)
            session.add(row)
            session.flush()
            return measure_row(session, row, today, True, closed=False)

    def update_measure(
        self, actor: Actor, measure_id: str, entry: MeasureInput, expected_version: int, today: date | None = None
    ) -> RouteMeasureRow:
        """Record the decision on a measure or correct it; refused if changed since it was read."""
        _require_editor(actor)
        today = today or date.today()
        entry = entry.checked(today)
        with self._db.transaction(actor) as session:
            row = _get(session, CaseSupportMeasure, measure_id, "Мера поддержки не найдена")
            _check_version(row.row_version, expected_version)
            _measure_kind(session, entry.kind_id, row.kind_id)
            _write_measure(row, entry)
            session.flush()
            return measure_row(session, row, today, True, closed=_closed(session, row.case_id))

    def remove_measure(self, actor: Actor, measure_id: str, expected_version: int) -> None:
        self._remove(actor, CaseSupportMeasure, measure_id, expected_version, "Мера поддержки не найдена")

    # ------------------------------------------------------------------------------------------- referrals

    def add_referral(
        self, actor: Actor, case_id: str, entry: ReferralInput, today: date | None = None
    ) -> RouteReferralRow:
        """A referral of the family to an organisation (answer due in ten working days unless set)."""
        _require_editor(actor)
        today = today or date.today()
        entry = entry.checked(today, self._calendar)
        with self._db.transaction(actor) as session:
            _open_case(session, case_id)
            row = CaseReferral(case_id=case_id)
            _write_referral(session, row, entry)
            session.add(row)
            session.flush()
            return referral_row(session, row, today, True, closed=False, calendar=self._calendar)

    def update_referral(
        self, actor: Actor, referral_id: str, entry: ReferralInput, expected_version: int, today: date | None = None
    ) -> RouteReferralRow:
        """Record the organisation's answer or correct the referral; refused if changed since it was read."""
        _require_editor(actor)
        today = today or date.today()
        entry = entry.checked(today, self._calendar)
        with self._db.transaction(actor) as session:
            row = _get(session, CaseReferral, referral_id, "Направление не найдено")
            _check_version(row.row_version, expected_version)
            _write_referral(session, row, entry)
            session.flush()
            closed = _closed(session, row.case_id)
            return referral_row(session, row, today, True, closed=closed, calendar=self._calendar)

    def remove_referral(self, actor: Actor, referral_id: str, expected_version: int) -> None:
        self._remove(actor, CaseReferral, referral_id, expected_version, "Направление не найдено")

    # ------------------------------------------------------------------------------------------- helpers

    def _remove(
        self,
        actor: Actor,
        model: type[_Row],
        row_id: str,
        expected_version: int,
        missing: str,
    ) -> None:
        _require_editor(actor)
        with self._db.transaction(actor) as session:
            row = session.get(model, row_id)
            if row is None:
                raise NotFound(f"{missing}: возможно, её удалили. Обновите маршрут.")
            _check_version(row.row_version, expected_version)
            session.delete(row)


def _require_editor(actor: Actor) -> None:
    actor.require(Permission.EDIT_DATA)
    actor.require(Permission.VIEW_PERSONAL_DATA)


def _check_version(current: int, expected: int) -> None:
    if current != expected:
        raise ConcurrentChange(STALE)


def _get(session: Session, model: type[_Row], row_id: str, missing: str) -> _Row:
    row = session.get(model, row_id)
    if row is None:
        raise NotFound(f"{missing}: возможно, её удалили. Обновите маршрут.")
    return row


def _case(session: Session, case_id: str) -> FamilyCase:
    case = session.get(FamilyCase, case_id)
    if case is None:
        raise NotFound("Случай сопровождения не найден: возможно, его удалили. Обновите список случаев.")
    return case


def _closed(session: Session, case_id: str) -> bool:
    """Whether the case is closed (its route, still editable, then shows nothing as overdue)."""
    return _case(session, case_id).closed_on is not None


def _open_case(session: Session, case_id: str) -> FamilyCase:
    case = _case(session, case_id)
    if case.closed_on is not None:
        raise UserError("Семья снята с сопровождения: в маршрут закрытого случая новое не добавляется.")
    return case


def _measure_kind(session: Session, kind_id: str, current: str | None) -> SupportMeasureKind:
    """The catalogue's measure; a retired one only where it was chosen before."""
    kind = session.get(SupportMeasureKind, kind_id)
    if kind is None:
        raise NotFound("Мера поддержки не найдена в перечне: обновите перечень мер.")
    if kind.is_retired and kind_id != current:
        raise UserError(f"Мера «{kind.name}» исключена из перечня региона: выберите действующую меру.")
    return kind


def _write_service(session: Session, row: CaseService, entry: ServiceInput, current_resource: str | None) -> None:
    provider_id = entry.provider_id
    if entry.resource_service_id:
        resource = session.get(ResourceService, entry.resource_service_id)
        if resource is None:
            raise NotFound("Услуга не найдена в ресурсной карте: обновите ресурсную карту.")
        if resource.is_retired and entry.resource_service_id != current_resource:
            raise UserError(f"Услуга «{resource.name}» исключена из ресурсной карты: выберите действующую.")
        provider_id = provider_id or resource.provider_id
    if provider_id and session.get(Organisation, provider_id) is None:
        raise NotFound("Организация не найдена в справочнике: обновите справочник организаций.")
    assert entry.planned_on is not None
    values = {
        "kind": entry.kind,
        "resource_service_id": entry.resource_service_id,
        "provider_id": provider_id,
        "description": entry.description,
        "planned_on": entry.planned_on,
        "due_on": entry.due_on,
        "given_on": entry.given_on,
        "status": entry.status,
        "result": entry.result,
    }
    assign(row, values)


def _write_measure(row: CaseSupportMeasure, entry: MeasureInput) -> None:
    values = {
        "kind_id": entry.kind_id,
        "applied_on": entry.applied_on,
        "decided_on": entry.decided_on,
        "decision": entry.decision,
        "note": entry.note,
    }
    assign(row, values)


def _write_referral(session: Session, row: CaseReferral, entry: ReferralInput) -> None:
    if entry.organisation_id and session.get(Organisation, entry.organisation_id) is None:
        raise NotFound("Организация не найдена в справочнике: обновите справочник организаций.")
    values = {
        "organisation_id": entry.organisation_id,
        "service_kind": entry.service_kind,
        "sent_on": entry.sent_on,
        "answer_due_on": entry.answer_due_on,
        "answered_on": entry.answered_on,
        "answer": entry.answer,
        "answer_text": entry.answer_text,
    }
    assign(row, values)


def _item(
    session: Session, kind: str, item_id: str, case_id: str, title: str, late: Overdue, personal: bool
) -> OverdueItem:
    case = _case(session, case_id)
    return OverdueItem(
        kind, item_id, case.id, case.code, case.display_name if personal else "", case.curator, title, late
    )
