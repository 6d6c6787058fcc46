"""Every synchronised record carries its identity and change tracking, and a unit of work is all or nothing."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.domain.actor import Actor
from desktop_app.domain.errors import ConcurrentChange
from desktop_app.storage.base import Base, RecordMixin, new_uuid
from desktop_app.storage.database import Database
from desktop_app.storage.models import (
    AuditEntry,
    CaseAdult,
    CaseChild,
    CaseReferral,
    CaseService,
    CaseStage,
    CaseSupportMeasure,
    CaseTeamMember,
    ChildPlacement,
    ConsiliumMeeting,
    ConsiliumReview,
    ExecutionReport,
    FamilyCase,
    FamilyDocument,
    FamilyMember,
    FamilyStep,
    FormAnswer,
    Indicator,
    IndicatorGroup,
    IndicatorPlan,
    IndicatorRule,
    IndicatorValue,
    Installation,
    Measure,
    MeasureExecutor,
    MeasureIndicator,
    Organisation,
    PeriodClosure,
    Program,
    ProgramBlock,
    ProgramSection,
    ReportDocument,
    ReportingStep,
    ReportingStepMark,
    ResourceFamily,
    ResourceService,
    SupportMeasureKind,
    SyncConflict,
    SyncPeer,
    User,
)


@dataclass(frozen=True)
class Parents:
    """Ids of demo rows the new records hang from."""

    program: str
    block: str
    measure: str
    group: str
    indicator: str
    family: str


def _new_indicator(session: Session, parents: Parents, code: str) -> str:
    indicator = Indicator(group_id=parents.group, code=code, name=f"Показатель {code}")
    session.add(indicator)
    session.flush()
    return indicator.id


def _new_report(session: Session, parents: Parents) -> str:
    report = ExecutionReport(measure_id=parents.measure, period="2030-H1")
    session.add(report)
    session.flush()
    return report.id


def _new_organisation(session: Session) -> str:
    organisation = Organisation(full_name="ГБУ «Тестовый центр»")
    session.add(organisation)
    session.flush()
    return organisation.id


Factory = Callable[[Session, Parents], RecordMixin]

# One row of each synchronised table, and an ordinary field with its n-th new value for the update test.
RECORDS: dict[type[Base], tuple[Factory, str, Callable[[Session, Parents, int], Any]]] = {
    Installation: (
        lambda s, p: Installation(kind="region", region_code="54", region_name="Новосибирская область"),
        "region_name",
        lambda s, p, n: f"Новосибирская обл. {n}",
    ),
    User: (
        lambda s, p: User(login="test.user", full_name="Тестова Т. Т.", role="specialist", password_hash="-"),
        "full_name",
        lambda s, p, n: f"Тестова Татьяна {n}",
    ),
    Organisation: (lambda s, p: Organisation(full_name="ГБУ «Центр»"), "short_name", lambda s, p, n: f"Центр {n}"),
    ResourceFamily: (
        lambda s, p: ResourceFamily(display_name="Семья Тестовых"),
        "notes",
        lambda s, p, n: f"проверено {n}",
    ),
    FamilyMember: (
        lambda s, p: FamilyMember(family_id=p.family, full_name="Тестов Т. Т.", birth_date=date(1980, 1, 2)),
        "phone",
        lambda s, p, n: f"+7 900 000-00-0{n}",
    ),
    FamilyStep: (
        lambda s, p: FamilyStep(family_id=p.family, stage="candidate", on_date=date(2025, 3, 1), done_by="Тестова"),
        "notes",
        lambda s, p, n: f"примечание {n}",
    ),
    ChildPlacement: (
        lambda s, p: ChildPlacement(
            family_id=p.family,
            child_code="Р-001",
            child_birth_date=date(2024, 5, 1),
            child_sex="m",
            start_date=date(2025, 3, 1),
            legal_form="preliminary",
        ),
        "separation_reason",
        lambda s, p, n: f"причина {n}",
    ),
    FamilyDocument: (
        lambda s, p: FamilyDocument(family_id=p.family, sha256="0" * 64, file_name="a.pdf", title="Свидетельство"),
        "doc_number",
        lambda s, p, n: f"№ {n}",
    ),
    IndicatorGroup: (
        lambda s, p: IndicatorGroup(program_id=p.program, title="Группа"),
        "title",
        lambda s, p, n: f"Новая {n}",
    ),
    Indicator: (
        lambda s, p: Indicator(group_id=p.group, code="99.1", name="Показатель"),
        "unit",
        lambda s, p, n: f"чел. {n}",
    ),
    IndicatorPlan: (
        lambda s, p: IndicatorPlan(indicator_id=p.indicator, period="2030-H1", value=1.0, value_text="1"),
        "value_text",
        lambda s, p, n: f"один {n}",
    ),
    IndicatorRule: (
        lambda s, p: IndicatorRule(
            program_id=p.program, name="Часть не больше целого", left="#{1}", operator="≤", right="5"
        ),
        "right",
        lambda s, p, n: f"#{{1}} + {n}",
    ),
    IndicatorValue: (
        lambda s, p: IndicatorValue(indicator_id=p.indicator, period="2030-H1", value=2.0),
        "comment",
        lambda s, p, n: f"уточнено {n}",
    ),
    PeriodClosure: (
        lambda s, p: PeriodClosure(program_id=p.program, period="2030-H1", territory="Район"),
        "note",
        lambda s, p, n: f"закрыт {n}",
    ),
    ReportingStep: (
        lambda s, p: ReportingStep(program_id=p.program, title="Сводный отчёт", working_days_after=6),
        "performer",
        lambda s, p, n: f"ЦССУ {n}",
    ),
    ReportingStepMark: (
        lambda s, p: ReportingStepMark(step_id=_new_step(s, p), period="2030-H1", territory="Район"),
        "note",
        lambda s, p, n: f"письмо № {n}",
    ),
    SyncPeer: (
        lambda s, p: SyncPeer(installation_id=new_uuid(), kind="district", district="Район"),
        "name",
        lambda s, p, n: f"Отдел {n}",
    ),
    SyncConflict: (
        lambda s, p: SyncConflict(peer_id=_new_peer(s), entity="families", record_id=new_uuid()),
        "resolution",
        lambda s, p, n: f"r{n}",
    ),
    FormAnswer: (
        lambda s, p: FormAnswer(form_id="f", period="2030", territory="Район", answers={"1.1": "да"}),
        "answers",
        lambda s, p, n: {"1.1": f"ответ {n}"},
    ),
    Program: (
        lambda s, p: Program(title="Программа", period_start=date(2027, 1, 1), period_end=date(2027, 12, 31)),
        "notes",
        lambda s, p, n: f"примечание {n}",
    ),
    ProgramSection: (
        lambda s, p: ProgramSection(program_id=p.program, title="Подпроект"),
        "goal",
        lambda s, p, n: f"цель {n}",
    ),
    ProgramBlock: (
        lambda s, p: ProgramBlock(program_id=p.program, title="Блок"),
        "expected_result",
        lambda s, p, n: f"итог {n}",
    ),
    Measure: (
        lambda s, p: Measure(block_id=p.block, name="Мероприятие"),
        "deadline_text",
        lambda s, p, n: f"до {n} июля",
    ),
    MeasureExecutor: (
        lambda s, p: MeasureExecutor(measure_id=p.measure, organisation_id=_new_organisation(s), position=3),
        "position",
        lambda s, p, n: 3 + n,
    ),
    MeasureIndicator: (
        lambda s, p: MeasureIndicator(measure_id=p.measure, indicator_id=_new_indicator(s, p, "99.2")),
        "indicator_id",
        lambda s, p, n: _new_indicator(s, p, f"99.{2 + n}"),
    ),
    ExecutionReport: (
        lambda s, p: ExecutionReport(measure_id=p.measure, period="2031-H1"),
        "done_text",
        lambda s, p, n: f"проведено {n}",
    ),
    ReportDocument: (
        lambda s, p: ReportDocument(report_id=_new_report(s, p), sha256="0" * 64, file_name="акт.pdf", title="Акт"),
        "title",
        lambda s, p, n: f"Акт {n}",
    ),
    FamilyCase: (lambda s, p: _case(s), "notes", lambda s, p, n: f"заметка {n}"),
    CaseAdult: (
        lambda s, p: CaseAdult(case_id=_new_case(s), full_name="Тестова Т. Т."),
        "phone",
        lambda s, p, n: f"+7 900 000-00-0{n}",
    ),
    CaseChild: (
        lambda s, p: CaseChild(case_id=_new_case(s), code="Р-1", birth_date=date(2024, 1, 2), sex="f"),
        "institution",
        lambda s, p, n: f"Дом ребёнка {n}",
    ),
    CaseStage: (
        lambda s, p: CaseStage(case_id=_new_case(s), stage="assessment", on_date=date(2026, 2, 1)),
        "reason",
        lambda s, p, n: f"причина {n}",
    ),
    CaseTeamMember: (
        lambda s, p: CaseTeamMember(case_id=_new_case(s), person="Петрова", is_curator=True),
        "team_role",
        lambda s, p, n: f"психолог {n}",
    ),
    ResourceService: (
        lambda s, p: ResourceService(kind="psychology", name="Консультация психолога"),
        "contacts",
        lambda s, p, n: f"тел. {n}",
    ),
    SupportMeasureKind: (
        lambda s, p: SupportMeasureKind(name="Социальный контракт", is_social_contract=True),
        "level",
        lambda s, p, n: "federal" if n % 2 else "municipal",
    ),
    CaseService: (
        lambda s, p: CaseService(case_id=_new_case(s), kind="psychology", planned_on=date(2026, 2, 3)),
        "result",
        lambda s, p, n: f"итог {n}",
    ),
    CaseSupportMeasure: (
        lambda s, p: CaseSupportMeasure(
            case_id=_new_case(s), kind_id=_new_measure_kind(s), applied_on=date(2026, 2, 3)
        ),
        "note",
        lambda s, p, n: f"решение {n}",
    ),
    CaseReferral: (
        lambda s, p: CaseReferral(case_id=_new_case(s), sent_on=date(2026, 2, 3)),
        "answer_text",
        lambda s, p, n: f"ответ {n}",
    ),
    ConsiliumMeeting: (
        lambda s, p: ConsiliumMeeting(held_on=date(2026, 2, 10)),
        "number",
        lambda s, p, n: f"№ {n}",
    ),
    ConsiliumReview: (
        lambda s, p: ConsiliumReview(meeting_id=_new_meeting(s), case_id=_new_case(s)),
        "recommendations",
        lambda s, p, n: f"рекомендовано {n}",
    ),
}


def _case(session: Session) -> FamilyCase:
    return FamilyCase(display_name="Семья Тестовых", category="tzhs", identified_on=date(2026, 1, 15))


def _new_case(session: Session) -> str:
    case = _case(session)
    session.add(case)
    session.flush()
    return case.id


def _new_measure_kind(session: Session) -> str:
    kind = SupportMeasureKind(name="Социальный контракт")
    session.add(kind)
    session.flush()
    return kind.id


def _new_meeting(session: Session) -> str:
    meeting = ConsiliumMeeting(held_on=date(2026, 2, 10))
    session.add(meeting)
    session.flush()
    return meeting.id


def _new_step(session: Session, parents: Parents) -> str:
    step = ReportingStep(program_id=parents.program, title="Направление в министерство", working_days_after=10)
    session.add(step)
    session.flush()
    return step.id


def _new_peer(session: Session) -> str:
    peer = SyncPeer(installation_id=new_uuid(), kind="district", district="Район")
    session.add(peer)
    session.flush()
    return peer.id


def record_classes() -> set[type[Base]]:
    return {mapper.class_ for mapper in Base.registry.mappers if issubclass(mapper.class_, RecordMixin)}


@pytest.fixture
def parents(demo_db: Database) -> Parents:
    with demo_db.reading() as session:
        measure = session.scalars(select(Measure).order_by(Measure.id)).first()
        indicator = session.scalars(select(Indicator).order_by(Indicator.id)).first()
        family = session.scalars(select(ResourceFamily)).first()
        assert measure and indicator and family
        block = session.get(ProgramBlock, measure.block_id)
        assert block is not None and indicator.group_id is not None
        return Parents(block.program_id, block.id, measure.id, indicator.group_id, indicator.id, family.id)


def count(db: Database, model: type[Base]) -> int:
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def assert_recent_utc(moment: datetime) -> None:
    assert moment.tzinfo is not None and moment.utcoffset() == timedelta(0)
    assert abs(datetime.now(UTC) - moment) < timedelta(minutes=1)


def test_every_synchronised_table_is_covered_here() -> None:
    assert record_classes() == set(RECORDS), "add the new table to RECORDS so its tracking columns are tested"


@pytest.mark.parametrize("model", list(RECORDS), ids=lambda m: m.__name__)
def test_new_record_gets_uuid_times_author_and_version_1(
    demo_db: Database, demo_actor: Actor, parents: Parents, model: type[Base]
) -> None:
    factory, _, _ = RECORDS[model]
    with demo_db.transaction(demo_actor) as session:
        record = factory(session, parents)
        session.add(record)
    with demo_db.reading() as session:
        stored = session.get(model, record.id)
        assert isinstance(stored, RecordMixin)
        assert uuid.UUID(stored.id).version == 4
        assert_recent_utc(stored.created_at)
        assert_recent_utc(stored.updated_at)
        assert demo_actor.user_id is not None
        assert stored.changed_by == demo_actor.user_id
        assert stored.row_version == 1


@pytest.mark.parametrize("model", list(RECORDS), ids=lambda m: m.__name__)
def test_each_update_adds_one_to_row_version_and_stamps_the_author(
    demo_db: Database, demo_actor: Actor, parents: Parents, model: type[Base]
) -> None:
    factory, field, new_value = RECORDS[model]
    with demo_db.transaction() as session:  # created by the program itself
        record = factory(session, parents)
        session.add(record)
    assert record.changed_by is None
    for expected_version in (2, 3):
        with demo_db.transaction(demo_actor) as session:
            stored = session.get(model, record.id)
            setattr(stored, field, new_value(session, parents, expected_version))
        with demo_db.reading() as session:
            stored = session.get(model, record.id)
            assert stored.row_version == expected_version
            assert stored.changed_by == demo_actor.user_id
            assert stored.updated_at > stored.created_at
            assert_recent_utc(stored.updated_at)


def test_saving_an_unchanged_value_is_not_a_new_version(demo_db: Database, demo_actor: Actor) -> None:
    with demo_db.transaction() as session:
        organisation = Organisation(full_name="ГБУ «Центр»", short_name="Центр")
        session.add(organisation)
    audit_before = count(demo_db, AuditEntry)
    with demo_db.transaction(demo_actor) as session:
        session.get(Organisation, organisation.id).short_name = "Центр"
    with demo_db.reading() as session:
        assert session.get(Organisation, organisation.id).row_version == 1
    assert count(demo_db, AuditEntry) == audit_before


def test_new_record_is_not_updated_before_it_was_created(demo_db: Database) -> None:
    with demo_db.transaction() as session:
        organisations = [Organisation(full_name=f"Организация {i}") for i in range(5)]
        session.add_all(organisations)
    assert all(org.created_at <= org.updated_at for org in organisations)


def test_exception_inside_a_unit_of_work_leaves_no_rows_and_no_audit(demo_db: Database, demo_actor: Actor) -> None:
    organisations, audit = count(demo_db, Organisation), count(demo_db, AuditEntry)
    with pytest.raises(RuntimeError, match="сбой"):
        with demo_db.transaction(demo_actor) as session:
            session.add(Organisation(full_name="ГБУ «Не сохранится»"))
            session.flush()  # the row and its audit entry reach the database inside the transaction
            raise RuntimeError("сбой")
    assert count(demo_db, Organisation) == organisations
    assert count(demo_db, AuditEntry) == audit


def test_broken_reference_rolls_back_the_whole_unit_of_work(demo_db: Database, demo_actor: Actor) -> None:
    organisations, measures, audit = count(demo_db, Organisation), count(demo_db, Measure), count(demo_db, AuditEntry)
    with pytest.raises(ConcurrentChange, match="ничего не записано"):
        with demo_db.transaction(demo_actor) as session:
            session.add(Organisation(full_name="ГБУ «Не сохранится»"))
            session.add(Measure(block_id="нет-такого-блока", name="Сирота"))
    assert (count(demo_db, Organisation), count(demo_db, Measure), count(demo_db, AuditEntry)) == (
        organisations,
        measures,
        audit,
    )
