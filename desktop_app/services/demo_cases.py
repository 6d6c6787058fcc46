"""The demo's family support cases: eight invented families at different points of seed 004's cycle, entered the way
a specialist would — through CaseEditing, CaseRouteService and ConsiliumService — so the journal, the stage history
and the overdue marks agree. Every date is counted back from the day the demo is made (``DemoTimeline.today``);
the placements the expert group must review fall into the demo's current period.

  СС-0001 Орловы     just identified: a child of 1½ placed in an institution days ago, not yet reviewed
  СС-0002 Зайцевы    assessed (crisis level), the review a month overdue
  СС-0003 Киселёвы   route drawn, two services given and one overdue
  СС-0004 Тарасовы   addiction and employment help given, the consilium's interagency support, prolonged
  СС-0005 Беляевы    a social contract granted, another measure being decided
  СС-0006 Комаровы   a child under 4 placed in an institution this period, reviewed by the expert group
  СС-0007 Мельниковы closed: the child returned to the family (placed and reviewed in an earlier period)
  СС-0008 Широковы   closed: the family refused support, with the reason

Names, addresses and phones are invented and marked «(демо)»; children are known by codes only.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from desktop_app.domain.actor import Actor
from desktop_app.domain.case_record import ChildInput
from desktop_app.domain.case_route import MeasureInput, ReferralInput
from desktop_app.domain.case_rules import ClosureInput
from desktop_app.domain.case_terms import (
    CaseCategory,
    CaseOutcome,
    CaseStage,
    IdentificationSource,
    MeasureDecision,
    ReferralAnswer,
    ServiceKind,
    ServiceStatus,
    SupportLevel,
)
from desktop_app.services.case_card import CaseCard
from desktop_app.services.demo_case_builder import (
    BABY_HOME,
    BELOVA,
    CHILDREN_3_7,
    FEDOROV,
    GRIGORIEVA,
    KUZMINA,
    LEBEDEVA,
    NIKITINA,
    SOCIAL_CONTRACT,
    SOKOLOVA,
    VOLKOVA,
    CaseBuilder,
    DemoCases,
    DemoDays,
    adult,
    born,
    hold_meetings,
)
from desktop_app.services.demo_resource_map import store_resource_map
from desktop_app.services.demo_timeline import DemoTimeline
from desktop_app.storage.database import Database
from desktop_app.storage.models import FamilyCase


def store_cases(db: Database, actor: Actor, municipality: str, timeline: DemoTimeline) -> DemoCases:
    """The demo's resource map and cases, entered by ``actor`` (the demo's specialist) on the demo's day."""
    organisations, entries = store_resource_map(db, actor)
    build = CaseBuilder(db, actor, municipality, DemoDays(timeline), organisations, entries)
    cards = [script(build) for script in SCRIPTS]
    hold_meetings(build, cards)
    made = [card.id for card in cards]
    with db.transaction(actor) as session:
        rows = list(session.scalars(select(FamilyCase).where(FamilyCase.id.in_(made))))
        for row in rows:
            row.is_demo = True
        closed = sum(row.closed_on is not None for row in rows)
    return DemoCases(len(rows), len(rows) - closed, closed, len(entries))


def _orlovy(b: CaseBuilder) -> CaseCard:
    """Just identified by the guardianship office: the mother in hospital, her 1½-year-old placed days ago."""
    placed = b.days.in_period(3)
    child = ChildInput("РС-0101", born(placed, 18), "m", placed, BABY_HOME)
    card = b.case(
        "Орловых",
        CaseCategory.CHILD_PLACED,
        IdentificationSource.GUARDIANSHIP,
        placed,
        (adult("Орлова Кристина Андреевна (демо)", "1999-08-21", "мать", "+7 900 000-20-01"),),
        (child,),
        "п. Плесецк, ул. Демонстрационная, д. 21 (демо)",
    )
    return card


def _zaitsevy(b: CaseBuilder) -> CaseCard:
    """Assessed at the crisis level four months ago; the monthly review has not been held since."""
    identified = b.days.ago(120)
    card = b.case(
        "Зайцевых",
        CaseCategory.TJS,
        IdentificationSource.DISTRICT_SERVICE,
        identified,
        (
            adult("Зайцева Людмила Игоревна (демо)", "1990-02-11", "мать", "+7 900 000-21-01"),
            adult("Зайцев Роман Петрович (демо)", "1988-06-30", "отец", "+7 900 000-21-02"),
        ),
        (
            ChildInput("РС-0201", born(identified, 70), "f"),
            ChildInput("РС-0202", born(identified, 30), "m"),
        ),
        "п. Савинский, ул. Примерная, д. 4 (демо)",
    )
    b.assess(card.id, SupportLevel.CRISIS, b.days.ago(112))  # the review fell due a month later: overdue
    return card


def _kiselevy(b: CaseBuilder) -> CaseCard:
    """The route drawn by the team: help of a psychologist and urgent help given, the parents' school overdue."""
    card = b.case(
        "Киселёвых",
        CaseCategory.SOP,
        IdentificationSource.POLICE,
        b.days.ago(160),
        (adult("Киселёва Анастасия Олеговна (демо)", "1994-12-03", "мать", "+7 900 000-22-01"),),
        (
            ChildInput("РС-0301", born(b.days.ago(160), 100), "f"),
            ChildInput("РС-0302", born(b.days.ago(160), 50), "m"),
        ),
        "п. Плесецк, пер. Учебный, д. 14 (демо)",
    )
    b.assess(card.id, SupportLevel.INTENSIVE, b.days.ago(150), b.days.ahead(25))
    b.request(
        card.id, "Помочь с устройством младшего ребёнка в детский сад и наладить отношения с дочерью.", b.days.ago(146)
    )
    b.team(card.id, b.days.ago(140), LEBEDEVA, BELOVA, FEDOROV)
    b.stage(card.id, CaseStage.ROUTE, b.days.ago(135))
    b.stage(card.id, CaseStage.SERVICES, b.days.ago(130))
    given = ServiceStatus.GIVEN.value
    b.service(
        card.id,
        ServiceKind.PSYCHOLOGY,
        "psychology",
        b.days.ago(130),
        due_on=b.days.ago(70),
        given_on=b.days.ago(75),
        status=given,
        result="Проведено 6 консультаций, конфликт в семье снижен.",
    )
    b.service(
        card.id,
        ServiceKind.MATERIAL,
        "urgent_help",
        b.days.ago(130),
        due_on=b.days.ago(115),
        given_on=b.days.ago(120),
        status=given,
        result="Выданы продуктовый набор и зимняя одежда детям.",
    )
    b.service(card.id, ServiceKind.PARENTING, "school_of_parents", b.days.ago(60), due_on=b.days.ago(12))
    b.routes.add_referral(
        b.actor,
        card.id,
        ReferralInput(
            b.organisations["education"],
            b.days.ago(128),
            ServiceKind.CHILD_EDUCATION.value,
            answered_on=b.days.ago(118),
            answer=ReferralAnswer.DONE.value,
            answer_text="Ребёнку предоставлено место в детском саду.",
        ),
        b.today,
    )
    return card


def _tarasovy(b: CaseBuilder) -> CaseCard:
    """Referred by the commission: the father's drinking and unemployment; treatment and a job found, the
    consilium gave interagency support and the support was prolonged."""
    identified = b.days.ago(260)
    card = b.case(
        "Тарасовых",
        CaseCategory.SOP,
        IdentificationSource.KDN,
        identified,
        (
            adult("Тарасова Ирина Викторовна (демо)", "1987-04-17", "мать", "+7 900 000-23-01"),
            adult("Тарасов Сергей Николаевич (демо)", "1985-09-09", "отец", "+7 900 000-23-02"),
        ),
        (
            ChildInput("РС-0401", born(identified, 130), "m"),
            ChildInput("РС-0402", born(identified, 80), "f"),
            ChildInput("РС-0403", born(identified, 20), "f"),
        ),
        "п. Обозерский, ул. Вокзальная, д. 17 (демо)",
    )
    b.assess(card.id, SupportLevel.INTENSIVE, b.days.ago(252))
    b.request(card.id, "Помочь отцу пройти лечение от алкогольной зависимости и найти работу.", b.days.ago(248))
    b.team(card.id, b.days.ago(245), SOKOLOVA, KUZMINA, NIKITINA, VOLKOVA)
    b.stage(card.id, CaseStage.ROUTE, b.days.ago(240))
    b.stage(card.id, CaseStage.SERVICES, b.days.ago(235))
    given = ServiceStatus.GIVEN.value
    b.service(
        card.id,
        ServiceKind.ADDICTION,
        "narcology",
        b.days.ago(235),
        due_on=b.days.ago(180),
        given_on=b.days.ago(190),
        status=given,
        result="Отец прошёл курс лечения, наблюдается у нарколога.",
    )
    b.service(
        card.id,
        ServiceKind.EMPLOYMENT,
        "jobs",
        b.days.ago(190),
        due_on=b.days.ago(120),
        given_on=b.days.ago(130),
        status=given,
        result="Отец трудоустроен на лесозаготовительное предприятие.",
    )
    b.routes.add_referral(
        b.actor,
        card.id,
        ReferralInput(
            b.organisations["employment"],
            b.days.ago(190),
            ServiceKind.EMPLOYMENT.value,
            answered_on=b.days.ago(183),
            answer=ReferralAnswer.ACCEPTED.value,
            answer_text="Отец зарегистрирован в кадровом центре, направлен на собеседование.",
        ),
        b.today,
    )
    b.stage(card.id, CaseStage.MONITORING, b.days.ago(100))
    b.stage(card.id, CaseStage.PROLONGED, b.days.ago(65), b.days.ahead(55))
    b.service(
        card.id,
        ServiceKind.ADDICTION,
        "narcology",
        b.days.ago(60),
        due_on=b.days.ahead(60),
        status=ServiceStatus.IN_PROGRESS.value,
    )
    return card


def _belyaevy(b: CaseBuilder) -> CaseCard:
    """A mother of three on her own: a social contract granted; the payment for children of 3 to 7 applied for."""
    identified = b.days.ago(180)
    card = b.case(
        "Беляевых",
        CaseCategory.TJS,
        IdentificationSource.SOCIAL,
        identified,
        (adult("Беляева Оксана Сергеевна (демо)", "1992-07-25", "мать", "+7 900 000-24-01"),),
        (
            ChildInput("РС-0501", born(identified, 110), "m"),
            ChildInput("РС-0502", born(identified, 60), "m"),
            ChildInput("РС-0503", born(identified, 40), "f"),
        ),
        "п. Североонежск, ул. Центральная, д. 30 (демо)",
    )
    b.assess(card.id, SupportLevel.BASIC, b.days.ago(172), b.days.ahead(10))
    b.request(card.id, "Помочь с выходом из малоимущности: работа и пособия на детей.", b.days.ago(168))
    b.team(card.id, b.days.ago(165), GRIGORIEVA, NIKITINA)
    b.stage(card.id, CaseStage.ROUTE, b.days.ago(160))
    b.stage(card.id, CaseStage.SERVICES, b.days.ago(150))
    b.routes.add_measure(
        b.actor,
        card.id,
        MeasureInput(
            SOCIAL_CONTRACT,
            b.days.ago(120),
            b.days.ago(95),
            MeasureDecision.GRANTED.value,
            "Социальный контракт на поиск работы на 9 месяцев.",
        ),
        b.today,
    )
    b.routes.add_measure(b.actor, card.id, MeasureInput(CHILDREN_3_7, b.days.ago(12)), b.today)
    b.service(
        card.id,
        ServiceKind.MATERIAL,
        "social_contract",
        b.days.ago(125),
        due_on=b.days.ago(95),
        given_on=b.days.ago(95),
        status=ServiceStatus.GIVEN.value,
        result="Заявление на социальный контракт принято и удовлетворено.",
    )
    b.service(
        card.id,
        ServiceKind.EMPLOYMENT,
        "jobs",
        b.days.ago(90),
        due_on=b.days.ahead(30),
        status=ServiceStatus.IN_PROGRESS.value,
    )
    return card


def _komarovy(b: CaseBuilder) -> CaseCard:
    """A 2½-year-old placed in the baby home this period after the mother's hospitalisation; the expert group
    found the placement unjustified and asked for the child's return."""
    placed = b.days.in_period(45)
    card = b.case(
        "Комаровых",
        CaseCategory.CHILD_PLACED,
        IdentificationSource.HEALTH,
        placed,
        (adult("Комарова Дарья Алексеевна (демо)", "1997-01-14", "мать", "+7 900 000-25-01"),),
        (ChildInput("РС-0601", born(placed, 30), "f", placed, BABY_HOME),),
        "п. Плесецк, ул. Демонстрационная, д. 33 (демо)",
    )
    b.assess(card.id, SupportLevel.CRISIS, min(placed + timedelta(days=2), b.today), b.days.ahead(20))
    b.request(
        card.id,
        "Вернуть дочь домой после выписки, помочь с жильём и детским садом.",
        min(placed + timedelta(days=5), b.today),
    )
    b.team(card.id, min(placed + timedelta(days=6), b.today), LEBEDEVA, KUZMINA)
    return card


def _melnikovy(b: CaseBuilder) -> CaseCard:
    """A placement of an earlier period: reviewed by the expert group, the child returned, the case closed."""
    placed = b.days.before_period(300)
    card = b.case(
        "Мельниковых",
        CaseCategory.CHILD_PLACED,
        IdentificationSource.GUARDIANSHIP,
        placed,
        (
            adult("Мельникова Юлия Романовна (демо)", "1995-10-05", "мать", "+7 900 000-26-01"),
            adult("Мельников Павел Андреевич (демо)", "1993-03-19", "отец", "+7 900 000-26-02"),
        ),
        (ChildInput("РС-0701", born(placed, 20), "m", placed, BABY_HOME, returned_on=placed + timedelta(days=120)),),
        "п. Емца, ул. Лесная, д. 6 (демо)",
    )
    b.assess(card.id, SupportLevel.INTENSIVE, placed + timedelta(days=3))
    b.request(card.id, "Вернуть сына в семью: отремонтировать печь, подготовить родителей.", placed + timedelta(days=6))
    b.team(card.id, placed + timedelta(days=8), SOKOLOVA, BELOVA, GRIGORIEVA)
    b.stage(card.id, CaseStage.ROUTE, placed + timedelta(days=10))
    b.stage(card.id, CaseStage.SERVICES, placed + timedelta(days=12))
    given = ServiceStatus.GIVEN.value
    b.service(
        card.id,
        ServiceKind.PARENTING,
        "school_of_parents",
        placed + timedelta(days=12),
        due_on=placed + timedelta(days=80),
        given_on=placed + timedelta(days=70),
        status=given,
        result="Родители прошли школу ответственного родительства.",
    )
    b.service(
        card.id,
        ServiceKind.HOUSING,
        "home_care",
        placed + timedelta(days=15),
        due_on=placed + timedelta(days=100),
        given_on=placed + timedelta(days=90),
        status=given,
        result="Печь отремонтирована с помощью волонтёров, дом подготовлен к зиме.",
    )
    b.stage(card.id, CaseStage.MONITORING, placed + timedelta(days=120))
    closure = ClosureInput(CaseOutcome.CHILD_RETURNED, placed + timedelta(days=200), done_by=SOKOLOVA[1])
    b.cases.close(b.actor, card.id, closure, b.today)
    return card


def _shirokovy(b: CaseBuilder) -> CaseCard:
    """Identified at school; after the assessment and the team the mother refused support in writing."""
    identified = b.days.ago(90)
    card = b.case(
        "Широковых",
        CaseCategory.PLACEMENT_RISK,
        IdentificationSource.EDUCATION,
        identified,
        (adult("Широкова Алёна Викторовна (демо)", "1989-11-28", "мать", "+7 900 000-27-01"),),
        (ChildInput("РС-0801", born(identified, 120), "m"),),
        "п. Савинский, ул. Школьная, д. 12 (демо)",
    )
    b.assess(card.id, SupportLevel.BASIC, b.days.ago(85))
    b.request(card.id, "Помочь с успеваемостью и посещаемостью сына.", b.days.ago(80))
    b.team(card.id, b.days.ago(78), SOKOLOVA, VOLKOVA)
    reason = "Мать письменно отказалась от сопровождения: считает, что справится сама; разъяснено, куда обратиться."
    closure = ClosureInput(CaseOutcome.REFUSED, b.days.ago(50), reason, SOKOLOVA[1])
    b.cases.close(b.actor, card.id, closure, b.today)
    return card


SCRIPTS = (_orlovy, _zaitsevy, _kiselevy, _tarasovy, _belyaevy, _komarovy, _melnikovy, _shirokovy)
