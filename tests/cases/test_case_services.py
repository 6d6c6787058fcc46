"""A case through its whole way by the services: create → assessment → request → team → stages → close → reopen."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import func, select

from desktop_app.core.paths import DataPaths
from desktop_app.domain.case_record import RequestInput, TeamMemberInput
from desktop_app.domain.case_rules import AssessmentInput, ClosureInput, ReopenInput, StageInput
from desktop_app.domain.case_terms import CaseOutcome, CaseStage, SupportLevel
from desktop_app.domain.errors import ConcurrentChange, PermissionDenied, ValidationError
from desktop_app.services import case_editing
from desktop_app.services.case_editing import CaseEditing
from desktop_app.storage.database import Database, open_database
from desktop_app.storage.models import AuditEntry, CaseTeamMember, FamilyCase
from tests.cases.case_world import COLLEAGUE, COORDINATOR, SPECIALIST, TODAY, family, organisation_ids


def test_a_case_goes_its_whole_way_and_comes_back(demo_db: Database) -> None:
    service = CaseEditing(demo_db)
    card = service.create(SPECIALIST, family(), today=TODAY)
    assert card.code == "СС-0001"
    assert card.stage is CaseStage.IDENTIFIED
    assert [(s.stage, s.on_date, s.done_by) for s in card.stages] == [
        (CaseStage.IDENTIFIED, date(2026, 1, 15), SPECIALIST.full_name)
    ]

    card = service.set_assessment(
        SPECIALIST, card.id, AssessmentInput(SupportLevel.INTENSIVE, date(2026, 1, 20), date(2026, 4, 20)), TODAY
    )
    assert (card.stage, card.stage_since, card.support_level) == (
        CaseStage.ASSESSMENT,
        date(2026, 1, 20),
        SupportLevel.INTENSIVE,
    )
    card = service.record_request(SPECIALIST, card.id, RequestInput("помочь с работой", date(2026, 1, 25)), TODAY)
    assert card.stage is CaseStage.REQUEST
    assert card.entry.request_text == "помочь с работой" and card.entry.consent_on == date(2026, 1, 25)

    kcson, school = organisation_ids(demo_db)
    team = (
        TeamMemberInput(kcson, "Соколова Елена Викторовна", "специалист по социальной работе", is_curator=True),
        TeamMemberInput(school, "Петрова Анна Ивановна", "педагог-психолог"),
    )
    card = service.set_team(SPECIALIST, card.id, team, on_date=date(2026, 2, 1), today=TODAY)
    assert card.stage is CaseStage.TEAM
    assert card.curator == "Соколова Елена Викторовна"
    assert [member.is_curator for member in card.team] == [True, False]
    assert all(member.organisation for member in card.team)

    for stage, on in (
        (CaseStage.ROUTE, date(2026, 2, 5)),
        (CaseStage.SERVICES, date(2026, 2, 10)),
        (CaseStage.MONITORING, date(2026, 4, 20)),
    ):
        card = service.record_stage(SPECIALIST, card.id, StageInput(stage, on, ""), TODAY)
    card = service.record_stage(
        SPECIALIST,
        card.id,
        StageInput(CaseStage.PROLONGED, date(2026, 4, 21), "", next_review_on=date(2026, 7, 21)),
        TODAY,
    )
    assert (card.stage, card.next_review_on) == (CaseStage.PROLONGED, date(2026, 7, 21))

    card = service.close(SPECIALIST, card.id, ClosureInput(CaseOutcome.OVERCOME, date(2026, 6, 1)), TODAY)
    assert (card.stage, card.closed_on, card.outcome) == (CaseStage.CLOSED, date(2026, 6, 1), CaseOutcome.OVERCOME)
    assert not card.review_overdue

    with pytest.raises(ValidationError) as without_reason:
        service.reopen(SPECIALIST, card.id, ReopenInput(date(2026, 6, 5), ""), TODAY)
    assert "reason" in without_reason.value.field_errors
    card = service.reopen(SPECIALIST, card.id, ReopenInput(date(2026, 6, 5), "повторное сообщение из школы"), TODAY)
    assert (card.stage, card.closed_on, card.outcome) == (CaseStage.ASSESSMENT, None, None)
    assert [s.stage for s in card.stages][-2:] == [CaseStage.CLOSED, CaseStage.ASSESSMENT]
    assert card.stages[-1].reason == "повторное сообщение из школы"
    assert len(card.stages) == 10


def test_a_new_team_replaces_the_old_and_the_case_keeps_the_new_curator(demo_db: Database) -> None:
    service = CaseEditing(demo_db)
    card = service.create(SPECIALIST, family(), today=TODAY)
    org = organisation_ids(demo_db, 1)[0]
    first = (TeamMemberInput(org, "Соколова Е. В.", is_curator=True),)
    card = service.set_team(SPECIALIST, card.id, first, today=TODAY)
    assert card.stage is CaseStage.IDENTIFIED  # the team came early: the stage waits for its own steps
    kept = card.team[0]
    second = (
        TeamMemberInput(org, kept.person, kept.role, is_curator=False, id=kept.id),
        TeamMemberInput(org, "Орлова Т. А.", "куратор", is_curator=True),
    )
    card = service.set_team(SPECIALIST, card.id, second, today=TODAY)
    assert card.curator == "Орлова Т. А."
    assert card.team[0].id == kept.id
    with demo_db.reading() as session:
        assert session.scalar(select(func.count(CaseTeamMember.id)).where(CaseTeamMember.case_id == card.id)) == 2
    with pytest.raises(ValidationError) as unknown:
        service.set_team(SPECIALIST, card.id, (TeamMemberInput("нет-такой", "Х", is_curator=True),), today=TODAY)
    assert "team.0.organisation_id" in unknown.value.field_errors


def test_skipping_to_the_route_is_refused_without_a_reason_and_kept_with_one(demo_db: Database) -> None:
    service = CaseEditing(demo_db)
    card = service.create(SPECIALIST, family(), today=TODAY)
    with pytest.raises(ValidationError):
        service.record_stage(SPECIALIST, card.id, StageInput(CaseStage.ROUTE, date(2026, 2, 1), ""), TODAY)
    card = service.record_stage(
        SPECIALIST, card.id, StageInput(CaseStage.ROUTE, date(2026, 2, 1), "", "решение консилиума"), TODAY
    )
    assert (card.stage, card.stages[-1].reason) == (CaseStage.ROUTE, "решение консилиума")
    with demo_db.reading() as session:
        reasons = session.scalars(select(AuditEntry.new_values).where(AuditEntry.entity == "case_stage")).all()
    assert any(values and values.get("reason") == "решение консилиума" for values in reasons)


def test_a_colleague_without_the_right_is_refused_and_nothing_is_written(demo_db: Database) -> None:
    service = CaseEditing(demo_db)
    with pytest.raises(PermissionDenied):
        service.create(COORDINATOR, family(), today=TODAY)
    card = service.create(SPECIALIST, family(), today=TODAY)
    with pytest.raises(PermissionDenied):
        service.close(COORDINATOR, card.id, ClosureInput(CaseOutcome.OVERCOME, date(2026, 6, 1), "x"), TODAY)
    with demo_db.reading() as session:
        assert session.scalar(select(func.count(FamilyCase.id))) == 1
        assert session.scalar(select(FamilyCase.stage)) == CaseStage.IDENTIFIED.value


def test_a_stale_edit_is_refused_and_the_first_save_is_kept(demo_db: Database) -> None:
    service = CaseEditing(demo_db)
    opened = service.create(SPECIALIST, family(), today=TODAY)
    mine = service.update(
        SPECIALIST, opened.id, replace(opened.entry, address="п. Плесецк, ул. Новая, 1"), opened.row_version, TODAY
    )
    theirs = replace(opened.entry, notes="другая заметка")
    with pytest.raises(ConcurrentChange):
        service.update(COLLEAGUE, opened.id, theirs, opened.row_version, TODAY)
    changed_child = replace(opened.entry.children[0], sex="m")
    with pytest.raises(ConcurrentChange):  # a change of a child alone moves the version too
        service.update(
            COLLEAGUE, opened.id, replace(opened.entry, children=(changed_child,)), opened.row_version, TODAY
        )
    with demo_db.reading() as session:
        row = session.get(FamilyCase, opened.id)
        assert row is not None
        assert (row.address, row.notes, row.children[0].sex) == (
            "п. Плесецк, ул. Новая, 1",
            "мать просит помочь с работой",
            "f",
        )
        assert row.row_version == mine.row_version
    children_only = service.update(
        SPECIALIST,
        opened.id,
        replace(mine.entry, children=(replace(mine.entry.children[0], sex="m"),)),
        mine.row_version,
        TODAY,
    )
    assert children_only.row_version == mine.row_version + 1


def test_codes_follow_each_other(demo_db: Database) -> None:
    service = CaseEditing(demo_db)
    codes = [service.create(SPECIALIST, family(f"Иванова {n} Анна"), today=TODAY).code for n in range(3)]
    assert codes == ["СС-0001", "СС-0002", "СС-0003"]


def test_two_transactions_at_once_never_get_the_same_code(
    demo_paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two workstations on one database file: the second create waits for the first's write lock, so it reads the
    first's code before numbering its own."""
    first_db, second_db = open_database(demo_paths), open_database(demo_paths)
    numbered = threading.Event()
    release = threading.Event()
    original = case_editing.next_code

    def slow_next_code(session: object) -> str:
        code = original(session)  # type: ignore[arg-type]
        if threading.current_thread().name == "first":
            numbered.set()
            release.wait(10)
        return code

    monkeypatch.setattr(case_editing, "next_code", slow_next_code)
    codes: dict[str, str] = {}

    def create(name: str, db: Database) -> None:
        codes[name] = CaseEditing(db).create(SPECIALIST, family(f"Иванова {name} Анна"), today=TODAY).code

    first = threading.Thread(target=create, args=("first", first_db), name="first")
    first.start()
    assert numbered.wait(10)
    second = threading.Thread(target=create, args=("second", second_db), name="second")
    second.start()
    second.join(0.5)  # it cannot get ahead: it waits for the first's lock
    release.set()
    first.join(20)
    second.join(20)
    first_db.close()
    second_db.close()
    # demo_paths is the demo as it is made, with its eight cases СС-0001 … СС-0008 (services/demo_cases.py)
    assert sorted(codes.values()) == ["СС-0009", "СС-0010"]
