"""A case taken through the whole cycle by the services, for the printed card's tests: two adults, two children,
every stage, a team, three services in three statuses, a measure, a referral, a consilium decision, a closure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop_app.domain.case_record import AdultInput, CaseInput, ChildInput, RequestInput, TeamMemberInput
from desktop_app.domain.case_route import MeasureInput, ReferralInput, ServiceInput
from desktop_app.domain.case_rules import AssessmentInput, ClosureInput, StageInput
from desktop_app.domain.case_terms import CaseCategory, CaseOutcome, CaseStage, IdentificationSource, SupportLevel
from desktop_app.services.case_editing import CaseEditing
from desktop_app.services.case_route import CaseRouteService
from desktop_app.services.consilium import ConsiliumService, MeetingInput, ReviewInput
from desktop_app.storage.database import Database
from tests.cases.case_world import PLESETSK, SPECIALIST, organisation_ids
from tests.cases.route_world import add_measure_kind

TODAY = date(2026, 6, 10)
MOTHER = "Ёлкина Мария Петровна"
FATHER = "Ёлкин Сергей Иванович"
CHILDREN = ("Р-2026-01", "Р-2026-02")
# the services as the test makes them: (kind, status, given on)
SERVICES = (
    ("psychology", "given", date(2026, 3, 10)),
    ("employment", "in_progress", None),
    ("addiction", "planned", None),
)
SERVICE_RESULT = "пять консультаций"
STAGE_REASON = "семья просила начать с работы"
CLOSURE_REASON = "мать трудоустроена, ребёнок посещает сад"
RECOMMENDATION = "продолжить занятия с психологом"


@dataclass(frozen=True)
class MadeCase:
    id: str
    code: str


def made_case(db: Database, *, closed: bool = True) -> MadeCase:
    editing = CaseEditing(db)
    entry = CaseInput(
        municipality=PLESETSK,
        category=CaseCategory.SOP,
        source=IdentificationSource.EDUCATION,
        identified_on=date(2026, 1, 15),
        adults=(
            AdultInput(MOTHER, date(1990, 3, 1), "мать", "+7 900 111-22-33"),
            AdultInput(FATHER, date(1988, 7, 9), "отец"),
        ),
        children=(
            ChildInput(CHILDREN[0], date(2022, 5, 1), "f"),
            ChildInput(CHILDREN[1], date(2019, 11, 20), "m"),
        ),
        address="п. Плесецк, ул. Лесная, 3",
    )
    card = editing.create(SPECIALIST, entry, "Соколова Е. В.", TODAY)
    case_id = card.id
    editing.set_assessment(
        SPECIALIST,
        case_id,
        AssessmentInput(SupportLevel.INTENSIVE, date(2026, 1, 25), date(2026, 7, 25), "Соколова Е. В."),
        TODAY,
    )
    editing.record_request(SPECIALIST, case_id, RequestInput("помочь с работой и садом", date(2026, 1, 28)), TODAY)
    first, second = organisation_ids(db, 2)
    team = (
        TeamMemberInput(first, "Соколова Елена Викторовна", "специалист по социальной работе", True),
        TeamMemberInput(second, "Петрова Анна Игоревна", "психолог"),
    )
    editing.set_team(SPECIALIST, case_id, team, date(2026, 2, 1), TODAY)
    editing.record_stage(SPECIALIST, case_id, StageInput(CaseStage.ROUTE, date(2026, 2, 5), "Соколова Е. В."), TODAY)
    editing.record_stage(
        SPECIALIST, case_id, StageInput(CaseStage.SERVICES, date(2026, 2, 10), "Соколова Е. В.", STAGE_REASON), TODAY
    )
    routes = CaseRouteService(db)
    for kind, status, given_on in SERVICES:
        routes.add_service(
            SPECIALIST,
            case_id,
            ServiceInput(
                kind,
                date(2026, 3, 2),
                first,
                status=status,
                given_on=given_on,
                result=SERVICE_RESULT if given_on else "",
            ),
            TODAY,
        )
    routes.add_measure(SPECIALIST, case_id, MeasureInput(add_measure_kind(db), date(2026, 2, 20)), TODAY)
    routes.add_referral(SPECIALIST, case_id, ReferralInput(second, date(2026, 3, 6), "health"), TODAY)
    consilium = ConsiliumService(db)
    meeting = consilium.add_meeting(SPECIALIST, MeetingInput("consilium", date(2026, 3, 25), "7"), TODAY)
    consilium.add_review(SPECIALIST, meeting.id, ReviewInput(case_id, "continue", RECOMMENDATION, True))
    editing.record_stage(
        SPECIALIST, case_id, StageInput(CaseStage.MONITORING, date(2026, 4, 1), "Соколова Е. В."), TODAY
    )
    if closed:
        editing.close(
            SPECIALIST,
            case_id,
            ClosureInput(CaseOutcome.OVERCOME, date(2026, 6, 1), CLOSURE_REASON, "Соколова Е. В."),
            TODAY,
        )
    return MadeCase(case_id, card.code)
