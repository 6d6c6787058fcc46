"""The tools the demo's family support cases are entered with (services/demo_cases.py): dates counted back from
the demo's day, the support teams' invented people, a builder over the case, route and consilium services, and the
meetings of the consilium and the expert group."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from desktop_app.domain.actor import Actor
from desktop_app.domain.case_record import AdultInput, CaseInput, ChildInput, RequestInput, TeamMemberInput
from desktop_app.domain.case_route import ServiceInput
from desktop_app.domain.case_rules import AssessmentInput, StageInput, default_next_review
from desktop_app.domain.case_terms import (
    CaseCategory,
    CaseStage,
    ConsiliumKind,
    IdentificationSource,
    ReviewDecision,
    ServiceKind,
    SupportLevel,
)
from desktop_app.services.case_card import CaseCard
from desktop_app.services.case_editing import CaseEditing
from desktop_app.services.case_route import CaseRouteService
from desktop_app.services.consilium import ConsiliumService, MeetingInput, ReviewInput
from desktop_app.services.demo_timeline import DemoTimeline
from desktop_app.services.support_catalogue import default_measure_id
from desktop_app.storage.database import Database

SOCIAL_CONTRACT = default_measure_id("regional.social_contract")
CHILDREN_3_7 = default_measure_id("regional.children_3_7")
CHAIR = "Морозова Ирина Александровна (демо), начальник отдела опеки и попечительства"
BABY_HOME = "специализированный дом ребёнка (демо)"

# The support teams' people: (provider key, person, role in the team).
SOKOLOVA = ("ooip", "Соколова Елена Викторовна (демо)", "специалист органа опеки")
LEBEDEVA = ("cssu", "Лебедева Ольга Николаевна (демо)", "специалист по социальной работе ЦССУ")
GRIGORIEVA = ("kcson", "Григорьева Наталья Павловна (демо)", "специалист по социальной работе КЦСОН")
BELOVA = ("cssu", "Белова Светлана Юрьевна (демо)", "педагог-психолог")
KUZMINA = ("crb", "Кузьмина Татьяна Сергеевна (демо)", "врач-педиатр участковый")
FEDOROV = ("omvd", "Фёдоров Андрей Игоревич (демо)", "инспектор ПДН")
NIKITINA = ("employment", "Никитина Марина Олеговна (демо)", "специалист кадрового центра")
VOLKOVA = ("education", "Волкова Анна Дмитриевна (демо)", "социальный педагог школы")


@dataclass(frozen=True)
class DemoCases:
    total: int
    open: int
    closed: int
    resource_entries: int


class DemoDays:
    """The demo's dates: ``ago(n)`` days before today, ``ahead(n)`` after it, ``in_period(n)`` n days before the end
    of the current period's elapsed part (never before its start, never after today)."""

    def __init__(self, timeline: DemoTimeline) -> None:
        self.today = timeline.today
        self.period = timeline.current

    def ago(self, days: int) -> date:
        return self.today - timedelta(days=days)

    def ahead(self, days: int) -> date:
        return self.today + timedelta(days=days)

    def in_period(self, days: int) -> date:
        end = min(self.today, self.period.end)
        return max(self.period.start, end - timedelta(days=days))

    def before_period(self, days: int) -> date:
        """A day well before the current period (and at least ``days`` before today)."""
        return min(self.ago(days), self.period.start - timedelta(days=30))


def born(on: date, months: int) -> date:
    """A birth date ``months`` (about 30 days each) before ``on``."""
    return on - timedelta(days=months * 30)


def adult(name: str, born: str, relation: str, phone: str) -> AdultInput:
    return AdultInput(name, date.fromisoformat(born), relation, phone)


class CaseBuilder:
    """Enters the demo's cases through the services; ``organisations`` by provider key, ``entries`` (the resource
    map's) by entry key, both from demo_resource_map."""

    def __init__(
        self,
        db: Database,
        actor: Actor,
        municipality: str,
        days: DemoDays,
        organisations: dict[str, str],
        entries: dict[str, str],
    ) -> None:
        self.cases, self.routes, self.consilium = CaseEditing(db), CaseRouteService(db), ConsiliumService(db)
        self.actor, self.municipality, self.days, self.today = actor, municipality, days, days.today
        self.organisations, self.entries = organisations, entries

    def case(
        self,
        name: str,
        category: CaseCategory,
        source: IdentificationSource,
        identified: date,
        adults: tuple[AdultInput, ...],
        children: tuple[ChildInput, ...],
        address: str,
    ) -> CaseCard:
        entry = CaseInput(
            self.municipality,
            category,
            source,
            identified,
            adults,
            children,
            display_name=f"ДЕМО: семья {name}",
            address=address,
            notes="Демонстрационные данные",
        )
        return self.cases.create(self.actor, entry, today=self.today)

    def assess(self, case_id: str, level: SupportLevel, on: date, next_review: date | None = None) -> None:
        review = next_review or default_next_review(level, on)
        self.cases.set_assessment(self.actor, case_id, AssessmentInput(level, on, review), self.today)

    def request(self, case_id: str, text: str, on: date) -> None:
        self.cases.record_request(self.actor, case_id, RequestInput(text, on), self.today)

    def team(self, case_id: str, on: date, curator: tuple[str, str, str], *others: tuple[str, str, str]) -> None:
        members = tuple(
            TeamMemberInput(self.organisations[key], person, role, is_curator=index == 0)
            for index, (key, person, role) in enumerate((curator, *others))
        )
        self.cases.set_team(self.actor, case_id, members, on, self.today)

    def stage(self, case_id: str, stage: CaseStage, on: date, next_review: date | None = None) -> None:
        step = StageInput(stage, on, "", next_review_on=next_review)
        self.cases.record_stage(self.actor, case_id, step, self.today)

    def service(self, case_id: str, kind: ServiceKind, entry: str, planned: date, **given: object) -> None:
        item = ServiceInput(kind.value, planned, resource_service_id=self.entries[entry], **given)  # type: ignore[arg-type]
        self.routes.add_service(self.actor, case_id, item, self.today)

    def meeting(self, kind: ConsiliumKind, on: date, number: str, *reviews: ReviewInput) -> None:
        entry = MeetingInput(kind.value, on, number, CHAIR, "", self.municipality)
        meeting = self.consilium.add_meeting(self.actor, entry, self.today)
        for review in reviews:
            self.consilium.add_review(self.actor, meeting.id, review)


def hold_meetings(b: CaseBuilder, cards: list[CaseCard]) -> None:
    """The expert group's reviews of placements under 4 and the consilium that gave the Тарасовы and the Киселёвы
    interagency support; the Орловы's placement of days ago is not yet reviewed."""
    orlovy, _zaitsevy, kiselevy, tarasovy, _belyaevy, komarovy, melnikovy, _shirokovy = cards
    earlier = melnikovy.entry.children[0]
    assert earlier.placed_on is not None and earlier.id is not None
    b.meeting(
        ConsiliumKind.EXPERT_REVIEW,
        earlier.placed_on + timedelta(days=7),
        "Э-1",
        ReviewInput(
            melnikovy.id,
            ReviewDecision.PLACEMENT_JUSTIFIED.value,
            "Помещение временное: подготовить возвращение ребёнка в течение полугода.",
            True,
            earlier.id,
        ),
    )
    b.meeting(
        ConsiliumKind.CONSILIUM,
        b.days.ago(70),
        "К-4",
        ReviewInput(
            tarasovy.id,
            ReviewDecision.PROLONG.value,
            "Продолжить наблюдение у нарколога, пролонгировать сопровождение.",
            True,
        ),
        ReviewInput(kiselevy.id, ReviewDecision.CONTINUE.value, "Включить мать в школу родителей.", True),
    )
    child = komarovy.entry.children[0]
    assert child.placed_on is not None and child.id is not None
    b.meeting(
        ConsiliumKind.EXPERT_REVIEW,
        min(child.placed_on + timedelta(days=4), b.today),
        "Э-2",
        ReviewInput(
            komarovy.id,
            ReviewDecision.PLACEMENT_UNJUSTIFIED.value,
            "Вернуть ребёнка матери после выписки, обеспечить патронаж педиатра.",
            True,
            child.id,
        ),
    )
    del orlovy  # placed days ago: the expert group has not met since
