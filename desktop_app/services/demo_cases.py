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

Each case is a row of ``CASES``: the family, then the steps every case takes in the same order (assessed, asked
for help, a team, the route drawn and services begun) as far as that case has gone, then what is its own (services,
referrals, measures, stages, closure). Names, addresses and phones are invented and marked «(демо)»; children are
known by codes only.
"""

from __future__ import annotations

from datetime import date, timedelta

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
from desktop_app.services.demo_case_specs import CaseSpec, after, ago, ahead, enter
from desktop_app.services.demo_resource_map import store_resource_map
from desktop_app.services.demo_timeline import DemoTimeline
from desktop_app.storage.database import Database
from desktop_app.storage.models import FamilyCase

GIVEN = ServiceStatus.GIVEN.value


def store_cases(db: Database, actor: Actor, municipality: str, timeline: DemoTimeline) -> DemoCases:
    """The demo's resource map and cases, entered by ``actor`` (the demo's specialist) on the demo's day."""
    organisations, entries = store_resource_map(db, actor)
    build = CaseBuilder(db, actor, municipality, DemoDays(timeline), organisations, entries)
    cards = [enter(build, spec) for spec in CASES]
    hold_meetings(build, cards)
    made = [card.id for card in cards]
    with db.transaction(actor) as session:
        rows = list(session.scalars(select(FamilyCase).where(FamilyCase.id.in_(made))))
        for row in rows:
            row.is_demo = True
        closed = sum(row.closed_on is not None for row in rows)
    return DemoCases(len(rows), len(rows) - closed, closed, len(entries))


def _given(
    b: CaseBuilder, case_id: str, kind: ServiceKind, entry: str, days: tuple[date, date, date], result: str
) -> None:
    """A service of the map's ``entry`` given with its result; ``days``: put on the route, due, given."""
    planned, due, given = days
    b.service(case_id, kind, entry, planned, due_on=due, given_on=given, status=GIVEN, result=result)


def _answered(
    b: CaseBuilder, case_id: str, organisation: str, kind: ServiceKind, days: tuple[date, date], answer: str, text: str
) -> None:
    """A referral to the directory's ``organisation`` and its answer; ``days``: sent, answered."""
    sent, answered = days
    entry = ReferralInput(
        b.organisations[organisation], sent, kind.value, answered_on=answered, answer=answer, answer_text=text
    )
    b.routes.add_referral(b.actor, case_id, entry, b.today)


def _kiselevy(b: CaseBuilder, case_id: str, _identified: date) -> None:
    """Help of a psychologist and urgent help given, the parents' school overdue, a kindergarten place found."""
    days = b.days
    result = "Проведено 6 консультаций, конфликт в семье снижен."
    _given(b, case_id, ServiceKind.PSYCHOLOGY, "psychology", (days.ago(130), days.ago(70), days.ago(75)), result)
    result = "Выданы продуктовый набор и зимняя одежда детям."
    _given(b, case_id, ServiceKind.MATERIAL, "urgent_help", (days.ago(130), days.ago(115), days.ago(120)), result)
    b.service(case_id, ServiceKind.PARENTING, "school_of_parents", days.ago(60), due_on=days.ago(12))
    text = "Ребёнку предоставлено место в детском саду."
    done = ReferralAnswer.DONE.value
    _answered(b, case_id, "education", ServiceKind.CHILD_EDUCATION, (days.ago(128), days.ago(118)), done, text)


def _tarasovy(b: CaseBuilder, case_id: str, _identified: date) -> None:
    """Treatment and a job found; after the consilium's interagency support the support was prolonged."""
    days = b.days
    result = "Отец прошёл курс лечения, наблюдается у нарколога."
    _given(b, case_id, ServiceKind.ADDICTION, "narcology", (days.ago(235), days.ago(180), days.ago(190)), result)
    result = "Отец трудоустроен на лесозаготовительное предприятие."
    _given(b, case_id, ServiceKind.EMPLOYMENT, "jobs", (days.ago(190), days.ago(120), days.ago(130)), result)
    text = "Отец зарегистрирован в кадровом центре, направлен на собеседование."
    accepted = ReferralAnswer.ACCEPTED.value
    _answered(b, case_id, "employment", ServiceKind.EMPLOYMENT, (days.ago(190), days.ago(183)), accepted, text)
    b.stage(case_id, CaseStage.MONITORING, days.ago(100))
    b.stage(case_id, CaseStage.PROLONGED, days.ago(65), days.ahead(55))
    in_progress = ServiceStatus.IN_PROGRESS.value
    b.service(case_id, ServiceKind.ADDICTION, "narcology", days.ago(60), due_on=days.ahead(60), status=in_progress)


def _belyaevy(b: CaseBuilder, case_id: str, _identified: date) -> None:
    """A social contract granted; the payment for children of 3 to 7 applied for."""
    days = b.days
    granted = MeasureDecision.GRANTED.value
    contract = MeasureInput(
        SOCIAL_CONTRACT, days.ago(120), days.ago(95), granted, "Социальный контракт на поиск работы на 9 месяцев."
    )
    b.routes.add_measure(b.actor, case_id, contract, b.today)
    b.routes.add_measure(b.actor, case_id, MeasureInput(CHILDREN_3_7, days.ago(12)), b.today)
    result = "Заявление на социальный контракт принято и удовлетворено."
    _given(b, case_id, ServiceKind.MATERIAL, "social_contract", (days.ago(125), days.ago(95), days.ago(95)), result)
    in_progress = ServiceStatus.IN_PROGRESS.value
    b.service(case_id, ServiceKind.EMPLOYMENT, "jobs", days.ago(90), due_on=days.ahead(30), status=in_progress)


def _melnikovy(b: CaseBuilder, case_id: str, placed: date) -> None:
    """The parents' school and the stove mended; the child returned and the case closed."""

    def on(days: int) -> date:
        return placed + timedelta(days=days)

    result = "Родители прошли школу ответственного родительства."
    _given(b, case_id, ServiceKind.PARENTING, "school_of_parents", (on(12), on(80), on(70)), result)
    result = "Печь отремонтирована с помощью волонтёров, дом подготовлен к зиме."
    _given(b, case_id, ServiceKind.HOUSING, "home_care", (on(15), on(100), on(90)), result)
    b.stage(case_id, CaseStage.MONITORING, on(120))
    closure = ClosureInput(CaseOutcome.CHILD_RETURNED, on(200), done_by=SOKOLOVA[1])
    b.cases.close(b.actor, case_id, closure, b.today)


def _shirokovy(b: CaseBuilder, case_id: str, _identified: date) -> None:
    """The mother refused support in writing."""
    reason = "Мать письменно отказалась от сопровождения: считает, что справится сама; разъяснено, куда обратиться."
    closure = ClosureInput(CaseOutcome.REFUSED, b.days.ago(50), reason, SOKOLOVA[1])
    b.cases.close(b.actor, case_id, closure, b.today)


CASES = (
    # Just identified by the guardianship office: the mother in hospital, her 1½-year-old placed days ago.
    CaseSpec(
        "Орловых",
        CaseCategory.CHILD_PLACED,
        IdentificationSource.GUARDIANSHIP,
        lambda demo: demo.in_period(3),
        (adult("Орлова Кристина Андреевна (демо)", "1999-08-21", "мать", "+7 900 000-20-01"),),
        lambda placed: (ChildInput("РС-0101", born(placed, 18), "m", placed, BABY_HOME),),
        "п. Плесецк, ул. Демонстрационная, д. 21 (демо)",
    ),
    # Assessed at the crisis level four months ago; the monthly review has not been held since (overdue).
    CaseSpec(
        "Зайцевых",
        CaseCategory.TJS,
        IdentificationSource.DISTRICT_SERVICE,
        lambda demo: demo.ago(120),
        (
            adult("Зайцева Людмила Игоревна (демо)", "1990-02-11", "мать", "+7 900 000-21-01"),
            adult("Зайцев Роман Петрович (демо)", "1988-06-30", "отец", "+7 900 000-21-02"),
        ),
        lambda on: (ChildInput("РС-0201", born(on, 70), "f"), ChildInput("РС-0202", born(on, 30), "m")),
        "п. Савинский, ул. Примерная, д. 4 (демо)",
        assessed=(SupportLevel.CRISIS, ago(112), None),
    ),
    # The route drawn by the team: help of a psychologist and urgent help given, the parents' school overdue.
    CaseSpec(
        "Киселёвых",
        CaseCategory.SOP,
        IdentificationSource.POLICE,
        lambda demo: demo.ago(160),
        (adult("Киселёва Анастасия Олеговна (демо)", "1994-12-03", "мать", "+7 900 000-22-01"),),
        lambda on: (ChildInput("РС-0301", born(on, 100), "f"), ChildInput("РС-0302", born(on, 50), "m")),
        "п. Плесецк, пер. Учебный, д. 14 (демо)",
        assessed=(SupportLevel.INTENSIVE, ago(150), ahead(25)),
        request=("Помочь с устройством младшего ребёнка в детский сад и наладить отношения с дочерью.", ago(146)),
        team=(ago(140), (LEBEDEVA, BELOVA, FEDOROV)),
        route=(ago(135), ago(130)),
        rest=_kiselevy,
    ),
    # Referred by the commission: the father's drinking and unemployment; treatment and a job found, the consilium
    # gave interagency support and the support was prolonged.
    CaseSpec(
        "Тарасовых",
        CaseCategory.SOP,
        IdentificationSource.KDN,
        lambda demo: demo.ago(260),
        (
            adult("Тарасова Ирина Викторовна (демо)", "1987-04-17", "мать", "+7 900 000-23-01"),
            adult("Тарасов Сергей Николаевич (демо)", "1985-09-09", "отец", "+7 900 000-23-02"),
        ),
        lambda on: (
            ChildInput("РС-0401", born(on, 130), "m"),
            ChildInput("РС-0402", born(on, 80), "f"),
            ChildInput("РС-0403", born(on, 20), "f"),
        ),
        "п. Обозерский, ул. Вокзальная, д. 17 (демо)",
        assessed=(SupportLevel.INTENSIVE, ago(252), None),
        request=("Помочь отцу пройти лечение от алкогольной зависимости и найти работу.", ago(248)),
        team=(ago(245), (SOKOLOVA, KUZMINA, NIKITINA, VOLKOVA)),
        route=(ago(240), ago(235)),
        rest=_tarasovy,
    ),
    # A mother of three on her own: a social contract granted; the payment for children of 3 to 7 applied for.
    CaseSpec(
        "Беляевых",
        CaseCategory.TJS,
        IdentificationSource.SOCIAL,
        lambda demo: demo.ago(180),
        (adult("Беляева Оксана Сергеевна (демо)", "1992-07-25", "мать", "+7 900 000-24-01"),),
        lambda on: (
            ChildInput("РС-0501", born(on, 110), "m"),
            ChildInput("РС-0502", born(on, 60), "m"),
            ChildInput("РС-0503", born(on, 40), "f"),
        ),
        "п. Североонежск, ул. Центральная, д. 30 (демо)",
        assessed=(SupportLevel.BASIC, ago(172), ahead(10)),
        request=("Помочь с выходом из малоимущности: работа и пособия на детей.", ago(168)),
        team=(ago(165), (GRIGORIEVA, NIKITINA)),
        route=(ago(160), ago(150)),
        rest=_belyaevy,
    ),
    # A 2½-year-old placed in the baby home this period after the mother's hospitalisation; the expert group found
    # the placement unjustified and asked for the child's return (services/demo_case_builder.py: hold_meetings).
    CaseSpec(
        "Комаровых",
        CaseCategory.CHILD_PLACED,
        IdentificationSource.HEALTH,
        lambda demo: demo.in_period(45),
        (adult("Комарова Дарья Алексеевна (демо)", "1997-01-14", "мать", "+7 900 000-25-01"),),
        lambda placed: (ChildInput("РС-0601", born(placed, 30), "f", placed, BABY_HOME),),
        "п. Плесецк, ул. Демонстрационная, д. 33 (демо)",
        assessed=(SupportLevel.CRISIS, after(2), ahead(20)),
        request=("Вернуть дочь домой после выписки, помочь с жильём и детским садом.", after(5)),
        team=(after(6), (LEBEDEVA, KUZMINA)),
    ),
    # A placement of an earlier period: reviewed by the expert group, the child returned, the case closed.
    CaseSpec(
        "Мельниковых",
        CaseCategory.CHILD_PLACED,
        IdentificationSource.GUARDIANSHIP,
        lambda demo: demo.before_period(300),
        (
            adult("Мельникова Юлия Романовна (демо)", "1995-10-05", "мать", "+7 900 000-26-01"),
            adult("Мельников Павел Андреевич (демо)", "1993-03-19", "отец", "+7 900 000-26-02"),
        ),
        lambda placed: (
            ChildInput("РС-0701", born(placed, 20), "m", placed, BABY_HOME, returned_on=placed + timedelta(days=120)),
        ),
        "п. Емца, ул. Лесная, д. 6 (демо)",
        # placed 300 days or more before today: none of these days is clipped to today
        assessed=(SupportLevel.INTENSIVE, after(3), None),
        request=("Вернуть сына в семью: отремонтировать печь, подготовить родителей.", after(6)),
        team=(after(8), (SOKOLOVA, BELOVA, GRIGORIEVA)),
        route=(after(10), after(12)),
        rest=_melnikovy,
    ),
    # Identified at school; after the assessment and the team the mother refused support in writing.
    CaseSpec(
        "Широковых",
        CaseCategory.PLACEMENT_RISK,
        IdentificationSource.EDUCATION,
        lambda demo: demo.ago(90),
        (adult("Широкова Алёна Викторовна (демо)", "1989-11-28", "мать", "+7 900 000-27-01"),),
        lambda on: (ChildInput("РС-0801", born(on, 120), "m"),),
        "п. Савинский, ул. Школьная, д. 12 (демо)",
        assessed=(SupportLevel.BASIC, ago(85), None),
        request=("Помочь с успеваемостью и посещаемостью сына.", ago(80)),
        team=(ago(78), (SOKOLOVA, VOLKOVA)),
        rest=_shirokovy,
    ),
)
