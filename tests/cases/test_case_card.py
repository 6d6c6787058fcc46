"""The case card: everything of the case for the district, codes only for the coordinator; every opening journaled."""

from __future__ import annotations

from datetime import date

from desktop_app.domain.case_rules import StageInput
from desktop_app.domain.case_terms import CaseStage
from desktop_app.domain.roles import Role
from desktop_app.services.audit_log import AuditLogService
from desktop_app.services.case_card import CaseCards
from desktop_app.services.case_editing import CaseEditing
from desktop_app.storage.database import Database
from tests.cases.case_world import COORDINATOR, HEAD, SPECIALIST, TODAY, family
from tests.conftest import make_actor


def made_case(db: Database) -> str:
    service = CaseEditing(db)
    card = service.create(SPECIALIST, family(), today=TODAY)
    service.record_stage(
        SPECIALIST, card.id, StageInput(CaseStage.TEAM, date(2026, 2, 1), "", "Ёлкина М. П. просила срочно"), TODAY
    )
    return card.id


def test_the_district_sees_the_whole_case(demo_db: Database) -> None:
    case_id = made_case(demo_db)
    card = CaseCards(demo_db).open(SPECIALIST, case_id, TODAY)
    assert card.name == "Ёлкина М. П."
    assert card.entry.adults[0].full_name == "Ёлкина Мария Петровна"
    assert card.entry.address == "п. Плесецк, ул. Лесная, 3"
    assert [stage.stage for stage in card.stages] == [CaseStage.IDENTIFIED, CaseStage.TEAM]
    assert card.stages[-1].reason == "Ёлкина М. П. просила срочно"


def test_without_personal_data_the_service_withholds_names_address_request_notes_and_reasons(
    demo_db: Database,
) -> None:
    case_id = made_case(demo_db)
    card = CaseCards(demo_db).open(COORDINATOR, case_id, TODAY)
    assert card.name == card.code == "СС-0001"
    assert (card.entry.display_name, card.entry.address, card.entry.notes, card.entry.request_text) == ("", "", "", "")
    assert card.entry.source_detail == ""
    adult = card.entry.adults[0]
    assert (adult.full_name, adult.birth_date, adult.phone, adult.relation) == ("", None, "", "мать")
    assert card.stages[-1].reason == ""
    assert card.entry.children[0].code == "Р-2026-01"  # a child is a code: that much the region may know
    assert "Ёлкина" not in repr(card)


def test_every_opening_is_in_the_journal_with_who_and_the_chain_still_holds(demo_db: Database) -> None:
    case_id = made_case(demo_db)
    cards = CaseCards(demo_db)
    cards.open(SPECIALIST, case_id, TODAY)
    cards.open(COORDINATOR, case_id, TODAY)
    journal = AuditLogService(demo_db)
    views = [row for row in journal.entries(HEAD, entity_id=case_id) if row.action == "view"]
    assert [(row.user_login, row.action_label, row.summary) for row in views] == [
        ("coordinator", "просмотр", "Просмотр карточки случая СС-0001"),
        ("specialist", "просмотр", "Просмотр карточки случая СС-0001"),
    ]
    assert [view.user_login for view in cards.views(HEAD, case_id)] == ["coordinator", "specialist"]
    assert journal.entries(HEAD, search="просмотр карточки случая сс-0001")
    count, problems = journal.chain_problems(make_actor(Role.ADMIN))
    assert problems == []
    assert count > 2


def test_the_journal_names_case_records_in_words_and_hides_names_from_the_coordinator(demo_db: Database) -> None:
    case_id = made_case(demo_db)
    journal = AuditLogService(demo_db)
    for_head = [row.summary for row in journal.entries(HEAD, limit=50)]
    assert "Создано: Случай сопровождения СС-0001 «Ёлкина М. П.»" in for_head
    assert "Создано: Взрослый член семьи случая СС-0001 «Ёлкина Мария Петровна»" in for_head
    assert "Создано: Ребёнок Р-2026-01 случая СС-0001" in for_head
    assert "Создано: Этап случая СС-0001: команда сопровождения, 01.02.2026" in for_head
    for_coordinator = journal.entries(COORDINATOR, limit=50)
    text = repr(for_coordinator)
    assert "Ёлкина" not in text and "Лесная" not in text and "просила срочно" not in text
    assert "Создано: Случай сопровождения СС-0001" in [row.summary for row in for_coordinator]
    assert case_id
