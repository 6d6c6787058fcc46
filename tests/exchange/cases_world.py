"""Family support cases made straight through the ORM (the case services are written elsewhere at the same time),
with every personal text a case can hold, for the exchange tests of cases (tests/exchange/test_cases_*.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.core.resources import demo_program
from desktop_app.domain.actor import SYSTEM_ACTOR
from desktop_app.services.program_store import store_program
from desktop_app.storage.models import (
    CaseAdult,
    CaseChild,
    CaseReferral,
    CaseService,
    CaseStage,
    CaseSupportMeasure,
    CaseTeamMember,
    ConsiliumMeeting,
    ConsiliumReview,
    FamilyCase,
    ResourceService,
    SupportMeasureKind,
)
from tests.exchange.test_end_to_end import REGION, Installation, district_installation

SOCIAL_CONTRACT = "Социальный контракт на поиск работы"


def region_with_catalogue(root: Path) -> tuple[Installation, Path]:
    """The region with the demo program and its catalogue of support measures, and the package it wrote."""
    region = Installation(root / "region", REGION)
    with region.db.transaction() as session:
        store_program(session, demo_program())
        session.add(SupportMeasureKind(name=SOCIAL_CONTRACT, level="regional", is_social_contract=True))
    package = root / "region.opeka"
    region.export.write(SYSTEM_ACTOR, package)
    return region, package


def district_with_package(root: Path, name: str, package: Path) -> Installation:
    district = district_installation(root, name)
    district.take(package)
    return district


@dataclass(frozen=True)
class Secrets:
    """Every personal or free text of one case: none of it may reach the region."""

    display_name: str
    source_detail: str
    request_text: str
    curator: str
    closure_reason: str
    address: str
    notes: str
    adult_name: str
    adult_phone: str
    adult_relation: str
    institution: str
    stage_by: str
    stage_reason: str
    stage_notes: str
    team_person: str
    team_role: str
    service_description: str
    service_result: str
    measure_note: str
    referral_answer: str
    meeting_chair: str
    meeting_notes: str
    recommendations: str

    def texts(self) -> tuple[str, ...]:
        return tuple(getattr(self, name) for name in self.__dataclass_fields__)


def secrets(surname: str) -> Secrets:
    return Secrets(
        display_name=f"Семья {surname}ых",
        source_detail=f"сообщила классный руководитель {surname}а Н. П.",
        request_text=f"{surname}а просит помочь с трудоустройством и оформлением пособия",
        curator="Смирнова Елена Павловна",
        closure_reason="семья переехала к родственникам в Северодвинск",
        address="п. Савинский, ул. Цементников, д. 7, кв. 12",
        notes="соседи жалуются на шум по ночам",
        adult_name=f"{surname}а Ольга Викторовна",
        adult_phone="+7 911 555-12-34",
        adult_relation="мать троих детей",
        institution="ГБУ АО «Савинский социально-реабилитационный центр»",
        stage_by="Смирнова Е. П.",
        stage_reason="сигнал из школы о пропусках занятий",
        stage_notes="первичный визит на дом",
        team_person="Орлова Анна Сергеевна",
        team_role="психолог центра «Семья»",
        service_description="консультация по вакансиям центра занятости",
        service_result="трудоустроена уборщицей в школу",
        measure_note="решение отложено до справки о доходах",
        referral_answer="принята на лечение, медицинская карта 4417",
        meeting_chair="Воронина Татьяна Алексеевна",
        meeting_notes="присутствовали семь человек, мать не явилась",
        recommendations="направить мать на курс родительской компетентности",
    )


@dataclass
class CaseIds:
    case: str
    child: str = ""
    service: str = ""
    others: dict[str, str] = field(default_factory=dict)


def add_case(
    district: Installation,
    code: str,
    category: str,
    identified_on: date,
    stages: tuple[tuple[str, date], ...],
    *,
    next_review_on: date | None = None,
    closed_on: date | None = None,
    outcome: str = "",
    service_due_on: date | None = None,
    told: Secrets | None = None,
    full: bool = False,
) -> CaseIds:
    """A case of ``district`` with its stage history (the last one is its stage); ``full`` adds an adult, a child,
    the team, a route service, a support measure, a referral and a consilium review, all with ``told``'s texts."""
    told = told or secrets("Кузнецов")
    with district.db.transaction() as session:
        case = FamilyCase(
            code=code,
            display_name=told.display_name,
            municipality=district.name or "",
            category=category,
            source="education",
            source_detail=told.source_detail,
            identified_on=identified_on,
            stage=stages[-1][0],
            stage_since=stages[-1][1],
            support_level="intensive",
            assessed_on=stages[1][1] if len(stages) > 1 else None,
            next_review_on=next_review_on,
            request_text=told.request_text,
            consent_on=identified_on,
            curator=told.curator,
            closed_on=closed_on,
            outcome=outcome,
            closure_reason=told.closure_reason if closed_on else "",
            address=told.address,
            notes=told.notes,
            search_key=f"{code.lower()} {told.display_name.lower()}",
        )
        session.add(case)
        session.flush()
        for stage, day in stages:
            session.add(
                CaseStage(
                    case_id=case.id,
                    stage=stage,
                    on_date=day,
                    done_by=told.stage_by,
                    reason=told.stage_reason,
                    notes=told.stage_notes,
                )
            )
        ids = CaseIds(case.id)
        if service_due_on is not None or full:
            service = CaseService(
                case_id=case.id,
                kind="employment",
                resource_service_id=_map_entry(session, district),
                description=told.service_description,
                planned_on=identified_on,
                due_on=service_due_on,
                status="planned",
                result=told.service_result,
            )
            session.add(service)
            session.flush()
            ids.service = service.id
        if full:
            ids.child = _add_family(session, case.id, told)
            ids.others = _add_route_and_review(session, district, case.id, ids.child, told)
    return ids


def _map_entry(session: Session, district: Installation) -> str:
    """The district's resource map entry for employment (made once)."""
    found = session.scalar(select(ResourceService).where(ResourceService.kind == "employment"))
    if found is None:
        found = ResourceService(
            kind="employment",
            name=f"Подбор вакансий для родителей ({district.name})",
            territory=district.name or "",
            address="ул. Ленина, 12, каб. 3",
            target_group="родители в трудной жизненной ситуации",
            contacts="8 (81832) 7-11-22",
            terms="бесплатно, по записи",
        )
        session.add(found)
        session.flush()
    return found.id


def _add_family(session: Session, case_id: str, told: Secrets) -> str:
    session.add(
        CaseAdult(
            case_id=case_id,
            full_name=told.adult_name,
            birth_date=date(1987, 3, 14),
            relation=told.adult_relation,
            phone=told.adult_phone,
            parental_rights="limited",
        )
    )
    child = CaseChild(
        case_id=case_id,
        code="Д-2023-04",
        birth_date=date(2023, 6, 2),
        sex="f",
        placed_on=date(2026, 2, 3),
        institution=told.institution,
    )
    session.add(child)
    session.add(CaseTeamMember(case_id=case_id, person=told.team_person, team_role=told.team_role, is_curator=False))
    session.flush()
    return child.id


def _add_route_and_review(
    session: Session, district: Installation, case_id: str, child_id: str, told: Secrets
) -> dict[str, str]:
    kind = session.scalar(select(SupportMeasureKind).where(SupportMeasureKind.name == SOCIAL_CONTRACT))
    assert kind is not None, "the region's catalogue reached the district"
    measure = CaseSupportMeasure(
        case_id=case_id, kind_id=kind.id, applied_on=date(2026, 2, 10), decision="pending", note=told.measure_note
    )
    referral = CaseReferral(
        case_id=case_id,
        service_kind="addiction",
        sent_on=date(2026, 2, 11),
        answered_on=date(2026, 2, 20),
        answer="accepted",
        answer_text=told.referral_answer,
    )
    meeting = ConsiliumMeeting(
        municipality=district.name or "",
        kind="expert_review",
        held_on=date(2026, 2, 17),
        number="5",
        chair=told.meeting_chair,
        notes=told.meeting_notes,
    )
    session.add_all([measure, referral, meeting])
    session.flush()
    review = ConsiliumReview(
        meeting_id=meeting.id,
        case_id=case_id,
        child_id=child_id,
        decision="placement_unjustified",
        interagency_support=True,
        recommendations=told.recommendations,
    )
    session.add(review)
    session.flush()
    return {"measure": measure.id, "referral": referral.id, "meeting": meeting.id, "review": review.id}
